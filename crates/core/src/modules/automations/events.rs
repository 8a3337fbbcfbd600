//! Trigger events: what happened that automations may act on, raised by the module where
//! it happened (forms raise `form_submit`) in the same transaction as the change itself,
//! stored in `trigger_events` and synced. The automations runner (DESIGN.md §8: on the
//! server for an organisation that syncs) consumes them, keyed by event id, so each runs
//! its automations once.

use rusqlite::{Connection, Transaction};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use super::tables::{TriggerType, TRIGGER_EVENTS};
use crate::error::{Error, Result};
use crate::records::{self, Actor};
use crate::schema::Timestamp;
use crate::values::timestamp_text;

/// Raises `kind` about row `subject_id` of `subject_table`, with what a trigger needs in
/// `payload`. Returns the event's id.
pub fn raise(
    tx: &Transaction<'_>,
    actor: &Actor,
    kind: TriggerType,
    subject_table: &str,
    subject_id: Uuid,
    payload: Map<String, Value>,
    occurred_at: Timestamp,
) -> Result<Uuid> {
    let input = json!({
        "kind": kind.as_str(),
        "subject_table": subject_table,
        "subject_id": subject_id.to_string(),
        "payload": payload,
        "occurred_at": timestamp_text(occurred_at),
    });
    let Value::Object(input) = input else {
        unreachable!("a JSON object literal")
    };
    let row = records::create_in(tx, actor, &TRIGGER_EVENTS, input, None)?;
    row.get("id")
        .and_then(Value::as_str)
        .and_then(|id| Uuid::parse_str(id).ok())
        .ok_or_else(|| Error::invalid("id", "the event was stored without an id"))
}

/// A random UUID made by SQLite, for events raised in SQL.
const SQL_UUID: &str = "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))";

/// What the `automations_contact_created` trigger (V15) does, for contacts a bulk insert
/// wrote with its triggers off: `ids` is a JSON array of their ids.
pub fn raise_contacts_created(tx: &Connection, ids: &str) -> Result<()> {
    tx.execute(
        &format!(
            "INSERT INTO trigger_events (id, organization_id, kind, subject_table, subject_id, payload, occurred_at, created_at)
             SELECT {SQL_UUID}, c.organization_id, 'contact_created', 'contacts', c.id, json_object('contact_id', c.id), c.created_at, c.created_at
             FROM json_each(?1) j JOIN contacts c ON c.id = j.value
             WHERE c.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'sync_applying')"
        ),
        [ids],
    )?;
    tx.execute(
        &format!(
            "INSERT INTO trigger_events (id, organization_id, kind, subject_table, subject_id, payload, occurred_at, created_at)
             SELECT {SQL_UUID}, c.organization_id, 'tag_added', 'contacts', c.id, json_object('contact_id', c.id, 'tag', t.value), c.created_at, c.created_at
             FROM json_each(?1) j JOIN contacts c ON c.id = j.value, json_each(c.tags) t
             WHERE c.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'sync_applying')"
        ),
        [ids],
    )?;
    Ok(())
}
