//! Public booking: a visitor sees the free slots of a booking type in their own time zone
//! and books one, while the host's laptops may all be asleep (DESIGN.md §1).
//!
//! Everything runs on the organisation's replica ([`crate::store::replicas`]), locked and
//! up to date with the log, so a booking is checked against everything the log holds and
//! two visitors never get the same slot. The booking itself is the core's operation
//! ([`aio_core::modules::calendar::book`]); the server adds what only it does: the
//! guest's link, the mail (queued with the booking in the log's transaction), and the
//! push into the log that tells devices to pull.

use crate::args;
use crate::store::sql::Store;

use aio_core::calendar::slots::{self, BookingType, SlotRequest};
use aio_core::db::Connection;
use aio_core::modules::calendar::{book as booking, text};
use aio_core::records::Row;
use aio_core::schema::Timestamp;
use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::letters::{self, Kind};
use crate::mail::MailSettings;
use crate::manage;
use crate::store::replicas::{commit, public_pages, ready, PublicPages, Replicas};
use crate::store::{self, Refusal, Result};

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
    /// The owner's own CSS, rebuilt from what its allow-list keeps (`aio_core::css`),
    /// applied after the page's.
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
pub(crate) fn booking_type(conn: &Connection, org: Uuid, slug: &str) -> Result<BookingType> {
    match slots::booking_type(conn, org, slug) {
        Ok(found) => Ok(found),
        Err(aio_core::Error::Invalid { field, reason }) if field == "booking_type" => {
            Err(Refusal::NotFound(format!("no booking page: {reason}")))
        }
        Err(e) => Err(e.into()),
    }
}

pub fn page_info(
    replicas: &Replicas,
    server: &Store,
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
    let BookingType { row: kind, host } = booking_type(conn, pages.organization.id, type_slug)?;
    // The host's page settings, if they made any (a failed read is an error, not a page
    // without them).
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
        .optional()?
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
        // https only: the page's policy opens images to the logo's https origin alone.
        logo_url: text(&look, "logo").filter(|u| u.starts_with("https://")),
        custom_css: aio_core::css::clean(&text(&look, "css").unwrap_or_default()).css,
        mail: false,
        manage: None,
    })
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

/// A visitor's slot query as of `now`, checked: `days` (1 to 62) local dates from `from`
/// in `tz`.
pub(crate) fn slot_request(from: &str, days: u32, tz: &str, now: Timestamp) -> Result<SlotRequest> {
    let from = NaiveDate::parse_from_str(from, "%Y-%m-%d")
        .map_err(|_| Refusal::invalid("from", format!("\"{from}\" is not a date (YYYY-MM-DD)")))?;
    if !(1..=62).contains(&days) {
        return Err(Refusal::invalid("days", "must be between 1 and 62"));
    }
    Ok(SlotRequest {
        from,
        days,
        tz: slots::zone("tz", tz)?,
        now,
    })
}

impl Slots {
    /// Slot starts as the page lists them, in the visitor's zone `tz`.
    pub(crate) fn of(tz: Tz, found: &[DateTime<Tz>]) -> Slots {
        Slots {
            tz: tz.name().to_string(),
            slots: found
                .iter()
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
                .collect(),
        }
    }
}

#[allow(clippy::too_many_arguments)]
pub fn free_slots(
    replicas: &Replicas,
    server: &Store,
    org_slug: &str,
    type_slug: &str,
    from: &str,
    days: u32,
    tz: &str,
    now: Timestamp,
) -> Result<Slots> {
    let request = slot_request(from, days, tz, now)?;
    let pages = public_pages(server, org_slug)?;
    let replica = replicas.get(pages.organization.id)?;
    let conn = ready(server, &pages, &replica)?;
    let kind = booking_type(&conn, pages.organization.id, type_slug)?;
    let found = slots::slots(&conn, &kind.host, type_slug, &request)?;
    Ok(Slots::of(request.tz, &found))
}

/// Books a slot as of `now` (the core's [`booking::book`] on the replica), queues the
/// confirmation and the host's notice with the guest's link, and pushes it all into the
/// log. Returns the booking, the log's new head and the organisation.
pub fn book(
    replicas: &Replicas,
    server: &Store,
    org_slug: &str,
    type_slug: &str,
    input: &booking::Request,
    mail: &MailSettings,
    now: Timestamp,
) -> Result<(Booked, i64, Uuid)> {
    let guest = input.check()?;
    if mail.enabled() {
        // Mail needs an address its parser takes, too.
        crate::mail::mailbox("email", Some(&guest.name), &guest.email)?;
    }
    let pages = public_pages(server, org_slug)?;
    let org = pages.organization.id;
    let replica = replicas.get(org)?;
    // Held until the booking is in the log: bookings of one organisation go one by one.
    let mut conn = ready(server, &pages, &replica)?;
    let kind = booking_type(&conn, org, type_slug)?;
    let tx = conn.transaction()?;
    let booked = booking::book(&tx, &kind, &guest, now, mail.remind_within())?;
    let letters = letters::compose(
        &tx,
        mail,
        &booked.host,
        booked.event_id,
        Kind::Confirmed,
        0,
        guest.zone,
    )?;
    let head = commit(tx, server, &pages, |log| {
        log.execute(
            "INSERT INTO bookings (event_id, organization_id, time_zone, created_at)
             VALUES (?1, ?2, ?3, ?4)",
            args![
                booked.event_id.to_string(),
                org.to_string(),
                guest.zone.name(),
                store::now()
            ],
        )?;
        letters.queue(log, mail)
    })?;
    let stamp = |t: Timestamp| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    Ok((
        Booked {
            event_id: booked.event_id,
            contact_id: booked.contact_id,
            start: stamp(booked.start),
            end: stamp(booked.end),
            manage_url: letters.link.clone().unwrap_or_default(),
            mail: mail.enabled(),
        },
        head,
        org,
    ))
}
