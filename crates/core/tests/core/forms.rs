//! The forms module's operations (`modules::forms`): definitions held by the record
//! path, and a submission's way into contacts, with the clock fixed.

use aio_core::modules::forms::spam::{self, Screening, Signals};
use aio_core::modules::forms::submit::{self, Meta, Rejected};
use aio_core::modules::forms::tables::SubmissionStatus;
use aio_core::records::{self, Row};
use aio_core::tables::{CONTACTS, FORMS};
use aio_core::{Actor, Error};
use chrono::{DateTime, TimeZone, Utc};
use serde_json::{json, Map, Value};

use super::{count, fresh, obj, Fixture};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0)
        .single()
        .expect("now")
}

fn fields() -> Value {
    json!([
        {"id": "first", "type": "text", "label": "First name", "required": true, "map_to": "first_name"},
        {"id": "last", "type": "text", "label": "Last name", "map_to": "last_name"},
        {"id": "email", "type": "email", "label": "Email", "map_to": "email"},
        {"id": "phone", "type": "phone", "label": "Phone", "map_to": "phone"},
        {"id": "company", "type": "text", "label": "Company", "map_to": "company"},
        {"id": "interest", "type": "multi_select", "label": "Interests", "options": ["SEO", "Ads"], "map_to": "tags"},
        {"id": "budget", "type": "number", "label": "Budget", "map_to": "custom_fields.budget"},
        {"id": "news", "type": "consent", "label": "News by email", "consent_to": "email"},
        {"id": "campaign", "type": "hidden", "label": ""},
    ])
}

/// A form `slug` with the test's fields and `settings`.
fn form(f: &mut Fixture, slug: &str, settings: Value) -> Row {
    let actor = f.actor.at(now());
    records::create(
        &mut f.conn,
        &actor,
        &FORMS,
        obj(
            json!({"name": "Free audit", "slug": slug, "fields": fields(), "settings": settings,
                   "is_active": true, "is_public": true}),
        ),
    )
    .expect("form")
}

fn answers(v: Value) -> Map<String, Value> {
    v.as_object().cloned().expect("answers object")
}

fn send(
    f: &mut Fixture,
    form: &Row,
    a: Value,
    screening: &Screening,
) -> Result<submit::Submitted, Rejected> {
    let actor: Actor = f.actor.at(now());
    let tx = f.conn.transaction().expect("tx");
    let meta = Meta {
        utm_source: Some("newsletter".into()),
        ip_address: Some("203.0.113.9".into()),
        ..Meta::default()
    };
    let out = submit::submit(&tx, &actor, form, &answers(a), &meta, screening, now())?;
    tx.commit().expect("commit");
    Ok(out)
}

fn contact_of(f: &Fixture, id: uuid::Uuid) -> Row {
    records::get(&f.conn, &f.actor, &CONTACTS, id).expect("contact")
}

#[test]
fn a_form_with_a_bad_definition_is_refused_naming_the_field() {
    let mut f = fresh();
    let error = records::create(
        &mut f.conn,
        &f.actor,
        &FORMS,
        obj(json!({"name": "X", "slug": "x", "fields": [
            {"id": "a", "type": "text", "label": "A", "show_if": {"field": "b", "op": "equals", "value": "1"}},
            {"id": "b", "type": "text", "label": "B"},
        ]})),
    )
    .expect_err("a condition on a later field is refused");
    match error {
        Error::Invalid { field, .. } => assert_eq!(field, "fields.a.show_if.field"),
        other => panic!("expected Invalid, got {other:?}"),
    }
    let error = records::create(
        &mut f.conn,
        &f.actor,
        &FORMS,
        obj(json!({"name": "X", "slug": "x", "settings": {"accent_color": "blue"}})),
    )
    .expect_err("a bad colour is refused");
    assert!(
        error.to_string().starts_with("settings.accent_color"),
        "{error}"
    );
    assert_eq!(
        count(&f.conn, "SELECT count(*) FROM forms"),
        0,
        "nothing stored"
    );
}

