//! Local writes become document updates in the outbox, waiting to be pushed.

use rusqlite::{params, Transaction};
use serde_json::Value;
use yrs::{ReadTxn, Transact};

use super::document::{doc_row, load_doc, new_doc, save_doc, write_row};
use super::repair::{self, Repairs};
use super::{client_id, synced_columns, synced_table, synced_tables};
use crate::error::Result;
use crate::records::Row;
use crate::schema::{Column, Scope, TableDef, DELETED_AT};
use crate::{settings, values};

/// One update waiting in the outbox.
#[derive(Debug, Clone)]
pub struct OutboxEntry {
    pub seq: i64,
    pub table: String,
    pub row_id: String,
    pub data: Vec<u8>,
}

/// Turns every dirty row into an update of its document and appends it to the outbox;
/// returns how many rows changed.
pub fn flush(tx: &Transaction<'_>) -> Result<usize> {
    let dirty: Vec<(String, String)> = tx
        .prepare_cached("SELECT table_name, row_id FROM sync_dirty")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if dirty.is_empty() {
        return Ok(0);
    }
    let client = client_id(tx)?;
    let mut changed = 0;
    // Unique values this device changed, old and new: repaired here as on every replica.
    let mut repairs = Repairs::default();
    for (table_name, row_id) in &dirty {
        let table = synced_table(table_name)?;
        let Some(row) = read_row(tx, table, row_id)? else {
            continue;
        };
        let (doc, sent_before) = match load_doc(tx, client, table_name, row_id)? {
            Some(doc) => (doc, true),
            None => (new_doc(client), false),
        };
        let before_row = doc_row(&doc, table)?;
        // A row sent before stays in the organisation its document names: an edit moving it
        // elsewhere goes there, to be refused and undone (`assign_organizations` names the
        // rest from the row).
        let sent_to = match (sent_before, table.scope, before_row.get(ORGANIZATION_ID)) {
            (true, Scope::Org, Some(Value::String(org))) => Some(org.clone()),
            _ => None,
        };
        restore_own_value_if_trashed(tx, table, row_id, &row, &before_row)?;
        for r in [&before_row, &row] {
            repairs.note(table, r);
        }
        let before = doc.transact().state_vector();
        if !write_row(&doc, table, row_id, &row) {
            continue;
        }
        if !table.rules.unique.is_empty() {
            // The groups the document now says: the materialised row may hold a value the
            // repair renamed, which names no group (a row moved to another scope with its
            // renamed value must take its own value back in the new one).
            repairs.note(table, &doc_row(&doc, table)?);
        }
        let update = doc.transact().encode_diff_v1(&before);
        save_doc(tx, table_name, row_id, &doc)?;
        tx.prepare_cached(
            "INSERT INTO sync_outbox (table_name, row_id, data, organization_id) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![table_name, row_id, update, sent_to])?;
        changed += 1;
    }
    tx.execute("DELETE FROM sync_dirty", [])?;
    // The repairs' own writes are not edits to send.
    unrecorded(tx, || repairs.settle(tx, client))?;
    Ok(changed)
}

/// The column that names a row's organisation (`Scope::Org`).
const ORGANIZATION_ID: &str = "organization_id";

/// The `app_settings` key that stands the dirty triggers aside (migration V6).
const APPLYING: &str = "sync_applying";

/// Runs writes that are not local edits (materialised remote rows, repairs) without
/// marking their rows dirty. The key lives only inside the caller's transaction.
pub(crate) fn unrecorded<T>(tx: &Transaction<'_>, writes: impl FnOnce() -> Result<T>) -> Result<T> {
    settings::set(tx, APPLYING, "1")?;
    let result = writes();
    settings::clear(tx, APPLYING)?;
    result
}

/// A trashed row is outside the unique rules: a value the repair renamed goes back to the
/// row's own, as every other replica stores it.
fn restore_own_value_if_trashed(
    tx: &Transaction<'_>,
    table: &TableDef,
    row_id: &str,
    row: &Row,
    doc: &Row,
) -> Result<()> {
    let Some(column) = repair::renamed_column(table) else {
        return Ok(());
    };
    let trashed = !row.get(DELETED_AT).is_none_or(Value::is_null);
    if let (true, Some(Value::String(current)), Some(Value::String(own))) =
        (trashed, row.get(column), doc.get(column))
    {
        if repair::is_renamed(table, column, own, current, row_id) {
            tx.execute(
                &format!("UPDATE {} SET {column} = ?1 WHERE id = ?2", table.name),
                [own, row_id],
            )?;
        }
    }
    Ok(())
}

/// The materialised row's synced columns, as JSON.
pub(crate) fn read_row(
    tx: &Transaction<'_>,
    table: &TableDef,
    row_id: &str,
) -> Result<Option<Row>> {
    let columns: Vec<&Column> = synced_columns(table).collect();
    let sql = format!(
        "SELECT {} FROM {} WHERE id = ?1",
        columns
            .iter()
            .map(|c| c.name)
            .collect::<Vec<_>>()
            .join(", "),
        table.name
    );
    let mut stmt = tx.prepare_cached(&sql)?;
    let mut rows = stmt.query([row_id])?;
    match rows.next()? {
        Some(r) => Ok(Some(values::row_to_json(&columns, r)?)),
        None => Ok(None),
    }
}

/// An outbox entry from `SELECT seq, table_name, row_id, data`.
fn entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<OutboxEntry> {
    Ok(OutboxEntry {
        seq: r.get(0)?,
        table: r.get(1)?,
        row_id: r.get(2)?,
        data: r.get(3)?,
    })
}

/// The oldest `limit` outbox entries.
pub fn outbox(conn: &rusqlite::Connection, limit: usize) -> Result<Vec<OutboxEntry>> {
    Ok(conn
        .prepare_cached(
            "SELECT seq, table_name, row_id, data FROM sync_outbox ORDER BY seq LIMIT ?1",
        )?
        .query_map([limit as i64], entry)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Forgets the outbox entries up to `seq`: the server has stored them.
pub fn acknowledge(conn: &rusqlite::Connection, seq: i64) -> Result<()> {
    conn.execute("DELETE FROM sync_outbox WHERE seq <= ?1", [seq])?;
    Ok(())
}

/// Sets aside the waiting changes of rows that belong to an organisation outside
/// `synced` (by `organization_id`, through parent rows, or the organisation row itself): a
/// workspace that exists only on this device stays on it (uploading it later marks its
/// rows again, [`mark_organization_dirty`]). Pushed, the server would refuse those rows,
/// and undoing a refusal deletes a row the server never had: the whole workspace would
/// go. Only rows never sent are set aside: a synced row moved to another organisation is
/// still sent (and refused, and undone), and rows whose scope names no one organisation
/// (members' calendars, private rows) are left as they are. Returns how many changes were
/// set aside.
pub fn set_aside_other_organizations(tx: &Transaction<'_>, synced: &[String]) -> Result<usize> {
    let synced = serde_json::json!(synced).to_string();
    let mut set_aside = 0;
    for table in synced_tables() {
        let Some((joins, owner)) = organization_of(table, 0) else {
            continue;
        };
        for waiting in ["sync_dirty", "sync_outbox"] {
            set_aside += tx
                .prepare_cached(&format!(
                    "DELETE FROM {waiting} WHERE table_name = ?1 AND EXISTS (
                       SELECT 1 FROM {table} x0{joins} WHERE x0.id = {waiting}.row_id
                         AND {owner} NOT IN (SELECT value FROM json_each(?2)))
                     AND NOT EXISTS (
                       SELECT 1 FROM sync_docs d WHERE d.table_name = ?1 AND d.row_id = {waiting}.row_id)",
                    table = table.name
                ))?
                .execute(params![table.name, synced])?;
        }
    }
    Ok(set_aside)
}

/// Names the organisation of every outbox entry that names none yet (flushed since the
/// last push), from its row: each organisation's push then takes its own entries
/// ([`outbox_of`]). An entry keeps the organisation its row had when it was written. A
/// member's row (a calendar) goes to a synced organisation its owner is a member of, the
/// first of `synced` when they are a member there; what names no organisation at all goes
/// with the first one's pushes.
pub fn assign_organizations(tx: &Transaction<'_>, synced: &[String]) -> Result<()> {
    let home = synced.first().cloned().unwrap_or_default();
    let synced = serde_json::json!(synced).to_string();
    for table in synced_tables() {
        let sql = match (organization_of(table, 0), member_owner_of(table, 0)) {
            (Some((joins, owner)), _) => format!(
                "UPDATE sync_outbox SET organization_id = (
                   SELECT {owner} FROM {table} x0{joins} WHERE x0.id = sync_outbox.row_id)
                 WHERE organization_id IS NULL AND table_name = ?1 AND ?2 IS NOT NULL AND ?3 IS NOT NULL",
                table = table.name
            ),
            (None, Some((joins, owner, membership))) => format!(
                "UPDATE sync_outbox SET organization_id = (
                   SELECT m.{org} FROM {table} x0{joins} JOIN {members} m ON m.{user} = {owner}
                   WHERE x0.id = sync_outbox.row_id AND m.deleted_at IS NULL
                     AND m.{org} IN (SELECT value FROM json_each(?2))
                   ORDER BY m.{org} = ?3 DESC, m.created_at LIMIT 1)
                 WHERE organization_id IS NULL AND table_name = ?1",
                table = table.name,
                members = membership.table,
                org = membership.organization,
                user = membership.user,
            ),
            _ => continue,
        };
        tx.prepare_cached(&sql)?
            .execute(params![table.name, synced, home])?;
    }
    Ok(())
}

