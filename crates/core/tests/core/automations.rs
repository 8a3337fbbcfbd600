//! Automations in the core: shapes checked on save, events raised by every writer, the
//! runner on the durable job queue (waits across a restart with a moved clock, branches,
//! versions, retries, the dead letter, exactly once), and dry runs.

use std::cell::RefCell;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use aio_core::jobs;
use aio_core::modules::automations::dry_run::{self, Sample};
use aio_core::modules::automations::runner::{self, Mode, Runner, Web};
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::*;

fn id_of(row: &Row) -> Uuid {
    row["id"]
        .as_str()
        .and_then(|s| Uuid::parse_str(s).ok())
        .expect("id")
}

fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2027-03-01T09:00:00Z")
        .expect("time")
        .with_timezone(&Utc)
}

/// An automation created at `t0 - 1h` (events before it do not start it).
fn automation(f: &mut Fixture, trigger_type: &str, config: Value, actions: Value) -> Row {
    let actor = f.actor.at(t0() - Duration::hours(1));
    records::create(
        &mut f.conn,
        &actor,
        &AUTOMATIONS,
        obj(json!({ "name": "Test flow", "trigger_type": trigger_type, "trigger_config": config, "actions": actions })),
    )
    .expect("a valid automation")
}

fn new_contact(f: &mut Fixture, at: DateTime<Utc>, email: &str, tags: Value) -> Row {
    let actor = f.actor.at(at);
    records::create(
        &mut f.conn,
        &actor,
        &CONTACTS,
        obj(json!({ "first_name": "Ana", "last_name": "Lima", "email": email, "tags": tags })),
    )
    .expect("contact")
}

/// No webhooks in these runs unless a test says so.
struct NoWeb;
impl Web for NoWeb {
    fn post(&self, url: &str, _: &[(String, String)], _: &[u8]) -> Result<u16, String> {
        Err(format!("no network in this test ({url})"))
    }
}

/// One pass of the runner at `now` as a never-synced desktop (no mail).
fn tick(f: &mut Fixture, now: DateTime<Utc>) -> runner::Tick {
    tick_with(
        f,
        now,
        Mode::Live {
            mail: false,
            web: &NoWeb,
        },
    )
    .0
}

fn tick_with(
    f: &mut Fixture,
    now: DateTime<Utc>,
    mode: Mode<'_>,
) -> (runner::Tick, Vec<runner::Mail>) {
    let runner = Runner::new(f.actor, mode);
    let tx = f.conn.transaction().expect("tx");
    let done = runner::tick(&tx, &runner, now, 500).expect("tick");
    tx.commit().expect("commit");
    (done, runner.take_mail())
}

fn runs(f: &Fixture) -> Vec<Row> {
    let mut stmt = f
        .conn
        .prepare(
            "SELECT json_object('id', id, 'status', status, 'steps', json(steps), 'contact_id', contact_id,
                    'actions_completed', actions_completed, 'error_message', error_message, 'cursor', cursor)
             FROM automation_runs ORDER BY started_at, id",
        )
        .expect("prepare");
    stmt.query_map([], |r| r.get::<_, String>(0))
        .expect("query")
        .map(|s| {
            serde_json::from_str::<Value>(&s.expect("row"))
                .expect("json")
                .as_object()
                .cloned()
                .expect("object")
        })
        .collect()
}

fn tags_of(f: &Fixture, contact: Uuid) -> Vec<String> {
    let row = records::get(&f.conn, &f.actor, &CONTACTS, contact).expect("contact");
    row["tags"]
        .as_array()
        .expect("tags")
        .iter()
        .map(|t| t.as_str().expect("text").to_string())
        .collect()
}

#[test]
fn the_shapes_scripts_write_are_taken_and_bad_steps_are_named() {
    let mut f = fresh();
    let template = records::create(
        &mut f.conn,
        &f.actor,
        &TEMPLATES,
        obj(json!({ "name": "Welcome", "type": "email", "html_content": "<p>Hi</p>" })),
    )
    .expect("template");
    automation(
        &mut f,
        "contact_created",
        json!({ "tags": ["VIP"] }),
        json!([
            { "type": "add_tag", "tag": "Welcomed" },
            { "type": "wait", "minutes": 30 },
            { "type": "send_email", "template_id": id_of(&template) },
        ]),
    );
    let bad = |trigger_type: &str, config: Value, actions: Value| {
        records::create(
            &mut fresh_conn_like(&f),
            &f.actor,
            &AUTOMATIONS,
            obj(json!({ "name": "Bad", "trigger_type": trigger_type, "trigger_config": config, "actions": actions })),
        )
        .expect_err("refused")
        .to_string()
    };
    let cases = [
        (
            "contact_created",
            json!({ "tag": ["VIP"] }),
            json!([]),
            "trigger_config.tag: is not a setting here",
        ),
        (
            "contact_created",
            json!({ "tags": "VIP" }),
            json!([]),
            "trigger_config.tags: must be a list",
        ),
        (
            "webhook",
            json!({ "secret": "short" }),
            json!([]),
            "trigger_config.secret: must be at least 16",
        ),
        (
            "contact_created",
            json!({}),
            json!([{ "type": "wait", "minutes": 0 }]),
            "actions[0].minutes: must be a whole number",
        ),
        (
            "contact_created",
            json!({}),
            json!([{ "type": "teleport" }]),
            "actions[0].type: \"teleport\" is not a step",
        ),
        (
            "contact_created",
            json!({}),
            json!([{ "type": "add_tag", "tag": "A" }, { "type": "if", "conditions": [{ "field": "contact.tags", "op": "contains", "value": "VIP" }],
                     "then": [{ "type": "send_email" }] }]),
            "actions[1].then[0].template_id: is required",
        ),
        (
            "contact_created",
            json!({}),
            json!([{ "type": "create_note", "content": "Hi {{ contact.first_name" }]),
            "actions[0].content: merge tags do not parse",
        ),
        (
            "contact_created",
            json!({}),
            json!([{ "type": "webhook", "url": "ftp://x" }]),
            "actions[0].url: must start with http",
        ),
        (
            "contact_created",
            json!({}),
            json!([{ "type": "update_field", "field": "id", "value": 1 }]),
            "actions[0].field:",
        ),
        (
            "contact_created",
            json!({}),
            json!([{ "type": "if", "conditions": [{ "field": "deal.size", "op": "equals", "value": 1 }] }]),
            "actions[0].conditions[0].field:",
        ),
    ];
    for (kind, config, actions, expected) in cases {
        let error = bad(kind, config, actions);
        assert!(
            error.starts_with(expected),
            "expected \"{expected}…\", got \"{error}\""
        );
    }
    assert_eq!(
        count(&f.conn, "SELECT count(*) FROM automations"),
        1,
        "nothing of a refused automation is written"
    );
}

/// The same database on a second connection (the refused writes above must not need a
/// mutable borrow of the fixture while `f.actor` is read).
fn fresh_conn_like(f: &Fixture) -> Connection {
    db::open(&f.path, OpenMode::Existing).expect("open").0
}

