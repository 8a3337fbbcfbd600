//! A guest calls their booking off: the event stays, with status `cancelled`, so the host
//! sees what happened on every device and its time is free again.

use rusqlite::Transaction;
use serde_json::json;
use uuid::Uuid;

use super::object;
use crate::error::Result;
use crate::records::{self, Actor, Row};
use crate::tables::EVENTS;

/// Cancels event `event_id` of `host` inside `tx`; returns the cancelled event.
pub fn cancel(tx: &Transaction<'_>, host: &Actor, event_id: Uuid) -> Result<Row> {
    records::update_in(
        tx,
        host,
        &EVENTS,
        event_id,
        object(json!({"status": "cancelled"})),
        None,
    )
}
