//! `aio-crm bench sync`: figures for local-first sync, against a real `aio-crm serve`
//! process on loopback started from this binary. Works on copies of the database given
//! (fill it with `aio-crm demo --contacts 100000` first); needs the OS keyring (run inside
//! `dbus-run-session -- scripts/with-keyring.sh` on a headless machine).

use std::path::Path;
use std::time::{Duration, Instant};

use aio_core::db::{self, Connection, OpenMode};
use aio_core::records::{self, ListQuery};
use aio_core::sync::wire::{Login, Push, PushResult, RowUpdate, Session};
use aio_core::tables::CONTACTS;
use aio_core::team::profile;
use aio_core::{sync, Actor};
use anyhow::{bail, Context, Result};
use serde_json::json;
use uuid::Uuid;
use yrs::{Doc, Map, ReadTxn, StateVector, Transact};

use super::server::{ms, p50_p99, percentile, second_device, sign_up, upload, Server, PASSWORD};

fn copy_db(source: &Connection, to: &Path) -> Result<(Connection, Actor)> {
    source.execute("VACUUM INTO ?1", [to.to_string_lossy()])?;
    let (conn, _) = db::open(to, OpenMode::Existing)?;
    let actor = profile::actor(&conn, None)?;
    Ok((conn, actor))
}

/// Where the benchmark's server keeps its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Storage {
    /// One process on a SQLite file
    Sqlite,
    /// One process on PostgreSQL
    Postgres,
    /// Two processes on one PostgreSQL database: the first device and half the pushing
    /// clients on one, the second device and the other half on the other
    Postgres2,
}

/// The servers of a run: one, or two on one PostgreSQL database.
fn servers(dir: &Path, storage: Storage, database: Option<&str>) -> Result<Vec<Server>> {
    if storage == Storage::Sqlite {
        return Ok(vec![Server::start(&dir.join("server.sqlite3"), &[])?]);
    }
    let url = database.context("database: give --database postgres://... for the postgres runs")?;
    let processes = if storage == Storage::Postgres2 { 2 } else { 1 };
    (0..processes)
        .map(|i| {
            let replicas = dir.join(format!("replicas-{i}"));
            Server::start_on(
                &["--database", url, "--replicas", &replicas.to_string_lossy()],
                &[],
            )
        })
        .collect()
}

/// A new, empty database beside the one `--database` names, for one PostgreSQL run: each
/// run uploads the same demo organisation, which a database may hold once. Dropped with
/// this value.
struct RunDatabase {
    admin: String,
    name: String,
    url: String,
}

impl RunDatabase {
    fn create(admin: &str) -> Result<RunDatabase> {
        let name = format!("aio_bench_{}", &Uuid::new_v4().simple().to_string()[..12]);
        let mut client = postgres::Client::connect(admin, postgres::NoTls)
            .context("database: connecting to make the run's database")?;
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .context("database: the bench makes a database per run (CREATEDB needed)")?;
        // postgres://who@host:port/database?options: the same with this run's name.
        let (base, options) = admin.split_once('?').unwrap_or((admin, ""));
        let server = match base.rfind('/') {
            Some(at) if at > base.find("://").map_or(0, |i| i + 2) => &base[..at],
            _ => base,
        };
        let options = if options.is_empty() {
            String::new()
        } else {
            format!("?{options}")
        };
        Ok(RunDatabase {
            admin: admin.to_string(),
            url: format!("{server}/{name}{options}"),
            name,
        })
    }
}

impl Drop for RunDatabase {
    fn drop(&mut self) {
        let dropped = postgres::Client::connect(&self.admin, postgres::NoTls).and_then(|mut c| {
            c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ))
        });
        if let Err(e) = dropped {
            eprintln!("the run's database {} stays: {e}", self.name);
        }
    }
}

