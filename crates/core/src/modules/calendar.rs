//! # calendar
//!
//! Calendars, events, booking types with their availability, booking settings and the
//! Google Calendar link: free slots ([`slots`]), iCalendar files ([`ics`]) and the public
//! booking page's operations.
//!
//! A guest books a free slot of a booking type ([`book`]), then moves it ([`reschedule`])
//! or calls it off ([`cancel`]) through the link in their mail. Each operation is one
//! step inside the caller's transaction on a database that holds the organisation's rows
//! (the server's replica of it): it checks the slot against the same engine that listed
//! it ([`slots`]) as of the `now` it is given, and writes through the record path,
//! so what it writes syncs like any device's edit. Sending mail about it is the caller's
//! (DESIGN.md §8: the server executes side effects); each operation returns what that
//! mail needs.

pub mod book;
pub mod cancel;
pub mod demo;
pub mod ics;
pub mod reschedule;
pub mod slots;
pub mod tables;

use chrono::Duration;
use chrono_tz::Tz;
use rusqlite::Connection;
use serde_json::Value;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::records::{Actor, Row};
use crate::schema::Timestamp;
use slots::SlotRequest;

/// The module as the registry sees it.
pub static MODULE: crate::schema::Module = crate::schema::Module {
    name: "calendar",
    tables: tables::CALENDAR_TABLES,
    record_types: tables::calendar_record_types,
    demo: demo::generate,
    enum_types: tables::calendar_enum_types,
};

/// A text field of a row, if it holds one.
pub fn text(row: &Row, field: &str) -> Option<String> {
    row.get(field).and_then(Value::as_str).map(str::to_string)
}

/// A `json!({...})` literal as a record's fields.
fn object(value: Value) -> Row {
    match value {
        Value::Object(map) => map,
        _ => Row::new(),
    }
}

/// A stored id (of column `field`) as a UUID.
fn parse_id(field: &str, id: &str) -> Result<Uuid> {
    Uuid::parse_str(id).map_err(|_| Error::invalid(field, format!("\"{id}\" is not a UUID")))
}

/// The id of a row the record path wrote.
fn id_of(row: &Row) -> Result<Uuid> {
    parse_id("id", &text(row, "id").unwrap_or_default())
}

/// A meeting at `start` is within the reminder's lead time (`remind_within`, none when
/// no reminders are sent) as of `now`: the mail about this change is its reminder.
fn reminded(start: Timestamp, now: Timestamp, remind_within: Option<Duration>) -> bool {
    remind_within.is_some_and(|lead| start - now <= lead)
}

/// Refuses `start` unless it is a free slot of booking type `slug` of `host` as of
/// `now`, by the engine that listed it; `except` is a booking whose own time does not
/// count (the one being moved). Runs under the caller's lock on the organisation, so two
/// guests never get one slot.
fn still_free(
    conn: &Connection,
    host: &Actor,
    slug: &str,
    start: Timestamp,
    now: Timestamp,
    except: Option<Uuid>,
) -> Result<()> {
    let request = SlotRequest {
        from: (start - Duration::days(1)).date_naive(),
        days: 3,
        tz: Tz::UTC,
        now,
    };
    let free = slots::slots_except(conn, host, slug, &request, except)?;
    if free.iter().any(|t| *t == start) {
        Ok(())
    } else {
        Err(Error::Conflict {
            field: "start".into(),
            reason: "that time is no longer free; pick another slot".into(),
        })
    }
}
