//! Public booking: a visitor sees the free slots of a booking type in their own time zone
//! and books one, while the host's laptops may all be asleep (DESIGN.md §1).
//!
//! The server keeps, per organisation, a replica of its rows: an aio-core database beside
//! the server's file, brought up to date from the log before each use, so the slot engine
//! and the record path run here exactly as on a device. A booking is written into the
//! replica as the owner's "public pages" device and pushed into the log like any device's
//! updates (every push check applies), then devices are told to pull. Bookings of one
//! organisation are taken one at a time under its replica's lock, after the slot is
//! checked against everything the log holds: two visitors never get the same slot.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use aio_core::calendar::slots::{self, SlotRequest};
use aio_core::db::{self, Connection, OpenMode};
use aio_core::records::{self, Row};
use aio_core::sync::wire::{Push, RowUpdate};
use aio_core::tables::{CALENDARS, CONTACTS, CONTACT_ACTIVITIES, EVENTS};
use aio_core::team::accounts;
use aio_core::{deferred, settings, sync, Actor};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::mail::MailSettings;
use crate::manage;
use crate::store::{self, PublicPages, Refusal, Result};

/// Where the replica has read the log up to (`app_settings`).
const CURSOR: &str = "replica_cursor";
/// Log entries read per page while catching up.
const PAGE: usize = 2000;

/// The organisations' replicas, opened on first use.
pub struct Replicas {
    dir: PathBuf,
    open: Mutex<HashMap<Uuid, Arc<Mutex<Connection>>>>,
}

impl Replicas {
    pub fn new(dir: PathBuf) -> Replicas {
        Replicas {
            dir,
            open: Mutex::default(),
        }
    }

    pub(crate) fn get(&self, org: Uuid) -> Result<Arc<Mutex<Connection>>> {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(replica) = open.get(&org) {
            return Ok(replica.clone());
        }
        std::fs::create_dir_all(&self.dir)
            .map_err(|e| Refusal::Internal(format!("cannot create {}: {e}", self.dir.display())))?;
        let (conn, _) = db::open(
            &self.dir.join(format!("{org}.sqlite3")),
            OpenMode::CreateIfMissing,
        )?;
        let replica = Arc::new(Mutex::new(conn));
        open.insert(org, replica.clone());
        Ok(replica)
    }
}

/// The organisation's replica, locked and up to date with the log.
pub(crate) fn ready<'a>(
    server: &Mutex<rusqlite::Connection>,
    pages: &PublicPages,
    replica: &'a Mutex<Connection>,
) -> Result<std::sync::MutexGuard<'a, Connection>> {
    let mut conn = replica.lock().unwrap_or_else(|p| p.into_inner());
    let org = pages.organization.id;
    // The owner, the organisation and its members as local rows, with the pages' own
    // yrs client id: what rows name and what the replica writes as.
    let members = {
        let server = server.lock().unwrap_or_else(|p| p.into_inner());
        store::members(&server, &pages.caller, org)?
    };
    let tx = conn.transaction()?;
    sync::set_client_id(&tx, pages.caller.client_id)?;
    accounts::adopt(&tx, &pages.owner, &pages.organization, false)?;
    tx.commit()?;
    accounts::adopt_members(&mut conn, org, &members)?;
    catch_up(&mut conn, server, pages)?;
    Ok(conn)
}

/// Catches the replica of `org` up with the log when the organisation has booking types
/// (a page view would otherwise pay for it, after a big upload a whole bootstrap).
pub fn warm(replicas: &Replicas, server: &Mutex<rusqlite::Connection>, org: Uuid) -> Result<()> {
    let has_pages: bool = {
        let server = server.lock().unwrap_or_else(|p| p.into_inner());
        server.query_row(
            "SELECT EXISTS (SELECT 1 FROM rows WHERE organization_id = ?1 AND table_name = 'booking_types')",
            [org.to_string()],
            |r| r.get(0),
        )?
    };
    if has_pages {
        let pages = public_pages(server, &org.to_string())?;
        let replica = replicas.get(org)?;
        drop(ready(server, &pages, &replica)?);
    }
    Ok(())
}

