//! `aio-crm bench crm`: figures for the CRM screens on the database given (fill it with
//! `aio-crm demo --contacts 100000` first). Each operation runs through the core, then
//! the same work as one hand-written SQL statement on the same connection: the plain
//! SQLite baseline, so the ratio shows what the core's layers cost.

use std::time::{Duration, Instant};

use aio_core::crm::{search, transfer};
use aio_core::db;
use aio_core::db::Connection;
use aio_core::records::{self, Filter, FilterOp, ListQuery, Sort};
use aio_core::tables::{CONTACTS, CUSTOM_FIELD_DEFINITIONS};
use aio_core::team::profile;
use aio_core::Actor;
use anyhow::{bail, Result};
use serde_json::json;

/// Runs `f` `runs` times (after one warm-up) and returns the sorted durations.
pub(super) fn time(runs: usize, mut f: impl FnMut() -> Result<usize>) -> Result<Vec<Duration>> {
    let mut out = Vec::with_capacity(runs);
    let mut rows = f()?;
    for _ in 0..runs {
        let started = Instant::now();
        rows = std::hint::black_box(f()?);
        out.push(started.elapsed());
    }
    if rows == 0 {
        bail!("the benchmark query found nothing: is there demo data?");
    }
    out.sort();
    Ok(out)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub(super) fn report(name: &str, core: &[Duration], plain: &[Duration]) {
    let median = |v: &[Duration]| v[v.len() / 2];
    let p95 = |v: &[Duration]| v[(v.len() * 95 / 100).min(v.len() - 1)];
    println!(
        "{name:<44} median {:>8.3} ms  p95 {:>8.3} ms  | plain SQLite median {:>8.3} ms  ratio {:>5.2}",
        ms(median(core)),
        ms(p95(core)),
        ms(median(plain)),
        median(core).as_secs_f64() / median(plain).as_secs_f64().max(1e-9),
    );
}

pub(super) fn count_rows(
    conn: &Connection,
    sql: &str,
    params: &[&dyn aio_core::db::ToSql],
) -> Result<usize> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params)?;
    let mut n = 0;
    while rows.next()?.is_some() {
        n += 1;
    }
    Ok(n)
}

