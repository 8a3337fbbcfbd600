//! `aio-crm bench workspaces`: one device syncing many organisations, against a real
//! `aio-crm serve` on loopback. An agency's laptop makes --workspaces workspaces of
//! --contacts contacts each (the agency with the full demo data) and uploads them; a second device of the same person
//! bootstraps all of them in one round (target < 10 s), then rounds with nothing to move
//! are timed (target < 200 ms). Needs the OS keyring, as `bench sync`.

use std::time::Instant;

use aio_core::db::{self, OpenMode};
use aio_core::demo;
use aio_core::records::{self, ListQuery};
use aio_core::tables::CONTACTS;
use aio_core::team::profile::{self, NewOrganization};
use anyhow::{bail, Context, Result};
use uuid::Uuid;

use super::server::{p50_p99, second_device, sign_up, upload, Server};

pub fn run(workspaces: usize, contacts: usize, rounds: usize) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(&dir.path().join("server.sqlite3"), &[])?;
    let email = format!("agency-{}@bench.test", Uuid::new_v4().simple());

    // The agency's laptop: every workspace made here first, with its demo data.
    let (mut laptop, _) = db::open(
        &dir.path().join("laptop.sqlite3"),
        OpenMode::CreateIfMissing,
    )?;
    let first = profile::ensure(&mut laptop)?;
    let anchor = chrono::Utc::now().date_naive();
    let started = Instant::now();
    let mut orgs = vec![first.organization_id];
    for i in 1..workspaces {
        let org = profile::create_organization(
            &mut laptop,
            &first,
            &NewOrganization {
                name: format!("Client {i}"),
                slug: Some(format!(
                    "client-{i}-{}",
                    &Uuid::new_v4().simple().to_string()[..8]
                )),
                parent: None,
            },
        )?;
        orgs.push(org.id);
    }
    // The agency gets the full demo (its people, calendars, pipelines, invoices...); each
    // client workspace its contacts. A member's calendars belong to one workspace only.
    demo::generate(&mut laptop, &first, &demo::Options::new(contacts, anchor))?;
    for org in &orgs[1..] {
        let actor = profile::actor(&laptop, Some(&org.to_string()))?;
        let rows = (0..contacts).map(|n| {
            serde_json::json!({
                "first_name": format!("Client{n}"),
                "last_name": "Contact",
                "email": format!("c{n}@{}.example", org.simple()),
                "status": "lead",
            })
            .as_object()
            .cloned()
            .unwrap_or_default()
        });
        records::create_many(&mut laptop, &actor, &CONTACTS, rows, "demo")?;
    }
    aio_core::deferred::finish(&mut laptop)?;
    println!(
        "{workspaces} workspaces of {contacts} contacts made on the laptop: {:.1} s",
        started.elapsed().as_secs_f64()
    );
    sign_up(&mut laptop, &server.1, &email)?;
    for org in &orgs[1..] {
        aio_sync::upload_organization(&mut laptop, *org, None).context("uploading")?;
    }
    let (up, took) = upload(&mut laptop)?;
    println!(
        "upload of every workspace: {} rows in {:.1} s",
        up.pushed,
        took.as_secs_f64()
    );

    // The same person's second device: one round bootstraps every workspace.
    let mut desktop = second_device(&dir.path().join("desktop.sqlite3"), &server.1, &email)?;
    let started = Instant::now();
    let down = aio_sync::sync_now(&mut desktop)?;
    let bootstrap = started.elapsed();
    let mut arrived = 0;
    for org in &orgs {
        let actor = profile::actor(&desktop, Some(&org.to_string()))?;
        arrived += records::count(&desktop, &actor, &CONTACTS, &ListQuery::default())?;
    }
    println!(
        "bootstrap of {} workspaces on a new device: {} rows, {arrived} contacts in {:.2} s (target < 10 s){}",
        down.organizations.len(),
        down.bootstrapped_rows,
        bootstrap.as_secs_f64(),
        if arrived as usize == workspaces * contacts { "" } else { "  MISSING CONTACTS" }
    );
    let started = Instant::now();
    aio_core::deferred::finish(&mut desktop)?;
    println!(
        "  then, in the background: indexes and search of every workspace in {:.2} s",
        started.elapsed().as_secs_f64()
    );

    // Rounds with nothing to move: the account's organisations, each one's members, an
    // empty pull, its numbers (the first rounds reserve blocks: warmed up first).
    for _ in 0..2 {
        aio_sync::sync_now(&mut desktop)?;
    }
    let mut times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let started = Instant::now();
        let round = aio_sync::sync_now(&mut desktop)?;
        times.push(started.elapsed());
        if round.pushed + round.pulled > 0 {
            bail!(
                "a round moved {} updates where nothing changed",
                round.pushed + round.pulled
            );
        }
    }
    println!(
        "a full sync round of {workspaces} workspaces with nothing changed ({rounds} rounds)  {} (target < 200 ms)",
        p50_p99(&mut times)
    );
    Ok(())
}