/// Applies every log entry after the replica's cursor, its own writes included (applying
/// them again changes nothing, and a crash between the log's commit and the replica's
/// loses nothing); from snapshots when the log before the cursor is compacted.
fn catch_up(
    conn: &mut Connection,
    server: &Mutex<rusqlite::Connection>,
    pages: &PublicPages,
) -> Result<()> {
    let org = pages.organization.id;
    // A reader that skips no device's updates.
    let reader = store::Caller {
        device_id: Uuid::nil(),
        ..pages.caller.clone()
    };
    let mut cursor: i64 = settings::get(conn, CURSOR)?
        .and_then(|c| c.parse().ok())
        .unwrap_or(-1);
    loop {
        let page = if cursor < 0 {
            Err(Refusal::Gone("never read".into()))
        } else {
            let server = server.lock().unwrap_or_else(|p| p.into_inner());
            store::pull(&server, &reader, org, cursor, PAGE)
        };
        match page {
            Ok(pull) => {
                apply(conn, &pull.updates, pull.cursor)?;
                cursor = pull.cursor;
                if !pull.more {
                    return Ok(());
                }
            }
            Err(Refusal::Gone(_)) => {
                cursor = bootstrap(conn, server, &reader, org)?;
            }
            Err(e) => return Err(e),
        }
    }
}

/// A new replica's copy of the organisation, stored as a new device stores it
/// (`aio_core::sync::bootstrap`), with its indexes built before the pages use it.
fn bootstrap(
    conn: &mut Connection,
    server: &Mutex<rusqlite::Connection>,
    reader: &store::Caller,
    org: Uuid,
) -> Result<i64> {
    let fetch = |after: Option<&str>| {
        let server = server.lock().unwrap_or_else(|p| p.into_inner());
        store::bootstrap(&server, reader, org, after, PAGE)
    };
    let done = aio_core::sync::bootstrap::run(conn, fetch, |tx, cursor| {
        Ok(settings::set(tx, CURSOR, &cursor.to_string())?)
    })?;
    if done.indexing {
        deferred::finish(conn)?;
    }
    Ok(done.cursor)
}

/// Applies one page of updates and records the cursor in the same transaction.
fn apply(conn: &mut Connection, updates: &[RowUpdate], cursor: i64) -> Result<()> {
    let updates = updates
        .iter()
        .cloned()
        .map(RowUpdate::into_remote)
        .collect::<aio_core::Result<Vec<_>>>()?;
    let tx = conn.transaction()?;
    sync::apply_remote(&tx, &updates)?;
    settings::set(&tx, CURSOR, &cursor.to_string())?;
    tx.commit()?;
    Ok(())
}

// --- what a visitor sees and does -------------------------------------------------------------

/// A booking type as its public page shows it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PageInfo {
    pub organization: String,
    pub name: String,
    pub description: String,
    pub duration_minutes: i64,
    pub location: Option<String>,
    pub price: Option<String>,
    pub questions: Vec<Value>,
    pub title: String,
    pub subtitle: Option<String>,
    pub primary_color: String,
    pub background_color: String,
    pub text_color: String,
    pub logo_url: Option<String>,
    /// The owner's own CSS, sanitised (`sanitize_css`), applied after the page's.
    pub custom_css: String,
    /// Whether the server sends mail (the page tells the guest what to expect).
    #[serde(default)]
    pub mail: bool,
    /// On a guest's link: the booking they reschedule or cancel.
    #[serde(default)]
    pub manage: Option<manage::Booking>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Slots {
    pub tz: String,
    /// Slot starts, RFC 3339 in `tz`.
    pub slots: Vec<String>,
}

/// What a visitor sends to book.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BookingRequest {
    /// The slot's start, as the slots list gave it.
    pub start: String,
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub phone: Option<String>,
    /// Answers to the booking type's questions, by question id or label.
    #[serde(default)]
    pub answers: serde_json::Map<String, Value>,
    /// The visitor's zone, for the confirmation.
    #[serde(default)]
    pub tz: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Booked {
    pub event_id: Uuid,
    pub contact_id: Uuid,
    pub start: String,
    pub end: String,
    /// Where the guest reschedules or cancels (also in the confirmation mail).
    pub manage_url: String,
    /// Whether a confirmation mail is on its way.
    pub mail: bool,
}