pub fn crm(conn: &Connection, actor: &Actor, runs: usize) -> Result<()> {
    let org = actor.organization_id.to_string();
    let contacts = records::count(conn, actor, &CONTACTS, &ListQuery::default())?;
    println!("{contacts} contacts in the organization; {runs} runs each\n");

    let page = ListQuery {
        filters: vec![
            Filter {
                field: "status".into(),
                op: FilterOp::Eq,
                value: Some(json!("lead")),
            },
            Filter {
                field: "lead_score".into(),
                op: FilterOp::Gte,
                value: Some(json!(50)),
            },
        ],
        sort: Some(Sort {
            field: "last_name".into(),
            desc: false,
        }),
        limit: Some(50),
        ..ListQuery::default()
    };
    let core = time(runs, || {
        Ok(records::list(conn, actor, &CONTACTS, &page)?.items.len())
    })?;
    let plain = time(runs, || {
        count_rows(
            conn,
            "SELECT * FROM contacts WHERE organization_id = ? AND deleted_at IS NULL AND status = 'lead'
               AND lead_score >= 50 ORDER BY last_name COLLATE NOCASE, id LIMIT 50",
            &[&org],
        )
    })?;
    report("page of 50: lead, score >= 50, by last name", &core, &plain);

    let recent = ListQuery {
        limit: Some(50),
        ..ListQuery::default()
    };
    let core = time(runs, || {
        Ok(records::list(conn, actor, &CONTACTS, &recent)?.items.len())
    })?;
    let plain = time(runs, || {
        count_rows(
            conn,
            "SELECT * FROM contacts WHERE organization_id = ? AND deleted_at IS NULL
             ORDER BY created_at DESC, id DESC LIMIT 50",
            &[&org],
        )
    })?;
    report("page of 50: newest first", &core, &plain);

    // The list sorts on any column; the common ones have indexes shaped for it.
    for (field, desc, expr) in [
        ("first_name", false, "first_name COLLATE NOCASE"),
        ("company", false, "company COLLATE NOCASE"),
        ("lead_score", true, "lead_score"),
        ("last_contacted_at", true, "last_contacted_at"),
        ("email", false, "email COLLATE NOCASE"),
        ("status", false, "status"),
    ] {
        let query = ListQuery {
            sort: Some(Sort {
                field: field.into(),
                desc,
            }),
            limit: Some(50),
            ..ListQuery::default()
        };
        let dir = if desc { "DESC" } else { "ASC" };
        let sql = format!(
            "SELECT * FROM contacts WHERE organization_id = ? AND deleted_at IS NULL ORDER BY {expr} {dir}, id {dir} LIMIT 50"
        );
        let core = time(runs, || {
            Ok(records::list(conn, actor, &CONTACTS, &query)?.items.len())
        })?;
        let plain = time(runs, || count_rows(conn, &sql, &[&org]))?;
        report(
            &format!(
                "page of 50 sorted by {field}{}",
                if desc { " (desc)" } else { "" }
            ),
            &core,
            &plain,
        );
    }

    // Search words taken from a stored contact, so they match on any demo database.
    let (first, last): (String, String) = conn.query_row(
        "SELECT first_name, last_name FROM contacts WHERE organization_id = ? AND deleted_at IS NULL
         ORDER BY id LIMIT 1",
        [&org],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let prefix = |s: &str| s.chars().take(3).collect::<String>().to_lowercase();
    let one = prefix(&first);
    let two = format!("{first} {}", prefix(&last));
    // The core searches contacts and companies; the baseline is the contacts query alone.
    for text in [one, two] {
        let core = time(runs, || Ok(search::search(conn, actor, &text, 20)?.len()))?;
        let plain = time(runs, || {
            count_rows(
                conn,
                "SELECT s.contact_id FROM contacts_fts JOIN contact_search s ON s.key = contacts_fts.rowid
                 WHERE contacts_fts MATCH ? AND s.organization_id = ? ORDER BY rank LIMIT 20",
                &[&search::fts_query(&text), &org],
            )
        })?;
        report(
            &format!("full-text prefix search \"{text}\""),
            &core,
            &plain,
        );
    }

    let filter = ListQuery {
        filters: page.filters.clone(),
        ..ListQuery::default()
    };
    let core = time(runs, || {
        Ok(records::count(conn, actor, &CONTACTS, &filter)? as usize)
    })?;
    let plain = time(runs, || {
        let n: i64 = conn
            .prepare_cached(
                "SELECT count(*) FROM contacts WHERE organization_id = ? AND deleted_at IS NULL
               AND status = 'lead' AND lead_score >= 50",
            )?
            .query_row([&org], |r| r.get(0))?;
        Ok(n as usize)
    })?;
    report("count: lead, score >= 50", &core, &plain);
    Ok(())
}

/// Exports the organisation's contacts to CSV, then imports that file into a copy of the
/// database (as a new organisation, so every row is new), beside plain SQLite inserting
/// the same parsed rows into another copy. Each copy already holds the source's rows, as
/// a real database would.
pub fn import(conn: &Connection, actor: &Actor) -> Result<()> {
    let started = Instant::now();
    let mut csv = Vec::new();
    let exported = transfer::export(conn, actor, &ListQuery::default(), &mut csv)?;
    let export_time = started.elapsed();
    println!(
        "\nexport {exported} contacts to CSV ({:.1} MB): {:.2} s",
        csv.len() as f64 / 1e6,
        export_time.as_secs_f64()
    );
    let dir = tempfile::tempdir()?;

    let core_path = dir.path().join("core.sqlite3");
    conn.execute("VACUUM INTO ?1", [core_path.to_string_lossy()])?;
    let (mut copy, _) = db::open(&core_path, db::OpenMode::Existing)?;
    let bench_actor = new_organization(&mut copy, actor, "bench-import")?;
    let started = Instant::now();
    let file = transfer::read_csv("contacts.csv", &csv)?;
    let mut options = transfer::ImportOptions {
        mapping: transfer::describe(&copy, &bench_actor, &file)?.mapping,
        on_duplicate: transfer::OnDuplicate::Merge,
    };
    // The source's team is not in the new organisation: contacts go to the importer.
    for (header, target) in file.headers.iter().zip(options.mapping.iter_mut()) {
        if header == "Owner" {
            *target = None;
        }
    }
    let report = transfer::import(
        &mut copy,
        &bench_actor,
        &file,
        &options,
        &transfer::Progress::default(),
    )?;
    let core_time = started.elapsed();
    let started = Instant::now();
    let finished = aio_core::deferred::finish(&mut copy)?;
    let finish_time = started.elapsed();
    if report.imported != exported || !report.rejected.is_empty() {
        bail!(
            "import took {} of {exported} rows; first rejection: {:?}",
            report.imported,
            report.rejected.first()
        );
    }

    let plain_path = dir.path().join("plain.sqlite3");
    conn.execute("VACUUM INTO ?1", [plain_path.to_string_lossy()])?;
    let (mut plain, _) = db::open(&plain_path, db::OpenMode::Existing)?;
    let plain_actor = new_organization(&mut plain, actor, "bench-plain")?;
    let started = Instant::now();
    plain_insert(&mut plain, &plain_actor, &csv)?;
    let plain_time = started.elapsed();
    println!(
        "{:<44} {:>8.2} s {:>16} | plain SQLite {:>8.2} s  ratio {:>5.2}",
        format!("import {exported} contacts from CSV"),
        core_time.as_secs_f64(),
        "",
        plain_time.as_secs_f64(),
        core_time.as_secs_f64() / plain_time.as_secs_f64().max(1e-9)
    );
    println!(
        "  then, in the background: {} sort indexes rebuilt and {} contacts indexed for search in {:.2} s (total {:.2} s)",
        finished.indexes,
        finished.contacts_indexed,
        finish_time.as_secs_f64(),
        (core_time + finish_time).as_secs_f64()
    );
    println!(
        "  (core: decode, map, check every field, merge by email, tags, audit, undo batch, commit;"
    );
    println!("   plain: csv parse and one prepared INSERT per row with the schema's triggers and indexes)");
    Ok(())
}

fn new_organization(conn: &mut Connection, actor: &Actor, slug: &str) -> Result<Actor> {
    let org = profile::create_organization(
        conn,
        actor,
        &profile::NewOrganization {
            name: slug.into(),
            slug: Some(slug.into()),
            parent: None,
        },
    )?;
    let bench = Actor {
        organization_id: org.id,
        ..*actor
    };
    // The same custom fields, so their columns import too.
    let defs = records::list(
        conn,
        actor,
        &CUSTOM_FIELD_DEFINITIONS,
        &ListQuery {
            limit: Some(1000),
            ..ListQuery::default()
        },
    )?;
    for mut def in defs.items {
        for system in [
            "id",
            "organization_id",
            "created_at",
            "updated_at",
            "deleted_at",
        ] {
            def.remove(system);
        }
        records::create(conn, &bench, &CUSTOM_FIELD_DEFINITIONS, def)?;
    }
    Ok(bench)
}

/// The baseline: parse the CSV and insert its columns as they are, one prepared statement.
fn plain_insert(conn: &mut Connection, actor: &Actor, csv: &[u8]) -> Result<()> {
    let mut reader = ::csv::Reader::from_reader(csv);
    let headers = reader.headers()?.clone();
    let at = |name: &str| -> Result<usize> {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| anyhow::anyhow!("the export has no {name} column"))
    };
    let columns = [
        "First name",
        "Last name",
        "Email",
        "Phone",
        "Company",
        "Status",
        "Lead score",
        "Tags",
    ]
    .map(at);
    let [first, last, email, phone, company, status, score, tags] = columns;
    let (first, last, email, phone, company, status, score, tags) = (
        first?, last?, email?, phone?, company?, status?, score?, tags?,
    );
    let tx = conn.transaction()?;
    {
        let mut stmt = tx.prepare(
            "INSERT INTO contacts (id, organization_id, first_name, last_name, email, phone, company, owner_id, status, lead_score, tags)
             VALUES (?, ?, ?, ?, ?, nullif(?, ''), nullif(?, ''), ?, ?, CAST(nullif(?, '') AS INTEGER), ?)",
        )?;
        let org = actor.organization_id.to_string();
        let owner = actor.user_id.to_string();
        for record in reader.records() {
            let r = record?;
            let tag_list: Vec<&str> = r[tags].split("; ").filter(|t| !t.is_empty()).collect();
            stmt.execute(aio_core::db::params![
                uuid::Uuid::now_v7().to_string(),
                org,
                &r[first],
                &r[last],
                &r[email],
                &r[phone],
                &r[company],
                owner,
                &r[status],
                &r[score],
                serde_json::to_string(&tag_list)?,
            ])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// `aio-crm bench slots`: the slot engine over 60 days for a host with 2,000 events (in
/// a temporary database), beside the plain SQLite read of those events alone.
pub fn slots(runs: usize) -> Result<()> {
    use aio_core::calendar::slots::{self, SlotRequest};
    use aio_core::tables::{
        AVAILABILITY_RULES, BOOKING_SETTINGS, BOOKING_TYPES, CALENDARS, EVENTS,
    };
    use chrono::{Duration as Span, NaiveDate, TimeZone, Utc};

    let dir = tempfile::tempdir()?;
    let (mut conn, _) = db::open(
        &dir.path().join("slots.sqlite3"),
        db::OpenMode::CreateIfMissing,
    )?;
    let actor = profile::ensure(&mut conn)?;
    let create = |conn: &mut Connection, table, input: serde_json::Value| -> Result<String> {
        let serde_json::Value::Object(input) = input else {
            bail!("not an object")
        };
        let row = records::create(conn, &actor, table, input)?;
        Ok(row["id"].as_str().unwrap_or_default().to_string())
    };
    create(
        &mut conn,
        &BOOKING_SETTINGS,
        json!({"booking_page_title": "Book", "background_color": "#ffffff",
               "primary_color": "#2563eb", "text_color": "#111111", "timezone": "Europe/Berlin"}),
    )?;
    create(
        &mut conn,
        &BOOKING_TYPES,
        json!({"name": "Consultation", "slug": "consultation", "description": "30 minutes",
               "duration_minutes": 30, "buffer_before_minutes": 10, "buffer_after_minutes": 10,
               "slot_interval_minutes": 15, "color": "#2563eb", "minimum_notice_minutes": 60,
               "booking_window_days": 90}),
    )?;
    for weekday in 1..=5 {
        create(
            &mut conn,
            &AVAILABILITY_RULES,
            json!({"day_of_week": weekday, "start_time": "08:00", "end_time": "18:00"}),
        )?;
    }
    let calendar = create(
        &mut conn,
        &CALENDARS,
        json!({"name": "Work", "color": "#16a34a"}),
    )?;
    let start = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
    let base = Utc.from_utc_datetime(&start.and_hms_opt(0, 0, 0).unwrap_or_default());
    // 2,000 events spread over the 60 days: about 33 a day, 15 to 75 minutes long, in
    // and out of working hours (a deterministic spread, no randomness to reseed).
    for i in 0..2000i64 {
        let at = base + Span::minutes((i * 43 + (i * i) % 97) % (60 * 24 * 60));
        let end = at + Span::minutes(15 + (i % 5) * 15);
        create(
            &mut conn,
            &EVENTS,
            json!({"calendar_id": calendar, "title": format!("Meeting {i}"),
                   "start_time": aio_core::values::timestamp_text(at),
                   "end_time": aio_core::values::timestamp_text(end)}),
        )?;
    }
    let request = SlotRequest {
        from: start,
        days: 60,
        tz: slots::zone("tz", "America/New_York")?,
        now: base - Span::days(1),
    };
    let found = slots::slots(&conn, &actor, "consultation", &request)?.len();
    let core = time(runs, || {
        Ok(slots::slots(&conn, &actor, "consultation", &request)?.len())
    })?;
    let plain = time(runs, || {
        count_rows(
            &conn,
            "SELECT start_time, end_time FROM events WHERE user_id = ?1 AND deleted_at IS NULL
             AND status <> 'cancelled' AND start_time < ?3 AND end_time > ?2",
            &[
                &actor.user_id.to_string(),
                &aio_core::values::timestamp_text(base),
                &aio_core::values::timestamp_text(base + Span::days(60)),
            ],
        )
    })?;
    println!("slot engine: 60 days, 2000 events, 30-minute meetings every 15 minutes; {found} free slots; {runs} runs\n");
    report("free slots over 60 days (read + compute)", &core, &plain);
    Ok(())
}

/// `aio-crm bench booking`: what a visitor waits for on a public booking page, over HTTP
/// on one kept-alive connection (as a browser does): the page, and two weeks of slots.
pub fn booking(url: &str, runs: usize) -> Result<()> {
    let http = reqwest::blocking::Client::new();
    let url = url.trim_end_matches('/');
    let from = chrono::Utc::now().date_naive();
    let slots = format!("{url}/slots?from={from}&days=14&tz=Europe/Berlin");
    let get = |target: &str| -> Result<usize> {
        let res = http.get(target).send()?;
        if !res.status().is_success() {
            bail!("{target}: {}", res.status());
        }
        Ok(res.bytes()?.len())
    };
    // The server allows one address 120 slot lists a minute (one more is the warm-up).
    let slot_runs = runs.min(110);
    for (name, target, runs) in [
        ("GET booking page", url, runs),
        ("GET slots (14 days)", slots.as_str(), slot_runs),
    ] {
        let times = time(runs, || get(target))?;
        println!(
            "{name:<24} median {:>8.3} ms  p95 {:>8.3} ms  ({runs} requests)",
            ms(times[times.len() / 2]),
            ms(times[(times.len() * 95 / 100).min(times.len() - 1)]),
        );
    }
    Ok(())
}
