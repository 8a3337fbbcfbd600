//! Changes the server refused, undone here back to the server's state of each row.
//!
//! A refused update (a viewer's edit, a member demoted while offline, a value the server's
//! checks turn down, a rule changed since) must not stay on the device: nobody else would
//! ever see it, and every later edit of the row builds on it, so the server would refuse
//! those too, for ever. The push answer carries the row's state on the server with each
//! refusal; the row's document here is replaced by that state (or the row removed, when
//! the server never had it) and the row rebuilt from it, so the device converges with
//! everyone else and keeps receiving their edits. What was undone, and why, is kept in
//! `sync_undone` (before and after) for the person to see.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{params, Connection, Transaction};
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use super::apply::rebuild_rows;
use super::document::{apply_bytes, new_doc, save_doc};
use super::outbox::{read_row, unrecorded};
use super::{client_id, synced_table, synced_tables};
use crate::error::{Error, Result};
use crate::records::Row;
use crate::schema::Timestamp;
use crate::values::timestamp_text;

/// An update of this device that the server refused.
#[derive(Debug, Clone)]
pub struct Refused {
    pub table: String,
    pub row_id: String,
    pub reason: String,
    /// The row's document on the server when it refused; `None` when it has no such row.
    pub server_state: Option<Vec<u8>>,
}

/// A refused change as the person is shown it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Undone {
    pub id: i64,
    pub table: String,
    pub row_id: String,
    pub reason: String,
    /// The row as this device had it; `None` if it had none.
    #[ts(type = "Record<string, unknown> | null")]
    pub before: Option<Row>,
    /// The row as the server has it, now here too; `None` when the server has none.
    #[ts(type = "Record<string, unknown> | null")]
    pub after: Option<Row>,
    pub undone_at: String,
    pub seen: bool,
}

impl Undone {
    /// The fields that differ between before and after, with both values as JSON text
    /// (`null` for a row that is not there).
    pub fn changes(&self) -> Vec<(String, String, String)> {
        let empty = Row::new();
        let (before, after) = (
            self.before.as_ref().unwrap_or(&empty),
            self.after.as_ref().unwrap_or(&empty),
        );
        let mut fields: Vec<&String> = before.keys().chain(after.keys()).collect();
        fields.sort();
        fields.dedup();
        let text = |row: &Row, field: &str| row.get(field).unwrap_or(&Value::Null).to_string();
        fields
            .into_iter()
            .filter(|f| before.get(*f) != after.get(*f))
            .map(|f| (f.clone(), text(before, f), text(after, f)))
            .collect()
    }
}

/// Undoes `refused` in the caller's transaction: each row goes back to the server's state
/// and its waiting updates leave the outbox (they build on the refused one). Returns how
/// many rows changed back. The first refusal of a row gives the reason (later ones only
/// say they depend on it).
pub fn undo(tx: &Transaction<'_>, refused: &[Refused], now: Timestamp) -> Result<usize> {
    let mut rows: BTreeMap<(String, String), &Refused> = BTreeMap::new();
    for r in refused {
        if synced_table(&r.table).is_ok() {
            rows.entry((r.table.clone(), r.row_id.clone())).or_insert(r);
        }
    }
    let client = client_id(tx)?;
    let mut before = HashMap::new();
    let mut docs = HashMap::new();
    let mut removed = Vec::new();
    for (key, r) in &rows {
        let (table_name, row_id) = key;
        let table = synced_table(table_name)?;
        before.insert(key.clone(), read_row(tx, table, row_id)?);
        for waiting in ["sync_outbox", "sync_dirty"] {
            tx.execute(
                &format!("DELETE FROM {waiting} WHERE table_name = ?1 AND row_id = ?2"),
                [table_name, row_id],
            )?;
        }
        match &r.server_state {
            Some(state) => {
                let doc = new_doc(client);
                apply_bytes(&doc, state).map_err(|e| Error::invalid("state", e))?;
                save_doc(tx, table_name, row_id, &doc)?;
                docs.insert(key.clone(), doc);
            }
            None => {
                tx.execute(
                    "DELETE FROM sync_docs WHERE table_name = ?1 AND row_id = ?2",
                    [table_name, row_id],
                )?;
                removed.push(key.clone());
            }
        }
    }
    // Rows the server never had go, children before the rows they point to.
    let order = |name: &str| synced_tables().position(|t| t.name == name);
    removed.sort_by_key(|(table, id)| (std::cmp::Reverse(order(table)), id.clone()));
    unrecorded(tx, || {
        for (table, id) in &removed {
            tx.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [id])?;
        }
        Ok(())
    })?;
    rebuild_rows(tx, client, &docs)?;
    let mut changed = 0;
    for (key, r) in &rows {
        let table = synced_table(&key.0)?;
        let after = read_row(tx, table, &key.1)?;
        let before = before.remove(key).flatten();
        if before == after {
            continue;
        }
        let json = |row: &Option<Row>| {
            row.as_ref()
                .map(|r| serde_json::Value::Object(r.clone()).to_string())
        };
        tx.execute(
            "INSERT INTO sync_undone (table_name, row_id, reason, before, after, undone_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                key.0,
                key.1,
                plain_reason(&r.reason),
                json(&before),
                json(&after),
                timestamp_text(now)
            ],
        )?;
        changed += 1;
    }
    Ok(changed)
}

/// A push refusal without its `updates[i] (table id): ` prefix: the row is shown beside it.
fn plain_reason(reason: &str) -> &str {
    match reason.split_once("): ") {
        Some((head, rest)) if head.starts_with("updates[") => rest,
        _ => reason,
    }
}

/// The changes undone here, newest first.
pub fn list(conn: &Connection, limit: u32) -> Result<Vec<Undone>> {
    let parse = |text: Option<String>| -> Option<Row> {
        match serde_json::from_str(&text?) {
            Ok(serde_json::Value::Object(row)) => Some(row),
            _ => None,
        }
    };
    let rows = conn
        .prepare_cached(
            "SELECT id, table_name, row_id, reason, before, after, undone_at, seen
             FROM sync_undone ORDER BY id DESC LIMIT ?1",
        )?
        .query_map([limit], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .map(
            |(id, table, row_id, reason, before, after, undone_at, seen)| Undone {
                id,
                table,
                row_id,
                reason,
                before: parse(before),
                after: parse(after),
                undone_at,
                seen,
            },
        )
        .collect())
}

/// Marks every undone change as seen (the person has read them).
pub fn mark_seen(conn: &Connection) -> Result<usize> {
    Ok(conn.execute("UPDATE sync_undone SET seen = 1 WHERE seen = 0", [])?)
}

/// How many undone changes the person has not seen yet.
pub fn unseen(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row("SELECT count(*) FROM sync_undone WHERE seen = 0", [], |r| {
            r.get(0)
        })?,
    )
}