/// The booking type `slug` and its host, in the replica; an unknown or inactive one is a
/// page that does not exist.
pub(crate) fn booking_type(conn: &Connection, org: Uuid, slug: &str) -> Result<(Row, Actor)> {
    match slots::booking_type(conn, org, slug) {
        Ok(found) => Ok((found.row, found.host)),
        Err(aio_core::Error::Invalid { field, reason }) if field == "booking_type" => {
            Err(Refusal::NotFound(format!("no booking page: {reason}")))
        }
        Err(e) => Err(e.into()),
    }
}

pub(crate) fn text(row: &Row, field: &str) -> Option<String> {
    row.get(field).and_then(Value::as_str).map(str::to_string)
}

pub fn page_info(
    replicas: &Replicas,
    server: &Mutex<rusqlite::Connection>,
    org_slug: &str,
    type_slug: &str,
) -> Result<PageInfo> {
    let pages = public_pages(server, org_slug)?;
    let replica = replicas.get(pages.organization.id)?;
    let conn = ready(server, &pages, &replica)?;
    page_info_in(&conn, &pages, type_slug)
}

/// The page of `type_slug` from a replica that is ready.
pub(crate) fn page_info_in(
    conn: &Connection,
    pages: &PublicPages,
    type_slug: &str,
) -> Result<PageInfo> {
    let (kind, host) = booking_type(conn, pages.organization.id, type_slug)?;
    // The host's page settings, if they made any.
    let look: Row = conn
        .query_row(
            "SELECT json_object('title', booking_page_title, 'subtitle', booking_page_subtitle,
                    'primary', primary_color, 'background', background_color,
                    'text', text_color, 'logo', logo_url, 'css', custom_css)
             FROM booking_settings WHERE user_id = ?1 AND deleted_at IS NULL ORDER BY created_at LIMIT 1",
            [host.user_id.to_string()],
            |r| {
                let text: String = r.get(0)?;
                Ok(serde_json::from_str(&text).unwrap_or_default())
            },
        )
        .unwrap_or_default();
    let color =
        |field: &str, default: &str| safe_color(&text(&look, field).unwrap_or_default(), default);
    Ok(PageInfo {
        organization: pages.organization.name.clone(),
        name: text(&kind, "name").unwrap_or_default(),
        description: text(&kind, "description").unwrap_or_default(),
        duration_minutes: kind
            .get("duration_minutes")
            .and_then(Value::as_i64)
            .unwrap_or(0),
        location: text(&kind, "location"),
        price: text(&kind, "price"),
        questions: kind
            .get("questions")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default(),
        title: text(&look, "title").unwrap_or_else(|| pages.organization.name.clone()),
        subtitle: text(&look, "subtitle"),
        primary_color: color("primary", "#2563eb"),
        background_color: color("background", "#f8fafc"),
        text_color: color("text", "#0f172a"),
        logo_url: text(&look, "logo")
            .filter(|u| u.starts_with("https://") || u.starts_with("http://")),
        custom_css: sanitize_css(&text(&look, "css").unwrap_or_default()),
        mail: false,
        manage: None,
    })
}

/// Words that let CSS load something from elsewhere or run code.
const FORBIDDEN_CSS: [&str; 11] = [
    "url(",
    "image-set",
    "image(",
    "@import",
    "@charset",
    "@namespace",
    "@font-face",
    "expression",
    "javascript:",
    "behavior",
    "binding",
];