#[test]
fn a_submission_creates_a_contact_with_its_timeline_entry_notification_and_event() {
    let mut f = fresh();
    let me = f.actor.user_id.to_string();
    let form = form(
        &mut f,
        "audit",
        json!({"tags": ["Website lead"], "notify_user_ids": [me]}),
    );
    let out = send(
        &mut f,
        &form,
        json!({"first": "Ada", "last": "Byron", "email": "Ada@Example.test", "phone": "+44 20 7946 0000",
               "interest": ["SEO"], "budget": "1500", "news": "on", "campaign": "spring"}),
        &Screening::Trusted,
    )
    .expect("taken");
    assert_eq!(out.status, SubmissionStatus::Received);
    let contact = contact_of(&f, out.contact_id.expect("a contact"));
    assert_eq!(contact["first_name"], json!("Ada"));
    assert_eq!(contact["email"], json!("Ada@Example.test"));
    assert_eq!(
        contact["source"],
        json!("form:audit"),
        "source names the form"
    );
    assert_eq!(contact["tags"], json!(["Website lead", "SEO"]));
    assert_eq!(contact["custom_fields"], json!({"budget": 1500}));
    assert_eq!(
        contact["opt_in_email"],
        json!(true),
        "the consent field set the opt-in"
    );
    assert_eq!(
        contact["opt_in_sms"],
        json!(true),
        "what the form did not ask about keeps its default"
    );
    let sub = format!("SELECT {{}} FROM form_submissions WHERE id = '{}'", out.id);
    let stored: String = f
        .conn
        .query_row(&sub.replace("{}", "data"), [], |r| r.get(0))
        .expect("data");
    let stored: Value = serde_json::from_str(&stored).expect("json");
    assert_eq!(
        stored["campaign"],
        json!("spring"),
        "hidden fields are in the data"
    );
    assert_eq!(
        stored["utm_source"],
        json!("newsletter"),
        "so are UTM parameters"
    );
    let contact_id: String = f
        .conn
        .query_row(&sub.replace("{}", "contact_id"), [], |r| r.get(0))
        .expect("contact id");
    assert_eq!(contact_id, out.contact_id.expect("contact").to_string());
    assert_eq!(
        count(&f.conn, "SELECT count(*) FROM contact_activities WHERE activity_type = 'form' AND title = 'Submitted Free audit'"),
        1,
        "a form activity on the timeline"
    );
    assert_eq!(
        count(
            &f.conn,
            &format!("SELECT count(*) FROM notifications WHERE user_id = '{me}'")
        ),
        1
    );
    assert_eq!(
        count(
            &f.conn,
            &format!(
                "SELECT count(*) FROM trigger_events WHERE kind = 'form_submit' AND subject_table = 'form_submissions'
                   AND subject_id = '{}' AND json_extract(payload, '$.contact_id') = '{}'",
                out.id,
                out.contact_id.expect("contact")
            )
        ),
        1,
        "a form_submit event for automations"
    );
    assert_eq!(
        count(
            &f.conn,
            "SELECT count(*) FROM tags WHERE name IN ('Website lead', 'SEO')"
        ),
        2,
        "the tags exist"
    );
}

