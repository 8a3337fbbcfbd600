//! Public forms on the in-process server: the owner's device builds a form and syncs it;
//! visitors use the page, post answers (JSON and urlencoded), embed it; what they submit
//! reaches the device, with its contact and timeline entry, when it syncs, even after
//! being offline meanwhile.

use aio_core::modules::forms::tables::FORMS;
use aio_core::records;
use aio_core::tables::{CONTACTS, CONTACT_ACTIVITIES, FORM_SUBMISSIONS, TRIGGER_EVENTS};
use axum::body::Body;
use axum::http::Request;
use serde_json::{json, Value};

use crate::device::Device;
use crate::hub::{Fault, Hub, RawAnswer};
use crate::{obj, setup};

fn fields() -> Value {
    json!([
        {"id": "name", "type": "text", "label": "Your name", "required": true, "map_to": "first_name"},
        {"id": "email", "type": "email", "label": "Email", "required": true, "map_to": "email"},
        {"id": "plan", "type": "select", "label": "Plan", "options": ["Basic", "Pro"], "required": true},
        {"id": "seats", "type": "number", "label": "Seats", "required": true,
         "show_if": {"field": "plan", "op": "equals", "value": "Pro"}},
        {"id": "partner", "type": "hidden", "label": ""},
    ])
}

/// A form `slug` on the owner's device, synced to the server.
fn build_form(d: &mut Device, slug: &str, extra: Value) {
    let actor = d.actor;
    let mut input = obj(
        json!({"name": "Free audit", "slug": slug, "fields": fields(),
        "settings": {"min_fill_seconds": 0, "tags": ["Web lead"]},
        "is_active": true, "is_public": true, "thank_you_message": "Thanks, we will call you."}),
    );
    for (k, v) in extra.as_object().expect("object") {
        input.insert(k.clone(), v.clone());
    }
    records::create(&mut d.conn, &actor, &FORMS, input).expect("a form");
    d.sync().expect("the form reaches the server");
}

fn get(hub: &Hub, path: &str) -> RawAnswer {
    hub.raw(
        Request::get(path)
            .header("referer", "https://blog.test/post")
            .body(Body::empty())
            .expect("request"),
    )
}

fn post_json(hub: &Hub, path: &str, body: Value) -> (u16, Value) {
    let answer = hub.raw(
        Request::post(path)
            .header("content-type", "application/json")
            .header("user-agent", "forms-test/1")
            .body(Body::from(body.to_string()))
            .expect("request"),
    );
    (
        answer.status,
        serde_json::from_str(&answer.body).unwrap_or(Value::Null),
    )
}

fn post_form(hub: &Hub, path: &str, pairs: &[(&str, &str)]) -> RawAnswer {
    let body = serde_urlencoded::to_string(pairs).expect("urlencoded");
    hub.raw(
        Request::post(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("request"),
    )
}

fn org(d: &Device) -> String {
    d.actor.organization_id.to_string()
}

/// The value of hidden input `name` in a page.
fn input_value(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\" value=\""))?;
    let rest = &html[at + name.len() + 15..];
    Some(rest[..rest.find('"')?].to_string())
}