/// The owner's custom CSS made safe to put inside the page's `<style>`: it cannot close
/// the element (no `<`), load anything from elsewhere (which would tell a third party who
/// visits), or run code. Comments and backslash escapes go first, since they can hide a
/// forbidden word; then a declaration or rule prelude holding one is dropped whole
/// (a dropped prelude becomes a selector that matches nothing, so braces stay balanced).
/// At most 20,000 characters.
pub fn sanitize_css(css: &str) -> String {
    let mut plain = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        plain.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    plain.push_str(rest);
    let plain: String = plain
        .chars()
        .filter(|c| !matches!(c, '<' | '\\' | '\0'))
        .take(20_000)
        .collect();
    let mut out = String::new();
    let mut piece = String::new();
    let mut keep = |piece: &str| {
        let lower = piece.to_lowercase();
        if !FORBIDDEN_CSS.iter().any(|word| lower.contains(word)) {
            out.push_str(piece);
        } else if piece.ends_with('{') {
            out.push_str(":not(*){");
        } else if piece.ends_with('}') {
            out.push('}');
        }
    };
    for c in plain.chars() {
        piece.push(c);
        if matches!(c, ';' | '{' | '}') {
            keep(&piece);
            piece.clear();
        }
    }
    keep(&piece);
    // "{{" never means anything in CSS, and the page template's slots look like it.
    out.replace("{{", "{ {")
}

/// A colour the page's style can hold: `#rgb` or `#rrggbb`, else the default.
fn safe_color(value: &str, default: &str) -> String {
    let hex = value.strip_prefix('#').unwrap_or("");
    if matches!(hex.len(), 3 | 6) && hex.chars().all(|c| c.is_ascii_hexdigit()) {
        value.to_string()
    } else {
        default.to_string()
    }
}

pub(crate) fn public_pages(
    server: &Mutex<rusqlite::Connection>,
    org_slug: &str,
) -> Result<PublicPages> {
    let mut server = server.lock().unwrap_or_else(|p| p.into_inner());
    store::public_pages(&mut server, org_slug)
}

/// A visitor's slot query, checked: `days` (1 to 62) local dates from `from` in `tz`.
pub(crate) fn slot_request(from: &str, days: u32, tz: &str) -> Result<SlotRequest> {
    let from = NaiveDate::parse_from_str(from, "%Y-%m-%d")
        .map_err(|_| Refusal::invalid("from", format!("\"{from}\" is not a date (YYYY-MM-DD)")))?;
    if !(1..=62).contains(&days) {
        return Err(Refusal::invalid("days", "must be between 1 and 62"));
    }
    Ok(SlotRequest {
        from,
        days,
        tz: slots::zone("tz", tz)?,
        now: Utc::now(),
    })
}

pub fn free_slots(
    replicas: &Replicas,
    server: &Mutex<rusqlite::Connection>,
    org_slug: &str,
    type_slug: &str,
    from: &str,
    days: u32,
    tz: &str,
) -> Result<Slots> {
    let request = slot_request(from, days, tz)?;
    let pages = public_pages(server, org_slug)?;
    let replica = replicas.get(pages.organization.id)?;
    let conn = ready(server, &pages, &replica)?;
    let (_, host) = booking_type(&conn, pages.organization.id, type_slug)?;
    let found = slots::slots(&conn, &host, type_slug, &request)?;
    Ok(Slots {
        tz: request.tz.name().to_string(),
        slots: found
            .iter()
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
            .collect(),
    })
}

