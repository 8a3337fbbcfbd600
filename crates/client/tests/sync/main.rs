//! Devices and a server in one process: every sync round of `aio_sync` goes through the
//! server's real router over an in-memory transport (hub.rs), with session tokens in an
//! in-memory keyring (keyring.rs). Convergence and permission cases, and the seeded fault
//! simulation over every synced table (simulation.rs). The same rounds against a running
//! `aio-crm serve` over HTTP are the end-to-end layer, in crates/cli/tests/sync.rs.

mod automations;
mod commerce;
mod device;
mod forms;
mod hub;
mod keyring;
mod organizations;
mod pipelines;
mod refused;
mod simulation;
mod team;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use aio_core::records::{self, Row};
use aio_core::tables::{AVAILABILITY_RULES, CONTACTS, CONTACT_NOTES, TAGS};
use serde_json::{json, Value};
use uuid::Uuid;

use device::{differences, team, Device};
use hub::{Fault, Hub};

fn obj(v: Value) -> Row {
    v.as_object().cloned().expect("a JSON object")
}

/// A hub and a team of `roles.len() + 1` devices (the first the owner), with the
/// in-memory keyring, each synced once.
fn setup(roles: &[&str]) -> (tempfile::TempDir, std::sync::Arc<Hub>, Vec<Device>) {
    keyring::use_memory_keyring();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let hub = Hub::start(dir.path());
    let mut next = 0;
    let mut devices = team(dir.path(), &hub, roles, || {
        next += 1;
        next
    });
    for d in devices.iter_mut() {
        d.sync().expect("the first sync");
    }
    (dir, hub, devices)
}

/// Creates a contact on `d` as its own user; returns its id.
fn add_contact(d: &mut Device, first: &str, email: &str) -> Uuid {
    let actor = d.actor;
    let row = records::create(
        &mut d.conn,
        &actor,
        &CONTACTS,
        obj(json!({"first_name": first, "last_name": "L", "email": email})),
    )
    .expect("a contact");
    Uuid::parse_str(row["id"].as_str().expect("id")).expect("uuid")
}

/// The server's log length for every organisation (one entry per stored update).
fn log_length(hub: &Hub) -> i64 {
    rusqlite::Connection::open(hub.file())
        .expect("the server's file")
        .query_row("SELECT count(*) FROM updates", [], |r| r.get(0))
        .expect("the log")
}

