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
use crate::{
    link, save_link, token, Client, Ended, Error, Link, OrgLink, OrgRound, Result, Round,
    WhenEnded, LAST_ERROR, LAST_SYNC,
};
use uuid::Uuid;

/// Updates per push request.
const PUSH_BATCH: usize = 500;
/// Rows or updates per page pulled.
const PAGE: usize = 1000;
/// Rows per bootstrap page (the server's most).
const BOOTSTRAP_PAGE: usize = 2000;

impl Client<'_> {
    /// One round over every organisation of the account: bootstrap those new here, push
    /// each one's outbox, pull each until up to date. Records the outcome for the status
    /// line.
    pub fn sync_now(&self, conn: &mut Connection) -> Result<Round> {
        self.record(conn, None)
    }

    /// A round of one organisation (`aio-crm sync --org`); memberships are still checked.
    pub fn sync_organization(&self, conn: &mut Connection, org: Uuid) -> Result<Round> {
        self.record(conn, Some(org))
    }

    fn record(&self, conn: &mut Connection, only: Option<Uuid>) -> Result<Round> {
        let result = round(self.transport, conn, only);
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

fn round(transport: &dyn Transport, conn: &mut Connection, only: Option<Uuid>) -> Result<Round> {
    let mut link = link(conn)?.ok_or(Error::NotSignedIn)?;
    let api = Api::new(transport, &link.server, Some(token(conn)?))?;
    let mut round = Round::default();
    // The account's organisations as the server has them now: new ones start syncing,
    // those no longer among them stop.
    let me: Me = api.get("/v1/me")?;
    memberships(conn, &mut link, &me.organizations, &mut round)?;
    if let Some(org) = only {
        link.organization(org)?;
    }
    // Only the synced organisations' rows go, each to its own organisation: a workspace
    // kept on this device alone stays here.
    let tx = conn.transaction()?;
    let synced: Vec<String> = link
        .organizations
        .iter()
        .map(|o| o.organization_id.to_string())
        .collect();
    sync::set_aside_other_organizations(&tx, &synced)?;
    sync::flush(&tx)?;
    sync::assign_organizations(&tx, &synced)?;
    tx.commit()?;
    let orgs: Vec<Uuid> = link
        .organizations
        .iter()
        .map(|o| o.organization_id)
        .filter(|o| only.is_none_or(|one| one == *o))
        .collect();
    for org in orgs {
        let before = (
            round.pushed,
            round.pulled,
            round.bootstrapped_rows,
            round.refused.len(),
        );
        match organization_round(conn, &api, &mut link, org, &mut round) {
            // The server no longer counts this account among the organisation's members.
            Err(Error::NotMember(_)) => {
                end(conn, &mut link, org, &mut round)?;
                continue;
            }
            other => other?,
        }
        let name = link.organization(org)?.name.clone();
        round.organizations.push(OrgRound {
            organization_id: org,
            name,
            pushed: round.pushed - before.0,
            pulled: round.pulled - before.1,
            bootstrapped_rows: round.bootstrapped_rows - before.2,
            refused: round.refused.len() - before.3,
        });
    }
    round.pending = conn.query_row("SELECT count(*) FROM sync_pending", [], |r| {
        r.get::<_, i64>(0)
    })? as usize;
    Ok(round)
}

/// Takes the account's organisations as the server lists them: new ones are adopted and
/// bootstrapped this round, roles follow, and one no longer listed ends here.
fn memberships(
    conn: &mut Connection,
    link: &mut Link,
    listed: &[Membership],
    round: &mut Round,
) -> Result<()> {
    let gone: Vec<Uuid> = link
        .organizations
        .iter()
        .map(|o| o.organization_id)
        .filter(|id| !listed.iter().any(|m| m.id == *id))
        .collect();
    for org in gone {
        end(conn, link, org, round)?;
    }
    for m in listed {
        match link
            .organizations
            .iter_mut()
            .find(|o| o.organization_id == m.id)
        {
            Some(known) => {
                known.role.clone_from(&m.role);
                known.name.clone_from(&m.name);
            }
            None => {
                round.joined.push(m.name.clone());
                link.organizations.push(OrgLink {
                    organization_id: m.id,
                    name: m.name.clone(),
                    role: m.role.clone(),
                    cursor: 0,
                    bootstrapped: false,
                });
            }
        }
    }
    let tx = conn.transaction()?;
    accounts::adopt_organizations(&tx, link.account_id, listed, chrono::Utc::now())?;
    save_link(&tx, link)?;
    tx.commit()?;
    Ok(())
}

/// Stops syncing `org` at once: its copy stays read-only or goes, as the person chose
/// ([`crate::when_ended`]), and the notice waits in the link until they have seen it.
fn end(conn: &mut Connection, link: &mut Link, org: Uuid, round: &mut Round) -> Result<()> {
    let Some(at) = link
        .organizations
        .iter()
        .position(|o| o.organization_id == org)
    else {
        return Ok(());
    };
    let gone = link.organizations.remove(at);
    let keep = crate::when_ended(conn)? == WhenEnded::KeepReadOnly;
    let tx = conn.transaction()?;
    let (removed, kept) = accounts::end_membership(&tx, link.account_id, org, keep)?;
    let ended = Ended {
        organization_id: org,
        name: gone.name,
        at: aio_core::values::timestamp_text(chrono::Utc::now()),
        kept,
    };
    link.ended.retain(|e| e.organization_id != org);
    link.ended.push(ended.clone());
    save_link(&tx, link)?;
    tx.commit()?;
    tracing::warn!("{} ({removed} rows removed)", ended.notice());
    round.ended.push(ended);
    Ok(())
}

/// One organisation's part of a round: its members, bootstrap if new here, push, pull,
/// numbers.
fn organization_round(
    conn: &mut Connection,
    api: &Api<'_>,
    link: &mut Link,
    org: Uuid,
    round: &mut Round,
) -> Result<()> {
    let members: Vec<Member> = api.get(&format!("/v1/orgs/{org}/members"))?;
    accounts::adopt_members(conn, org, &members, chrono::Utc::now())?;
    let mut at = Place { link, org };
    if !at.state().bootstrapped {
        round.bootstrapped_rows += bootstrap(conn, api, &mut at, round)?;
    }
    match push(conn, api, &mut at, round) {
        // A server that refuses a push as a whole: the round goes on (DESIGN.md §3), so the
        // device still gets everyone else's changes.
        Err(Error::Forbidden(reason)) => round.refused.push(reason),
        other => other?,
    }
    match pull(conn, api, &mut at, round) {
        Err(Error::Compacted(_)) => {
            // Too far behind the compacted log: start over from snapshots.
            at.state_mut().bootstrapped = false;
            round.bootstrapped_rows += bootstrap(conn, api, &mut at, round)?;
            pull(conn, api, &mut at, round)?;
        }
        other => other?,
    }
    // Rows the pull made this device edit (a merge's repair: a range put back in order, a
    // card moved out of a deleted stage) go out in the same round, so a round that ends
    // with everyone's changes leaves nothing unsent behind.
    if round.rows_written > 0 && round.refused.is_empty() && sync::pending_changes(conn)? > 0 {
        let synced: Vec<String> = at
            .link
            .organizations
            .iter()
            .map(|o| o.organization_id.to_string())
            .collect();
        let tx = conn.transaction()?;
        sync::flush(&tx)?;
        sync::assign_organizations(&tx, &synced)?;
        tx.commit()?;
        match push(conn, api, &mut at, round) {
            Err(Error::Forbidden(reason)) => round.refused.push(reason),
            other => other?,
        }
    }
    reserve_numbers(conn, api, org)
}

/// Where in the link one organisation's sync state lives (its cursor, bootstrapped), so
/// a page and the cursor it moves are saved in one transaction.
struct Place<'l> {
    link: &'l mut Link,
    org: Uuid,
}