/// Books a slot: checks it is still free, finds the contact by email or creates it,
/// creates the event (and a timeline entry), and pushes all of it into the log.
pub fn book(
    replicas: &Replicas,
    server: &Mutex<rusqlite::Connection>,
    org_slug: &str,
    type_slug: &str,
    input: &BookingRequest,
    mail: &MailSettings,
) -> Result<(Booked, i64, Uuid)> {
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(Refusal::invalid(
            "name",
            "is required (at most 200 characters)",
        ));
    }
    let email = input.email.trim();
    if !aio_core::values::is_email(email) {
        return Err(Refusal::invalid(
            "email",
            format!("\"{email}\" is not an email address"),
        ));
    }
    if mail.enabled() {
        // Mail needs an address its parser takes, too.
        crate::mail::mailbox("email", Some(name), email)?;
    }
    let phone = input
        .phone
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    if phone.is_some_and(|p| p.chars().count() > 40) {
        return Err(Refusal::invalid("phone", "is longer than 40 characters"));
    }
    if input.answers.len() > 50
        || input
            .answers
            .iter()
            .any(|(k, v)| k.chars().count() > 200 || v.to_string().chars().count() > 5000)
    {
        return Err(Refusal::invalid("answers", "are too many or too long"));
    }
    let start = DateTime::parse_from_rfc3339(input.start.trim())
        .map_err(|_| Refusal::invalid("start", "is not an RFC 3339 time"))?
        .with_timezone(&Utc);
    // The guest's zone: times in their mail are written in it.
    let zone = match input.tz.as_deref().map(str::trim).filter(|z| !z.is_empty()) {
        Some(name) => slots::zone("tz", name)?,
        None => chrono_tz::Tz::UTC,
    };
    let pages = public_pages(server, org_slug)?;
    let org = pages.organization.id;
    let replica = replicas.get(org)?;
    // Held until the booking is in the log: bookings of one organisation go one by one.
    let mut conn = ready(server, &pages, &replica)?;
    let (kind, host) = booking_type(&conn, org, type_slug)?;
    let duration = kind
        .get("duration_minutes")
        .and_then(Value::as_i64)
        .unwrap_or(30);
    let end = start + Duration::minutes(duration);

    // Still free, by the same engine that listed it, as of now.
    let request = SlotRequest {
        from: (start - Duration::days(1)).date_naive(),
        days: 3,
        tz: chrono_tz::Tz::UTC,
        now: Utc::now(),
    };
    let free = slots::slots(&conn, &host, type_slug, &request)?;
    if !free.iter().any(|t| *t == start) {
        return Err(Refusal::Conflict(
            "start: that time is no longer free; pick another slot".into(),
        ));
    }

    let tx = conn.transaction()?;
    let contact_id = match tx
        .query_row(
            "SELECT id FROM contacts INDEXED BY uq_contacts_organization_id_email
             WHERE organization_id = ?1 AND email = ?2 COLLATE NOCASE
               AND deleted_at IS NULL AND duplicate_of IS NULL",
            [org.to_string(), email.to_string()],
            |r| r.get::<_, String>(0),
        )
        .ok()
    {
        Some(id) => id,
        None => {
            let (first, last) = match name.rsplit_once(' ') {
                Some((f, l)) => (f.trim(), l.trim()),
                None => (name, ""),
            };
            let mut contact = json!({
                "first_name": first, "last_name": last, "email": email,
                "source": "booking page", "owner_id": host.user_id.to_string(),
            });
            if let Some(phone) = phone {
                contact["phone"] = json!(phone);
            }
            let row = records::create_in(&tx, &host, &CONTACTS, object(contact), None)?;
            text(&row, "id").unwrap_or_default()
        }
    };
    let calendar = host_calendar(&tx, &host)?;
    let mut description = text(&kind, "description").unwrap_or_default();
    for (question, answer) in &input.answers {
        let answer = match answer {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        description.push_str(&format!("\n\n{question}: {answer}"));
    }
    let type_name = text(&kind, "name").unwrap_or_default();
    let mut event = json!({
        "calendar_id": calendar,
        "user_id": host.user_id.to_string(),
        "contact_id": contact_id,
        "booking_type_id": text(&kind, "id"),
        "title": format!("{type_name}: {name}"),
        "description": description.trim(),
        "start_time": aio_core::values::timestamp_text(start),
        "end_time": aio_core::values::timestamp_text(end),
        "status": "confirmed",
        "guest_email": email,
        "guest_name": name,
        "attendees": [{"email": email, "name": name, "status": "accepted"}],
        // Booked within the reminder's lead time: the confirmation is the reminder.
        "reminder_sent": mail.reminder_due(start, Utc::now()),
    });
    for field in ["location", "meeting_url"] {
        if let Some(value) = text(&kind, field) {
            event[field] = json!(value);
        }
    }
    if let Some(phone) = phone {
        event["guest_phone"] = json!(phone);
    }
    let event = records::create_in(&tx, &host, &EVENTS, object(event), None)?;
    let event_id = text(&event, "id").unwrap_or_default();
    records::create_in(
        &tx,
        &host,
        &CONTACT_ACTIVITIES,
        object(json!({
            "contact_id": contact_id,
            "user_id": host.user_id.to_string(),
            "activity_type": "meeting",
            "title": format!("Booked {type_name}"),
            "description": format!("{} on the public booking page", aio_core::values::timestamp_text(start)),
            "metadata": {"event_id": event_id, "booking_type": type_slug},
        })),
        None,
    )?;

    let event_id = Uuid::parse_str(&event_id).map_err(|_| Refusal::Internal("bad id".into()))?;
    let letters = manage::letters(&tx, mail, &host, event_id, manage::Kind::Confirmed, 0, zone)?;
    let head = commit(tx, server, &pages, |log| {
        log.execute(
            "INSERT INTO bookings (event_id, organization_id, time_zone, created_at)
             VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![
                event_id.to_string(),
                org.to_string(),
                zone.name(),
                store::now()
            ],
        )?;
        letters.queue(log, mail)
    })?;
    let contact_id =
        Uuid::parse_str(&contact_id).map_err(|_| Refusal::Internal("bad id".into()))?;
    Ok((
        Booked {
            event_id,
            contact_id,
            start: start.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            end: end.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            manage_url: letters.link.clone().unwrap_or_default(),
            mail: mail.enabled(),
        },
        head,
        org,
    ))
}

