//! `aio-crm bench crm`: figures for the CRM screens on the database given (fill it with
//! `aio-crm demo --contacts 100000` first). Each operation runs through the core, then
//! the same work as one hand-written SQL statement on the same connection: the plain
//! SQLite baseline, so the ratio shows what the core's layers cost.

use std::time::{Duration, Instant};

use aio_core::db::Connection;
use aio_core::records::{self, Filter, FilterOp, ListQuery, Sort};
use aio_core::tables::CONTACTS;
use aio_core::{search, Actor};
use anyhow::{bail, Result};
use serde_json::json;

/// Runs `f` `runs` times (after one warm-up) and returns the sorted durations.
fn time(runs: usize, mut f: impl FnMut() -> Result<usize>) -> Result<Vec<Duration>> {
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

fn report(name: &str, core: &[Duration], plain: &[Duration]) {
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

fn count_rows(conn: &Connection, sql: &str, params: &[&dyn aio_core::db::ToSql]) -> Result<usize> {
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
               AND lead_score >= 50 ORDER BY last_name, id LIMIT 50",
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