#[test]
fn a_known_contact_is_matched_by_email_or_phone_and_keeps_what_it_holds() {
    let mut f = fresh();
    let existing = records::create(
        &mut f.conn,
        &f.actor,
        &CONTACTS,
        obj(
            json!({"first_name": "Grace", "last_name": "H.", "email": "grace@navy.test",
                   "phone": "(555) 010-2030", "source": "referral"}),
        ),
    )
    .expect("contact");
    let id = existing["id"].as_str().expect("id").to_string();
    let plain = form(&mut f, "plain", json!({}));
    let out = send(
        &mut f,
        &plain,
        json!({"first": "G.", "last": "Hopper", "email": "GRACE@navy.test", "company": "Acme", "news": true}),
        &Screening::Trusted,
    )
    .expect("taken");
    assert_eq!(
        out.contact_id.map(|c| c.to_string()),
        Some(id.clone()),
        "matched by email, ignoring case"
    );
    let c = contact_of(&f, out.contact_id.expect("contact"));
    assert_eq!(c["first_name"], json!("Grace"), "a non-empty value is kept");
    assert_eq!(c["last_name"], json!("H."));
    assert_eq!(c["company"], json!("Acme"), "an empty value is filled");
    assert_eq!(c["source"], json!("referral"), "the source is kept");

    let by_phone = send(
        &mut f,
        &plain,
        json!({"first": "Grace", "email": "g.hopper@other.test", "phone": "555.010.2030"}),
        &Screening::Trusted,
    )
    .expect("taken");
    assert_eq!(
        by_phone.contact_id.map(|c| c.to_string()),
        Some(id.clone()),
        "matched by phone as typed"
    );

    let strong = form(&mut f, "strong", json!({"overwrite": true}));
    send(
        &mut f,
        &strong,
        json!({"first": "Amazing", "email": "grace@navy.test", "company": "Acme 2"}),
        &Screening::Trusted,
    )
    .expect("taken");
    let c = contact_of(&f, out.contact_id.expect("contact"));
    assert_eq!(c["first_name"], json!("Amazing"), "overwrite replaces");
    assert_eq!(c["company"], json!("Acme 2"));
    assert_eq!(
        count(&f.conn, "SELECT count(*) FROM contacts"),
        1,
        "no duplicate was made"
    );

    let update_only = form(
        &mut f,
        "update-only",
        json!({"contact_action": "update_only"}),
    );
    let out = send(
        &mut f,
        &update_only,
        json!({"first": "New", "email": "new@person.test"}),
        &Screening::Trusted,
    )
    .expect("stored");
    assert_eq!(out.contact_id, None, "update_only creates nobody");
    assert_eq!(count(&f.conn, "SELECT count(*) FROM contacts"), 1);
}

#[test]
fn bad_answers_store_nothing_and_name_every_field() {
    let mut f = fresh();
    let form = form(&mut f, "audit", json!({}));
    let before = count(&f.conn, "SELECT count(*) FROM audit_logs");
    let errors = match send(
        &mut f,
        &form,
        json!({"email": "nope", "interest": ["TV"], "budget": "lots"}),
        &Screening::Trusted,
    ) {
        Err(Rejected::Invalid(errors)) => errors,
        other => panic!("expected Invalid, got {other:?}"),
    };
    let named: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        named,
        ["first", "email", "interest", "budget"],
        "{errors:?}"
    );
    assert_eq!(count(&f.conn, "SELECT count(*) FROM form_submissions"), 0);
    assert_eq!(count(&f.conn, "SELECT count(*) FROM contacts"), 0);
    assert_eq!(count(&f.conn, "SELECT count(*) FROM audit_logs"), before);
}

