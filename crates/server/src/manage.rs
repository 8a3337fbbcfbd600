//! After a booking: the guest's link (`/booking/{token}`) shows the booking and moves or
//! cancels it; the mail about each step (confirmation, change, cancellation, reminder)
//! is composed here and queued with the change it tells about.
//!
//! A link is a random token of its own in each mail to the guest; the server keeps only
//! its SHA-256. Changes go the way a booking does: under the organisation's replica lock,
//! through the record path, pushed into the log as the public pages' device, so they
//! sync to the desktop like any device's edits.

use std::sync::Mutex;

use aio_core::calendar::ics::{self, Method};
use aio_core::calendar::slots::{self, SlotRequest};
use aio_core::db::Connection;
use aio_core::records::{self, Row};
use aio_core::tables::EVENTS;
use aio_core::Actor;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::booking::{self, commit, object, public_pages, ready, text, PageInfo, Replicas};
use crate::mail::{self, Mail, MailSettings};
use crate::store::{self, PublicPages, Refusal, Result};

/// Why mail about a booking is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Confirmed,
    Moved,
    Cancelled,
    Reminder,
}

/// The mail about one change of a booking, composed from the replica before the push and
/// queued in the log's transaction with a new link.
pub(crate) struct Letters {
    /// The guest's link in this mail (none once cancelled).
    pub link: Option<String>,
    token_hash: String,
    event_id: Uuid,
    mails: Vec<Mail>,
}

impl Letters {
    /// Records the link and queues the mail inside the log's transaction.
    pub fn queue(&self, log: &Transaction<'_>, settings: &MailSettings) -> Result<()> {
        if self.link.is_some() {
            log.execute(
                "INSERT INTO booking_links (token_hash, event_id, created_at) VALUES (?1, ?2, ?3)",
                params![self.token_hash, self.event_id.to_string(), store::now()],
            )?;
        }
        for m in &self.mails {
            mail::enqueue(log, &settings.from, m.clone())?;
        }
        Ok(())
    }
}