#[test]
fn contacts_raise_their_events_once_whoever_writes_them() {
    let mut f = fresh();
    let c = new_contact(&mut f, t0(), "ana@client.test", json!(["VIP"]));
    let id = id_of(&c);
    let events = |f: &Fixture, kind: &str| {
        count(
            &f.conn,
            &format!(
                "SELECT count(*) FROM trigger_events WHERE kind = '{kind}' AND subject_id = '{id}'"
            ),
        )
    };
    assert_eq!(events(&f, "contact_created"), 1);
    assert_eq!(events(&f, "tag_added"), 1, "the tag it was created with");
    records::update(
        &mut f.conn,
        &f.actor,
        &CONTACTS,
        id,
        obj(json!({ "tags": ["vip", "Lead"] })),
    )
    .expect("update");
    assert_eq!(
        events(&f, "tag_added"),
        2,
        "only Lead is new (vip is VIP in another case)"
    );
    records::update(
        &mut f.conn,
        &f.actor,
        &CONTACTS,
        id,
        obj(json!({ "title": "CEO" })),
    )
    .expect("update");
    assert_eq!(events(&f, "tag_added"), 2, "no tag change, no event");
    // Rows taken from sync raise nothing: the writer's own events come with them.
    f.conn
        .execute(
            "INSERT INTO app_settings (key, value) VALUES ('sync_applying', '1')",
            [],
        )
        .expect("flag");
    f.conn
        .execute(
            "INSERT INTO contacts (id, organization_id, first_name, last_name, email, owner_id, created_at, updated_at)
             SELECT ?1, organization_id, 'Remote', 'Row', 'remote@client.test', owner_id, created_at, updated_at FROM contacts WHERE id = ?2",
            [Uuid::now_v7().to_string(), id.to_string()],
        )
        .expect("a row as sync applies it");
    f.conn
        .execute("DELETE FROM app_settings WHERE key = 'sync_applying'", [])
        .expect("flag off");
    assert_eq!(
        count(
            &f.conn,
            "SELECT count(*) FROM trigger_events WHERE kind = 'contact_created'"
        ),
        1
    );
}

