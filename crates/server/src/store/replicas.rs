//! The public pages' replicas: per organisation, an aio-core database beside the
//! server's file, brought up to date from the log before each use, so the slot engine
//! and the record path run on the server exactly as on a device. What a page writes into
//! a replica is pushed into the log as the owner's "public pages" device, like any
//! device's updates (every push check applies). Changes of one organisation are made one
//! at a time under its replica's lock.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::args;
use aio_core::crm::search;
use aio_core::db::{self, Connection, OpenMode};
use aio_core::sync::wire::{Account, Membership, Push, RowUpdate};
use aio_core::team::accounts;
use aio_core::{deferred, settings, sync};
use uuid::Uuid;

use super::accounts::{account, members, new_device};
use super::log::{pull, push_then};
use super::sql::{Sql, SqlExt, Store};
use super::{parse_uuid, Caller, Refusal, Result};

/// Where the replica has read the log up to (`app_settings`).
const CURSOR: &str = "replica_cursor";
/// The owner, organisation, members and client id the replica last adopted (`app_settings`).
const ADOPTED: &str = "replica_adopted";
/// Log entries read per page while catching up.
const PAGE: usize = 2000;

/// The organisations' replicas, opened on first use.
pub struct Replicas {
    dir: PathBuf,
    open: Mutex<HashMap<Uuid, Arc<Mutex<Connection>>>>,
}

impl Replicas {
    pub fn new(dir: PathBuf) -> Replicas {
        Replicas {
            dir,
            open: Mutex::default(),
        }
    }

    fn file(&self, org: Uuid) -> PathBuf {
        self.dir.join(format!("{org}.sqlite3"))
    }

    pub fn get(&self, org: Uuid) -> Result<Arc<Mutex<Connection>>> {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(replica) = open.get(&org) {
            return Ok(replica.clone());
        }
        std::fs::create_dir_all(&self.dir)
            .map_err(|e| Refusal::Internal(format!("cannot create {}: {e}", self.dir.display())))?;
        let (mut conn, _) = db::open(&self.file(org), OpenMode::CreateIfMissing)?;
        // Nobody searches or lists on the server: its replicas keep no search index and
        // no list sort index, so a form post rewrites fewer pages.
        search::keep_none(&mut conn)?;
        aio_core::records::keep_no_list_indexes(&conn)?;
        let replica = Arc::new(Mutex::new(conn));
        open.insert(org, replica.clone());
        Ok(replica)
    }
}

/// The organisation's replica, locked and up to date with the log.
pub fn ready<'a>(
    server: &Store,
    pages: &PublicPages,
    replica: &'a Mutex<Connection>,
) -> Result<std::sync::MutexGuard<'a, Connection>> {
    let mut conn = replica.lock().unwrap_or_else(|p| p.into_inner());
    let org = pages.organization.id;
    // The owner, the organisation and its members as local rows, with the pages' own
    // yrs client id: what rows name and what the replica writes as.
    let members = members(&mut *server.conn()?, &pages.caller, org)?;
    // Adopted again only when they changed: every form batch and page view comes here,
    // and rewriting the same rows each time cost a replica commit per batch.
    let adopted = serde_json::json!([
        pages.caller.client_id,
        pages.owner,
        pages.organization,
        members
    ])
    .to_string();
    if settings::get(&conn, ADOPTED)?.as_deref() != Some(adopted.as_str()) {
        let tx = conn.transaction()?;
        sync::set_client_id(&tx, pages.caller.client_id)?;
        accounts::adopt(
            &tx,
            &pages.owner,
            &pages.organization,
            false,
            chrono::Utc::now(),
        )?;
        tx.commit()?;
        accounts::adopt_members(&mut conn, org, &members, chrono::Utc::now())?;
        settings::set(&conn, ADOPTED, &adopted)?;
    }
    catch_up(&mut conn, server, pages)?;
    Ok(conn)
}

