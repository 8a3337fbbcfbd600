//! The audit trail every write leaves: one entry per change (or per batch), in the same
//! transaction as the change, so neither lands without the other.

use rusqlite::Connection;
use serde_json::Value;
use uuid::Uuid;

use crate::error::Result;
use crate::records::{now, Actor};
use crate::schema::TableDef;

/// Marks an audit entry's changes as part of a batch, which `batch::undo` reverts whole.
pub(crate) fn with_batch(mut changes: Value, batch: Option<Uuid>) -> Value {
    if let (Some(batch), Some(map)) = (batch, changes.as_object_mut()) {
        map.insert("batch".into(), Value::from(batch.to_string()));
    }
    changes
}

/// Writes one audit entry in the caller's transaction.
pub(crate) fn audit(
    tx: &Connection,
    actor: &Actor,
    action: &str,
    table: &TableDef,
    entity_id: Option<Uuid>,
    changes: Value,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO audit_logs (id, organization_id, user_id, action, entity_type, entity_id, changes, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )?
    .execute(rusqlite::params![
        Uuid::now_v7().to_string(),
        actor.organization_id.to_string(),
        actor.user_id.to_string(),
        action,
        table.name,
        entity_id.map(|id| id.to_string()),
        changes.to_string(),
        now(actor),
    ])?;
    Ok(())
}
