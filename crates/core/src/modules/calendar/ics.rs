//! iCalendar (RFC 5545) files: a whole calendar to subscribe to or import elsewhere, and
//! one event as an invitation (the booking confirmation's attachment). Times are written
//! in UTC, all-day events as dates; text is escaped and lines folded at 75 octets with
//! CRLF, as calendar programs require.

use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;
use serde_json::Value;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::records::{self, Actor, Row};
use crate::tables::{CALENDARS, EVENTS};

const PRODID: &str = "-//AIO Agency CRM//Calendar//EN";

/// Whether a file publishes a calendar or invites to one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Publish,
    Request,
    /// The organiser calls an invitation off (the event's status is `cancelled`).
    Cancel,
}

/// The calendar `id` and its events (not those in the trash) as one .ics file.
pub fn calendar(conn: &Connection, actor: &Actor, id: Uuid) -> Result<String> {
    let calendar = records::get(conn, actor, &CALENDARS, id)?;
    let mut events = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM events WHERE calendar_id = ?1 AND deleted_at IS NULL ORDER BY start_time, id",
    )?;
    let ids: Vec<String> = stmt
        .query_map([id.to_string()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for event_id in ids {
        let event_id = Uuid::parse_str(&event_id)
            .map_err(|_| Error::invalid("events.id", format!("\"{event_id}\" is not a UUID")))?;
        events.push(records::get(conn, actor, &EVENTS, event_id)?);
    }
    Ok(write(
        text(&calendar, "name").as_deref(),
        &events,
        Method::Publish,
        None,
    ))
}

/// One event as an invitation (METHOD:REQUEST) from its owner.
pub fn event(conn: &Connection, actor: &Actor, id: Uuid) -> Result<String> {
    invitation(conn, actor, id, Method::Request, 0)
}

/// One event as a message from its owner to its guests: an invitation, or an update of
/// one (a higher `sequence` replaces what calendars hold), or its cancellation.
pub fn invitation(
    conn: &Connection,
    actor: &Actor,
    id: Uuid,
    method: Method,
    sequence: u32,
) -> Result<String> {
    let event = records::get(conn, actor, &EVENTS, id)?;
    let organizer: Option<(String, String)> = conn
        .query_row(
            "SELECT first_name || ' ' || last_name, email FROM users WHERE id = ?1",
            [text(&event, "user_id").unwrap_or_default()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .ok();
    Ok(render(
        None,
        &[event],
        method,
        organizer.as_ref().map(|(n, e)| (n.as_str(), e.as_str())),
        sequence,
    ))
}

/// The file for `events` (rows of `events`, as the record path returns them), with the
/// organiser (name, email) an invitation needs.
pub fn write(
    name: Option<&str>,
    events: &[Row],
    method: Method,
    organizer: Option<(&str, &str)>,
) -> String {
    render(name, events, method, organizer, 0)
}

fn render(
    name: Option<&str>,
    events: &[Row],
    method: Method,
    organizer: Option<(&str, &str)>,
    sequence: u32,
) -> String {
    let mut out = Lines::default();
    out.line("BEGIN:VCALENDAR");
    out.line("VERSION:2.0");
    out.line(&format!("PRODID:{PRODID}"));
    out.line("CALSCALE:GREGORIAN");
    out.line(match method {
        Method::Publish => "METHOD:PUBLISH",
        Method::Request => "METHOD:REQUEST",
        Method::Cancel => "METHOD:CANCEL",
    });
    if let Some(name) = name {
        out.line(&format!("X-WR-CALNAME:{}", escape(name)));
    }
    for event in events {
        write_event(&mut out, event, organizer, sequence);
    }
    out.line("END:VCALENDAR");
    out.0
}

fn write_event(out: &mut Lines, event: &Row, organizer: Option<(&str, &str)>, sequence: u32) {
    let id = text(event, "id").unwrap_or_default();
    let start = time(event, "start_time");
    let end = time(event, "end_time");
    out.line("BEGIN:VEVENT");
    out.line(&format!("UID:{id}@aio-agency-crm"));
    out.line(&format!("SEQUENCE:{sequence}"));
    // Every stored event has `updated_at`; a row without one still gets a stable stamp
    // (never the wall clock: the same event must give the same file).
    let stamp = time(event, "updated_at")
        .or_else(|| time(event, "created_at"))
        .or(start)
        .unwrap_or_default();
    out.line(&format!("DTSTAMP:{}", utc(stamp)));
    if let Some(created) = time(event, "created_at") {
        out.line(&format!("CREATED:{}", utc(created)));
    }
    out.line(&format!("LAST-MODIFIED:{}", utc(stamp)));
    let all_day = event.get("all_day").and_then(Value::as_bool) == Some(true);
    if let (Some(start), Some(end)) = (start, end) {
        if all_day {
            // DTEND of a date is exclusive: an event ending at midnight ends that day.
            let last = (end - Duration::seconds(1)).max(start);
            out.line(&format!("DTSTART;VALUE=DATE:{}", start.format("%Y%m%d")));
            out.line(&format!(
                "DTEND;VALUE=DATE:{}",
                (last.date_naive() + Duration::days(1)).format("%Y%m%d")
            ));
        } else {
            out.line(&format!("DTSTART:{}", utc(start)));
            out.line(&format!("DTEND:{}", utc(end.max(start))));
        }
    }
    out.line(&format!(
        "SUMMARY:{}",
        escape(&text(event, "title").unwrap_or_default())
    ));
    for (field, property) in [
        ("description", "DESCRIPTION"),
        ("location", "LOCATION"),
        ("meeting_url", "URL"),
    ] {
        if let Some(value) = text(event, field).filter(|v| !v.is_empty()) {
            out.line(&format!("{property}:{}", escape(&value)));
        }
    }
    let status = match text(event, "status").as_deref() {
        Some("cancelled") => "CANCELLED",
        Some("scheduled") => "TENTATIVE",
        _ => "CONFIRMED",
    };
    out.line(&format!("STATUS:{status}"));
    if let Some((name, email)) = organizer {
        out.line(&format!("ORGANIZER;CN=\"{}\":mailto:{email}", quoted(name)));
    }
    let guest = text(event, "guest_email").map(|email| (email, text(event, "guest_name")));
    let attendees = event
        .get("attendees")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|a| {
            let email = a.get("email")?.as_str()?.to_string();
            let name = a.get("name").and_then(Value::as_str).map(str::to_string);
            Some((email, name))
        });
    let mut seen = Vec::new();
    for (email, name) in guest.into_iter().chain(attendees) {
        let email = email.trim().to_string();
        if email.is_empty() || email.contains(['\r', '\n']) || seen.contains(&email) {
            continue;
        }
        let cn = name
            .filter(|n| !n.is_empty())
            .map(|n| format!(";CN=\"{}\"", quoted(&n)))
            .unwrap_or_default();
        out.line(&format!(
            "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION{cn}:mailto:{email}"
        ));
        seen.push(email);
    }
    out.line("END:VEVENT");
}

/// A parameter value in quotes cannot hold quotes or line breaks.
fn quoted(value: &str) -> String {
    value.replace(['"', '\r', '\n'], "")
}

fn text(row: &Row, field: &str) -> Option<String> {
    row.get(field).and_then(Value::as_str).map(str::to_string)
}

fn time(row: &Row, field: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(row.get(field)?.as_str()?)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// TEXT values escape backslashes, semicolons, commas and line breaks (RFC 5545 3.3.11).
fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Content lines ending in CRLF, folded so none is longer than 75 octets (never inside a
/// UTF-8 character).
#[derive(Default)]
struct Lines(String);

impl Lines {
    fn line(&mut self, line: &str) {
        let mut width = 0;
        for c in line.chars() {
            let len = c.len_utf8();
            if width + len > 75 {
                self.0.push_str("\r\n ");
                width = 1;
            }
            self.0.push(c);
            width += len;
        }
        self.0.push_str("\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let mut lines = Lines::default();
        let long = format!("SUMMARY:{}", "é".repeat(100));
        lines.line(&long);
        for physical in lines.0.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let unfolded = lines.0.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), long);
    }

    #[test]
    fn text_escapes_the_characters_rfc_5545_reserves() {
        assert_eq!(escape("a;b,c\\d\r\ne\nf"), "a\\;b\\,c\\\\d\\ne\\nf");
    }
}
