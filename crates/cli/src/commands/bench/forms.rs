//! `aio-crm bench forms`: a public form page and its submissions through a real
//! `aio-crm serve` on loopback, over an organisation with N demo contacts uploaded from a
//! laptop. Prints the page's p50/p99 (target p99 < 20 ms) and submissions per second
//! (target >= 500/s with 100k contacts). Needs the OS keyring, as `bench sync` does (run
//! inside `dbus-run-session -- scripts/with-keyring.sh` on a headless machine).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use aio_core::db::{self, OpenMode};
use aio_core::modules::forms::tables::FORMS;
use aio_core::records;
use aio_core::team::profile;
use aio_core::{demo, Actor};
use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use uuid::Uuid;

use super::server::{ms, percentile, sign_up, upload, Server};

/// The benchmark's form: what a lead form asks.
fn form_input() -> Value {
    json!({
        "name": "Free marketing audit (bench)", "slug": "bench-audit", "is_active": true, "is_public": true,
        "fields": [
            {"id": "first_name", "type": "text", "label": "First name", "required": true, "map_to": "first_name"},
            {"id": "last_name", "type": "text", "label": "Last name", "map_to": "last_name"},
            {"id": "email", "type": "email", "label": "Email", "required": true, "map_to": "email"},
            {"id": "phone", "type": "phone", "label": "Phone", "map_to": "phone"},
            {"id": "company", "type": "text", "label": "Company", "map_to": "company"},
            {"id": "budget", "type": "select", "label": "Budget", "options": ["< 1k", "1-5k", "> 5k"]},
            {"id": "details", "type": "textarea", "label": "What do you need?",
             "show_if": {"field": "budget", "op": "equals", "value": "> 5k"}},
            {"id": "news", "type": "consent", "label": "Monthly newsletter", "consent_to": "email"},
            {"id": "campaign", "type": "hidden", "label": ""},
        ],
        "settings": {"tags": ["Website lead"], "min_fill_seconds": 0},
        "thank_you_message": "Thanks! We'll be in touch.",
    })
}

pub fn run(contacts: usize, runs: usize, submissions: usize, clients: usize) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("laptop.sqlite3");
    let (mut laptop, _) = db::open(&path, OpenMode::CreateIfMissing)?;
    let actor: Actor = profile::ensure(&mut laptop)?;
    let started = Instant::now();
    demo::generate(
        &mut laptop,
        &actor,
        &demo::Options::new(contacts, chrono::Utc::now().date_naive()),
    )?;
    aio_core::deferred::finish(&mut laptop)?;
    println!(
        "demo organisation with {contacts} contacts: {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let form_input = form_input()
        .as_object()
        .cloned()
        .context("the form is an object")?;
    records::create(&mut laptop, &actor, &FORMS, form_input)?;

    let server = Server::start(
        &dir.path().join("server.sqlite3"),
        &["--form-address-limit", "0", "--form-limit", "0"],
    )?;
    let email = format!("bench-{}@bench.test", Uuid::new_v4().simple());
    sign_up(&mut laptop, &server.1, &email)?;
    let (up, took) = upload(&mut laptop)?;
    println!(
        "upload {} rows from the laptop: {:.1} s",
        up.pushed,
        took.as_secs_f64()
    );
    let actor = profile::actor(&laptop, None)?;
    let page = format!("{}/form/{}/bench-audit", server.1, actor.organization_id);
    let http = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(600))
        .build()?;
    // The first view catches the server's replica of the organisation up.
    let started = Instant::now();
    http.get(&page).send()?.error_for_status()?;
    println!(
        "first page view (the server's replica catches up with the upload): {:.1} s",
        started.elapsed().as_secs_f64()
    );

    // The page, one visitor after another.
    let mut times = Vec::with_capacity(runs);
    for i in 0..runs {
        let started = Instant::now();
        let response = http
            .get(format!("{page}?utm_source=bench&campaign=c{i}"))
            .send()?;
        let status = response.status();
        let body = response.text()?;
        times.push(started.elapsed());
        if !status.is_success() || !body.contains("name=\"_ts\"") {
            bail!("page view {i}: {status}");
        }
    }
    times.sort();
    let p99 = percentile(&times, 99);
    println!(
        "public form page (GET, {runs} views): p50 {:.2} ms, p99 {:.2} ms (target p99 < 20 ms){}",
        ms(percentile(&times, 50)),
        ms(p99),
        if p99 > Duration::from_millis(20) {
            "  OVER TARGET"
        } else {
            ""
        }
    );

    // Submissions from many visitors at once: a third are known contacts (matched by
    // email and updated), the others new.
    let known: Vec<String> = laptop
        .prepare("SELECT email FROM contacts WHERE deleted_at IS NULL ORDER BY id LIMIT 1000")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let next = AtomicUsize::new(0);
    let refused = AtomicUsize::new(0);
    let mut latencies: Vec<Duration> = Vec::with_capacity(submissions);
    let started = Instant::now();
    std::thread::scope(|scope| -> Result<()> {
        let workers: Vec<_> = (0..clients)
            .map(|_| {
                let (http, page, known, next, refused) = (&http, &page, &known, &next, &refused);
                scope.spawn(move || -> Result<Vec<Duration>> {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= submissions {
                            return Ok(mine);
                        }
                        let email = if i % 3 == 0 && !known.is_empty() {
                            known[i / 3 % known.len()].clone()
                        } else {
                            format!("visitor{i}@bench-forms.test")
                        };
                        let body = json!({
                            "first_name": format!("Visitor {i}"), "last_name": "Bench", "email": email,
                            "phone": format!("+1 555 {:07}", i), "company": "Bench Co",
                            "budget": if i % 2 == 0 { "> 5k" } else { "1-5k" }, "details": "An audit, please.",
                            "news": i % 2 == 0, "campaign": "bench",
                        });
                        let sent = Instant::now();
                        let response = http.post(format!("{page}?utm_source=bench")).json(&body).send()?;
                        mine.push(sent.elapsed());
                        if response.status().as_u16() != 201 {
                            refused.fetch_add(1, Ordering::Relaxed);
                            if refused.load(Ordering::Relaxed) == 1 {
                                eprintln!("refused: {} {}", response.status(), response.text().unwrap_or_default());
                            }
                        }
                    }
                })
            })
            .collect();
        for worker in workers {
            latencies.extend(
                worker
                    .join()
                    .map_err(|_| anyhow::anyhow!("a client panicked"))??,
            );
        }
        Ok(())
    })?;
    let elapsed = started.elapsed();
    latencies.sort();
    let rate = submissions as f64 / elapsed.as_secs_f64();
    let refused = refused.load(Ordering::Relaxed);
    println!(
        "submissions through HTTP ({clients} visitors at once, {submissions} in all, a third matching known contacts): {:.0}/s (target >= 500/s), each p50 {:.1} ms, p99 {:.1} ms{}{}",
        rate,
        ms(percentile(&latencies, 50)),
        ms(percentile(&latencies, 99)),
        if refused > 0 { format!("  {refused} REFUSED") } else { String::new() },
        if rate < 500.0 { "  UNDER TARGET" } else { "" }
    );

    // What reached the laptop.
    let started = Instant::now();
    let down = aio_sync::sync_now(&mut laptop)?;
    let stored: i64 = laptop.query_row(
        "SELECT count(*) FROM form_submissions s JOIN forms f ON f.id = s.form_id WHERE f.slug = 'bench-audit'",
        [],
        |r| r.get(0),
    )?;
    println!(
        "the laptop pulls them: {} rows in {:.1} s; {stored} submissions on the laptop",
        down.pulled,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
