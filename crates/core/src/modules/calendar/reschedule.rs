//! A guest moves their booking to another free time (its own time does not block it);
//! its reminder is due again unless the new time is within the reminder's lead.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{OptionalExtension, Transaction};
use serde_json::json;
use uuid::Uuid;

use super::{object, reminded, still_free, text};
use crate::error::{Error, Result};
use crate::records::{self, Actor, Row};
use crate::schema::Timestamp;
use crate::tables::EVENTS;
use crate::values::timestamp_text;

/// Moves event `event_id` of `host` to `start` as of `now`, keeping its length, if that
/// time is a free slot of the booking type it was booked through. `remind_within` is the
/// reminder's lead time (none when no reminders are sent). Returns the moved event.
pub fn reschedule(
    tx: &Transaction<'_>,
    host: &Actor,
    event_id: Uuid,
    start: Timestamp,
    now: Timestamp,
    remind_within: Option<Duration>,
) -> Result<Row> {
    let event = records::get(tx, host, &EVENTS, event_id)?;
    let at = |field: &str| {
        text(&event, field)
            .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
            .map(|t| t.with_timezone(&Utc))
    };
    let length = match (at("start_time"), at("end_time")) {
        (Some(s), Some(e)) => e - s,
        _ => Duration::minutes(30),
    };
    if at("start_time") == Some(start) {
        return Err(Error::invalid("start", "is the booking's time already"));
    }
    let slug: Option<String> = tx
        .query_row(
            "SELECT slug FROM booking_types WHERE id = ?1",
            [text(&event, "booking_type_id").unwrap_or_default()],
            |r| r.get(0),
        )
        .optional()?;
    still_free(
        tx,
        host,
        &slug.unwrap_or_default(),
        start,
        now,
        Some(event_id),
    )?;
    records::update_in(
        tx,
        host,
        &EVENTS,
        event_id,
        object(json!({
            "start_time": timestamp_text(start),
            "end_time": timestamp_text(start + length),
            "reminder_sent": reminded(start, now, remind_within),
        })),
        None,
    )
}
