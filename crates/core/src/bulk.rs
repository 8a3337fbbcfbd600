//! Bulk actions on a selection or on everything a filter matches: tag and untag, set
//! fields (owner, status, company), delete and restore. Each run is one undoable batch.

use rusqlite::{params_from_iter, Transaction};
use serde::Deserialize;
use serde_json::Value;
use ts_rs::TS;
use uuid::Uuid;

use crate::batch::{self, BatchResult};
use crate::crm::tags;
use crate::error::{Error, Result};
use crate::records::{self, Actor, ListQuery, Row};
use crate::schema::{Kind, TableDef};

/// Which records a bulk action applies to.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BulkTarget {
    /// The records selected by hand.
    Ids { ids: Vec<Uuid> },
    /// Every record the query's filters match (its sort, limit and cursor are ignored).
    Query { query: ListQuery },
}

/// What a bulk action does to each record.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BulkAction {
    AddTags {
        tags: Vec<String>,
    },
    RemoveTags {
        tags: Vec<String>,
    },
    /// Sets the same fields on every record, e.g. `{"owner_id": …}` or `{"status": "customer"}`.
    Set {
        #[ts(type = "Record<string, unknown>")]
        fields: Row,
    },
    Delete,
    Restore,
}

/// Applies `action` to every record of `target` as one batch; nothing is written if any
/// record fails, and the error names it.
pub fn apply(
    conn: &mut rusqlite::Connection,
    actor: &Actor,
    table: &TableDef,
    target: &BulkTarget,
    action: &BulkAction,
) -> Result<BatchResult> {
    if matches!(
        action,
        BulkAction::AddTags { .. } | BulkAction::RemoveTags { .. }
    ) && table
        .column("tags")
        .is_none_or(|c| c.kind != Kind::StringArray)
    {
        return Err(Error::invalid(
            "action",
            format!("{} have no tags", table.name),
        ));
    }
    if let BulkAction::Set { fields } = action {
        if fields.is_empty() {
            return Err(Error::invalid("fields", "name at least one field to set"));
        }
    }
    batch::run(
        conn,
        actor,
        &format!("bulk_{}", action_name(action)),
        |tx, batch| {
            let ids = target_ids(tx, actor, table, target)?;
            let mut changed = 0;
            for id in &ids {
                let did = apply_one(tx, actor, table, *id, action, batch)
                    .map_err(|e| e.within(&format!("{} {id}", table.name)))?;
                changed += u64::from(did);
            }
            Ok((changed, ids.len() as u64 - changed))
        },
    )
}

fn action_name(action: &BulkAction) -> &'static str {
    match action {
        BulkAction::AddTags { .. } => "add_tags",
        BulkAction::RemoveTags { .. } => "remove_tags",
        BulkAction::Set { .. } => "set",
        BulkAction::Delete => "delete",
        BulkAction::Restore => "restore",
    }
}

/// The ids a target names, checked to be records of the actor's organisation.
fn target_ids(
    tx: &Transaction<'_>,
    actor: &Actor,
    table: &TableDef,
    target: &BulkTarget,
) -> Result<Vec<Uuid>> {
    match target {
        BulkTarget::Ids { ids } => {
            for id in ids {
                records::get(tx, actor, table, *id)?;
            }
            Ok(ids.clone())
        }
        BulkTarget::Query { query } => {
            let (sql, params) = records::id_query(table, actor, query)?;
            let ids: Vec<String> = tx
                .prepare(&sql)?
                .query_map(params_from_iter(params), |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            ids.iter()
                .map(|id| Uuid::parse_str(id).map_err(|_| Error::invalid("id", "not a uuid")))
                .collect()
        }
    }
}

/// Applies the action to one record; false when it already was as asked.
fn apply_one(
    tx: &Transaction<'_>,
    actor: &Actor,
    table: &TableDef,
    id: Uuid,
    action: &BulkAction,
    batch: Uuid,
) -> Result<bool> {
    let row = records::get(tx, actor, table, id)?;
    let live = row.get("deleted_at").is_none_or(Value::is_null);
    let patch = match action {
        BulkAction::Delete | BulkAction::Restore => {
            let delete = matches!(action, BulkAction::Delete);
            if live != delete {
                return Ok(false);
            }
            records::set_deleted_in(tx, actor, table, id, delete, Some(batch))?;
            return Ok(true);
        }
        _ if !live => return Ok(false),
        BulkAction::AddTags { tags: add } => {
            let current = tags::of(&row);
            let next = tags::union(&current, add);
            if next.len() == current.len() {
                return Ok(false);
            }
            tags::ensure_in(tx, actor, table, add, Some(batch))?;
            Row::from_iter([("tags".to_string(), Value::from(next))])
        }
        BulkAction::RemoveTags { tags: remove } => {
            let current = tags::of(&row);
            let next = tags::without(&current, remove);
            if next.len() == current.len() {
                return Ok(false);
            }
            Row::from_iter([("tags".to_string(), Value::from(next))])
        }
        BulkAction::Set { fields } => {
            if fields.iter().all(|(k, v)| row.get(k) == Some(v)) {
                return Ok(false);
            }
            fields.clone()
        }
    };
    records::update_in(tx, actor, table, id, patch, Some(batch))?;
    Ok(true)
}

/// One write of a set saved together by [`write_all`].
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RecordChange {
    Create {
        #[ts(type = "Record<string, unknown>")]
        data: Row,
    },
    Update {
        id: Uuid,
        #[ts(type = "Record<string, unknown>")]
        patch: Row,
    },
    Delete {
        id: Uuid,
    },
}

/// Writes several records of one table that make one thing together (a booking type's
/// weekly hours, say) as one undoable batch: all of them or, when one fails, none, with
/// the error naming the field of the failing change.
pub fn write_all(
    conn: &mut rusqlite::Connection,
    actor: &Actor,
    table: &TableDef,
    changes: &[RecordChange],
) -> Result<BatchResult> {
    batch::run(conn, actor, "save", |tx, batch| {
        for change in changes {
            match change {
                RecordChange::Create { data } => {
                    records::create_in(tx, actor, table, data.clone(), Some(batch))?;
                }
                RecordChange::Update { id, patch } => {
                    records::update_in(tx, actor, table, *id, patch.clone(), Some(batch))?;
                }
                RecordChange::Delete { id } => {
                    records::set_deleted_in(tx, actor, table, *id, true, Some(batch))?;
                }
            }
        }
        Ok((changes.len() as u64, 0))
    })
}