#[test]
fn a_wait_survives_a_restart_and_the_branch_follows_the_contact() {
    let mut f = fresh();
    let flow = automation(
        &mut f,
        "contact_created",
        json!({}),
        json!([
            { "type": "wait", "days": 1 },
            { "type": "if", "conditions": [{ "field": "contact.tags", "op": "contains", "value": "VIP" }],
              "then": [{ "type": "add_tag", "tag": "Gold" }],
              "else": [{ "type": "add_tag", "tag": "Nurture" }, { "type": "create_note", "content": "Hello {{contact.first_name}} from {{automation.name}}" }] },
            { "type": "add_tag", "tag": "Done" },
        ]),
    );
    let vip = id_of(&new_contact(
        &mut f,
        t0(),
        "vip@client.test",
        json!(["VIP"]),
    ));
    let plain = id_of(&new_contact(&mut f, t0(), "plain@client.test", json!([])));
    let first = tick(&mut f, t0());
    assert_eq!(first.started, 2, "one run per contact");
    assert!(
        runs(&f).iter().all(|r| r["status"] == "waiting"),
        "{:?}",
        runs(&f)
    );
    // The app closes; it opens again a day later, minus a minute: still waiting.
    let path = f.path.clone();
    drop(std::mem::replace(
        &mut f.conn,
        Connection::open_in_memory().expect("placeholder"),
    ));
    f.conn = db::open(&path, OpenMode::Existing).expect("reopen").0;
    let early = tick(&mut f, t0() + Duration::days(1) - Duration::minutes(1));
    assert_eq!(early.jobs.ran(), 0, "nothing is due yet");
    assert!(runs(&f).iter().all(|r| r["status"] == "waiting"));
    let later = tick(&mut f, t0() + Duration::days(1));
    assert_eq!(later.jobs.done, 2, "{later:?}");
    assert_eq!(tags_of(&f, vip), ["VIP", "Gold", "Done"]);
    assert_eq!(tags_of(&f, plain), ["Nurture", "Done"]);
    let notes: Vec<String> = f
        .conn
        .prepare("SELECT content FROM contact_notes WHERE contact_id = ?1")
        .expect("prepare")
        .query_map([plain.to_string()], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("notes");
    assert_eq!(notes, ["Hello Ana from Test flow"], "merge tags filled");
    for run in runs(&f) {
        assert_eq!(run["status"], "completed", "{run:?}");
        let steps: Vec<&str> = run["steps"]
            .as_array()
            .expect("log")
            .iter()
            .map(|s| s["step"].as_str().expect("path"))
            .collect();
        if run["contact_id"] == vip.to_string().as_str() {
            assert_eq!(
                steps,
                ["0", "0", "1", "1/then/0", "2"],
                "wait entered, wait over, if, then, last"
            );
        } else {
            assert_eq!(steps, ["0", "0", "1", "1/else/0", "1/else/1", "2"]);
        }
    }
    // The runs' own tag_added events (Gold, Nurture, Done) start nothing: no automation
    // listens to them. Ticking again changes nothing.
    let again = tick(&mut f, t0() + Duration::days(2));
    assert_eq!((again.started, again.jobs.ran()), (0, 0));
    let _ = flow;
}

#[test]
fn a_contact_created_filter_on_tags_status_and_source_lets_only_matching_contacts_through() {
    let mut f = fresh();
    automation(
        &mut f,
        "contact_created",
        json!({ "tags": ["VIP", "Partner"], "status": "customer", "source": "Webinar" }),
        json!([{ "type": "add_tag", "tag": "Matched" }]),
    );
    let make =
        |f: &mut Fixture, email: &str, tags: Value, status: &str, source: &str| {
            id_of(
            &records::create(
                &mut f.conn,
                &f.actor.at(t0()),
                &CONTACTS,
                obj(json!({ "first_name": "Ana", "last_name": "Lima", "email": email, "tags": tags,
                            "status": status, "source": source })),
            )
            .expect("contact"),
        )
        };
    // Tags and the source compare as tags do everywhere: trimmed, ignoring case.
    let yes = make(
        &mut f,
        "yes@client.test",
        json!(["vip", "partner", "Extra"]),
        "customer",
        " webinar ",
    );
    let one_tag = make(
        &mut f,
        "tag@client.test",
        json!(["VIP"]),
        "customer",
        "Webinar",
    );
    let lead = make(
        &mut f,
        "lead@client.test",
        json!(["VIP", "Partner"]),
        "lead",
        "Webinar",
    );
    let elsewhere = make(
        &mut f,
        "else@client.test",
        json!(["VIP", "Partner"]),
        "customer",
        "Import",
    );
    let done = tick(&mut f, t0());
    assert_eq!(done.started, 1, "{done:?}");
    assert!(tags_of(&f, yes).contains(&"Matched".to_string()));
    for other in [one_tag, lead, elsewhere] {
        assert!(
            !tags_of(&f, other).contains(&"Matched".to_string()),
            "{other}"
        );
    }
}

#[test]
fn a_wait_until_a_time_or_until_a_condition_wakes_when_it_should() {
    let mut f = fresh();
    let at = t0() + Duration::hours(5);
    automation(
        &mut f,
        "contact_created",
        json!({}),
        json!([
            { "type": "wait", "until": at.to_rfc3339() },
            { "type": "add_tag", "tag": "Timed" },
            { "type": "wait", "condition": { "field": "contact.status", "op": "equals", "value": "customer" }, "timeout_minutes": 60 },
            { "type": "add_tag", "tag": "Converted" },
        ]),
    );
    let buyer = id_of(&new_contact(&mut f, t0(), "buyer@client.test", json!([])));
    let browser = id_of(&new_contact(&mut f, t0(), "browser@client.test", json!([])));
    let run_of = |f: &Fixture, contact: Uuid| -> Row {
        runs(f)
            .into_iter()
            .find(|r| r["contact_id"] == contact.to_string().as_str())
            .expect("the contact's run")
    };
    tick(&mut f, t0());
    tick(&mut f, at - Duration::minutes(1));
    assert!(tags_of(&f, buyer).is_empty(), "not before its time");
    assert_eq!(run_of(&f, buyer)["status"], "waiting");
    tick(&mut f, at);
    assert_eq!(tags_of(&f, buyer), ["Timed"]);
    assert_eq!(tags_of(&f, browser), ["Timed"]);
    // Now each waits for its contact to become a customer, for an hour at most; the
    // condition is looked at again every five minutes.
    assert_eq!(run_of(&f, buyer)["status"], "waiting");
    records::update(
        &mut f.conn,
        &f.actor.at(at + Duration::minutes(2)),
        &CONTACTS,
        buyer,
        obj(json!({ "status": "customer" })),
    )
    .expect("a customer");
    tick(&mut f, at + Duration::minutes(5));
    assert_eq!(tags_of(&f, buyer), ["Timed", "Converted"]);
    let done = run_of(&f, buyer);
    assert_eq!(done["status"], "completed");
    let waited: Vec<&Value> = done["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter(|s| s["step"] == "2" && s["outcome"] == "done")
        .collect();
    assert_eq!(waited[0]["detail"]["waited"], "condition met");
    let mut now = at + Duration::minutes(5);
    while now < at + Duration::minutes(55) {
        now += Duration::minutes(5);
        tick(&mut f, now);
        assert_eq!(tags_of(&f, browser), ["Timed"], "still waiting at {now}");
    }
    tick(&mut f, at + Duration::minutes(60));
    let timed_out = run_of(&f, browser);
    assert_eq!(timed_out["status"], "completed", "{timed_out:?}");
    assert!(
        timed_out["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .any(|s| s["step"] == "2" && s["detail"]["waited"] == "timed out"),
        "{timed_out:?}"
    );
    assert_eq!(
        tags_of(&f, browser),
        ["Timed", "Converted"],
        "the flow goes on after the timeout"
    );
}

#[test]
fn the_same_event_twice_makes_one_run_and_a_replayed_job_acts_once() {
    let mut f = fresh();
    let template = records::create(
        &mut f.conn,
        &f.actor,
        &TEMPLATES,
        obj(json!({ "name": "Welcome {{contact.first_name}}", "type": "email", "html_content": "<p>Hi {{contact.first_name}}!</p>" })),
    )
    .expect("template");
    automation(
        &mut f,
        "contact_created",
        json!({ "tags": ["VIP"] }),
        json!([{ "type": "send_email", "template_id": id_of(&template) }, { "type": "add_tag", "tag": "Welcomed" }]),
    );
    new_contact(&mut f, t0(), "vip@client.test", json!(["VIP"]));
    new_contact(&mut f, t0(), "other@client.test", json!([]));
    let (done, mails) = tick_with(
        &mut f,
        t0(),
        Mode::Live {
            mail: true,
            web: &NoWeb,
        },
    );
    assert_eq!(
        done.started, 1,
        "the filter on tags lets one contact through"
    );
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].subject, "Welcome Ana");
    assert_eq!(mails[0].text, "Hi Ana!");
    assert_eq!(mails[0].to, "vip@client.test");
    let key = mails[0].key.clone();
    // The event read again (the cursor lost, as on a replica that re-read its log): the
    // run exists, its job is done, nothing acts.
    f.conn
        .execute(
            "DELETE FROM app_settings WHERE key LIKE 'automations_event_cursor:%'",
            [],
        )
        .expect("reset");
    let (again, mails) = tick_with(
        &mut f,
        t0() + Duration::minutes(1),
        Mode::Live {
            mail: true,
            web: &NoWeb,
        },
    );
    assert_eq!(
        (again.events > 0, again.started, again.jobs.ran()),
        (true, 0, 0),
        "{again:?}"
    );
    assert!(mails.is_empty(), "no second mail");
    // A crash after the step's effects left but before its commit: the transaction is
    // lost, the job runs again and asks for the same mail under the same key, which the
    // mail queue holds unique (the server's test shows one message reaching SMTP).
    new_contact(&mut f, t0(), "vip2@client.test", json!(["VIP"]));
    let runner = Runner::new(
        f.actor,
        Mode::Live {
            mail: true,
            web: &NoWeb,
        },
    );
    let tx = f.conn.transaction().expect("tx");
    runner::tick(&tx, &runner, t0() + Duration::minutes(2), 50).expect("tick");
    let lost = runner.take_mail();
    drop(tx);
    let (_, retried) = tick_with(
        &mut f,
        t0() + Duration::minutes(3),
        Mode::Live {
            mail: true,
            web: &NoWeb,
        },
    );
    assert_eq!(lost.len(), 1);
    assert_eq!(retried.len(), 1);
    assert_eq!(lost[0].key, retried[0].key, "the same key both times");
    assert_ne!(lost[0].key, key);
    assert_eq!(
        count(
            &f.conn,
            "SELECT count(*) FROM automation_runs WHERE status = 'completed'"
        ),
        2
    );
    assert_eq!(
        count(
            &f.conn,
            "SELECT count(*) FROM contact_activities WHERE activity_type = 'email'"
        ),
        2,
        "one timeline entry per mail, none from the lost attempt"
    );
}

#[test]
fn a_refused_mail_fails_its_run_and_a_retry_queues_it_again_under_its_key() {
    use aio_core::modules::automations::delivery;
    let mut f = fresh();
    let template = records::create(
        &mut f.conn,
        &f.actor,
        &TEMPLATES,
        obj(json!({ "name": "Hello", "type": "email", "html_content": "<p>Hello</p>" })),
    )
    .expect("template");
    automation(
        &mut f,
        "contact_created",
        json!({}),
        json!([{ "type": "send_email", "template_id": id_of(&template) }, { "type": "wait", "minutes": 60 }, { "type": "add_tag", "tag": "Done" }]),
    );
    let c = id_of(&new_contact(&mut f, t0(), "gone@client.test", json!([])));
    let live = |f: &mut Fixture, at: DateTime<Utc>| {
        tick_with(
            f,
            at,
            Mode::Live {
                mail: true,
                web: &NoWeb,
            },
        )
        .1
    };
    let mails = live(&mut f, t0());
    assert_eq!(mails.len(), 1);
    let (run, path) = delivery::parse_mail_key(&mails[0].key).expect("a run's mail key");
    assert_eq!(path, "0");
    // The receiving server refuses it while the run waits: the run goes on, and says so.
    let tx = f.conn.transaction().expect("tx");
    let here = delivery::mail_refused(
        &tx,
        run,
        &path,
        "gone@client.test",
        "550 5.1.1 mailbox unavailable",
        t0() + Duration::minutes(1),
    )
    .expect("told");
    tx.commit().expect("commit");
    assert!(here);
    assert_eq!(runs(&f)[0]["status"], "waiting");
    runner::request_retry(&mut f.conn, &f.actor, run).expect_err("a waiting run is not retried");
    assert!(live(&mut f, t0() + Duration::minutes(61)).is_empty());
    let done = runs(&f).remove(0);
    assert_eq!(
        done["status"], "failed",
        "the flow went on, and ends in the dead letter: {done:?}"
    );
    assert_eq!(tags_of(&f, c), ["Done"]);
    assert_eq!(
        done["error_message"].as_str(),
        Some(
            "step 0: the mail to gone@client.test was not delivered: 550 5.1.1 mailbox unavailable"
        )
    );
    // A person retries (the mailbox is fixed): the mail's key is handed back to queue it
    // again, the run is completed again, the request answered once.
    runner::request_retry(&mut f.conn, &f.actor, run).expect("retry a refused mail");
    let tx = f.conn.transaction().expect("tx");
    let keys = delivery::resend_requested(&tx, t0() + Duration::minutes(70)).expect("resend");
    tx.commit().expect("commit");
    assert_eq!(keys, [mails[0].key.clone()]);
    let again = runs(&f).remove(0);
    assert_eq!(again["status"], "completed", "{again:?}");
    assert_eq!(again["error_message"], Value::Null);
    let tx = f.conn.transaction().expect("tx");
    assert!(
        delivery::resend_requested(&tx, t0() + Duration::minutes(71))
            .expect("resend")
            .is_empty()
    );
    drop(tx);
    assert!(
        live(&mut f, t0() + Duration::minutes(72)).is_empty(),
        "the runner never takes the mail step again"
    );
    runner::request_retry(&mut f.conn, &f.actor, run).expect_err("completed");
    // Refused once more: failed again, with the newer reason.
    let tx = f.conn.transaction().expect("tx");
    delivery::mail_refused(
        &tx,
        run,
        "0",
        "gone@client.test",
        "550 still gone",
        t0() + Duration::minutes(80),
    )
    .expect("told");
    tx.commit().expect("commit");
    let last = runs(&f).remove(0);
    assert_eq!(last["status"], "failed");
    assert!(
        last["error_message"]
            .as_str()
            .is_some_and(|e| e.ends_with("550 still gone")),
        "{last:?}"
    );
}

#[test]
fn a_run_finishes_on_the_version_it_started_with() {
    let mut f = fresh();
    let flow = automation(
        &mut f,
        "tag_added",
        json!({ "tag": "Lead" }),
        json!([{ "type": "wait", "hours": 2 }, { "type": "add_tag", "tag": "Old version" }]),
    );
    let c = id_of(&new_contact(
        &mut f,
        t0(),
        "lead@client.test",
        json!(["Lead"]),
    ));
    tick(&mut f, t0());
    records::update(
        &mut f.conn,
        &f.actor,
        &AUTOMATIONS,
        id_of(&flow),
        obj(json!({ "actions": [{ "type": "add_tag", "tag": "New version" }] })),
    )
    .expect("edit");
    tick(&mut f, t0() + Duration::hours(2));
    assert_eq!(tags_of(&f, c), ["Lead", "Old version"]);
    // A contact tagged after the edit runs the new version.
    let d = id_of(&new_contact(
        &mut f,
        t0() + Duration::hours(3),
        "lead2@client.test",
        json!(["Lead"]),
    ));
    tick(&mut f, t0() + Duration::hours(3));
    assert_eq!(tags_of(&f, d), ["Lead", "New version"]);
}

/// A webhook client that fails a given number of times, then answers 204.
struct Flaky {
    failures: RefCell<usize>,
    calls: RefCell<usize>,
}
impl Web for Flaky {
    fn post(&self, _: &str, _: &[(String, String)], _: &[u8]) -> Result<u16, String> {
        *self.calls.borrow_mut() += 1;
        let mut left = self.failures.borrow_mut();
        if *left > 0 {
            *left -= 1;
            return Ok(503);
        }
        Ok(204)
    }
}

#[test]
fn failures_back_off_then_go_to_the_dead_letter_and_a_retry_finishes_the_run() {
    let mut f = fresh();
    automation(
        &mut f,
        "contact_created",
        json!({}),
        json!([{ "type": "add_tag", "tag": "Seen" }, { "type": "webhook", "url": "http://127.0.0.1:9/hook" }, { "type": "add_tag", "tag": "Sent" }]),
    );
    let c = id_of(&new_contact(&mut f, t0(), "hook@client.test", json!([])));
    let web = Flaky {
        failures: RefCell::new(100),
        calls: RefCell::new(0),
    };
    let mut now = t0();
    let mut failures = 0;
    loop {
        let (done, _) = tick_with(
            &mut f,
            now,
            Mode::Live {
                mail: false,
                web: &web,
            },
        );
        if done.jobs.dead == 1 {
            break;
        }
        assert_eq!(done.jobs.failed, 1, "a failed attempt at {now}");
        failures += 1;
        let job = jobs::list(&f.conn, Some("pending"), 1)
            .expect("jobs")
            .remove(0);
        let due = DateTime::parse_from_rfc3339(&job.due_at)
            .expect("due")
            .with_timezone(&Utc);
        assert_eq!(
            due - now,
            jobs::backoff(failures),
            "backoff after failure {failures}"
        );
        now = due;
    }
    assert_eq!(failures, 7, "eight attempts in all");
    assert_eq!(
        tags_of(&f, c),
        Vec::<String>::new(),
        "each failed attempt rolled its steps back"
    );
    let run = runs(&f).remove(0);
    assert_eq!(run["status"], "failed");
    assert!(
        run["error_message"]
            .as_str()
            .expect("error")
            .contains("answered 503"),
        "{run:?}"
    );
    let dead = jobs::list(&f.conn, Some("dead"), 10).expect("dead letter");
    assert_eq!(dead.len(), 1);
    // The receiver is fixed; a person asks for the run to be retried (on any device: the
    // request is a write of the run, which syncs to its executor).
    *web.failures.borrow_mut() = 0;
    let run_id = Uuid::parse_str(run["id"].as_str().expect("id")).expect("uuid");
    runner::request_retry(&mut f.conn, &f.actor.at(now), run_id).expect("ask for a retry");
    assert_eq!(
        runs(&f)[0]["status"],
        "failed",
        "the executor has not taken it yet"
    );
    tick_with(
        &mut f,
        now,
        Mode::Live {
            mail: false,
            web: &web,
        },
    );
    let run = runs(&f).remove(0);
    assert_eq!(run["status"], "completed", "{run:?}");
    assert_eq!(tags_of(&f, c), ["Seen", "Sent"]);
    let asked: Option<String> = f
        .conn
        .query_row(
            "SELECT retry_requested_at FROM automation_runs WHERE id = ?1",
            [run_id.to_string()],
            |r| r.get(0),
        )
        .expect("run");
    assert_eq!(asked, None, "the request is answered once");
    let again = runner::request_retry(&mut f.conn, &f.actor, run_id).expect_err("not failed");
    assert!(again.to_string().contains("run_id"), "{again}");
    assert_eq!(*web.calls.borrow(), 9);
}

#[test]
fn a_profile_without_mail_fails_a_send_email_step_with_the_reason() {
    let mut f = fresh();
    let template = records::create(
        &mut f.conn,
        &f.actor,
        &TEMPLATES,
        obj(json!({ "name": "Hi", "type": "email", "html_content": "Hi" })),
    )
    .expect("template");
    automation(
        &mut f,
        "contact_created",
        json!({}),
        json!([{ "type": "send_email", "template_id": id_of(&template) }]),
    );
    new_contact(&mut f, t0(), "a@client.test", json!([]));
    let done = tick(&mut f, t0());
    // No retry can send it from here: the job is dead at once (not backing off for days
    // while the run looks as if it were still running), and the run says why.
    assert_eq!((done.jobs.failed, done.jobs.dead), (0, 1), "{done:?}");
    let job = jobs::list(&f.conn, Some("dead"), 1)
        .expect("jobs")
        .remove(0);
    assert_eq!(job.attempts, 1, "one attempt");
    let error = job.last_error.expect("error");
    assert!(
        error.starts_with("step 0: this profile sends no mail") && error.contains("retry this run"),
        "{error}"
    );
    let run = runs(&f).remove(0);
    assert_eq!(run["status"], "failed");
    assert_eq!(run["error_message"].as_str(), Some(error.as_str()));
    // Other failures still back off: a webhook that cannot be reached is tried again.
    automation(
        &mut f,
        "contact_created",
        json!({}),
        json!([{ "type": "webhook", "url": "http://127.0.0.1:9/hook" }]),
    );
    new_contact(&mut f, t0(), "b@client.test", json!([]));
    let done = tick(&mut f, t0());
    assert_eq!(
        (done.jobs.failed, done.jobs.dead),
        (1, 1),
        "the webhook backs off, the second mail is dead at once: {done:?}"
    );
}

#[test]
fn a_dry_run_shows_what_would_happen_and_changes_nothing() {
    let mut f = fresh();
    let template = records::create(
        &mut f.conn,
        &f.actor,
        &TEMPLATES,
        obj(json!({ "name": "Offer for {{contact.first_name}}", "type": "email", "html_content": "<b>Dear {{contact.first_name}}</b>" })),
    )
    .expect("template");
    let flow = automation(
        &mut f,
        "contact_created",
        json!({}),
        json!([
            { "type": "wait", "days": 1 },
            { "type": "add_tag", "tag": "Dry" },
            { "type": "send_email", "template_id": id_of(&template) },
            { "type": "webhook", "url": "https://hooks.example/x", "secret": "s3cret-s3cret-s3cret" },
        ]),
    );
    let c = id_of(&new_contact(&mut f, t0(), "dry@client.test", json!([])));
    let before = (
        count(&f.conn, "SELECT count(*) FROM automation_runs"),
        count(&f.conn, "SELECT count(*) FROM audit_logs"),
        count(&f.conn, "SELECT count(*) FROM sync_dirty"),
    );
    let out = dry_run::dry_run(
        &mut f.conn,
        &f.actor,
        id_of(&flow),
        Sample {
            contact: Some(c),
            event: None,
        },
        t0(),
    )
    .expect("dry run");
    assert_eq!(out.status, "completed", "{out:?}");
    assert_eq!(out.contacts, [c]);
    assert_eq!(out.emails.len(), 1);
    assert_eq!(out.emails[0].subject, "Offer for Ana");
    assert_eq!(out.emails[0].text, "Dear Ana");
    assert_eq!(out.webhooks.len(), 1);
    let signature = out.webhooks[0].signature.clone().expect("signed");
    let body = serde_json::to_vec(&out.webhooks[0].body).expect("body");
    assert_eq!(signature, runner::sign("s3cret-s3cret-s3cret", &body));
    assert!(
        out.steps[0]["detail"]["would_wait_until"].is_string(),
        "{:?}",
        out.steps[0]
    );
    assert_eq!(
        (
            count(&f.conn, "SELECT count(*) FROM automation_runs"),
            count(&f.conn, "SELECT count(*) FROM audit_logs"),
            count(&f.conn, "SELECT count(*) FROM sync_dirty"),
        ),
        before,
        "no run, no audit entry, nothing to sync"
    );
    assert_eq!(tags_of(&f, c), Vec::<String>::new());
}

/// tests/webhooks/receiver.py: a Python HTTP server that checks each delivery's
/// HMAC-SHA256 with the shared secret and prints what it got.
struct Receiver {
    child: Child,
    port: u16,
}

impl Receiver {
    fn start(secret: &str) -> Receiver {
        let mut child = Command::new("/usr/bin/python3")
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../tests/webhooks/receiver.py"
            ))
            .arg(secret)
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3");
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().expect("stdout"))
            .read_line(&mut line)
            .expect("port line");
        let port = line
            .trim()
            .strip_prefix("listening on ")
            .and_then(|p| p.parse().ok())
            .expect("a port");
        Receiver { child, port }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A bare HTTP/1.1 POST over a TCP stream (the core has no HTTP client; the server's
/// and the CLI's implement [`Web`] with reqwest).
struct Plain;
impl Web for Plain {
    fn post(&self, url: &str, headers: &[(String, String)], body: &[u8]) -> Result<u16, String> {
        let rest = url.strip_prefix("http://").ok_or("http only")?;
        let (host, path) = rest
            .split_once('/')
            .map(|(h, p)| (h, format!("/{p}")))
            .unwrap_or((rest, "/".into()));
        let mut stream = TcpStream::connect(host).map_err(|e| e.to_string())?;
        let mut head = format!(
            "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: {}\r\nConnection: close\r\n",
            body.len()
        );
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        stream
            .write_all(head.as_bytes())
            .map_err(|e| e.to_string())?;
        stream.write_all(body).map_err(|e| e.to_string())?;
        let mut answer = String::new();
        stream
            .read_to_string(&mut answer)
            .map_err(|e| e.to_string())?;
        answer
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("no status in {answer:?}"))
    }
}