#[test]
fn concurrent_offline_edits_converge() {
    let (_dir, _hub, mut devices) = setup(&["member", "member"]);
    let owner = devices[0].actor;
    let contact_id = add_contact(&mut devices[0], "Ada", "ada@client.test");
    let note = records::create(
        &mut devices[0].conn,
        &owner,
        &CONTACT_NOTES,
        obj(json!({"contact_id": contact_id.to_string(), "content": "Met at the fair."})),
    )
    .expect("a note");
    let note_id = Uuid::parse_str(note["id"].as_str().expect("id")).expect("uuid");
    let cy = add_contact(&mut devices[0], "Cy", "cy@client.test");
    for d in devices.iter_mut() {
        d.sync().expect("everyone has the contact and the note");
    }

    // All three go offline and change the same things.
    for d in devices.iter() {
        d.set(Fault::Partition);
    }
    let edit = |d: &mut Device, table, id, patch: Value| {
        let actor = d.actor;
        records::update(&mut d.conn, &actor, table, id, obj(patch)).expect("an offline edit")
    };
    edit(
        &mut devices[0],
        &CONTACTS,
        contact_id,
        json!({"title": "CEO"}),
    );
    edit(
        &mut devices[1],
        &CONTACTS,
        contact_id,
        json!({"phone": "+1 555 0100"}),
    );
    edit(
        &mut devices[0],
        &CONTACT_NOTES,
        note_id,
        json!({"content": "Owner: Met at the fair."}),
    );
    edit(
        &mut devices[1],
        &CONTACT_NOTES,
        note_id,
        json!({"content": "Met at the fair. Wants a quote."}),
    );
    // One trashes Cy while another edits Cy.
    let actor = devices[2].actor;
    records::delete(&mut devices[2].conn, &actor, &CONTACTS, cy).expect("a delete");
    edit(&mut devices[0], &CONTACTS, cy, json!({"title": "CTO"}));
    // The same new person and the same tag name on two laptops.
    for d in devices[..2].iter_mut() {
        add_contact(d, "Bo", "bo@client.test");
        let actor = d.actor;
        records::create(&mut d.conn, &actor, &TAGS, obj(json!({"name": "vip"})))
            .expect("the same tag twice");
    }
    for d in devices.iter_mut() {
        assert!(d.sync().is_err(), "{} is offline", d.name);
        d.set(Fault::None);
    }
    for _ in 0..2 {
        for d in devices.iter_mut() {
            let round = d.sync().expect("a round back online");
            assert!(
                round.refused.is_empty(),
                "nothing refused: {:?}",
                round.refused
            );
        }
    }

    assert_eq!(
        differences(&devices),
        Vec::<String>::new(),
        "replicas differ"
    );
    for d in &devices {
        assert_eq!(
            d.problems(),
            Vec::<String>::new(),
            "{} is unhealthy",
            d.name
        );
    }
    let d = &devices[0];
    let merged = records::get(&d.conn, &d.actor, &CONTACTS, contact_id).expect("the contact");
    assert_eq!(
        (&merged["title"], &merged["phone"]),
        (&json!("CEO"), &json!("+1 555 0100")),
        "both field edits survive"
    );
    let cy = d
        .rows(&CONTACTS)
        .into_iter()
        .find(|r| r["id"] == json!(cy.to_string()))
        .expect("Cy, in the trash");
    assert_eq!(
        (cy["deleted_at"].is_null(), &cy["title"]),
        (false, &json!("CTO")),
        "the delete and the concurrent edit both hold (deletes are soft)"
    );
    let merged = records::get(&d.conn, &d.actor, &CONTACT_NOTES, note_id).expect("the note");
    assert_eq!(
        merged["content"], "Owner: Met at the fair. Wants a quote.",
        "both edits of one note's text survive"
    );
    let bos: Vec<Row> = d
        .rows(&CONTACTS)
        .into_iter()
        .filter(|r| r["email"] == "bo@client.test")
        .collect();
    let flagged = bos.iter().filter(|r| !r["duplicate_of"].is_null()).count();
    assert_eq!(
        (bos.len(), flagged),
        (2, 1),
        "both Bos are kept, the younger flagged as a duplicate of the older"
    );
    let mut tags: Vec<String> = d
        .rows(&TAGS)
        .iter()
        .map(|r| r["name"].as_str().unwrap_or_default().to_string())
        .filter(|n| n.starts_with("vip"))
        .collect();
    tags.sort();
    assert_eq!(
        (tags.len(), tags[0].as_str(), tags[1].starts_with("vip-")),
        (2, "vip", true),
        "one tag keeps the name, the other is renamed: {tags:?}"
    );
}

#[test]
fn hours_moved_apart_offline_are_put_back_in_order_on_every_replica() {
    let (_dir, _hub, mut devices) = setup(&["member"]);
    let owner = devices[0].actor;
    let rule = records::create(
        &mut devices[0].conn,
        &owner,
        &AVAILABILITY_RULES,
        obj(json!({"day_of_week": 1, "start_time": "09:00:00", "end_time": "17:00:00"})),
    )
    .expect("Monday's hours");
    let rule = Uuid::parse_str(rule["id"].as_str().expect("id")).expect("uuid");
    for d in devices.iter_mut() {
        d.sync().expect("both have the hours");
    }
    // Offline, one moves the start to 13:00 and the other the end to 12:00: each edit is
    // in order, the merge (13:00-12:00) is not, and the database refuses it as it stands.
    for d in devices.iter() {
        d.set(Fault::Partition);
    }
    for (d, patch) in devices.iter_mut().zip([
        json!({"start_time": "13:00:00"}),
        json!({"end_time": "12:00:00"}),
    ]) {
        let actor = d.actor;
        records::update(&mut d.conn, &actor, &AVAILABILITY_RULES, rule, obj(patch))
            .expect("an edit");
    }
    for d in devices.iter_mut() {
        d.set(Fault::None);
    }
    for _ in 0..3 {
        for d in devices.iter_mut() {
            d.sync().expect("a round back online");
        }
    }
    assert_eq!(
        differences(&devices),
        Vec::<String>::new(),
        "replicas differ"
    );
    for d in &devices {
        assert_eq!(
            d.problems(),
            Vec::<String>::new(),
            "{} is unhealthy",
            d.name
        );
        let stored = records::get(&d.conn, &d.actor, &AVAILABILITY_RULES, rule).expect("the hours");
        let (start, end) = (
            stored["start_time"].as_str().unwrap(),
            stored["end_time"].as_str().unwrap(),
        );
        assert_eq!(
            (start, end),
            ("12:00:00", "13:00:00"),
            "{}: the earlier value starts",
            d.name
        );
    }
}