/// Which outbox entries one organisation's push takes: its own, and with `unowned` the
/// entries of rows that name no organisation (they go to the device's first one).
#[derive(Debug, Clone, Copy)]
pub struct Destination<'a> {
    pub organization: &'a str,
    pub unowned: bool,
}

/// The oldest `limit` outbox entries bound for `to`.
pub fn outbox_of(
    conn: &rusqlite::Connection,
    to: Destination<'_>,
    limit: usize,
) -> Result<Vec<OutboxEntry>> {
    Ok(conn
        .prepare_cached(
            "SELECT seq, table_name, row_id, data FROM sync_outbox
             WHERE organization_id = ?1 OR (?2 AND organization_id IS NULL)
             ORDER BY seq LIMIT ?3",
        )?
        .query_map(params![to.organization, to.unowned, limit as i64], entry)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Forgets the entries bound for `to` up to `seq`: the server has stored them.
pub fn acknowledge_of(conn: &rusqlite::Connection, to: Destination<'_>, seq: i64) -> Result<()> {
    conn.prepare_cached(
        "DELETE FROM sync_outbox WHERE seq <= ?3 AND (organization_id = ?1 OR (?2 AND organization_id IS NULL))",
    )?
    .execute(params![to.organization, to.unowned, seq])?;
    Ok(())
}

/// Marks every row of organisation `org` dirty, so the next flush sends all of it: a
/// workspace that lived only on this device starts syncing.
pub fn mark_organization_dirty(tx: &Transaction<'_>, org: &str) -> Result<usize> {
    let mut marked = 0;
    for table in synced_tables() {
        let Some((joins, owner)) = organization_of(table, 0) else {
            continue;
        };
        marked += tx
            .prepare_cached(&format!(
                "INSERT OR IGNORE INTO sync_dirty SELECT ?1, x0.id FROM {table} x0{joins} WHERE {owner} = ?2",
                table = table.name
            ))?
            .execute(params![table.name, org])?;
    }
    Ok(marked)
}

/// Removes the local copy of organisation `org`: every row that belongs to it (synced or
/// not, the organisation row last), with its documents and waiting changes. Nothing is
/// sent: this device stops holding a workspace it no longer belongs to. People, private
/// rows and member-owned rows stay (they are the person's, or other workspaces'). Foreign
/// keys are checked when the caller commits, so rows may go in any order.
pub fn forget_organization(tx: &Transaction<'_>, org: &str) -> Result<usize> {
    tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
    // Rows whose scope goes through parents first (deepest chain first), then the rows
    // naming the organisation, then the organisation itself: a child is found through its
    // parent, so its parent must still be there.
    let mut tables: Vec<(usize, &TableDef, String, String)> = crate::tables::TABLES
        .iter()
        .filter_map(|t| {
            let (joins, owner) = organization_of(t, 0)?;
            let depth = joins.matches(" JOIN ").count();
            let last = usize::from(matches!(t.scope, Scope::MyOrganizations { .. }));
            Some((depth + 10 * (1 - last), *t, joins, owner))
        })
        .collect();
    tables.sort_by_key(|(rank, t, ..)| (std::cmp::Reverse(*rank), t.name));
    let mut removed = 0;
    for (_, table, joins, owner) in tables {
        let rows = format!(
            "SELECT x0.id FROM {} x0{joins} WHERE {owner} = ?2",
            table.name
        );
        for bookkeeping in ["sync_docs", "sync_dirty", "sync_outbox", "sync_pending"] {
            tx.execute(
                &format!("DELETE FROM {bookkeeping} WHERE table_name = ?1 AND row_id IN ({rows})"),
                params![table.name, org],
            )?;
        }
        removed += tx.execute(
            &format!("DELETE FROM {} WHERE id IN ({rows})", table.name),
            params![table.name, org],
        )?;
    }
    Ok(removed)
}
/// The joins from `table` (as `x{alias}`) to the member-owned row it belongs to (itself,
/// or through parent rows), the column naming that row's owner, and the membership that
/// says where the owner belongs; None for rows that belong to no member.
fn member_owner_of(
    table: &TableDef,
    alias: usize,
) -> Option<(String, String, &'static crate::schema::Membership)> {
    match table.scope {
        Scope::MemberOwned { owner, membership } => {
            Some((String::new(), format!("x{alias}.{owner}"), membership))
        }
        Scope::Parent {
            column,
            table: parent,
        } => {
            let parent_def = crate::records::table(parent).ok()?;
            let (joins, owner, membership) = member_owner_of(parent_def, alias + 1)?;
            let next = alias + 1;
            Some((
                format!(" JOIN {parent} x{next} ON x{next}.id = x{alias}.{column}{joins}"),
                owner,
                membership,
            ))
        }
        _ => None,
    }
}

/// The joins from `table` (as `x{alias}`) to the row that names its organisation, and the
/// column that names it; None for a table whose rows belong to no one organisation.
fn organization_of(table: &TableDef, alias: usize) -> Option<(String, String)> {
    match table.scope {
        Scope::Org => Some((String::new(), format!("x{alias}.{ORGANIZATION_ID}"))),
        Scope::MyOrganizations { .. } => Some((String::new(), format!("x{alias}.id"))),
        Scope::Parent {
            column,
            table: parent,
        } => {
            let parent_def = crate::records::table(parent).ok()?;
            let (joins, owner) = organization_of(parent_def, alias + 1)?;
            let next = alias + 1;
            Some((
                format!(" JOIN {parent} x{next} ON x{next}.id = x{alias}.{column}{joins}"),
                owner,
            ))
        }
        _ => None,
    }
}

/// How many local changes wait to be pushed (dirty rows and outbox entries).
pub fn pending_changes(conn: &rusqlite::Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM sync_dirty) + (SELECT count(*) FROM sync_outbox)",
        [],
        |r| r.get(0),
    )?)
}

/// Marks one row dirty: the next flush sends it as a local edit.
pub(crate) fn mark_dirty(tx: &Transaction<'_>, table: &str, row_id: &str) -> Result<()> {
    tx.prepare_cached("INSERT OR IGNORE INTO sync_dirty (table_name, row_id) VALUES (?1, ?2)")?
        .execute([table, row_id])?;
    Ok(())
}

/// Marks every synced row dirty: the first connection to a server uploads everything.
pub fn mark_all_dirty(tx: &Transaction<'_>) -> Result<()> {
    for table in synced_tables() {
        tx.execute(
            &format!(
                "INSERT OR IGNORE INTO sync_dirty SELECT '{0}', id FROM {0}",
                table.name
            ),
            [],
        )?;
    }
    Ok(())
}
