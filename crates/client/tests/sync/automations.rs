//! Automations of an organisation whose devices sync run on the server (DESIGN.md §8).
//! Here the server's runner is driven with a clock of the test's own (`run_org` at chosen
//! instants, beside the router's background runner on the real clock), so a failing step
//! reaches the dead letter through all its backed-off attempts without waiting.

use std::cell::Cell;
use std::path::PathBuf;

use aio_core::modules::automations::runner::{self, Web};
use aio_core::records;
use aio_core::tables::{AUTOMATIONS, AUTOMATION_RUNS};
use aio_server::automations::run_org;
use aio_server::mail::MailSettings;
use aio_server::store::replicas::Replicas;
use aio_server::store::sql::Store;
use chrono::{Duration, Utc};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::{add_contact, obj, setup};

/// A receiver that answers 503 until it is fixed, counting the calls.
struct Receiver {
    broken: Cell<bool>,
    calls: Cell<u32>,
}

impl Web for Receiver {
    fn post(&self, _: &str, _: &[(String, String)], _: &[u8]) -> Result<u16, String> {
        self.calls.set(self.calls.get() + 1);
        Ok(if self.broken.get() { 503 } else { 200 })
    }
}

/// One pass of the test's own runner. The hub's runner works on the same replica files
/// (woken by the devices' pushes): a pass that meets its write lock is taken again.
fn pass(
    replicas: &Replicas,
    server: &Store,
    settings: &MailSettings,
    web: &dyn Web,
    org: Uuid,
    now: chrono::DateTime<Utc>,
) -> Option<chrono::DateTime<Utc>> {
    for attempt in 0.. {
        match run_org(replicas, server, settings, web, org, now) {
            Ok((_, next)) => return next,
            Err(e) if attempt < 20 && e.to_string().contains("locked") => {
                std::thread::sleep(std::time::Duration::from_millis(100))
            }
            Err(e) => panic!("a pass: {e}"),
        }
    }
    unreachable!()
}

fn the_run(d: &crate::device::Device) -> Option<serde_json::Map<String, Value>> {
    d.rows(&AUTOMATION_RUNS).into_iter().next()
}