#[test]
fn an_answer_lost_after_the_server_committed_is_not_stored_twice() {
    let (_dir, hub, mut devices) = setup(&["member"]);
    let before = log_length(&hub);
    let laptop = &mut devices[0];
    for i in 0..3 {
        add_contact(laptop, &format!("P{i}"), &format!("p{i}@client.test"));
    }
    laptop.set(Fault::LoseAnswer);
    assert!(laptop.sync().is_err(), "no answer came");
    laptop.set(Fault::None);
    // The members call of the lost round went through too; only the pushed rows count.
    let stored = log_length(&hub) - before;
    let round = laptop.sync().expect("the retry");
    // Each contact goes up with the contact_created event its write raised.
    assert_eq!(
        (stored, round.pushed, log_length(&hub) - before),
        (6, 6, 6),
        "the server took the three contacts and their events once, then acknowledged the retry without new entries"
    );
    let other = &mut devices[1];
    other.sync().expect("the other device's round");
    let copies = other
        .rows(&CONTACTS)
        .iter()
        .filter(|r| r["last_name"] == "L")
        .count();
    assert_eq!(copies, 3, "the other device holds each contact once");
}

#[test]
fn a_restarted_server_keeps_everything_it_acknowledged() {
    let (_dir, hub, mut devices) = setup(&["member"]);
    let id = add_contact(&mut devices[0], "Ada", "ada@client.test");
    devices[0].sync().expect("pushed");
    hub.restart();
    // Sessions are on disk too: the member's token still opens the organisation.
    devices[1].sync().expect("a round after the restart");
    assert!(
        devices[1]
            .rows(&CONTACTS)
            .iter()
            .any(|r| r["id"] == json!(id.to_string())),
        "the contact acknowledged before the restart arrives after it"
    );
}

/// The seed a plain test run simulates.
const DEFAULT_SEED: u64 = 1;

/// One seeded run per test run (`SYNC_SEED=N` replays N); `SYNC_SEEDS=N` runs N seeds
/// from there on `SYNC_THREADS` threads (all cores by default) and prints how many ran
/// and diverged (`make soak`).
#[test]
fn replicas_of_every_synced_table_converge_under_faults() {
    keyring::use_memory_keyring();
    let env = |name: &str| std::env::var(name).ok().and_then(|s| s.parse::<u64>().ok());
    // A fixed first seed keeps CI's one run repeatable: known divergences (merged time
    // ranges of availability rules, see ARCHITECTURE) must not fail one run in a hundred
    // at random. The soak (`make soak`) is where many seeds run.
    let first = env("SYNC_SEED").unwrap_or(DEFAULT_SEED);
    let count = env("SYNC_SEEDS").unwrap_or(1);
    let threads = env("SYNC_THREADS")
        .or_else(|| {
            std::thread::available_parallelism()
                .ok()
                .map(|n| n.get() as u64)
        })
        .unwrap_or(1)
        .clamp(1, count.max(1));
    let started = Instant::now();
    let next = AtomicU64::new(first);
    let diverged: Mutex<Vec<(u64, String)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let seed = next.fetch_add(1, Ordering::SeqCst);
                if seed >= first + count {
                    return;
                }
                if count == 1 {
                    println!("sync simulation seed {seed} (replay with SYNC_SEED={seed})");
                } else if (seed - first).is_multiple_of(100) {
                    println!(
                        "seeds {seed}.. ({:.0} s so far)",
                        started.elapsed().as_secs_f64()
                    );
                }
                let outcome = std::panic::catch_unwind(|| simulation::run(seed))
                    .unwrap_or_else(|panic| Err(format!("panicked: {}", panic_text(&panic))));
                match outcome {
                    Ok(run) if count == 1 => println!("{run:?}"),
                    Ok(_) => {}
                    Err(problem) => {
                        println!("seed {seed} diverged (replay with SYNC_SEED={seed}):\n{problem}");
                        diverged
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .push((seed, problem));
                    }
                }
            });
        }
    });
    let diverged = diverged.into_inner().unwrap_or_else(|p| p.into_inner());
    println!(
        "sync simulation: {count} runs, {} divergences, {:.1} s on {threads} threads (seeds {first}..{})",
        diverged.len(),
        started.elapsed().as_secs_f64(),
        first + count
    );
    let mut seeds: Vec<u64> = diverged.iter().map(|(s, _)| *s).collect();
    seeds.sort_unstable();
    assert!(seeds.is_empty(), "every run converges; diverged: {seeds:?}");
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