/// Composes the guest's mail and the host's notice about event `id` as it is in `conn`
/// now; none when the server sends no mail (the link is made all the same).
pub(crate) fn letters(
    conn: &Connection,
    settings: &MailSettings,
    host: &Actor,
    id: Uuid,
    kind: Kind,
    sequence: u32,
    zone: Tz,
) -> Result<Letters> {
    let token = store::random_token();
    let link = (kind != Kind::Cancelled).then(|| {
        format!(
            "{}/booking/{token}",
            settings.public_url.trim_end_matches('/')
        )
    });
    let mut letters = Letters {
        link,
        token_hash: store::sha256(&token),
        event_id: id,
        mails: Vec::new(),
    };
    if !settings.enabled() {
        return Ok(letters);
    }
    let event = records::get(conn, host, &EVENTS, id)?;
    let one = |sql: &str, key: String| -> Option<String> {
        conn.query_row(sql, [key], |r| r.get(0))
            .optional()
            .ok()
            .flatten()
    };
    let type_name = one(
        "SELECT name FROM booking_types WHERE id = ?1",
        text(&event, "booking_type_id").unwrap_or_default(),
    )
    .unwrap_or_else(|| text(&event, "title").unwrap_or_default());
    let org_name = one(
        "SELECT name FROM organizations WHERE id = ?1",
        host.organization_id.to_string(),
    )
    .unwrap_or_default();
    let (host_name, host_email): (String, String) = conn
        .query_row(
            "SELECT trim(first_name || ' ' || last_name), email FROM users WHERE id = ?1",
            [host.user_id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .unwrap_or_default();
    let guest_name = text(&event, "guest_name").unwrap_or_default();
    let guest_email = text(&event, "guest_email").unwrap_or_default();
    let when = when(&event, zone);
    let place = ["location", "meeting_url"]
        .iter()
        .filter_map(|f| text(&event, f).filter(|v| !v.is_empty()))
        .collect::<Vec<_>>()
        .join(" · ");
    let mut facts = format!("What: {type_name}\nWhen: {when}\n");
    if !place.is_empty() {
        facts.push_str(&format!("Where: {place}\n"));
    }
    facts.push_str(&format!("With: {host_name} ({org_name})\n"));
    let manage = letters
        .link
        .as_ref()
        .map(|l| format!("\nTo reschedule or cancel: {l}\n"))
        .unwrap_or_default();
    let (subject, opening, calendar) = match kind {
        Kind::Confirmed => (
            format!("Confirmed: {type_name} on {when}"),
            "Your booking is confirmed. The attached invitation adds it to your calendar.",
            Some(Method::Request),
        ),
        Kind::Moved => (
            format!("Rescheduled: {type_name} on {when}"),
            "Your booking has moved to a new time. The attached invitation updates your calendar.",
            Some(Method::Request),
        ),
        Kind::Cancelled => (
            format!("Cancelled: {type_name} on {when}"),
            "Your booking is cancelled. The attached file removes it from your calendar.",
            Some(Method::Cancel),
        ),
        Kind::Reminder => (
            format!("Reminder: {type_name} on {when}"),
            "A reminder of your booking.",
            None,
        ),
    };
    let calendar = match calendar {
        Some(method) => {
            let name = if method == Method::Cancel {
                "CANCEL"
            } else {
                "REQUEST"
            };
            Some((ics::invitation(conn, host, id, method, sequence)?, name))
        }
        None => None,
    };
    letters.mails.push(Mail {
        to: mail::mailbox("email", Some(&guest_name), &guest_email)?,
        subject,
        text: format!("Hello {guest_name},\n\n{opening}\n\n{facts}{manage}"),
        calendar,
    });
    // The host hears of every change but the reminder (their calendar shows it), with
    // times in their own zone.
    if kind != Kind::Reminder {
        if let Ok(to) = mail::mailbox("host", Some(&host_name), &host_email) {
            let host_zone = one(
                "SELECT timezone FROM booking_settings WHERE user_id = ?1 AND deleted_at IS NULL
                 ORDER BY created_at LIMIT 1",
                host.user_id.to_string(),
            )
            .and_then(|z| z.parse::<Tz>().ok())
            .unwrap_or(Tz::UTC);
            let host_when = self::when(&event, host_zone);
            let facts = facts.replace(&when, &host_when);
            let what = match kind {
                Kind::Confirmed => "New booking",
                Kind::Moved => "Booking moved",
                _ => "Booking cancelled",
            };
            letters.mails.push(Mail {
                to,
                subject: format!("{what}: {type_name} with {guest_name} on {host_when}"),
                text: format!(
                    "{what} on your public booking page.\n\n{facts}Guest: {guest_name} <{guest_email}>\n"
                ),
                calendar: None,
            });
        }
    }
    Ok(letters)
}

/// "Monday 7 December 2026, 10:00–10:30 (Europe/Berlin)"
fn when(event: &Row, zone: Tz) -> String {
    let at = |f: &str| {
        text(event, f)
            .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
            .map(|t| t.with_timezone(&zone))
    };
    match (at("start_time"), at("end_time")) {
        (Some(start), Some(end)) => format!(
            "{}–{} ({})",
            start.format("%A %-d %B %Y, %H:%M"),
            end.format("%H:%M"),
            zone.name()
        ),
        _ => String::new(),
    }
}

// --- the guest's link ---------------------------------------------------------------------------

/// The booking a link opens, as its page shows it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Booking {
    pub start: String,
    pub end: String,
    pub status: String,
    pub guest_name: String,
    pub time_zone: String,
}

/// A booking found by a link, with its replica ready and locked.
struct Found<'a> {
    event_id: Uuid,
    zone: Tz,
    sequence: u32,
    pages: PublicPages,
    host: Actor,
    event: Row,
    slug: String,
    conn: std::sync::MutexGuard<'a, Connection>,
}

