//! Trigger events: what happened that automations may act on, raised by the module where
//! it happened (forms raise `form_submit`) in the same transaction as the change itself,
//! stored in `trigger_events` and synced. The automations runner (DESIGN.md §8: on the
//! server for an organisation that syncs) consumes them, keyed by event id, so each runs
//! its automations once.

use rusqlite::Transaction;
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