#[test]
fn the_public_page_takes_answers_and_names_every_refused_field() {
    let (_dir, hub, mut devices) = setup(&[]);
    let d = &mut devices[0];
    build_form(d, "audit", json!({}));
    let path = format!("/form/{}/audit", org(d));

    let page = get(&hub, &format!("{path}?partner=acme&utm_source=newsletter"));
    assert_eq!(page.status, 200, "{}", page.body);
    let csp = page.headers["content-security-policy"]
        .to_str()
        .expect("csp");
    for part in [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'sha256-",
        "form-action 'self'",
        "frame-ancestors *",
    ] {
        assert!(csp.contains(part), "the page's CSP has {part}: {csp}");
    }
    assert_eq!(page.headers["x-content-type-options"], "nosniff");
    assert!(
        page.body.contains("<label for=\"input-name\">Your name"),
        "labelled inputs"
    );
    assert_eq!(
        input_value(&page.body, "partner").as_deref(),
        Some("acme"),
        "hidden field from the address"
    );
    assert!(input_value(&page.body, "_ts").is_some(), "a render token");
    assert!(
        page.body
            .contains("name=\"_ref\" value=\"https:&#x2f;&#x2f;blog.test&#x2f;post\""),
        "the referrer travels"
    );

    // JSON: every field named, nothing stored.
    let (status, refused) = post_json(&hub, &path, json!({"email": "not mail", "plan": "Pro"}));
    assert_eq!(status, 422, "{refused}");
    let named: Vec<&str> = refused["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(named, ["name", "email", "seats"], "{refused}");

    // urlencoded: the page again, with the answers and the errors.
    let again = post_form(
        &hub,
        &path,
        &[("name", "Ada"), ("email", "bad"), ("plan", "Basic")],
    );
    assert_eq!(again.status, 422);
    assert!(again.body.contains("role=\"alert\""), "{}", again.body);
    assert!(
        again.body.contains("id=\"err-email\""),
        "the email's error is shown by it"
    );
    assert!(again.body.contains("value=\"Ada\""), "answers are kept");

    let (status, taken) = post_json(
        &hub,
        &format!("{path}?utm_source=newsletter&partner=acme"),
        json!({"name": "Ada", "email": "ada@example.test", "plan": "Pro", "seats": "12"}),
    );
    assert_eq!(status, 201, "{taken}");
    assert_eq!(taken["message"], json!("Thanks, we will call you."));
    let done = post_form(
        &hub,
        &path,
        &[
            ("name", "Bo"),
            ("email", "bo@example.test"),
            ("plan", "Basic"),
            ("seats", "x"),
        ],
    );
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(
        done.body.contains("Thanks, we will call you."),
        "the thank-you page"
    );

    // Script and embed.
    let script = get(&hub, "/form-assets/form.js");
    assert_eq!(script.status, 200);
    assert!(script.headers["content-type"]
        .to_str()
        .unwrap_or("")
        .contains("javascript"));
    let embed = get(&hub, &format!("{path}/embed.js"));
    assert_eq!(embed.status, 200, "{}", embed.body);
    assert!(
        embed.body.contains(&format!("{path}\"")),
        "the embed points at the page: {}",
        embed.body
    );
    assert!(embed.body.contains("aio-form:height"), "and sizes itself");

    d.sync().expect("a sync");
    let subs = d.rows(&FORM_SUBMISSIONS);
    assert_eq!(
        subs.len(),
        2,
        "only the two taken submissions were stored: {subs:?}"
    );
    let ada = subs
        .iter()
        .find(|s| s["data"]["name"] == json!("Ada"))
        .expect("Ada's submission");
    assert_eq!(ada["data"]["partner"], json!("acme"), "hidden field stored");
    assert_eq!(ada["data"]["utm_source"], json!("newsletter"));
    assert_eq!(ada["utm_source"], json!("newsletter"));
    assert_eq!(ada["user_agent"], json!("forms-test/1"));
    assert_eq!(ada["ip_address"], json!("127.0.0.1"));
    let bo = subs
        .iter()
        .find(|s| s["data"]["name"] == json!("Bo"))
        .expect("Bo's");
    assert!(
        bo["data"].get("seats").is_none(),
        "a hidden conditional answer is dropped"
    );
    assert_eq!(bo["referrer"], Value::Null, "no referrer was carried");
    let contacts = d.rows(&CONTACTS);
    let ada_contact = contacts
        .iter()
        .find(|c| c["email"] == json!("ada@example.test"))
        .expect("Ada is a contact on the device");
    assert_eq!(ada_contact["tags"], json!(["Web lead"]));
    assert_eq!(d.rows(&TRIGGER_EVENTS).len(), 2, "two form_submit events");
}

#[test]
fn inactive_forms_are_not_served_and_spam_is_held() {
    let (_dir, hub, mut devices) = setup(&[]);
    let d = &mut devices[0];
    build_form(d, "private", json!({"is_public": false}));
    build_form(d, "slow", json!({"settings": {"min_fill_seconds": 30}}));
    let base = format!("/form/{}", org(d));
    assert_eq!(get(&hub, &format!("{base}/private")).status, 404);
    assert_eq!(get(&hub, &format!("{base}/nothing")).status, 404);
    assert_eq!(get(&hub, "/form/no-such-org/slow").status, 404);
    let (status, _) = post_json(&hub, &format!("{base}/private"), json!({"name": "A"}));
    assert_eq!(status, 404, "an unpublished form takes nothing");

    // Sent at once with the page's token: too fast for a person.
    let page = get(&hub, &format!("{base}/slow"));
    let token = input_value(&page.body, "_ts").expect("token");
    let answers = [
        ("name", "Bot"),
        ("email", "bot@spam.test"),
        ("plan", "Basic"),
        ("_ts", token.as_str()),
    ];
    let answer = post_form(&hub, &format!("{base}/slow"), &answers);
    assert_eq!(answer.status, 200, "a robot is not told: {}", answer.body);
    d.sync().expect("sync");
    let subs = d.rows(&FORM_SUBMISSIONS);
    assert_eq!(subs.len(), 1);
    assert_eq!(subs[0]["status"], json!("spam"));
    assert!(
        d.rows(&CONTACTS)
            .iter()
            .all(|c| c["email"] != json!("bot@spam.test")),
        "no contact for spam"
    );
}

#[test]
fn submissions_from_one_address_are_rate_limited() {
    let (_dir, hub, mut devices) = setup(&[]);
    let d = &mut devices[0];
    build_form(d, "audit", json!({}));
    let path = format!("/form/{}/audit", org(d));
    let mut statuses = Vec::new();
    for i in 0..31 {
        let (status, body) = post_json(
            &hub,
            &path,
            json!({"name": "N", "email": format!("n{i}@example.test"), "plan": "Basic"}),
        );
        statuses.push(status);
        if status == 429 {
            assert_eq!(body["errors"][0]["field"], json!("form"), "{body}");
            assert!(
                body["error"].as_str().unwrap_or("").contains("Too many"),
                "{body}"
            );
        }
    }
    assert!(statuses[..30].iter().all(|s| *s == 201), "{statuses:?}");
    assert_eq!(statuses[30], 429, "the 31st within the hour is refused");
}

#[test]
fn a_submission_made_while_the_laptop_is_offline_arrives_with_its_contact_and_timeline() {
    let (_dir, hub, mut devices) = setup(&[]);
    let d = &mut devices[0];
    build_form(d, "audit", json!({}));
    d.set(Fault::Partition);
    let path = format!("/form/{}/audit", org(d));
    let (status, taken) = post_json(
        &hub,
        &path,
        json!({"name": "Offline Olga", "email": "olga@example.test", "plan": "Basic"}),
    );
    assert_eq!(status, 201, "{taken}");
    assert!(d.sync().is_err(), "the laptop is offline");
    assert!(d.rows(&FORM_SUBMISSIONS).is_empty());
    d.set(Fault::None);
    d.sync().expect("back online");
    let subs = d.rows(&FORM_SUBMISSIONS);
    assert_eq!(subs.len(), 1, "{subs:?}");
    let contact_id = subs[0]["contact_id"].clone();
    let contact = d
        .rows(&CONTACTS)
        .into_iter()
        .find(|c| c["id"] == contact_id)
        .expect("the submission's contact arrived");
    assert_eq!(contact["first_name"], json!("Offline Olga"));
    assert_eq!(contact["source"], json!("form:audit"));
    let activities: Vec<_> = d
        .rows(&CONTACT_ACTIVITIES)
        .into_iter()
        .filter(|a| a["contact_id"] == contact_id)
        .collect();
    assert_eq!(activities.len(), 1, "its timeline entry arrived");
    assert_eq!(activities[0]["activity_type"], json!("form"));
    // And the device's timeline shows it.
    let actor = d.actor;
    let cid = uuid::Uuid::parse_str(contact_id.as_str().expect("id")).expect("uuid");
    let timeline = aio_core::crm::timeline::contact(&d.conn, &actor, cid, &Default::default())
        .expect("timeline");
    assert!(
        serde_json::to_string(&timeline)
            .expect("json")
            .contains("Submitted Free audit"),
        "the timeline shows the submission"
    );
}
