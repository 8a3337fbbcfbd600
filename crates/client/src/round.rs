//! Sync rounds: bootstrap a new device, push the outbox, pull until up to date.

use aio_core::db::Connection;
use aio_core::modules::commerce::numbering;
use aio_core::settings;
use aio_core::sync::undo::{self, Refused};
use aio_core::sync::wire::*;
use aio_core::sync::{self, RemoteUpdate};
use aio_core::team::accounts;

use crate::api::Api;
use crate::transport::Transport;
use crate::{link, save_link, token, Client, Error, Link, Result, Round, LAST_ERROR, LAST_SYNC};

/// Updates per push request.
const PUSH_BATCH: usize = 500;
/// Rows or updates per page pulled.
const PAGE: usize = 1000;
/// Rows per bootstrap page (the server's most).
const BOOTSTRAP_PAGE: usize = 2000;

impl Client<'_> {
    /// One round: bootstrap if this device is new, push the outbox, pull until up to
    /// date. Records the outcome for the status line.
    pub fn sync_now(&self, conn: &mut Connection) -> Result<Round> {
        let result = round(self.transport, conn);
        let stamp = aio_core::values::timestamp_text(chrono::Utc::now());
        match &result {
            Ok(_) => {
                settings::set(conn, LAST_SYNC, &stamp)?;
                settings::clear(conn, LAST_ERROR)?;
            }
            Err(e) => settings::set(conn, LAST_ERROR, &e.to_string())?,
        }
        result
    }
}

fn round(transport: &dyn Transport, conn: &mut Connection) -> Result<Round> {
    let mut link = link(conn)?.ok_or(Error::NotSignedIn)?;
    let api = Api::new(transport, &link.server, Some(token(conn)?))?;
    let org = link.organization_id;
    let members: Vec<Member> = api.get(&format!("/v1/orgs/{org}/members"))?;
    accounts::adopt_members(conn, org, &members, chrono::Utc::now())?;
    let mut round = Round::default();
    if !link.bootstrapped {
        round.bootstrapped_rows = bootstrap(conn, &api, &mut link, &mut round)?;
    }
    match push(conn, &api, &mut link, &mut round) {
        // A server that refuses a push as a whole: the round goes on (DESIGN.md §3), so the
        // device still gets everyone else's changes.
        Err(Error::Forbidden(reason)) => round.refused.push(reason),
        other => other?,
    }
    match pull(conn, &api, &mut link, &mut round) {
        Err(Error::Compacted(_)) => {
            // Too far behind the compacted log: start over from snapshots.
            link.bootstrapped = false;
            round.bootstrapped_rows = bootstrap(conn, &api, &mut link, &mut round)?;
            pull(conn, &api, &mut link, &mut round)?;
        }
        other => other?,
    }
    // Rows the pull made this device edit (a merge's repair: a range put back in order, a
    // card moved out of a deleted stage) go out in the same round, so a round that ends
    // with everyone's changes leaves nothing unsent behind.
    if round.rows_written > 0 && round.refused.is_empty() && sync::pending_changes(conn)? > 0 {
        match push(conn, &api, &mut link, &mut round) {
            Err(Error::Forbidden(reason)) => round.refused.push(reason),
            other => other?,
        }
    }
    reserve_numbers(conn, &api, org)?;
    round.pending = conn.query_row("SELECT count(*) FROM sync_pending", [], |r| {
        r.get::<_, i64>(0)
    })? as usize;
    Ok(round)
}

/// Numbers a device keeps in hand per series, to finalise invoices and take orders offline.
const NUMBERS_BLOCK: i64 = 50;
/// Below this many numbers left in a series, a round reserves another block.
const NUMBERS_LOW: i64 = 20;