pub fn run(
    source: &Connection,
    runs: usize,
    clients: &[usize],
    storage: Storage,
    database: Option<&str>,
) -> Result<()> {
    let dir = tempfile::tempdir()?;
    println!("\n== storage: {storage:?}");
    if storage == Storage::Sqlite {
        write_overhead(source, &dir.path().join("write.sqlite3"), runs)?;
    }
    let run_database = match (storage, database) {
        (Storage::Sqlite, _) | (_, None) => None,
        (_, Some(url)) => Some(RunDatabase::create(url)?),
    };
    let servers = servers(
        dir.path(),
        storage,
        run_database.as_ref().map(|d| d.url.as_str()),
    )?;
    let (server, other) = (&servers[0], &servers[servers.len() - 1]);
    let email = format!("bench-{}@bench.test", Uuid::new_v4().simple());

    // The laptop uploads everything; a second device bootstraps it.
    let (mut laptop, _) = copy_db(source, &dir.path().join("laptop.sqlite3"))?;
    let contacts = records::count(
        &laptop,
        &profile::actor(&laptop, None)?,
        &CONTACTS,
        &ListQuery::default(),
    )?;
    sign_up(&mut laptop, &server.1, &email)?;
    let (up, took) = upload(&mut laptop)?;
    println!(
        "\nupload {} rows ({contacts} contacts) from the first device: {:.2} s",
        up.pushed,
        took.as_secs_f64()
    );
    settle_booking_pages(&server.1, &laptop)?;
    // The second device signs in to the other process, when there are two.
    let mut desktop = second_device(&dir.path().join("desktop.sqlite3"), &other.1, &email)?;
    let started = Instant::now();
    let down = aio_sync::sync_now(&mut desktop)?;
    let bootstrap = started.elapsed();
    let desktop_actor = profile::actor(&desktop, None)?;
    let arrived = records::count(&desktop, &desktop_actor, &CONTACTS, &ListQuery::default())?;
    println!(
        "bootstrap a new device: {} rows, {arrived} contacts stored and visible in {:.2} s (target < 10 s){}",
        down.bootstrapped_rows,
        bootstrap.as_secs_f64(),
        if arrived == contacts {
            ""
        } else {
            "  MISSING CONTACTS"
        }
    );
    if down.pushed > 0 {
        println!(
            "  the new device pushed {} updates of its own in that round",
            down.pushed
        );
    }
    // What the app's sync worker does next, in the background: sort indexes and search.
    let started = Instant::now();
    let finished = aio_core::deferred::finish(&mut desktop)?;
    let indexing = started.elapsed();
    println!(
        "  then, in the background: {} sort indexes rebuilt and {} contacts indexed for search in {:.2} s (total {:.2} s)",
        finished.indexes,
        finished.contacts_indexed,
        indexing.as_secs_f64(),
        (bootstrap + indexing).as_secs_f64()
    );

    let plain = plain_copy(
        &dir.path().join("desktop.sqlite3"),
        &dir.path().join("plain.sqlite3"),
    )?;
    println!(
        "  plain SQLite, the same rows and documents copied by INSERT … SELECT (no triggers, same indexes put off, foreign keys not checked): {:.2} s  ratio {:.2}",
        plain.as_secs_f64(),
        bootstrap.as_secs_f64() / plain.as_secs_f64()
    );

    latency(&mut laptop, &mut desktop, runs.min(200))?;
    let urls: Vec<&str> = servers.iter().map(|s| s.1.as_str()).collect();
    for &n in clients {
        throughput(&urls, &email, n.max(1))?;
    }
    // The servers let go of the run's database before it is dropped.
    drop(servers);
    drop(run_database);
    Ok(())
}

