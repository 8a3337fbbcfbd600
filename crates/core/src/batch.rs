//! Batches: many changes made as one user action (an import, a merge, a bulk edit),
//! written in one transaction and undone as one.
//!
//! Every audit entry of a batch carries `"batch": "<id>"` in its changes. Undo reads those
//! entries newest first and reverts each: a created row goes to the trash, a deleted one
//! comes back, and an updated field gets its old value back, but only while it still holds
//! the value the batch gave it; a field someone changed since is kept and counted.

use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::Serialize;
use serde_json::{json, Map, Value};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::records::{self, Actor, Row};
use crate::schema::TableDef;

/// What a batch did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct BatchResult {
    /// Pass to `undo` to revert the whole batch.
    pub batch_id: Uuid,
    /// Records the batch changed.
    #[ts(type = "number")]
    pub changed: u64,
    /// Records it left as they were (already in the asked-for state).
    #[ts(type = "number")]
    pub unchanged: u64,
}

/// What an undo did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct UndoResult {
    /// Records put back as they were before the batch.
    #[ts(type = "number")]
    pub reverted: u64,
    /// Fields left alone because they were changed again after the batch.
    #[ts(type = "number")]
    pub kept: u64,
}

/// Runs `work` in one transaction as batch `action`; the batch's summary entry is written
/// last, so an undo can show what it reverts.
pub(crate) fn run(
    conn: &mut Connection,
    actor: &Actor,
    action: &str,
    work: impl FnOnce(&Transaction<'_>, Uuid) -> Result<(u64, u64)>,
) -> Result<BatchResult> {
    let batch_id = Uuid::now_v7();
    let tx = conn.transaction()?;
    let (changed, unchanged) = work(&tx, batch_id)?;
    crate::audit::audit(
        &tx,
        actor,
        action,
        &crate::tables::AUDIT_LOGS,
        Some(batch_id),
        json!({ "summary": batch_id.to_string(), "changed": changed, "unchanged": unchanged }),
    )?;
    tx.commit()?;
    Ok(BatchResult {
        batch_id,
        changed,
        unchanged,
    })
}

/// Reverts every change of a batch made in the actor's organisation, in one transaction.
pub fn undo(conn: &mut Connection, actor: &Actor, batch_id: Uuid) -> Result<UndoResult> {
    let tx = conn.transaction()?;
    let batch = batch_id.to_string();
    let undone: Option<String> = tx
        .query_row(
            "SELECT id FROM audit_logs WHERE action = 'undo' AND organization_id = ?1
               AND json_extract(changes, '$.undone') = ?2",
            [actor.organization_id.to_string(), batch.clone()],
            |r| r.get(0),
        )
        .optional()?;
    if undone.is_some() {
        return Err(Error::invalid("batch_id", "this batch was already undone"));
    }
    let entries: Vec<(String, String, Option<String>, String)> = tx
        .prepare(
            "SELECT action, entity_type, entity_id, changes FROM audit_logs
             WHERE json_extract(changes, '$.batch') = ?1 AND organization_id = ?2
             ORDER BY rowid DESC",
        )?
        .query_map([batch.clone(), actor.organization_id.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    if entries.is_empty() {
        return Err(Error::invalid(
            "batch_id",
            format!("no changes of batch {batch_id} in this organization"),
        ));
    }
    let mut result = UndoResult {
        reverted: 0,
        kept: 0,
    };
    for (action, entity_type, entity_id, changes) in entries {
        let table = records::table(&entity_type)?;
        let changes: Value = serde_json::from_str(&changes)
            .map_err(|e| Error::invalid("changes", format!("unreadable audit entry: {e}")))?;
        let ids: Vec<Uuid> = match (&entity_id, changes.get("ids")) {
            (Some(id), _) => vec![parse_id(id)?],
            (None, Some(Value::Array(ids))) => ids
                .iter()
                .filter_map(Value::as_str)
                .map(parse_id)
                .collect::<Result<_>>()?,
            _ => continue,
        };
        for id in ids {
            let current = match records::get(&tx, actor, table, id) {
                Ok(row) => row,
                // A created row whose parent the undo already removed (a note of an
                // imported contact) leaves with its parent.
                Err(Error::NotFound { .. }) if matches!(action.as_str(), "create" | "import") => {
                    continue
                }
                Err(e) => return Err(e),
            };
            let live = current.get("deleted_at").is_none_or(Value::is_null);
            match action.as_str() {
                "create" | "import" if live => {
                    records::set_deleted_in(&tx, actor, table, id, true, None)?;
                    result.reverted += 1;
                }
                "delete" if !live => {
                    records::set_deleted_in(&tx, actor, table, id, false, None)?;
                    result.reverted += 1;
                }
                "restore" if live => {
                    records::set_deleted_in(&tx, actor, table, id, true, None)?;
                    result.reverted += 1;
                }
                "update" => {
                    let (patch, kept) = revert_patch(table, &current, &changes);
                    result.kept += kept;
                    if patch.is_empty() {
                        continue;
                    }
                    if !live {
                        records::set_deleted_in(&tx, actor, table, id, false, None)?;
                    }
                    records::update_in(&tx, actor, table, id, patch, None)?;
                    if !live {
                        records::set_deleted_in(&tx, actor, table, id, true, None)?;
                    }
                    result.reverted += 1;
                }
                _ => {}
            }
        }
    }
    crate::audit::audit(
        &tx,
        actor,
        "undo",
        &crate::tables::AUDIT_LOGS,
        None,
        json!({ "undone": batch, "reverted": result.reverted, "kept": result.kept }),
    )?;
    tx.commit()?;
    Ok(result)
}

/// The fields of an update entry that still hold the batch's value, set back to their old
/// value; and how many were changed since and are kept.
fn revert_patch(table: &TableDef, current: &Row, changes: &Value) -> (Row, u64) {
    let empty = Map::new();
    let before = changes
        .get("before")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let after = changes
        .get("after")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let mut patch = Row::new();
    let mut kept = 0;
    for (field, old) in before {
        if table
            .column(field)
            .is_none_or(|c| records::is_system_column(c) || records::is_computed(c))
        {
            continue;
        }
        if current.get(field) == after.get(field) {
            patch.insert(field.clone(), old.clone());
        } else {
            kept += 1;
        }
    }
    (patch, kept)
}

fn parse_id(id: &str) -> Result<Uuid> {
    Uuid::parse_str(id).map_err(|_| Error::invalid("entity_id", format!("\"{id}\" is not a uuid")))
}