impl Place<'_> {
    fn state(&self) -> &OrgLink {
        self.link
            .organizations
            .iter()
            .find(|o| o.organization_id == self.org)
            .unwrap_or_else(|| unreachable!("a place is made for a synced organization"))
    }

    fn state_mut(&mut self) -> &mut OrgLink {
        let org = self.org;
        self.link
            .organizations
            .iter_mut()
            .find(|o| o.organization_id == org)
            .unwrap_or_else(|| unreachable!("a place is made for a synced organization"))
    }

    /// The pushes of the device's first organisation also carry rows of none.
    fn destination(&self) -> (String, bool) {
        let first = self.link.organizations.first().map(|o| o.organization_id);
        (self.org.to_string(), first == Some(self.org))
    }
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
    at: &Place<'_>,
    round: &mut Round,
) -> Result<()> {
    let updates = remote(updates)?;
    let tx = conn.transaction()?;
    let applied = sync::apply_remote(&tx, &updates)?;
    save_link(&tx, at.link)?;
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
    at: &mut Place<'_>,
    round: &mut Round,
) -> Result<usize> {
    let org = at.org;
    let fetch = |after: Option<&str>| {
        api.get::<Bootstrap>(&match after {
            Some(key) => format!("/v1/orgs/{org}/bootstrap?limit={BOOTSTRAP_PAGE}&after={key}"),
            None => format!("/v1/orgs/{org}/bootstrap?limit={BOOTSTRAP_PAGE}"),
        })
    };
    let done = aio_core::sync::bootstrap::run(conn, fetch, |tx, cursor| {
        let state = at.state_mut();
        state.cursor = cursor;
        state.bootstrapped = true;
        save_link(tx, at.link)
    })?;
    round.rows_written += done.written;
    round.refused.extend(done.rejected);
    round.indexing = done.indexing;
    Ok(done.received)
}