/// The bootstrap's baseline: the rows a new device stored, and their documents, copied
/// into an empty database by plain SQLite in one transaction: the same tables with
/// their unique indexes, without the indexes a bootstrap puts off, without triggers.
fn plain_copy(from: &Path, to: &Path) -> Result<Duration> {
    let (mut conn, _) = db::open(to, OpenMode::CreateIfMissing)?;
    let tx = conn.transaction()?;
    for table in sync::synced_tables() {
        aio_core::deferred::drop_indexes(&tx, table)?;
    }
    let triggers: Vec<String> = tx
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")?
        .query_map([], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    for name in triggers {
        tx.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
    }
    tx.commit()?;
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    conn.execute("ATTACH ?1 AS source", [from.to_string_lossy()])?;
    let started = Instant::now();
    let tx = conn.transaction()?;
    for table in sync::synced_tables().map(|t| t.name).chain(["sync_docs"]) {
        let columns: String = tx.query_row(
            "SELECT group_concat(name, ', ') FROM pragma_table_info(?1)",
            [table],
            |r| r.get(0),
        )?;
        tx.execute_batch(&format!(
            "INSERT INTO main.{table} ({columns}) SELECT {columns} FROM source.{table}"
        ))?;
    }
    tx.commit()?;
    Ok(started.elapsed())
}

/// A contact edit through the core with its sync bookkeeping (dirty mark, document
/// update, outbox entry, audit) against a plain SQLite UPDATE of the same column.
fn write_overhead(source: &Connection, path: &Path, runs: usize) -> Result<()> {
    let (mut conn, actor) = copy_db(source, path)?;
    let ids: Vec<Uuid> = records::list(
        &conn,
        &actor,
        &CONTACTS,
        &ListQuery {
            limit: Some(200),
            ..ListQuery::default()
        },
    )?
    .items
    .iter()
    .filter_map(|r| r["id"].as_str().and_then(|s| Uuid::parse_str(s).ok()))
    .collect();
    if ids.is_empty() {
        bail!("no contacts to edit: run `aio-crm demo` first");
    }
    // Documents exist for every row edited, as on a device that has synced before.
    {
        let tx = conn.transaction()?;
        sync::flush(&tx)?;
        tx.commit()?;
    }
    let mut core = Vec::with_capacity(runs);
    for i in 0..runs {
        let id = ids[i % ids.len()];
        let started = Instant::now();
        records::update(
            &mut conn,
            &actor,
            &CONTACTS,
            id,
            json!({ "title": format!("Title {i}") })
                .as_object()
                .cloned()
                .unwrap_or_default(),
        )?;
        let tx = conn.transaction()?;
        sync::flush(&tx)?;
        tx.commit()?;
        core.push(started.elapsed());
    }
    let mut plain = Vec::with_capacity(runs);
    for i in 0..runs {
        let id = ids[i % ids.len()].to_string();
        let started = Instant::now();
        conn.execute(
            "UPDATE contacts SET title = ?1 WHERE id = ?2",
            [format!("Plain {i}"), id],
        )?;
        plain.push(started.elapsed());
    }
    core.sort();
    plain.sort();
    let (c, p) = (percentile(&core, 50), percentile(&plain, 50));
    println!(
        "contact edit with sync bookkeeping            median {:>7.3} ms  p95 {:>7.3} ms | plain SQLite UPDATE median {:>7.3} ms  ratio {:>5.1}",
        ms(c),
        ms(percentile(&core, 95)),
        ms(p),
        c.as_secs_f64() / p.as_secs_f64().max(1e-9)
    );
    Ok(())
}

/// From an edit on one device to the row changed on another that listens to the
/// server's WebSocket: push, notice, pull and apply, as the desktop's worker does.
fn latency(laptop: &mut Connection, desktop: &mut Connection, runs: usize) -> Result<()> {
    let actor = profile::actor(laptop, None)?;
    let id = records::list(
        laptop,
        &actor,
        &CONTACTS,
        &ListQuery {
            limit: Some(1),
            ..ListQuery::default()
        },
    )?
    .items[0]["id"]
        .as_str()
        .and_then(|s| Uuid::parse_str(s).ok())
        .context("a contact")?;
    let mut socket = aio_sync::watch(desktop)?;
    let desktop_actor = profile::actor(desktop, None)?;
    let mut times = Vec::with_capacity(runs);
    for i in 0..runs {
        let title = format!("Latency {i}");
        let started = Instant::now();
        records::update(
            laptop,
            &actor,
            &CONTACTS,
            id,
            json!({ "title": title })
                .as_object()
                .cloned()
                .unwrap_or_default(),
        )?;
        aio_sync::sync_now(laptop)?;
        loop {
            socket.read()?;
            aio_sync::sync_now(desktop)?;
            let seen = records::get(desktop, &desktop_actor, &CONTACTS, id)?;
            if seen["title"] == title.as_str() {
                break;
            }
        }
        times.push(started.elapsed());
    }
    let first = times.first().copied().unwrap_or_default();
    println!(
        "edit-to-visible between two devices ({runs} edits)  {} (target p99 < 200 ms); the first {:.1} ms",
        p50_p99(&mut times),
        first.as_secs_f64() * 1e3
    );
    Ok(())
}

/// `clients` devices of one account push new contacts at once, each over its own
/// connection, spread over the `servers` (processes of one database); afterwards the log
/// must hold every accepted update. Also each push's round trip, p50 and p99.
fn throughput(servers: &[&str], email: &str, clients: usize) -> Result<()> {
    let http = reqwest::blocking::Client::new();
    let server = servers[0];
    let mut sessions = Vec::new();
    for i in 0..clients {
        let session: Session = http
            .post(format!("{}/v1/login", servers[i % servers.len()]))
            .json(&Login {
                email: email.into(),
                password: PASSWORD.into(),
                device_name: format!("bench {i}"),
                client_id: 0,
            })
            .send()?
            .error_for_status()?
            .json()?;
        sessions.push(session);
    }
    let org = sessions[0].organizations[0].id;
    let owner = sessions[0].account.id;
    let head_before: i64 = pull_head(&http, server, &sessions[0].token, org)?;
    const PUSHES: usize = 10;
    const PER_PUSH: usize = 50;
    let started = Instant::now();
    let accepted: Vec<Result<(usize, Vec<Duration>)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = sessions
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let server = servers[i % servers.len()];
                scope.spawn(move || -> Result<(usize, Vec<Duration>)> {
                    let http = reqwest::blocking::Client::new();
                    let mut ok = 0;
                    let mut times = Vec::with_capacity(PUSHES);
                    for _ in 0..PUSHES {
                        let sent = Instant::now();
                        let updates = (0..PER_PUSH)
                            .map(|_| new_contact(s.client_id, org, owner))
                            .collect();
                        let result: PushResult = http
                            .post(format!("{server}/v1/orgs/{org}/push"))
                            .bearer_auth(&s.token)
                            .json(&Push { updates })
                            .send()?
                            .error_for_status()?
                            .json()?;
                        times.push(sent.elapsed());
                        ok += result.results.iter().filter(|r| r.ok).count();
                    }
                    Ok((ok, times))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| bail!("a client panicked")))
            .collect()
    });
    let elapsed = started.elapsed();
    let (mut total, mut times) = (0, Vec::new());
    for a in accepted {
        let (ok, t) = a?;
        total += ok;
        times.extend(t);
    }
    times.sort();
    let logged = pull_head(&http, server, &sessions[0].token, org)? - head_before;
    println!(
        "server ({} process{}): {clients} clients pushing {} new contacts each: {total} accepted in {:.2} s = {:.0} updates/s; push of {PER_PUSH} p50 {:.1} ms p99 {:.1} ms; log grew by {logged}{}",
        servers.len(),
        if servers.len() == 1 { "" } else { "es" },
        PUSHES * PER_PUSH,
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64(),
        ms(percentile(&times, 50)),
        ms(percentile(&times, 99)),
        if logged as usize == total && total == clients * PUSHES * PER_PUSH { " (none lost)" } else { "  UPDATES LOST" }
    );
    Ok(())
}