/// Catches the replica of `org` up with the log when the organisation has booking types
/// (a page view would otherwise pay for it, after a big upload a whole bootstrap).
pub fn warm(replicas: &Replicas, server: &Store, org: Uuid) -> Result<()> {
    let has_pages = has_rows(server, org, "booking_types")?;
    if has_pages {
        let pages = public_pages(server, &org.to_string())?;
        let replica = replicas.get(org)?;
        drop(ready(server, &pages, &replica)?);
    }
    Ok(())
}

/// Whether any device ever wrote a row of `table` in `org`.
pub fn has_rows(server: &Store, org: Uuid, table: &str) -> Result<bool> {
    server.conn()?.one(
        "SELECT EXISTS (SELECT 1 FROM rows WHERE organization_id = ?1 AND table_name = ?2)",
        args![org.to_string(), table],
    )
}

/// Applies every log entry after the replica's cursor, its own writes included (applying
/// them again changes nothing, and a crash between the log's commit and the replica's
/// loses nothing); from snapshots when the log before the cursor is compacted.
fn catch_up(conn: &mut Connection, server: &Store, pages: &PublicPages) -> Result<()> {
    let org = pages.organization.id;
    // A reader that skips no device's updates.
    let reader = Caller {
        device_id: Uuid::nil(),
        ..pages.caller.clone()
    };
    let mut cursor: i64 = settings::get(conn, CURSOR)?
        .and_then(|c| c.parse().ok())
        .unwrap_or(-1);
    loop {
        let page = if cursor < 0 {
            Err(Refusal::Gone("never read".into()))
        } else {
            pull(&mut *server.conn()?, &reader, org, cursor, PAGE)
        };
        match page {
            Ok(pull) => {
                apply(conn, &pull.updates, pull.cursor)?;
                cursor = pull.cursor;
                if !pull.more {
                    return Ok(());
                }
            }
            Err(Refusal::Gone(_)) => {
                cursor = bootstrap(conn, server, &reader, org)?;
            }
            Err(e) => return Err(e),
        }
    }
}

/// A new replica's copy of the organisation, stored as a new device stores it
/// (`aio_core::sync::bootstrap`), with its indexes built before the pages use it.
fn bootstrap(conn: &mut Connection, server: &Store, reader: &Caller, org: Uuid) -> Result<i64> {
    let fetch =
        |after: Option<&str>| super::log::bootstrap(&mut *server.conn()?, reader, org, after, PAGE);
    let done = aio_core::sync::bootstrap::run(conn, fetch, |tx, cursor| {
        Ok(settings::set(tx, CURSOR, &cursor.to_string())?)
    })?;
    if done.indexing {
        deferred::finish(conn)?;
    }
    Ok(done.cursor)
}

/// Applies one page of updates and records the cursor in the same transaction.
fn apply(conn: &mut Connection, updates: &[RowUpdate], cursor: i64) -> Result<()> {
    let updates = updates
        .iter()
        .cloned()
        .map(RowUpdate::into_remote)
        .collect::<aio_core::Result<Vec<_>>>()?;
    let tx = conn.transaction()?;
    sync::apply_remote(&tx, &updates)?;
    settings::set(&tx, CURSOR, &cursor.to_string())?;
    tx.commit()?;
    Ok(())
}