/// Tops up this device's blocks of every numbering series in use (DESIGN.md §10).
fn reserve_numbers(conn: &Connection, api: &Api<'_>, org: uuid::Uuid) -> Result<()> {
    let today = aio_core::clock::Clock::System.now().date_naive();
    let org_text = org.to_string();
    for want in numbering::wanted(conn, &org_text, today)? {
        if want.left >= NUMBERS_LOW {
            continue;
        }
        let request = NumberRequest {
            series: want.series.clone(),
            count: NUMBERS_BLOCK,
            min_next: want.min_next,
        };
        let block: NumberBlock = match api.post(&format!("/v1/orgs/{org}/numbers"), &request) {
            Ok(block) => block,
            // A viewer finalises nothing; an older server has no series yet: the round
            // goes on, and finalising says why it cannot.
            Err(e @ (Error::Forbidden(_) | Error::Server(_) | Error::Invalid { .. })) => {
                tracing::warn!("numbers of {}: {e}", want.series);
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        numbering::add_block(conn, &org_text, &block.series, block.first, block.last)?;
    }
    Ok(())
}

fn remote(updates: Vec<RowUpdate>) -> Result<Vec<RemoteUpdate>> {
    Ok(updates
        .into_iter()
        .map(RowUpdate::into_remote)
        .collect::<aio_core::Result<_>>()?)
}

/// Applies one page and moves the cursor in the same transaction: a crash between pages
/// resumes where it stopped.
fn apply_page(
    conn: &mut Connection,
    updates: Vec<RowUpdate>,
    link: &Link,
    round: &mut Round,
) -> Result<()> {
    let updates = remote(updates)?;
    let tx = conn.transaction()?;
    let applied = sync::apply_remote(&tx, &updates)?;
    save_link(&tx, link)?;
    tx.commit()?;
    round.rows_written += applied.rows;
    round.refused.extend(applied.rejected);
    Ok(())
}

/// A new device's copy of the organisation (`aio_core::sync::bootstrap`). Its list indexes and
/// search documents are left for the caller's `deferred::finish` (the desktop's sync
/// worker runs it in the background, the CLI before it exits), as after a big import.
fn bootstrap(
    conn: &mut Connection,
    api: &Api<'_>,
    link: &mut Link,
    round: &mut Round,
) -> Result<usize> {
    let org = link.organization_id;
    let fetch = |after: Option<&str>| {
        api.get::<Bootstrap>(&match after {
            Some(key) => format!("/v1/orgs/{org}/bootstrap?limit={BOOTSTRAP_PAGE}&after={key}"),
            None => format!("/v1/orgs/{org}/bootstrap?limit={BOOTSTRAP_PAGE}"),
        })
    };
    let done = aio_core::sync::bootstrap::run(conn, fetch, |tx, cursor| {
        link.cursor = cursor;
        link.bootstrapped = true;
        save_link(tx, link)
    })?;
    round.rows_written += done.written;
    round.refused.extend(done.rejected);
    round.indexing = done.indexing;
    Ok(done.received)
}

fn push(conn: &mut Connection, api: &Api<'_>, link: &mut Link, round: &mut Round) -> Result<()> {
    let tx = conn.transaction()?;
    // Only the linked organisation's rows go: another workspace on this device stays here.
    sync::set_aside_other_organizations(&tx, &link.organization_id.to_string())?;
    sync::flush(&tx)?;
    tx.commit()?;
    loop {
        let entries = sync::outbox(conn, PUSH_BATCH)?;
        let Some(last) = entries.last().map(|e| e.seq) else {
            return Ok(());
        };
        let body = Push {
            updates: entries.iter().map(RowUpdate::from_outbox).collect(),
        };
        let result: PushResult =
            api.post(&format!("/v1/orgs/{}/push", link.organization_id), &body)?;
        // When the log grew only by this push, the device has seen everything up to the
        // new head: moving the cursor there saves pulling (or, after compaction,
        // bootstrapping) its own upload.
        let mut next = link.cursor + 1;
        let mut only_ours = true;
        let mut refused = Vec::new();
        for (entry, outcome) in entries.iter().zip(result.results) {
            match outcome {
                PushOutcome { ok: true, seq, .. } => {
                    round.pushed += 1;
                    match seq {
                        Some(s) if s == next => next += 1,
                        Some(s) if s <= link.cursor => {}
                        _ => only_ours = false,
                    }
                }
                PushOutcome { error, state, .. } => {
                    let reason = error.unwrap_or_else(|| "refused".into());
                    round.refused.push(reason.clone());
                    refused.push(Refused {
                        table: entry.table.clone(),
                        row_id: entry.row_id.clone(),
                        reason,
                        server_state: state.map(|s| decode("state", &s)).transpose()?,
                    });
                }
            }
        }
        let tx = conn.transaction()?;
        if only_ours && next - 1 == result.head && link.bootstrapped {
            link.cursor = result.head;
            save_link(&tx, link)?;
        }
        // Stored, or refused and undone back to the server's state: either way these
        // leave the outbox, and nothing refused is kept or sent again.
        sync::acknowledge(&tx, last)?;
        round.undone += undo::undo(&tx, &refused, chrono::Utc::now())?;
        tx.commit()?;
    }
}

fn pull(conn: &mut Connection, api: &Api<'_>, link: &mut Link, round: &mut Round) -> Result<()> {
    loop {
        let page: Pull = api.get(&format!(
            "/v1/orgs/{}/pull?after={}&limit={PAGE}",
            link.organization_id, link.cursor
        ))?;
        round.pulled += page.updates.len();
        link.cursor = page.cursor;
        let more = page.more;
        apply_page(conn, page.updates, link, round)?;
        if !more {
            return Ok(());
        }
    }
}
