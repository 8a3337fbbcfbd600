//! `aio-crm bench soak`: simulated devices against two `aio-crm serve` processes on one
//! PostgreSQL database, on loopback, for a bounded time; the first process is killed
//! halfway and started again. Each device pushes new contacts (keeping the ones not yet
//! acknowledged, as a device's outbox does), pulls the others' updates, and starts a new
//! connection after a failure. At the end: no acknowledged update lost, every device at
//! the log's head.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Barrier, RwLock};
use std::time::{Duration, Instant};

use aio_core::sync::wire::{
    Bootstrap, Login, NewOrganization, Pull, Push, PushResult, Session, SignUp,
};
use anyhow::{bail, Context, Result};
use uuid::Uuid;

use super::server::Server;
use super::sync::new_contact;

const PASSWORD: &str = "benchmark password";

/// What the devices did, summed.
#[derive(Default)]
struct Counts {
    pushed: AtomicUsize,
    acknowledged: AtomicUsize,
    received: AtomicUsize,
    failed_requests: AtomicUsize,
}

pub fn run(database: &str, devices: usize, minutes: f64) -> Result<()> {
    if !aio_server::store::sql::is_postgres_url(database) {
        bail!("database: the soak runs on PostgreSQL: give postgres://...");
    }
    if !(minutes > 0.0 && minutes <= 60.0) {
        bail!("minutes: from just above 0 to 60");
    }
    let dir = tempfile::tempdir()?;
    let start = |i: usize| {
        let replicas = dir.path().join(format!("replicas-{i}"));
        Server::start_on(
            &[
                "--database",
                database,
                "--replicas",
                &replicas.to_string_lossy(),
            ],
            &[],
        )
    };
    let mut servers = vec![start(0)?, start(1)?];
    let urls = RwLock::new(servers.iter().map(|s| s.1.clone()).collect::<Vec<_>>());
    let http = reqwest::blocking::Client::new();
    let email = format!("soak-{}@bench.test", Uuid::new_v4().simple());
    let owner: Session = http
        .post(format!("{}/v1/signup", servers[0].1))
        .json(&SignUp {
            email: email.clone(),
            password: PASSWORD.into(),
            name: "Soak Owner".into(),
            device_name: "soak owner".into(),
            client_id: 0,
            account_id: None,
            organization: Some(NewOrganization {
                id: None,
                name: "Soak Agency".into(),
                slug: format!("soak-{}", Uuid::new_v4().simple()),
                parent_id: None,
            }),
            invite: None,
        })
        .send()?
        .error_for_status()?
        .json()?;
    let org = owner.organizations[0].id;
    let account = owner.account.id;
    let mut sessions = Vec::with_capacity(devices);
    for i in 0..devices {
        let session: Session = http
            .post(format!("{}/v1/login", servers[i % 2].1))
            .json(&Login {
                email: email.clone(),
                password: PASSWORD.into(),
                device_name: format!("soak device {i}"),
                client_id: 0,
            })
            .send()?
            .error_for_status()?
            .json()?;
        sessions.push(session);
    }
    println!(
        "soak: {devices} devices on 2 server processes (one PostgreSQL database) for {minutes} min; the first process is killed halfway"
    );
    let counts = Counts::default();
    let stop = AtomicBool::new(false);
    let flushed = Barrier::new(devices);
    let run_for = Duration::from_secs_f64(minutes * 60.0);
    let started = Instant::now();
    let results: Vec<Result<(HashSet<Uuid>, i64)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = sessions
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let (urls, counts, stop, flushed) = (&urls, &counts, &stop, &flushed);
                scope.spawn(move || device(i, s, org, account, urls, counts, stop, flushed))
            })
            .collect();
        // Halfway: the first process dies without warning, and comes back two seconds
        // later on a new port (its devices reconnect there, as behind a load balancer).
        std::thread::sleep(run_for / 2);
        drop(servers.remove(0));
        std::thread::sleep(Duration::from_secs(2));
        match start(0) {
            Ok(again) => {
                urls.write().unwrap_or_else(|p| p.into_inner())[0] = again.1.clone();
                servers.insert(0, again);
            }
            Err(e) => eprintln!("the first process did not start again: {e}"),
        }
        std::thread::sleep(run_for.saturating_sub(started.elapsed()));
        stop.store(true, Ordering::Relaxed);
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| bail!("a device panicked")))
            .collect()
    });
    let mut acknowledged = HashSet::new();
    let mut cursors = Vec::new();
    for r in results {
        let (acked, cursor) = r?;
        acknowledged.extend(acked);
        cursors.push(cursor);
    }
    // What the log holds: every contact row, read through the second process.
    let token = &sessions[0].token;
    let (stored, head) = every_row(&http, &servers[1].1, token, org)?;
    let lost = acknowledged
        .iter()
        .filter(|id| !stored.contains(id))
        .count();
    let converged = cursors.iter().filter(|c| **c == head).count();
    println!(
        "pushed {} acknowledged {} received {} lost {lost}; {converged}/{devices} devices at the head ({head}); {} requests failed while a process was down; {:.1} min",
        counts.pushed.load(Ordering::Relaxed),
        counts.acknowledged.load(Ordering::Relaxed),
        counts.received.load(Ordering::Relaxed),
        counts.failed_requests.load(Ordering::Relaxed),
        started.elapsed().as_secs_f64() / 60.0
    );
    if lost > 0 || converged < devices {
        bail!(
            "the soak lost {lost} acknowledged updates; {converged} of {devices} devices converged"
        );
    }
    Ok(())
}