/// After a big upload the server catches its booking-page replica of the organisation up
/// in the background (a page view would otherwise pay for it). Once, after the upload:
/// timed here by a page view, so the new device's bootstrap is timed on a settled server.
fn settle_booking_pages(server: &str, laptop: &Connection) -> Result<()> {
    let actor = profile::actor(laptop, None)?;
    let active = ListQuery {
        filters: vec![records::parse_filter(
            &aio_core::tables::BOOKING_TYPES,
            "is_active=true",
        )?],
        limit: Some(1),
        ..ListQuery::default()
    };
    let types = records::list(laptop, &actor, &aio_core::tables::BOOKING_TYPES, &active)?;
    let Some(slug) = types.items.first().and_then(|t| t["slug"].as_str()) else {
        return Ok(());
    };
    let started = Instant::now();
    reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(600))
        .build()?
        .get(format!("{server}/book/{}/{slug}", actor.organization_id))
        .send()?
        .error_for_status()?;
    println!(
        "server's booking pages ready after the upload (background catch-up): {:.2} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The organisation's log head (a one-row bootstrap page carries it; a pull from 0 would
/// be refused once the log is compacted).
fn pull_head(
    http: &reqwest::blocking::Client,
    server: &str,
    token: &str,
    org: Uuid,
) -> Result<i64> {
    let page: aio_core::sync::wire::Bootstrap = http
        .get(format!("{server}/v1/orgs/{org}/bootstrap?limit=1"))
        .bearer_auth(token)
        .send()?
        .error_for_status()?
        .json()?;
    Ok(page.cursor)
}

/// A new contact as a device of client id `client` writes it.
pub(super) fn new_contact(client: u64, org: Uuid, owner: Uuid) -> RowUpdate {
    let id = Uuid::now_v7();
    let doc = Doc::with_client_id(client);
    let map = doc.get_or_insert_map("row");
    {
        let mut txn = doc.transact_mut();
        map.insert(&mut txn, "organization_id", org.to_string());
        map.insert(&mut txn, "first_name", "Bench");
        map.insert(&mut txn, "last_name", "Client");
        map.insert(&mut txn, "email", format!("{}@bench.test", id.simple()));
        map.insert(&mut txn, "owner_id", owner.to_string());
    }
    let data = doc
        .transact()
        .encode_state_as_update_v1(&StateVector::default());
    RowUpdate {
        table: "contacts".into(),
        row_id: id.to_string(),
        data: aio_core::sync::wire::encode(&data),
        seq: None,
    }
}
