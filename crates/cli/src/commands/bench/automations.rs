//! `aio-crm bench automations`: a 3-step automation (add a tag, set a field, write a note
//! with merge tags) started by `contact_created` on a temporary never-synced profile, run
//! by the same core runner the server and the desktop use.
//!
//! - Throughput: --contacts contacts created at once, then the runner is timed until every
//!   run is complete (runs per second; target ≥ 1,000).
//! - Delay from trigger to first action: contacts created one per transaction at a steady
//!   rate on one connection while the runner works on another, woken by each write (as
//!   the server is by a push) and otherwise looking twice a second; each run's delay is
//!   from its contact's commit to the commit of the pass that took its first step
//!   (p50/p99; target p99 < 1 s).

use std::collections::HashMap;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use aio_core::db::{self, Connection};
use aio_core::modules::automations::runner::{self, Web};
use aio_core::records;
use aio_core::tables::{AUTOMATIONS, CONTACTS};
use aio_core::team::profile;
use anyhow::{bail, Result};
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::server::{ms, percentile};

struct NoWeb;
impl Web for NoWeb {
    fn post(&self, _: &str, _: &[(String, String)], _: &[u8]) -> std::result::Result<u16, String> {
        Err("no webhooks in this bench".into())
    }
}

fn contact(i: usize) -> serde_json::Map<String, Value> {
    let Value::Object(row) = json!({
        "first_name": format!("Bench{i}"), "last_name": "Contact", "email": format!("bench{i}@bench.test"),
    }) else {
        unreachable!("an object literal")
    };
    row
}

fn completed(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM automation_runs WHERE status = 'completed'",
        [],
        |r| r.get(0),
    )?)
}

pub fn run(contacts: usize, rate: usize, latency_contacts: usize) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("automations.sqlite3");
    let (mut conn, _) = db::open(&path, db::OpenMode::CreateIfMissing)?;
    let actor = profile::ensure(&mut conn)?;
    let Value::Object(flow) = json!({
        "name": "Bench: welcome", "trigger_type": "contact_created",
        "actions": [
            { "type": "add_tag", "tag": "Welcomed" },
            { "type": "update_field", "field": "lead_score", "value": 10 },
            { "type": "create_note", "content": "Welcome {{contact.first_name}} {{contact.last_name}}" },
        ],
    }) else {
        unreachable!("an object literal")
    };
    records::create(&mut conn, &actor, &AUTOMATIONS, flow)?;

    // Throughput.
    records::create_many(
        &mut conn,
        &actor,
        &CONTACTS,
        (0..contacts).map(contact),
        "bench",
    )?;
    let started = Instant::now();
    let done = runner::run_local(&mut conn, &actor, &NoWeb, Utc::now())?;
    let elapsed = started.elapsed();
    let complete = completed(&conn)?;
    if complete != contacts as i64 || done.jobs.dead > 0 {
        bail!("expected {contacts} completed runs, found {complete} ({done:?})");
    }
    println!(
        "throughput: {contacts} runs of a 3-step automation in {:.2} s = {:.0} runs/s (target ≥ 1,000; {} trigger events read)",
        elapsed.as_secs_f64(),
        contacts as f64 / elapsed.as_secs_f64(),
        done.events
    );

    // Delay from trigger to first action.
    let (wake, woken) = mpsc::channel::<()>();
    let writer_path = path.clone();
    let writer = std::thread::spawn(move || -> Result<()> {
        let (mut conn, _) = db::open(&writer_path, db::OpenMode::Existing)?;
        let gap = Duration::from_secs_f64(1.0 / rate.max(1) as f64);
        let start = Instant::now();
        for i in 0..latency_contacts {
            let due = start + gap * i as u32;
            if let Some(wait) = due.checked_duration_since(Instant::now()) {
                std::thread::sleep(wait);
            }
            records::create(&mut conn, &actor, &CONTACTS, contact(contacts + i))?;
            let _ = wake.send(());
        }
        Ok(())
    });
    let mut delays: Vec<Duration> = Vec::with_capacity(latency_contacts);
    let mut seen: HashMap<String, ()> = HashMap::new();
    let target = contacts + latency_contacts;
    while (completed(&conn)? as usize) < target {
        match woken.recv_timeout(Duration::from_millis(500)) {
            Ok(()) | Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {}
        }
        while woken.try_recv().is_ok() {}
        let pass = Utc::now();
        runner::run_local(&mut conn, &actor, &NoWeb, pass)?;
        let committed = Utc::now();
        let stamp = aio_core::values::timestamp_text(pass);
        let started: Vec<(String, String)> = conn
            .prepare("SELECT r.id, c.created_at FROM automation_runs r JOIN contacts c ON c.id = r.contact_id WHERE r.started_at = ?1")?
            .query_map([stamp], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<std::result::Result<_, _>>()?;
        for (id, created) in started {
            if seen.insert(id, ()).is_none() {
                let created: DateTime<Utc> =
                    DateTime::parse_from_rfc3339(&created)?.with_timezone(&Utc);
                delays.push((committed - created).to_std().unwrap_or_default());
            }
        }
    }
    match writer.join() {
        Ok(result) => result?,
        Err(_) => bail!("the writer thread panicked"),
    }
    delays.sort();
    println!(
        "trigger → first action: {} contacts at {rate}/s: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms (target p99 < 1 s)",
        delays.len(),
        ms(percentile(&delays, 50)),
        ms(percentile(&delays, 99)),
        ms(*delays.last().unwrap_or(&Duration::ZERO)),
    );
    Ok(())
}