#[test]
fn a_webhook_is_signed_so_a_python_receiver_verifies_it_and_a_bad_signature_is_refused() {
    let secret = "whsec-0123456789abcdef";
    let receiver = Receiver::start(secret);
    let mut f = fresh();
    let url = format!("http://127.0.0.1:{}/hooks/lead", receiver.port);
    automation(
        &mut f,
        "contact_created",
        json!({}),
        json!([
            { "type": "webhook", "url": url, "secret": secret, "body": { "email": "{{contact.email}}", "name": "{{contact.first_name}}" } },
            { "type": "add_tag", "tag": "Announced" },
        ]),
    );
    let c = id_of(&new_contact(&mut f, t0(), "hook@client.test", json!([])));
    let (done, _) = tick_with(
        &mut f,
        t0(),
        Mode::Live {
            mail: false,
            web: &Plain,
        },
    );
    assert_eq!(done.jobs.done, 1, "{done:?}");
    assert_eq!(tags_of(&f, c), ["Announced"]);
    // The receiver refuses a body signed with another secret (its check can fail).
    let wrong = runner::sign("another-secret-entirely", b"{}");
    let status = Plain
        .post(
            &url,
            &[
                ("x-aio-signature".into(), wrong),
                ("content-type".into(), "application/json".into()),
            ],
            b"{}",
        )
        .expect("an answer");
    assert_eq!(status, 401);
    let mut stream = TcpStream::connect(("127.0.0.1", receiver.port)).expect("connect");
    stream
        .write_all(b"GET /log HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .expect("write");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    let body = answer.split("\r\n\r\n").nth(1).expect("body");
    let deliveries: Vec<Value> = serde_json::from_str(body).expect("json");
    assert_eq!(deliveries.len(), 1, "{deliveries:?}");
    assert_eq!(deliveries[0]["verified"], true);
    assert_eq!(
        deliveries[0]["body"],
        json!({ "email": "hook@client.test", "name": "Ana" })
    );
    assert!(deliveries[0]["delivery"]
        .as_str()
        .expect("delivery")
        .ends_with(":0"));
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("time")
        .with_timezone(&Utc)
}

fn occurrences(f: &Fixture) -> Vec<String> {
    f.conn
        .prepare("SELECT json_extract(payload, '$.occurrence') FROM trigger_events WHERE kind = 'schedule' ORDER BY occurred_at")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("occurrences")
}

#[test]
fn a_cron_schedule_fires_once_per_occurrence_in_its_zone() {
    let mut f = fresh();
    let me = f.actor.user_id;
    // Made at 08:00 UTC on 1 March 2027 (09:00 in Berlin, before daylight saving).
    let flow = automation(
        &mut f,
        "schedule",
        json!({ "cron": "30 9 * * *", "time_zone": "Europe/Berlin" }),
        json!([{ "type": "notify", "user_ids": [me], "title": "Daily digest from {{automation.name}}" }]),
    );
    let first = tick(&mut f, t0());
    assert_eq!(
        first.started, 1,
        "09:30 Berlin = 08:30 UTC was due at 09:00 UTC: {first:?}"
    );
    assert_eq!(occurrences(&f), ["2027-03-01T08:30:00.000Z"]);
    assert_eq!(runs(&f)[0]["status"], "completed", "{:?}", runs(&f));
    assert_eq!(
        runs(&f)[0]["contact_id"],
        Value::Null,
        "a cron schedule has no contact"
    );
    // Looked at again and again the same day: nothing new.
    tick(&mut f, t0() + Duration::minutes(5));
    tick(&mut f, at("2027-03-02T08:29:00Z"));
    assert_eq!(runs(&f).len(), 1);
    tick(&mut f, at("2027-03-02T08:30:00Z"));
    assert_eq!(runs(&f).len(), 2, "the next day's occurrence");
    // The job lost (a replica built again): planned afresh, the occurrence it fires again
    // is the same event, so no second run.
    f.conn
        .execute("DELETE FROM jobs WHERE kind = 'automation_schedule'", [])
        .expect("lose the job");
    tick(&mut f, at("2027-03-02T08:31:00Z"));
    assert_eq!(occurrences(&f).len(), 2, "{:?}", occurrences(&f));
    assert_eq!(runs(&f).len(), 2, "one run per occurrence");
    // The executor down for four weeks, across the change to summer time: the missed
    // occurrences older than a day are passed over; 09:30 Berlin is now 07:30 UTC.
    tick(&mut f, at("2027-03-29T07:30:00Z"));
    assert_eq!(
        occurrences(&f).last().map(String::as_str),
        Some("2027-03-29T07:30:00.000Z")
    );
    assert_eq!(
        occurrences(&f).len(),
        4,
        "28 and 29 March: {:?}",
        occurrences(&f)
    );
    let notes = count(
        &f.conn,
        "SELECT count(*) FROM notifications WHERE title = 'Daily digest from Test flow'",
    );
    assert_eq!(notes, 4, "one notification per occurrence");
    // Switched off: it fires no more.
    records::update(
        &mut f.conn,
        &f.actor.at(at("2027-03-29T08:00:00Z")),
        &AUTOMATIONS,
        id_of(&flow),
        obj(json!({ "is_active": false })),
    )
    .expect("switch off");
    tick(&mut f, at("2027-03-31T08:00:00Z"));
    assert_eq!(
        occurrences(&f).len(),
        4,
        "nothing after it was switched off"
    );
    // Bad expressions are refused, naming the field.
    let bad = |f: &mut Fixture, config: Value| {
        records::create(
            &mut f.conn,
            &f.actor,
            &AUTOMATIONS,
            obj(json!({ "name": "Bad", "trigger_type": "schedule", "trigger_config": config, "actions": [] })),
        )
        .expect_err("refused")
        .to_string()
    };
    assert!(
        bad(&mut f, json!({ "cron": "61 * * * *" })).contains("trigger_config.cron"),
        "minute 61"
    );
    assert!(bad(&mut f, json!({ "cron": "0 9 * *" })).contains("five fields"));
    assert!(bad(
        &mut f,
        json!({ "cron": "0 9 * * *", "time_zone": "Mars/Olympus" })
    )
    .contains("trigger_config.time_zone"));
    assert!(bad(&mut f, json!({ "date_field": "email" })).contains("trigger_config.date_field"));
    assert!(
        bad(&mut f, json!({ "date_field": "dob", "at": "25:00" })).contains("trigger_config.at")
    );
    assert!(
        bad(&mut f, json!({})).contains("cron"),
        "neither cron nor date_field"
    );
}

#[test]
fn a_date_field_schedule_fires_for_each_contact_on_their_day_once() {
    let mut f = fresh();
    let person = |f: &mut Fixture, email: &str, extra: Value| -> Uuid {
        let mut input = json!({ "first_name": "P", "last_name": "Q", "email": email });
        input
            .as_object_mut()
            .expect("object")
            .extend(extra.as_object().expect("object").clone());
        id_of(
            &records::create(
                &mut f.conn,
                &f.actor.at(t0() - Duration::days(30)),
                &CONTACTS,
                obj(input),
            )
            .expect("contact"),
        )
    };
    let march_2 = person(&mut f, "a@client.test", json!({ "dob": "1990-03-02" }));
    let march_9 = person(&mut f, "b@client.test", json!({ "dob": "1985-03-09" }));
    let none = person(&mut f, "c@client.test", json!({}));
    let renewal = person(
        &mut f,
        "d@client.test",
        json!({ "custom_fields": { "renewal": "2027-03-10" } }),
    );
    automation(
        &mut f,
        "schedule",
        json!({ "date_field": "dob", "yearly": true, "at": "08:00" }),
        json!([{ "type": "add_tag", "tag": "Birthday" }]),
    );
    automation(
        &mut f,
        "schedule",
        json!({ "date_field": "custom_fields.renewal", "offset_days": -7, "time_zone": "America/New_York" }),
        json!([{ "type": "add_tag", "tag": "Renewal soon" }]),
    );
    tick(&mut f, t0());
    assert!(runs(&f).is_empty(), "no one's day yet: {:?}", runs(&f));
    tick(&mut f, at("2027-03-02T08:00:00Z"));
    assert_eq!(tags_of(&f, march_2), ["Birthday"]);
    assert!(tags_of(&f, march_9).is_empty());
    tick(&mut f, at("2027-03-02T12:00:00Z"));
    assert_eq!(runs(&f).len(), 1, "once on the day");
    // 09:00 in New York on 3 March (14:00 UTC) is a week before the renewal date.
    tick(&mut f, at("2027-03-03T13:59:00Z"));
    assert!(tags_of(&f, renewal).is_empty());
    tick(&mut f, at("2027-03-03T14:00:00Z"));
    assert_eq!(tags_of(&f, renewal), ["Renewal soon"]);
    tick(&mut f, at("2027-03-09T08:00:00Z"));
    assert_eq!(tags_of(&f, march_9), ["Birthday"]);
    assert!(tags_of(&f, none).is_empty());
    let ran: Vec<(Value, Value)> = runs(&f)
        .iter()
        .map(|r| (r["contact_id"].clone(), r["status"].clone()))
        .collect();
    assert_eq!(ran.len(), 3, "{ran:?}");
    assert!(ran.iter().all(|(_, s)| s == "completed"), "{ran:?}");
}

#[test]
fn move_card_moves_the_contacts_card_through_the_pipelines_core() {
    use aio_core::modules::pipelines::setup::{create_from_template, PipelineTemplate};
    let mut f = fresh();
    let pipeline = id_of(
        &create_from_template(&mut f.conn, &f.actor, "Sales", PipelineTemplate::Sales)
            .expect("pipeline"),
    );
    let stages: Vec<(String, bool)> = f
        .conn
        .prepare(
            "SELECT id, is_final FROM pipeline_stages WHERE pipeline_id = ?1 ORDER BY position",
        )
        .expect("prepare")
        .query_map([pipeline.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("stages");
    let lost = stages
        .iter()
        .rev()
        .find(|s| s.1)
        .expect("a final stage")
        .0
        .clone();
    let stages: Vec<String> = stages.into_iter().map(|s| s.0).collect();
    // Saved without a stage: refused, naming the step.
    let refused = records::create(
        &mut f.conn,
        &f.actor,
        &AUTOMATIONS,
        obj(json!({ "name": "Bad", "trigger_type": "contact_created", "actions": [{ "type": "move_card", "card": "x" }] })),
    )
    .expect_err("refused")
    .to_string();
    assert!(refused.contains("actions[0].card"), "{refused}");
    automation(
        &mut f,
        "contact_created",
        json!({}),
        json!([
            { "type": "create_card", "pipeline_id": pipeline, "stage_id": stages[0], "title": "Deal with {{contact.first_name}}" },
            { "type": "move_card", "stage_id": stages[1] },
        ]),
    );
    let contact = id_of(&new_contact(&mut f, t0(), "deal@client.test", json!([])));
    tick(&mut f, t0());
    let (card, stage): (String, String) = f
        .conn
        .query_row(
            "SELECT id, stage_id FROM pipeline_cards WHERE contact_id = ?1",
            [contact.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("the card");
    assert_eq!(stage, stages[1], "moved to the second stage");
    let journey: Vec<(Option<String>, String)> = f
        .conn
        .prepare("SELECT from_stage_id, to_stage_id FROM pipeline_stage_history WHERE card_id = ?1 ORDER BY changed_at, id")
        .expect("prepare")
        .query_map([&card], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("history");
    assert_eq!(
        journey,
        [
            (None, stages[0].clone()),
            (Some(stages[0].clone()), stages[1].clone())
        ],
        "the stage history, as for a person's move"
    );
    let event: String = f
        .conn
        .query_row(
            "SELECT payload FROM trigger_events WHERE kind = 'stage_changed'",
            [],
            |r| r.get(0),
        )
        .expect("the stage_changed event");
    let event: Value = serde_json::from_str(&event).expect("json");
    assert_eq!(event["card_id"], card.as_str());
    assert_eq!(
        event["caused_by"],
        runs(&f)[0]["id"],
        "marked as the run's doing"
    );
    // A stage_changed automation moving the trigger's card on to a lost stage needs a reason.
    automation(
        &mut f,
        "stage_changed",
        json!({ "stage_id": stages[1] }),
        json!([{ "type": "move_card", "stage_id": lost }]),
    );
    tick(&mut f, t0() + Duration::minutes(1));
    let failed = runs(&f)
        .into_iter()
        .find(|r| r["status"] != "completed")
        .expect("the second run");
    let job = jobs::list(&f.conn, None, 10)
        .expect("jobs")
        .into_iter()
        .find(|j| j.last_error.is_some())
        .expect("a failed job");
    let error = job.last_error.unwrap_or_default();
    assert!(
        error.contains("step 0: lost_reason"),
        "{error} / {failed:?}"
    );
}

#[test]
fn the_loop_guard_stops_an_automation_its_own_steps_trigger_again() {
    // Self: a tag taken off and put back raises tag_added again, for ever without a guard.
    let mut f = fresh();
    automation(
        &mut f,
        "tag_added",
        json!({ "tag": "Hot" }),
        json!([{ "type": "remove_tag", "tag": "Hot" }, { "type": "add_tag", "tag": "Hot" }]),
    );
    let contact = id_of(&new_contact(
        &mut f,
        t0(),
        "loop@client.test",
        json!(["Hot"]),
    ));
    for minute in 0..6 {
        tick(&mut f, t0() + Duration::minutes(minute));
    }
    let all = runs(&f);
    assert_eq!(all.len(), 2, "the first run and the stopped one: {all:?}");
    assert_eq!(all[0]["status"], "completed");
    assert_eq!(all[1]["status"], "stopped");
    assert_eq!(all[1]["actions_completed"], 0);
    let why = all[1]["error_message"].as_str().unwrap_or_default();
    assert!(
        why.contains("loop guard") && why.contains("own run"),
        "{why}"
    );
    assert_eq!(tags_of(&f, contact), ["Hot"]);

    // Through another: A adds Warm on Hot, B takes Hot off and back on Warm: A again is stopped.
    let mut f = fresh();
    let a = automation(
        &mut f,
        "tag_added",
        json!({ "tag": "Hot" }),
        json!([{ "type": "add_tag", "tag": "Warm" }, { "type": "remove_tag", "tag": "Warm" }]),
    );
    automation(
        &mut f,
        "tag_added",
        json!({ "tag": "Warm" }),
        json!([{ "type": "remove_tag", "tag": "Hot" }, { "type": "add_tag", "tag": "Hot" }]),
    );
    new_contact(&mut f, t0(), "chain@client.test", json!(["Hot"]));
    for minute in 0..8 {
        tick(&mut f, t0() + Duration::minutes(minute));
    }
    let all = runs(&f);
    assert_eq!(all.len(), 3, "A, B, then A stopped: {all:?}");
    let stopped = &all[2];
    assert_eq!(stopped["status"], "stopped");
    assert!(stopped["error_message"]
        .as_str()
        .unwrap_or_default()
        .contains(&id_of(&a).to_string()));
}

#[test]
fn notes_a_pass_writes_are_found_by_search_once_it_commits() {
    let mut f = fresh();
    automation(
        &mut f,
        "contact_created",
        json!({}),
        json!([{ "type": "create_note", "content": "Asked about the zebrafish {{contact.first_name}}" }]),
    );
    let contact = id_of(&new_contact(&mut f, t0(), "fish@client.test", json!([])));
    new_contact(&mut f, t0(), "other@client.test", json!([]));
    tick(&mut f, t0());
    // The run is on the contact's timeline beside the note it wrote.
    let page = aio_core::crm::timeline::contact(&f.conn, &f.actor, contact, &Default::default())
        .expect("timeline");
    let kinds: Vec<&str> = page
        .items
        .iter()
        .map(|i| match i {
            aio_core::crm::timeline::TimelineItem::AutomationRun { run, .. } => {
                assert_eq!(run.status.as_str(), "completed");
                "run"
            }
            aio_core::crm::timeline::TimelineItem::Note { .. } => "note",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "run").count(),
        1,
        "{kinds:?}"
    );
    assert_eq!(
        kinds.iter().filter(|k| **k == "note").count(),
        1,
        "{kinds:?}"
    );
    let hits = aio_core::crm::search::search(&f.conn, &f.actor, "zebrafish", 10).expect("search");
    assert_eq!(hits.len(), 2, "both contacts' notes are indexed: {hits:?}");
    assert!(hits.iter().any(|h| h.id == contact), "{hits:?}");
    assert_eq!(
        count(
            &f.conn,
            "SELECT count(*) FROM app_settings WHERE key = 'search_notes_deferred'"
        ),
        0,
        "the deferral ends with the pass"
    );
}

#[test]
fn each_module_trigger_starts_its_automations_and_the_other_steps_do_what_they_say() {
    use aio_core::modules::automations::events;
    use aio_core::modules::automations::tables::TriggerType;
    let mut f = fresh();
    let me = f.actor.user_id;
    let (booking_type, campaign) = (Uuid::new_v4(), Uuid::new_v4());
    automation(
        &mut f,
        "form_submit",
        json!({ "form": "contact-us" }),
        json!([
            { "type": "update_field", "field": "lead_score", "value": 50 },
            { "type": "assign_owner", "user_id": me },
            { "type": "create_activity", "title": "Form {{trigger.form_slug}}", "description": "From {{contact.email}}" },
            { "type": "stop" },
            { "type": "add_tag", "tag": "Never" },
        ]),
    );
    automation(
        &mut f,
        "booking_made",
        json!({ "booking_type_id": booking_type }),
        json!([{ "type": "add_tag", "tag": "Booked" }]),
    );
    automation(
        &mut f,
        "email_opened",
        json!({ "campaign_id": campaign }),
        json!([{ "type": "add_tag", "tag": "Opened" }]),
    );
    automation(
        &mut f,
        "invoice_overdue",
        json!({}),
        json!([{ "type": "add_tag", "tag": "Overdue" }]),
    );
    automation(
        &mut f,
        "payment_received",
        json!({}),
        json!([{ "type": "add_tag", "tag": "Paid" }]),
    );
    let contact = id_of(&new_contact(&mut f, t0(), "mod@client.test", json!([])));
    let raise = |f: &mut Fixture, kind: TriggerType, extra: Value| {
        let mut payload = extra.as_object().cloned().expect("object");
        payload.insert("contact_id".into(), json!(contact));
        let tx = f.conn.transaction().expect("tx");
        events::raise(
            &tx,
            &f.actor.at(t0()),
            kind,
            "contacts",
            contact,
            payload,
            t0(),
        )
        .expect("raise");
        tx.commit().expect("commit");
    };
    raise(
        &mut f,
        TriggerType::FormSubmit,
        json!({ "form_slug": "newsletter" }),
    );
    raise(
        &mut f,
        TriggerType::FormSubmit,
        json!({ "form_slug": "contact-us" }),
    );
    raise(
        &mut f,
        TriggerType::BookingMade,
        json!({ "booking_type_id": Uuid::new_v4() }),
    );
    raise(
        &mut f,
        TriggerType::BookingMade,
        json!({ "booking_type_id": booking_type }),
    );
    raise(
        &mut f,
        TriggerType::EmailOpened,
        json!({ "campaign_id": campaign }),
    );
    raise(&mut f, TriggerType::InvoiceOverdue, json!({}));
    raise(&mut f, TriggerType::PaymentReceived, json!({}));
    let done = tick(&mut f, t0());
    assert_eq!(
        done.started, 5,
        "the other form and booking type start nothing: {done:?}"
    );
    assert_eq!(
        tags_of(&f, contact),
        ["Booked", "Opened", "Overdue", "Paid"]
    );
    let row = records::get(&f.conn, &f.actor, &CONTACTS, contact).expect("contact");
    assert_eq!(row["lead_score"], 50);
    assert_eq!(row["owner_id"], me.to_string().as_str());
    let (title, description): (String, String) = f
        .conn
        .query_row(
            "SELECT title, description FROM contact_activities WHERE contact_id = ?1 AND activity_type = 'automation'",
            [contact.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("the activity");
    assert_eq!(
        (title.as_str(), description.as_str()),
        ("Form contact-us", "From mod@client.test")
    );
    let form_run = runs(&f)
        .into_iter()
        .find(|r| r["actions_completed"] == 3)
        .expect("the form's run");
    assert_eq!(
        form_run["status"], "stopped",
        "the stop step ends it: {form_run:?}"
    );
}