/// Pushes what `tx` wrote into the log as the pages' device, with `then` (the server's
/// own records of it: bookings, links, mail) in the log's transaction; the replica
/// commits only once the log has it all. Returns the log's new head.
pub(crate) fn commit(
    tx: rusqlite::Transaction<'_>,
    server: &Mutex<rusqlite::Connection>,
    pages: &PublicPages,
    then: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<()>,
) -> Result<i64> {
    sync::flush(&tx)?;
    let entries = sync::outbox(&tx, 1000)?;
    let push = Push {
        updates: entries.iter().map(RowUpdate::from_outbox).collect(),
    };
    let result = {
        let mut server = server.lock().unwrap_or_else(|p| p.into_inner());
        store::push_then(
            &mut server,
            &pages.caller,
            pages.organization.id,
            &push,
            |log, result| {
                if let Some(refused) = result.results.iter().find_map(|r| r.error.clone()) {
                    return Err(Refusal::Internal(format!(
                        "the log refused the change: {refused}"
                    )));
                }
                then(log)
            },
        )?
    };
    if let Some(last) = entries.last() {
        sync::acknowledge(&tx, last.seq)?;
    }
    tx.commit()?;
    Ok(result.head)
}

/// The host's default calendar, else their first, else a new "Bookings" calendar.
fn host_calendar(tx: &rusqlite::Transaction<'_>, host: &Actor) -> Result<String> {
    let found: Option<String> = tx
        .query_row(
            "SELECT id FROM calendars WHERE user_id = ?1 AND deleted_at IS NULL
             ORDER BY is_default DESC, created_at LIMIT 1",
            [host.user_id.to_string()],
            |r| r.get(0),
        )
        .ok();
    match found {
        Some(id) => Ok(id),
        None => {
            let row = records::create_in(
                tx,
                host,
                &CALENDARS,
                object(json!({"name": "Bookings", "color": "#2563eb", "is_default": true})),
                None,
            )?;
            Ok(text(&row, "id").unwrap_or_default())
        }
    }
}

pub(crate) fn object(value: Value) -> Row {
    match value {
        Value::Object(map) => map,
        _ => Row::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::sanitize_css;

    #[test]
    fn custom_css_keeps_styles_and_drops_what_loads_or_escapes() {
        let css = sanitize_css(
            "body { color: #333; } h1 > span { font-weight: 700 }\n\
             .x { background: URL(https://evil.example/a.png); color: blue }\n\
             @import 'https://evil.example/x.css';\n\
             .y { width: expr/* hidden */ession(alert(1)); height: 2px }\n\
             .z { background: u\\rl(https://evil.example/b.png) }\n\
             @font-face { font-family: F; src: local(F) }\n\
             </style><script>alert(1)</script>",
        );
        assert!(css.contains("body { color: #333; }"), "{css}");
        assert!(css.contains("h1 > span { font-weight: 700 }"), "{css}");
        assert!(css.contains("color: blue }"), "{css}");
        assert!(css.contains("height: 2px }"), "{css}");
        for gone in ["evil", "expression", "@import", "<", "\\", "@font-face"] {
            assert!(!css.contains(gone), "{gone:?} in {css}");
        }
        assert_eq!(css.matches('{').count(), css.matches('}').count(), "{css}");
    }
}