/// Looks `token` up and runs `f` on its booking under the replica's lock. An unknown
/// token is 404; a cancelled booking or one that has begun is 410.
fn with_booking<T>(
    replicas: &Replicas,
    server: &Mutex<rusqlite::Connection>,
    token: &str,
    f: impl FnOnce(&mut Found<'_>) -> Result<T>,
) -> Result<T> {
    let unknown = || {
        Refusal::NotFound(
            "this booking link is not valid: check that the whole link from the mail was opened"
                .into(),
        )
    };
    if token.is_empty()
        || token.len() > 100
        || !token
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(unknown());
    }
    let row: Option<(String, String)> = {
        let server = server.lock().unwrap_or_else(|p| p.into_inner());
        server
            .query_row(
                "SELECT b.event_id, b.organization_id
                 FROM booking_links l JOIN bookings b ON b.event_id = l.event_id
                 WHERE l.token_hash = ?1",
                [store::sha256(token)],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
    };
    let (event_id, org) = row.ok_or_else(unknown)?;
    let pages = public_pages(server, &org)?;
    let replica = replicas.get(pages.organization.id)?;
    let conn = ready(server, &pages, &replica)?;
    // Read under the replica lock, which every writer of `bookings` holds: two changes
    // of one booking at once must not both see the same sequence number.
    let (zone, sequence, cancelled): (String, i64, Option<String>) = {
        let server = server.lock().unwrap_or_else(|p| p.into_inner());
        server.query_row(
            "SELECT time_zone, sequence, cancelled_at FROM bookings WHERE event_id = ?1",
            [&event_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?
    };
    if cancelled.is_some() {
        return Err(Refusal::Gone("this booking was cancelled".into()));
    }
    let parse = |id: &str| Uuid::parse_str(id).map_err(|_| Refusal::Internal("bad id".into()));
    let event_id = parse(&event_id)?;
    let found: Option<(String, String, String, bool, Option<String>)> = conn
        .query_row(
            "SELECT e.user_id, e.status, e.start_time, e.deleted_at IS NOT NULL, t.slug
             FROM events e LEFT JOIN booking_types t ON t.id = e.booking_type_id
             WHERE e.id = ?1",
            [event_id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let Some((user_id, status, start, deleted, slug)) = found else {
        return Err(Refusal::Gone("this booking no longer exists".into()));
    };
    if deleted || status == "cancelled" {
        return Err(Refusal::Gone("this booking was cancelled".into()));
    }
    let begun = DateTime::parse_from_rfc3339(&start).map_or(true, |s| s <= Utc::now());
    if begun {
        return Err(Refusal::Gone(
            "this meeting has begun or is over; it can no longer be changed".into(),
        ));
    }
    let host = Actor::new(parse(&user_id)?, pages.organization.id);
    let event = records::get(&conn, &host, &EVENTS, event_id)?;
    let mut found = Found {
        event_id,
        zone: zone.parse().unwrap_or(Tz::UTC),
        sequence: u32::try_from(sequence).unwrap_or(0),
        pages,
        host,
        event,
        slug: slug.unwrap_or_default(),
        conn,
    };
    f(&mut found)
}

fn booking_of(found: &Found<'_>) -> Booking {
    Booking {
        start: text(&found.event, "start_time").unwrap_or_default(),
        end: text(&found.event, "end_time").unwrap_or_default(),
        status: text(&found.event, "status").unwrap_or_default(),
        guest_name: text(&found.event, "guest_name").unwrap_or_default(),
        time_zone: found.zone.name().to_string(),
    }
}

/// The booking page of the booking's type, showing the booking.
pub fn view(
    replicas: &Replicas,
    server: &Mutex<rusqlite::Connection>,
    token: &str,
) -> Result<PageInfo> {
    with_booking(replicas, server, token, |found| {
        let mut info = booking::page_info_in(&found.conn, &found.pages, &found.slug)?;
        info.manage = Some(booking_of(found));
        Ok(info)
    })
}

/// Free times the booking can move to (its own time does not block itself).
pub fn free_slots(
    replicas: &Replicas,
    server: &Mutex<rusqlite::Connection>,
    token: &str,
    from: &str,
    days: u32,
    tz: &str,
) -> Result<booking::Slots> {
    let request = booking::slot_request(from, days, tz)?;
    with_booking(replicas, server, token, |found| {
        let found_slots = slots::slots_except(
            &found.conn,
            &found.host,
            &found.slug,
            &request,
            Some(found.event_id),
        )?;
        Ok(booking::Slots {
            tz: request.tz.name().to_string(),
            slots: found_slots
                .iter()
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
                .collect(),
        })
    })
}

/// What a guest sends to move a booking.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Reschedule {
    pub start: String,
    #[serde(default)]
    pub tz: Option<String>,
}

/// A booking after a change, and the log's head (to tell devices).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Changed {
    pub booking: Booking,
    pub manage_url: Option<String>,
    pub mail: bool,
}

/// Cancels the booking: the event's status becomes `cancelled` (synced to the desktop),
/// the link stops working, and guest and host get the cancellation.
pub fn cancel(
    replicas: &Replicas,
    server: &Mutex<rusqlite::Connection>,
    token: &str,
    settings: &MailSettings,
) -> Result<(Changed, i64, Uuid)> {
    with_booking(replicas, server, token, |found| {
        let sequence = found.sequence + 1;
        let tx = found.conn.transaction()?;
        let event = records::update_in(
            &tx,
            &found.host,
            &EVENTS,
            found.event_id,
            object(json!({"status": "cancelled"})),
            None,
        )?;
        let letters = letters(
            &tx,
            settings,
            &found.host,
            found.event_id,
            Kind::Cancelled,
            sequence,
            found.zone,
        )?;
        let event_id = found.event_id.to_string();
        let head = commit(tx, server, &found.pages, |log| {
            log.execute(
                "UPDATE bookings SET sequence = ?2, cancelled_at = ?3 WHERE event_id = ?1",
                params![event_id, sequence, store::now()],
            )?;
            letters.queue(log, settings)
        })?;
        found.event = event;
        Ok((
            Changed {
                booking: booking_of(found),
                manage_url: None,
                mail: settings.enabled(),
            },
            head,
            found.pages.organization.id,
        ))
    })
}

/// Moves the booking to `start` if that time is free (its own time aside), under the same
/// lock that keeps two bookings off one slot; its reminder is due again.
pub fn reschedule(
    replicas: &Replicas,
    server: &Mutex<rusqlite::Connection>,
    token: &str,
    input: &Reschedule,
    settings: &MailSettings,
) -> Result<(Changed, i64, Uuid)> {
    let start = DateTime::parse_from_rfc3339(input.start.trim())
        .map_err(|_| Refusal::invalid("start", "is not an RFC 3339 time"))?
        .with_timezone(&Utc);
    let zone = match input.tz.as_deref().map(str::trim).filter(|z| !z.is_empty()) {
        Some(name) => Some(slots::zone("tz", name)?),
        None => None,
    };
    with_booking(replicas, server, token, |found| {
        let at = |f: &str| {
            text(&found.event, f)
                .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
                .map(|t| t.with_timezone(&Utc))
        };
        let length = match (at("start_time"), at("end_time")) {
            (Some(s), Some(e)) => e - s,
            _ => Duration::minutes(30),
        };
        if at("start_time") == Some(start) {
            return Err(Refusal::invalid("start", "is the booking's time already"));
        }
        let request = SlotRequest {
            from: (start - Duration::days(1)).date_naive(),
            days: 3,
            tz: Tz::UTC,
            now: Utc::now(),
        };
        let free = slots::slots_except(
            &found.conn,
            &found.host,
            &found.slug,
            &request,
            Some(found.event_id),
        )?;
        if !free.iter().any(|t| *t == start) {
            return Err(Refusal::Conflict(
                "start: that time is no longer free; pick another slot".into(),
            ));
        }
        let zone = zone.unwrap_or(found.zone);
        let sequence = found.sequence + 1;
        let tx = found.conn.transaction()?;
        let event = records::update_in(
            &tx,
            &found.host,
            &EVENTS,
            found.event_id,
            object(json!({
                "start_time": aio_core::values::timestamp_text(start),
                "end_time": aio_core::values::timestamp_text(start + length),
                // Moved into the reminder's lead time: the update is the reminder.
                "reminder_sent": settings.reminder_due(start, Utc::now()),
            })),
            None,
        )?;
        let letters = letters(
            &tx,
            settings,
            &found.host,
            found.event_id,
            Kind::Moved,
            sequence,
            zone,
        )?;
        let event_id = found.event_id.to_string();
        let head = commit(tx, server, &found.pages, |log| {
            log.execute(
                "UPDATE bookings SET sequence = ?2, time_zone = ?3 WHERE event_id = ?1",
                params![event_id, sequence, zone.name()],
            )?;
            letters.queue(log, settings)
        })?;
        found.event = event;
        found.zone = zone;
        Ok((
            Changed {
                booking: booking_of(found),
                manage_url: letters.link.clone(),
                mail: settings.enabled(),
            },
            head,
            found.pages.organization.id,
        ))
    })
}

// --- reminders ----------------------------------------------------------------------------------

/// Sends the reminder of every booked meeting that starts within the lead time and has
/// none yet: `reminder_sent` becomes true through the push path (so it syncs, and no
/// restart sends it twice) in the same commit as the queued mail. Returns the
/// organisations changed and their log heads.
pub fn send_reminders(
    replicas: &Replicas,
    server: &Mutex<rusqlite::Connection>,
    settings: &MailSettings,
    now: DateTime<Utc>,
) -> Result<Vec<(Uuid, i64)>> {
    if !settings.enabled() {
        return Ok(Vec::new());
    }
    let orgs: Vec<String> = {
        let server = server.lock().unwrap_or_else(|p| p.into_inner());
        let mut stmt = server
            .prepare("SELECT DISTINCT organization_id FROM bookings WHERE cancelled_at IS NULL")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut heads = Vec::new();
    for org in orgs {
        // One organisation's trouble does not hold back the others' reminders.
        match remind(replicas, server, settings, now, &org) {
            Ok(Some(head)) => heads.push(head),
            Ok(None) => {}
            Err(e) => tracing::error!("reminders of organisation {org}: {e}"),
        }
    }
    Ok(heads)
}

/// The due reminders of one organisation; its log's last head if any were sent.
fn remind(
    replicas: &Replicas,
    server: &Mutex<rusqlite::Connection>,
    settings: &MailSettings,
    now: DateTime<Utc>,
    org: &str,
) -> Result<Option<(Uuid, i64)>> {
    let mut last = None;
    let pages = public_pages(server, org)?;
    let replica = replicas.get(pages.organization.id)?;
    let mut conn = ready(server, &pages, &replica)?;
    let due: Vec<(String, String)> = conn
        .prepare(
            "SELECT id, user_id FROM events
             WHERE deleted_at IS NULL AND status <> 'cancelled' AND reminder_sent = 0
               AND booking_type_id IS NOT NULL AND start_time > ?1 AND start_time <= ?2",
        )?
        .query_map(
            params![
                aio_core::values::timestamp_text(now),
                aio_core::values::timestamp_text(now + settings.reminder_lead)
            ],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
        .collect::<rusqlite::Result<_>>()?;
    for (event_id, user_id) in due {
        let reminded = (|| -> Result<Option<i64>> {
            // Only bookings made on the pages: they have a guest to remind and a link.
            let booked: Option<(String, i64)> = {
                let server = server.lock().unwrap_or_else(|p| p.into_inner());
                server
                    .query_row(
                        "SELECT time_zone, sequence FROM bookings
                         WHERE event_id = ?1 AND cancelled_at IS NULL",
                        [&event_id],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?
            };
            let Some((zone, sequence)) = booked else {
                return Ok(None);
            };
            let parse =
                |id: &str| Uuid::parse_str(id).map_err(|_| Refusal::Internal("bad id".into()));
            let (id, host) = (
                parse(&event_id)?,
                Actor::new(parse(&user_id)?, pages.organization.id),
            );
            let tx = conn.transaction()?;
            records::update_in(
                &tx,
                &host,
                &EVENTS,
                id,
                object(json!({"reminder_sent": true})),
                None,
            )?;
            let letters = letters(
                &tx,
                settings,
                &host,
                id,
                Kind::Reminder,
                u32::try_from(sequence).unwrap_or(0),
                zone.parse().unwrap_or(Tz::UTC),
            )?;
            Ok(Some(commit(tx, server, &pages, |log| {
                letters.queue(log, settings)
            })?))
        })();
        match reminded {
            Ok(Some(head)) => last = Some((pages.organization.id, head)),
            Ok(None) => {}
            // One booking that cannot be reminded (say the host edited the guest's
            // address into one mail cannot go to) must not hold back the others: it is
            // logged and tried again on the next run.
            Err(e) => tracing::warn!("reminder for event {event_id}: {e}"),
        }
    }
    Ok(last)
}