/// Pushes what `tx` wrote into the log as the pages' device, with `then` (the server's
/// own records of it: bookings, links, mail) in the log's transaction; the replica
/// commits only once the log has it all. Returns the log's new head.
pub fn commit(
    tx: rusqlite::Transaction<'_>,
    server: &Store,
    pages: &PublicPages,
    then: impl FnOnce(&mut dyn Sql) -> Result<()>,
) -> Result<i64> {
    sync::flush(&tx)?;
    let entries = sync::outbox(&tx, 1000)?;
    let push = Push {
        updates: entries.iter().map(RowUpdate::from_outbox).collect(),
    };
    let result = {
        push_then(
            &mut *server.conn()?,
            &pages.caller,
            pages.organization.id,
            &push,
            |log, result| {
                if let Some(refused) = result.results.iter().find_map(|r| r.error.clone()) {
                    return Err(Refusal::Internal(format!(
                        "the log refused the change: {refused}"
                    )));
                }
                then(log)
            },
        )?
    };
    if let Some(last) = entries.last() {
        sync::acknowledge(&tx, last.seq)?;
    }
    // When the log took exactly these updates right after what the replica had read (no
    // device pushed in between), the replica already holds everything up to the new
    // head: reading its own writes back on the next use would change nothing, and cost
    // a submission's worth of merging every time.
    let cursor: Option<i64> = settings::get(&tx, CURSOR)?.and_then(|c| c.parse().ok());
    if let Some(cursor) = cursor {
        let seqs: Vec<Option<i64>> = result.results.iter().map(|r| r.seq).collect();
        let contiguous = seqs
            .iter()
            .enumerate()
            .all(|(i, seq)| *seq == Some(cursor + 1 + i as i64));
        if contiguous && cursor + seqs.len() as i64 == result.head {
            settings::set(&tx, CURSOR, &result.head.to_string())?;
        }
    }
    tx.commit()?;
    Ok(result.head)
}

/// Who writes what the public pages of an organisation create (bookings, later form
/// entries): a device of the organisation's owner kept for those pages, made on first
/// use, so every check a push gets applies to them too.
#[derive(Debug, Clone)]
pub struct PublicPages {
    pub organization: Membership,
    pub owner: Account,
    pub caller: Caller,
}

/// `org` is the organisation's slug (what public addresses use) or its id.
fn public_pages_in(conn: &mut dyn Sql, org: &str) -> Result<PublicPages> {
    let found: Option<(String, String, String)> = conn.query_opt(
        "SELECT id, name, slug FROM organizations WHERE slug = ?1 OR id = ?1",
        args![org],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let Some((org_id, name, slug)) = found else {
        return Err(Refusal::NotFound(format!(
            "no organisation with the address \"{org}\""
        )));
    };
    let owner: String = conn
        .opt(
            "SELECT account_id FROM memberships WHERE organization_id = ?1 AND role = 'owner'
             ORDER BY created_at LIMIT 1",
            args![org_id],
        )?
        .ok_or_else(|| Refusal::Internal(format!("organisation {org_id} has no owner")))?;
    let owner_id = parse_uuid(&owner)?;
    let device_name = format!("public pages {org_id}");
    let mut tx = conn.transaction()?;
    let device = |tx: &mut dyn Sql| -> Result<Option<(String, i64)>> {
        tx.query_opt(
            "SELECT id, client_id FROM devices WHERE account_id = ?1 AND name = ?2",
            args![owner, device_name],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    };
    let mut found = device(&mut *tx)?;
    if found.is_none() {
        // Processes making the pages' device at once take turns: one device, not two
        // (looked for again once it is this one's turn).
        super::log::lock_organization(&mut *tx, &org_id)?;
        found = device(&mut *tx)?;
    }
    let (device_id, client_id) = match found {
        Some((id, client)) => (parse_uuid(&id)?, client as u64),
        None => new_device(&mut *tx, owner_id, &device_name, 0)?,
    };
    let owner = account(&mut *tx, owner_id)?;
    tx.commit()?;
    Ok(PublicPages {
        organization: Membership {
            id: parse_uuid(&org_id)?,
            name,
            slug,
            role: "owner".into(),
            parent_id: None,
        },
        owner,
        caller: Caller {
            account_id: owner_id,
            device_id,
            client_id,
        },
    })
}

/// The public pages of organisation `org_slug` (its slug or id), on the server's store.
pub fn public_pages(server: &Store, org_slug: &str) -> Result<PublicPages> {
    public_pages_in(&mut *server.conn()?, org_slug)
}