/// One simulated device: push a new contact, pull, about once a second; once told to
/// stop, it sends what it still holds and, when every device has, pulls to the head.
/// Returns the contacts the server acknowledged and the device's last cursor.
#[allow(clippy::too_many_arguments)]
fn device(
    i: usize,
    session: &Session,
    org: Uuid,
    account: Uuid,
    urls: &RwLock<Vec<String>>,
    counts: &Counts,
    stop: &AtomicBool,
    flushed: &Barrier,
) -> Result<(HashSet<Uuid>, i64)> {
    let url = || urls.read().unwrap_or_else(|p| p.into_inner())[i % 2].clone();
    let mut http = reqwest::blocking::Client::new();
    let mut acknowledged = HashSet::new();
    let mut outbox = Vec::new();
    let mut cursor = 0;
    // Devices start spread over the first second.
    std::thread::sleep(Duration::from_millis((i * 997 % 1000) as u64));
    let mut round = |http: &reqwest::blocking::Client,
                     outbox: &mut Vec<aio_core::sync::wire::RowUpdate>|
     -> Result<()> {
        if !outbox.is_empty() {
            let result: PushResult = http
                .post(format!("{}/v1/orgs/{org}/push", url()))
                .bearer_auth(&session.token)
                .json(&Push {
                    updates: outbox.clone(),
                })
                .send()?
                .error_for_status()?
                .json()?;
            for (update, outcome) in outbox.iter().zip(&result.results) {
                if outcome.ok {
                    acknowledged.insert(Uuid::parse_str(&update.row_id)?);
                    counts.acknowledged.fetch_add(1, Ordering::Relaxed);
                }
            }
            outbox.clear();
        }
        loop {
            let page: Pull = http
                .get(format!(
                    "{}/v1/orgs/{org}/pull?after={cursor}&limit=2000",
                    url()
                ))
                .bearer_auth(&session.token)
                .send()?
                .error_for_status()?
                .json()?;
            counts
                .received
                .fetch_add(page.updates.len(), Ordering::Relaxed);
            cursor = page.cursor;
            if !page.more {
                return Ok(());
            }
        }
    };
    let mut phase = 0;
    loop {
        if phase == 0 && stop.load(Ordering::Relaxed) {
            phase = 1;
        }
        if phase == 0 {
            outbox.push(new_contact(session.client_id, org, account));
            counts.pushed.fetch_add(1, Ordering::Relaxed);
        }
        match round(&http, &mut outbox) {
            Ok(()) if phase == 1 => {
                // Everything sent: once every device has, the last pull reaches the head.
                flushed.wait();
                phase = 2;
                continue;
            }
            Ok(()) if phase == 2 => break,
            Ok(()) => std::thread::sleep(Duration::from_secs(1)),
            Err(_) => {
                // Reconnect: a new client, as a device does after losing the server.
                counts.failed_requests.fetch_add(1, Ordering::Relaxed);
                http = reqwest::blocking::Client::new();
                std::thread::sleep(Duration::from_millis(if phase == 0 { 1000 } else { 200 }));
            }
        }
    }
    Ok((acknowledged, cursor))
}

/// Every contact row of the organisation (bootstrap pages) and the log's head.
fn every_row(
    http: &reqwest::blocking::Client,
    server: &str,
    token: &str,
    org: Uuid,
) -> Result<(HashSet<Uuid>, i64)> {
    let mut rows = HashSet::new();
    let mut after: Option<String> = None;
    let mut head = None;
    loop {
        let mut request = http
            .get(format!("{server}/v1/orgs/{org}/bootstrap"))
            .bearer_auth(token)
            .query(&[("limit", "2000")]);
        if let Some(a) = &after {
            request = request.query(&[("after", a.as_str())]);
        }
        let page: Bootstrap = request.send()?.error_for_status()?.json()?;
        head.get_or_insert(page.cursor);
        for row in page.rows.iter().filter(|r| r.table == "contacts") {
            rows.insert(Uuid::parse_str(&row.row_id).context("a row id")?);
        }
        match page.next {
            Some(next) => after = Some(next),
            None => return Ok((rows, head.unwrap_or(0))),
        }
    }
}