#[test]
fn a_failed_run_retried_from_a_device_is_honoured_once_by_the_server_runner() {
    let (_dir, hub, mut devices) = setup(&["member"]);
    let org = devices[0].actor.organization_id;
    let owner = devices[0].actor;
    records::create(
        &mut devices[0].conn,
        &owner,
        &AUTOMATIONS,
        obj(json!({ "name": "Tell the shop", "trigger_type": "contact_created",
                    "actions": [{ "type": "webhook", "url": "http://127.0.0.1:9/hook" }, { "type": "add_tag", "tag": "Sent" }] })),
    )
    .expect("automation");
    devices[0].sync().expect("push the automation");
    add_contact(&mut devices[1], "Rita", "rita@client.test");
    devices[1].sync().expect("push the contact");

    // The router's own runner (on the real clock) starts the run first; its replica is
    // then made, and the test's runner opens it (two opening a new file at once would
    // both migrate it).
    for _ in 0..100 {
        devices[1].sync().expect("pull");
        if the_run(&devices[1]).is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(the_run(&devices[1]).is_some(), "the server started the run");
    let server = Store::sqlite(aio_server::store::open(hub.file()).expect("the server's file"));
    let mut dir = hub.file().as_os_str().to_owned();
    dir.push(".replicas");
    let replicas = Replicas::new(PathBuf::from(dir));
    let settings = MailSettings::from_flags(None, "Agency <hello@agency.test>", None, "24h")
        .expect("settings");
    let receiver = Receiver {
        broken: Cell::new(true),
        calls: Cell::new(0),
    };
    // Each pass at the time the run's job is next due: eight attempts, backing off.
    let mut now = Utc::now() + Duration::minutes(1);
    for _ in 0..12 {
        let next = pass(&replicas, &server, &settings, &receiver, org, now);
        devices[1].sync().expect("pull");
        if the_run(&devices[1]).is_some_and(|r| r["status"] == "failed") {
            break;
        }
        now = next.map_or(now, |n| n.max(now)) + Duration::seconds(1);
    }
    let failed = the_run(&devices[1]).expect("the run reached the device");
    assert_eq!(failed["status"], "failed", "{failed:?}");
    assert!(
        failed["error_message"]
            .as_str()
            .unwrap_or_default()
            .contains("answered 503"),
        "{failed:?}"
    );

    // The shop's receiver is fixed; the member asks for a retry on their laptop.
    receiver.broken.set(false);
    let run_id = Uuid::parse_str(failed["id"].as_str().expect("id")).expect("uuid");
    let member = devices[1].actor;
    runner::request_retry(&mut devices[1].conn, &member, run_id).expect("ask");
    devices[1].sync().expect("push the request");
    let before = receiver.calls.get();
    now += Duration::minutes(1);
    pass(&replicas, &server, &settings, &receiver, org, now);
    pass(
        &replicas,
        &server,
        &settings,
        &receiver,
        org,
        now + Duration::minutes(5),
    );
    for d in devices.iter_mut() {
        d.sync().expect("pull");
        let run = the_run(d).expect("the run");
        assert_eq!(run["status"], "completed", "{}: {run:?}", d.name);
        assert_eq!(
            run["retry_requested_at"],
            Value::Null,
            "the request is answered"
        );
    }
    let tags = devices[0].rows(&aio_core::tables::CONTACTS)[0]["tags"].clone();
    assert_eq!(tags, json!(["Sent"]));
    assert_eq!(
        receiver.calls.get() - before,
        1,
        "the step is taken once after the retry"
    );
}

#[test]
fn pushes_of_an_organisation_without_automations_leave_its_replica_alone() {
    let (_dir, hub, mut devices) = setup(&[]);
    let org = devices[0].actor.organization_id;
    let mut dir = hub.file().as_os_str().to_owned();
    dir.push(".replicas");
    let replica = PathBuf::from(dir).join(format!("{org}.sqlite3"));
    for i in 0..3 {
        add_contact(&mut devices[0], "Up", &format!("up{i}@client.test"));
        devices[0].sync().expect("push");
    }
    // The runner looks twice a second after a push.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert!(
        !replica.exists(),
        "no automations: the runner built no replica"
    );
    let owner = devices[0].actor;
    records::create(
        &mut devices[0].conn,
        &owner,
        &AUTOMATIONS,
        obj(json!({ "name": "Tag them", "trigger_type": "contact_created", "actions": [{ "type": "add_tag", "tag": "New" }] })),
    )
    .expect("automation");
    devices[0].sync().expect("push the automation");
    add_contact(&mut devices[0], "Next", "next@client.test");
    devices[0].sync().expect("push");
    for _ in 0..50 {
        devices[0].sync().expect("pull");
        let tagged = devices[0]
            .rows(&aio_core::tables::CONTACTS)
            .iter()
            .any(|c| c["email"] == "next@client.test" && c["tags"] == json!(["New"]));
        if tagged {
            assert!(replica.exists());
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("the runner never ran the organisation's new automation");
}

#[test]
fn a_never_synced_profiles_mail_step_is_dead_at_once_and_sent_by_the_server_on_a_retry_once_it_signs_in(
) {
    crate::keyring::use_memory_keyring();
    let dir = tempfile::tempdir().expect("a temporary folder");
    // A server that sends mail (its SMTP relay is not up: the mail waits in its queue).
    let hub = crate::hub::Hub::start_with_mail(dir.path(), Some("smtp://127.0.0.1:9".into()));
    let mut solo = crate::device::Device::new(dir.path(), "solo", &hub, 7);
    let me = solo.actor;
    let template = records::create(
        &mut solo.conn,
        &me,
        &aio_core::tables::TEMPLATES,
        obj(json!({ "name": "Welcome {{contact.first_name}}", "type": "email", "html_content": "<p>Hi</p>" })),
    )
    .expect("template");
    records::create(
        &mut solo.conn,
        &me,
        &AUTOMATIONS,
        obj(json!({ "name": "Welcome", "trigger_type": "contact_created",
                    "actions": [{ "type": "send_email", "template_id": template["id"] }, { "type": "add_tag", "tag": "Welcomed" }] })),
    )
    .expect("automation");
    add_contact(&mut solo, "Sol", "sol@client.test");
    // The profile runs its automations itself and sends no mail: dead at the first try.
    let receiver = Receiver {
        broken: Cell::new(false),
        calls: Cell::new(0),
    };
    let tick = runner::run_local(&mut solo.conn, &me, &receiver, Utc::now()).expect("a pass");
    assert_eq!(
        (tick.jobs.failed, tick.jobs.dead),
        (0, 1),
        "no backing off: {tick:?}"
    );
    let failed = the_run(&solo).expect("the run");
    assert_eq!(failed["status"], "failed");
    assert!(failed["error_message"]
        .as_str()
        .is_some_and(|e| e.contains("this profile sends no mail")));

    // It signs up (its data goes up with it), then its owner retries the run: the server,
    // now its executor, takes the mail step and queues the message, once.
    solo.sign_in(
        "solo@sim.test",
        aio_sync::Join::SignUpWithOrganization {
            name: "Sol Owner",
            organization_name: "Solo Agency",
        },
    );
    solo.sync().expect("the first sync");
    let run_id = Uuid::parse_str(failed["id"].as_str().expect("id")).expect("uuid");
    let owner = solo.actor;
    runner::request_retry(&mut solo.conn, &owner, run_id).expect("ask");
    solo.sync().expect("push the request");
    for _ in 0..100 {
        solo.sync().expect("pull");
        if the_run(&solo).is_some_and(|r| r["status"] == "completed") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let run = the_run(&solo).expect("the run");
    assert_eq!(run["status"], "completed", "{run:?}");
    assert_eq!(
        solo.rows(&aio_core::tables::CONTACTS)[0]["tags"],
        json!(["Welcomed"])
    );
    std::thread::sleep(std::time::Duration::from_millis(500));
    let queued: Vec<(String, String)> = rusqlite::Connection::open(hub.file())
        .expect("the server's file")
        .prepare("SELECT key, recipients FROM mail_outbox WHERE key LIKE 'automation:%'")
        .expect("select")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("rows");
    assert_eq!(
        queued,
        [(
            format!("automation:{run_id}:0"),
            r#"["sol@client.test"]"#.to_string()
        )],
        "one message, under the step's key"
    );
}