#[test]
fn sign_up_names_the_organisation_by_its_name_in_public_addresses() {
    let (dir, hub, devices) = setup(&[]);
    let slug_of = |conn: &rusqlite::Connection, id: Uuid| -> String {
        conn.query_row(
            "SELECT slug FROM organizations WHERE id = ?1",
            [id.to_string()],
            |r| r.get(0),
        )
        .expect("the organisation")
    };
    let server = rusqlite::Connection::open(hub.file()).expect("the server's file");
    let owner = &devices[0];
    assert_eq!(
        slug_of(&owner.conn, owner.actor.organization_id),
        "sim-agency"
    );
    assert_eq!(slug_of(&server, owner.actor.organization_id), "sim-agency");

    // Another agency of the same name on the server gets the name and a short suffix.
    let mut other = Device::new(dir.path(), "other", &hub, 99);
    other.sign_in(
        "other@sim.test",
        aio_sync::Join::SignUpWithOrganization {
            name: "Otto Other",
            organization_name: "Sim Agency",
        },
    );
    let slug = slug_of(&other.conn, other.actor.organization_id);
    assert!(
        slug.starts_with("sim-agency-") && slug.len() == "sim-agency-".len() + 8,
        "{slug}"
    );
    assert_eq!(slug_of(&server, other.actor.organization_id), slug);
}

/// The pipelines simulation (pipelines.rs) over `PIPELINE_SEEDS` seeds (3 by default) from
/// `PIPELINE_SEED` (1): every run ends with the same board on every device.
#[test]
fn pipeline_boards_converge_when_cards_move_offline() {
    keyring::use_memory_keyring();
    let env = |name: &str| std::env::var(name).ok().and_then(|s| s.parse::<u64>().ok());
    let first = env("PIPELINE_SEED").unwrap_or(1);
    let count = env("PIPELINE_SEEDS").unwrap_or(3);
    let started = Instant::now();
    let mut diverged = Vec::new();
    let mut total = pipelines::Run::default();
    for seed in first..first + count {
        match std::panic::catch_unwind(|| pipelines::run(seed))
            .unwrap_or_else(|panic| Err(format!("panicked: {}", panic_text(&panic))))
        {
            Ok(run) => {
                total.devices += run.devices;
                total.moves += run.moves;
                total.reorders += run.reorders;
                total.stage_deletes += run.stage_deletes;
                total.cards_added += run.cards_added;
                total.syncs += run.syncs;
                total.repaired += run.repaired;
            }
            Err(problem) => {
                println!("seed {seed} diverged (replay with PIPELINE_SEED={seed}):\n{problem}");
                diverged.push(seed);
            }
        }
    }
    println!(
        "pipelines simulation: {count} runs, {} divergences, {:.1} s (seeds {first}..{}); {total:?}",
        diverged.len(),
        started.elapsed().as_secs_f64(),
        first + count
    );
    assert!(
        diverged.is_empty(),
        "every board converges; diverged: {diverged:?}"
    );
}
