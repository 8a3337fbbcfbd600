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
        let doc = match load_doc(tx, client, table_name, row_id)? {
            Some(doc) => doc,
            None => new_doc(client),
        };
        let before_row = doc_row(&doc, table)?;
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
            "INSERT INTO sync_outbox (table_name, row_id, data) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![table_name, row_id, update])?;
        changed += 1;
    }
    tx.execute("DELETE FROM sync_dirty", [])?;
    // The repairs' own writes are not edits to send.
    unrecorded(tx, || repairs.settle(tx, client))?;
    Ok(changed)
}

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

/// The oldest `limit` outbox entries.
pub fn outbox(conn: &rusqlite::Connection, limit: usize) -> Result<Vec<OutboxEntry>> {
    Ok(conn
        .prepare_cached(
            "SELECT seq, table_name, row_id, data FROM sync_outbox ORDER BY seq LIMIT ?1",
        )?
        .query_map([limit as i64], |r| {
            Ok(OutboxEntry {
                seq: r.get(0)?,
                table: r.get(1)?,
                row_id: r.get(2)?,
                data: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// Forgets the outbox entries up to `seq`: the server has stored them.
pub fn acknowledge(conn: &rusqlite::Connection, seq: i64) -> Result<()> {
    conn.execute("DELETE FROM sync_outbox WHERE seq <= ?1", [seq])?;
    Ok(())
}

/// Sets aside the waiting changes of rows that belong to an organisation other than
/// `org` (by `organization_id`, through parent rows, or the organisation row itself): a
/// device syncs one organisation, and a workspace made on it beside that one stays on it.
/// Pushed, the server would refuse those rows, and undoing a refusal deletes a row the
/// server never had: the whole workspace would go. Only rows never sent are set aside: a
/// synced row moved to another organisation is still sent (and refused, and undone), and
/// rows whose scope names no one organisation (members' calendars, private rows) are left
/// as they are. Returns how many changes were set aside.
pub fn set_aside_other_organizations(tx: &Transaction<'_>, org: &str) -> Result<usize> {
    let mut set_aside = 0;
    for table in synced_tables() {
        let Some((joins, owner)) = organization_of(table, 0) else {
            continue;
        };
        for waiting in ["sync_dirty", "sync_outbox"] {
            set_aside += tx
                .prepare_cached(&format!(
                    "DELETE FROM {waiting} WHERE table_name = ?1 AND EXISTS (
                       SELECT 1 FROM {table} x0{joins} WHERE x0.id = {waiting}.row_id AND {owner} <> ?2)
                     AND NOT EXISTS (
                       SELECT 1 FROM sync_docs d WHERE d.table_name = ?1 AND d.row_id = {waiting}.row_id)",
                    table = table.name
                ))?
                .execute(params![table.name, org])?;
        }
    }
    Ok(set_aside)
}

/// The joins from `table` (as `x{alias}`) to the row that names its organisation, and the
/// column that names it; None for a table whose rows belong to no one organisation.
fn organization_of(table: &TableDef, alias: usize) -> Option<(String, String)> {
    match table.scope {
        Scope::Org => Some((String::new(), format!("x{alias}.organization_id"))),
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