fn push(conn: &mut Connection, api: &Api<'_>, at: &mut Place<'_>, round: &mut Round) -> Result<()> {
    let org = at.org;
    let (organization, unowned) = at.destination();
    let to = sync::Destination {
        organization: &organization,
        unowned,
    };
    loop {
        let entries = sync::outbox_of(conn, to, PUSH_BATCH)?;
        let Some(last) = entries.last().map(|e| e.seq) else {
            return Ok(());
        };
        let body = Push {
            updates: entries.iter().map(RowUpdate::from_outbox).collect(),
        };
        let result: PushResult = api.post(&format!("/v1/orgs/{org}/push"), &body)?;
        let cursor = at.state().cursor;
        // When the log grew only by this push, the device has seen everything up to the
        // new head: moving the cursor there saves pulling (or, after compaction,
        // bootstrapping) its own upload.
        let mut next = cursor + 1;
        let mut only_ours = true;
        let mut refused = Vec::new();
        for (entry, outcome) in entries.iter().zip(result.results) {
            match outcome {
                PushOutcome { ok: true, seq, .. } => {
                    round.pushed += 1;
                    match seq {
                        Some(s) if s == next => next += 1,
                        Some(s) if s <= cursor => {}
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
        if only_ours && next - 1 == result.head && at.state().bootstrapped {
            at.state_mut().cursor = result.head;
            save_link(&tx, at.link)?;
        }
        // Stored, or refused and undone back to the server's state: either way these
        // leave the outbox, and nothing refused is kept or sent again.
        sync::acknowledge_of(&tx, to, last)?;
        round.undone += undo::undo(&tx, &refused, chrono::Utc::now())?;
        tx.commit()?;
    }
}

fn pull(conn: &mut Connection, api: &Api<'_>, at: &mut Place<'_>, round: &mut Round) -> Result<()> {
    loop {
        let page: Pull = api.get(&format!(
            "/v1/orgs/{}/pull?after={}&limit={PAGE}",
            at.org,
            at.state().cursor
        ))?;
        round.pulled += page.updates.len();
        at.state_mut().cursor = page.cursor;
        let more = page.more;
        apply_page(conn, page.updates, at, round)?;
        if !more {
            return Ok(());
        }
    }
}