#[test]
fn spam_is_kept_out_of_contacts_until_approved() {
    let mut f = fresh();
    let form = form(&mut f, "audit", json!({"min_fill_seconds": 5}));
    let form_id = uuid::Uuid::parse_str(form["id"].as_str().expect("id")).expect("uuid");
    let secret = b"secret".to_vec();
    let fast = Screening::Public {
        secret: secret.clone(),
        signals: Signals {
            honeypot: String::new(),
            token: Some(spam::sign(
                &secret,
                form_id,
                now() - chrono::Duration::seconds(1),
            )),
        },
    };
    let out = send(
        &mut f,
        &form,
        json!({"first": "Bot", "email": "bot@spam.test"}),
        &fast,
    )
    .expect("stored");
    assert_eq!(out.status, SubmissionStatus::Spam);
    assert!(
        out.spam_reason
            .as_deref()
            .unwrap_or("")
            .contains("after the page was shown"),
        "{out:?}"
    );
    assert_eq!(out.contact_id, None);
    assert_eq!(
        count(&f.conn, "SELECT count(*) FROM contacts"),
        0,
        "spam makes no contact"
    );
    assert_eq!(
        count(&f.conn, "SELECT count(*) FROM trigger_events"),
        0,
        "nor an event (neither form_submit nor contact_created)"
    );

    let honeypot = Screening::Public {
        secret: secret.clone(),
        signals: Signals {
            honeypot: "http://buy.test".into(),
            token: Some(spam::sign(
                &secret,
                form_id,
                now() - chrono::Duration::seconds(60),
            )),
        },
    };
    let caught = send(
        &mut f,
        &form,
        json!({"first": "Bot", "email": "bot2@spam.test"}),
        &honeypot,
    )
    .expect("stored");
    assert_eq!(caught.status, SubmissionStatus::Spam);

    let human = Screening::Public {
        secret: secret.clone(),
        signals: Signals {
            honeypot: String::new(),
            token: Some(spam::sign(
                &secret,
                form_id,
                now() - chrono::Duration::seconds(60),
            )),
        },
    };
    let ok = send(
        &mut f,
        &form,
        json!({"first": "Ann", "email": "ann@human.test"}),
        &human,
    )
    .expect("taken");
    assert_eq!(ok.status, SubmissionStatus::Received);

    let actor = f.actor.at(now());
    let approved = submit::approve(&mut f.conn, &actor, out.id).expect("approved");
    assert_eq!(approved["status"], json!("received"));
    assert!(approved["contact_id"].is_string(), "{approved:?}");
    assert_eq!(
        count(
            &f.conn,
            "SELECT count(*) FROM contacts WHERE email = 'bot@spam.test'"
        ),
        1
    );
    assert_eq!(
        count(
            &f.conn,
            "SELECT count(*) FROM trigger_events WHERE kind = 'form_submit'"
        ),
        2,
        "ann's and the approved one"
    );
    let again =
        submit::approve(&mut f.conn, &actor, out.id).expect_err("only spam can be approved");
    assert!(again.to_string().starts_with("status"), "{again}");
}

#[test]
fn a_closed_or_full_form_refuses_and_double_opt_in_waits_for_the_link() {
    let mut f = fresh();
    let closed = form(
        &mut f,
        "closed",
        json!({"closes_at": "2026-11-30T00:00:00Z"}),
    );
    match send(
        &mut f,
        &closed,
        json!({"first": "A", "email": "a@a.test"}),
        &Screening::Trusted,
    ) {
        Err(Rejected::Closed(reason)) => {
            assert!(reason.contains("closed on 2026-11-30"), "{reason}")
        }
        other => panic!("expected Closed, got {other:?}"),
    }
    let limited = form(&mut f, "limited", json!({"submission_limit": 1}));
    send(
        &mut f,
        &limited,
        json!({"first": "A", "email": "a@a.test"}),
        &Screening::Trusted,
    )
    .expect("first");
    match send(
        &mut f,
        &limited,
        json!({"first": "B", "email": "b@b.test"}),
        &Screening::Trusted,
    ) {
        Err(Rejected::Closed(reason)) => assert!(reason.contains("limit of 1"), "{reason}"),
        other => panic!("expected Closed, got {other:?}"),
    }
    assert_eq!(count(&f.conn, "SELECT count(*) FROM form_submissions"), 1);

    let doi = form(&mut f, "doi", json!({"double_opt_in": true}));
    let out = send(
        &mut f,
        &doi,
        json!({"first": "C", "email": "c@c.test"}),
        &Screening::Trusted,
    )
    .expect("stored");
    assert_eq!(out.status, SubmissionStatus::Unconfirmed);
    assert_eq!(out.confirm_to.as_deref(), Some("c@c.test"));
    assert_eq!(
        count(
            &f.conn,
            "SELECT count(*) FROM contacts WHERE email = 'c@c.test'"
        ),
        0
    );
    let actor = f.actor.at(now());
    let tx = f.conn.transaction().expect("tx");
    let taken = submit::take(&tx, &actor, out.id, now()).expect("confirmed");
    tx.commit().expect("commit");
    assert_eq!(taken["status"], json!("received"));
    assert_eq!(
        count(
            &f.conn,
            "SELECT count(*) FROM contacts WHERE email = 'c@c.test'"
        ),
        1
    );
}
