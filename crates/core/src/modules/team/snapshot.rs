//! Snapshots, as agencies use them for a new client: a template workspace's setup copied
//! into another organisation. Which tables are setup is declared with each table
//! (`snapshot: Snapshot::Copy` / `Inactive`, see [`crate::schema::Snapshot`]): pipelines
//! and their stages, forms, templates, automations (switched off). Data (contacts, cards,
//! bookings, submissions, invoices) is never copied. Booking types, calendars and
//! availability are not either: they are a person's own (`Scope::MemberOwned`) and already
//! follow them into every workspace they belong to.
//!
//! One batch (one transaction, an audit entry per copied row, undoable as one). Every
//! reference to a copied row, in a column or anywhere inside a JSON column (an
//! automation's steps naming a pipeline stage or a template), is remapped to its copy.
//! A snapshot goes only into a workspace with no setup of its own: a second snapshot into
//! the same workspace is refused, so nothing is ever copied twice or mixed.

use std::collections::HashMap;

use rusqlite::Connection;
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;
use uuid::Uuid;

use super::profile;
use crate::batch::{self, BatchResult};
use crate::error::{Error, Result};
use crate::records::{self, Actor, ListQuery, Row};
use crate::schema::{Meaning, Snapshot, TableDef, CREATED_AT, ID};

/// How many rows of one table a snapshot copied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Copied {
    pub table: String,
    #[ts(type = "number")]
    pub rows: u64,
}

/// What a snapshot did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SnapshotResult {
    /// The organisation the setup was copied into.
    pub organization_id: Uuid,
    /// Pass to `batch::undo` (in that organisation) to take the copy back.
    pub batch_id: Uuid,
    /// Per table copied, in the order they were copied.
    pub copied: Vec<Copied>,
}

/// The tables a snapshot copies, parents first (declaration order).
pub fn tables() -> impl Iterator<Item = &'static TableDef> {
    crate::tables::TABLES
        .iter()
        .copied()
        .filter(|t| t.snapshot != Snapshot::Skip)
}

/// Copies the setup of organisation `from` into `to` (each an id or slug of an
/// organisation the actor belongs to), as the actor.
pub fn snapshot(conn: &mut Connection, actor: &Actor, from: &str, to: &str) -> Result<SnapshotResult> {
    let source = in_organization(conn, actor, "from", from)?;
    let target = in_organization(conn, actor, "to", to)?;
    if source.organization_id == target.organization_id {
        return Err(Error::invalid(
            "to",
            "is the template workspace itself; choose another workspace",
        ));
    }
    if target.read_only {
        return Err(Error::Forbidden(
            "your role in the workspace to copy into reads only".into(),
        ));
    }
    for table in tables() {
        let existing = records::count(conn, &target, table, &ListQuery::default())?;
        if existing > 0 {
            return Err(Error::Conflict {
                field: "to".into(),
                reason: format!(
                    "already has its own setup ({existing} {}); a snapshot goes only into a workspace without one",
                    table.name
                ),
            });
        }
    }
    let mut copied = Vec::new();
    let result: BatchResult = batch::run(conn, &target, "snapshot", |tx, batch_id| {
        // Old id → new id, over every table copied so far.
        let mut ids: HashMap<String, String> = HashMap::new();
        let mut total = 0;
        for table in tables() {
            let mut rows = Vec::new();
            records::for_each(tx, &source, table, &ListQuery::default(), |row| {
                rows.push(row);
                Ok(())
            })?;
            for row in &rows {
                let old = row.get(ID).and_then(Value::as_str).unwrap_or_default().to_string();
                let input = copy_input(table, row, &ids);
                let new = records::create_in(tx, &target, table, input, Some(batch_id))?;
                table.rules.hooks.after_write(tx, &target, table, &new)?;
                if let Some(id) = new.get(ID).and_then(Value::as_str) {
                    ids.insert(old, id.to_string());
                }
            }
            if !rows.is_empty() {
                copied.push(Copied {
                    table: table.name.to_string(),
                    rows: rows.len() as u64,
                });
            }
            total += rows.len() as u64;
        }
        Ok((total, 0))
    })?;
    Ok(SnapshotResult {
        organization_id: target.organization_id,
        batch_id: result.batch_id,
        copied,
    })
}

/// The actor in one of their organisations; `field` names the argument in errors.
fn in_organization(conn: &Connection, actor: &Actor, field: &str, wanted: &str) -> Result<Actor> {
    let found = profile::actor(conn, Some(wanted)).map_err(|e| match e {
        Error::Invalid { reason, .. } => Error::invalid(field, reason),
        other => other,
    })?;
    Ok(Actor {
        clock: actor.clock,
        ..found
    })
}

/// A copied row as record input: the columns the record path fills (id, stamps,
/// organisation, the acting person) left out, references to copied rows remapped,
/// and an `Inactive` table's row switched off.
fn copy_input(table: &TableDef, row: &Row, ids: &HashMap<String, String>) -> Row {
    let mut input = Row::new();
    for column in table.columns {
        let fills_itself = column.name == ID
            || column.name == CREATED_AT
            || column.name == "organization_id"
            || column.meaning == Meaning::Actor
            || records::is_system_column(column)
            || records::is_computed(column);
        if fills_itself {
            continue;
        }
        if let Some(value) = row.get(column.name) {
            input.insert(column.name.to_string(), remap(value, ids));
        }
    }
    if table.snapshot == Snapshot::Inactive {
        input.insert("is_active".into(), Value::Bool(false));
    }
    input
}

/// `value` with every string that is the id of a copied row replaced by its copy's id,
/// at any depth of a JSON value.
fn remap(value: &Value, ids: &HashMap<String, String>) -> Value {
    match value {
        Value::String(s) => Value::String(ids.get(s).cloned().unwrap_or_else(|| s.clone())),
        Value::Array(items) => Value::Array(items.iter().map(|v| remap(v, ids)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), remap(v, ids)))
                .collect(),
        ),
        other => other.clone(),
    }
}
