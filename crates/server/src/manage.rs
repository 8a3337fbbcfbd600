//! After a booking: the guest's link (`/booking/{token}`) shows the booking and moves or
//! cancels it, and the server reminds guests of what they booked.
//!
//! Changes go the way a booking does: under the organisation's replica lock, the core's
//! operation ([`aio_core::modules::calendar`]) through the record path, pushed into the
//! log as the public pages' device with the mail about it ([`crate::letters`]), so they
//! sync to the desktop like any device's edits.

use crate::args;
use crate::store::sql::{SqlExt, Store};

use aio_core::calendar::slots;
use aio_core::db::Connection;
use aio_core::modules::calendar::book::guest_zone;
use aio_core::modules::calendar::{book::start_time, cancel, reschedule, text};
use aio_core::records::{self, Row};
use aio_core::schema::Timestamp;
use aio_core::tables::EVENTS;
use aio_core::Actor;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::booking::{self, PageInfo, Slots};
use crate::letters::{self, Kind};
use crate::mail::MailSettings;
use crate::store::replicas::{commit, public_pages, ready, PublicPages, Replicas};
use crate::store::{self, Refusal, Result};

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
/// token is 404; a cancelled booking or one that has begun by `now` is 410.
fn with_booking<T>(
    replicas: &Replicas,
    server: &Store,
    token: &str,
    now: Timestamp,
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
        server.conn()?.query_opt(
            "SELECT b.event_id, b.organization_id
             FROM booking_links l JOIN bookings b ON b.event_id = l.event_id
             WHERE l.token_hash = ?1",
            args![store::sha256(token)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
    };
    let (event_id, org) = row.ok_or_else(unknown)?;
    let pages = public_pages(server, &org)?;
    let replica = replicas.get(pages.organization.id)?;
    let conn = ready(server, &pages, &replica)?;
    // Read under the replica lock, which every writer of `bookings` holds: two changes
    // of one booking at once must not both see the same sequence number.
    let (zone, sequence, cancelled): (String, i64, Option<String>) = {
        server.conn()?.query_row(
            "SELECT time_zone, sequence, cancelled_at FROM bookings WHERE event_id = ?1",
            args![event_id],
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
    let begun = DateTime::parse_from_rfc3339(&start).map_or(true, |s| s <= now);
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
pub fn view(replicas: &Replicas, server: &Store, token: &str, now: Timestamp) -> Result<PageInfo> {
    with_booking(replicas, server, token, now, |found| {
        let mut info = booking::page_info_in(&found.conn, &found.pages, &found.slug)?;
        info.manage = Some(booking_of(found));
        Ok(info)
    })
}

/// Free times the booking can move to (its own time does not block itself).
#[allow(clippy::too_many_arguments)]
pub fn free_slots(
    replicas: &Replicas,
    server: &Store,
    token: &str,
    from: &str,
    days: u32,
    tz: &str,
    now: Timestamp,
) -> Result<Slots> {
    let request = booking::slot_request(from, days, tz, now)?;
    with_booking(replicas, server, token, now, |found| {
        let found_slots = slots::slots_except(
            &found.conn,
            &found.host,
            &found.slug,
            &request,
            Some(found.event_id),
        )?;
        Ok(Slots::of(request.tz, &found_slots))
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

/// Cancels the booking (the core's [`cancel::cancel`]): the event's status becomes
/// `cancelled` (synced to the desktop), the link stops working, and guest and host get
/// the cancellation.
pub fn cancel(
    replicas: &Replicas,
    server: &Store,
    token: &str,
    settings: &MailSettings,
    now: Timestamp,
) -> Result<(Changed, i64, Uuid)> {
    with_booking(replicas, server, token, now, |found| {
        let sequence = found.sequence + 1;
        let tx = found.conn.transaction()?;
        let event = cancel::cancel(&tx, &found.host, found.event_id)?;
        let letters = letters::compose(
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
                args![event_id, sequence, store::now()],
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

/// Moves the booking to `start` if that time is free as of `now` (the core's
/// [`reschedule::reschedule`]), under the same lock that keeps two bookings off one slot.
pub fn reschedule(
    replicas: &Replicas,
    server: &Store,
    token: &str,
    input: &Reschedule,
    settings: &MailSettings,
    now: Timestamp,
) -> Result<(Changed, i64, Uuid)> {
    let start = start_time(&input.start)?;
    let zone = guest_zone(input.tz.as_deref())?;
    with_booking(replicas, server, token, now, |found| {
        let zone = zone.unwrap_or(found.zone);
        let sequence = found.sequence + 1;
        let tx = found.conn.transaction()?;
        let event = reschedule::reschedule(
            &tx,
            &found.host,
            found.event_id,
            start,
            now,
            settings.remind_within(),
        )?;
        let letters = letters::compose(
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
                args![event_id, sequence, zone.name()],
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
    server: &Store,
    settings: &MailSettings,
    now: DateTime<Utc>,
) -> Result<Vec<(Uuid, i64)>> {
    if !settings.enabled() {
        return Ok(Vec::new());
    }
    let orgs: Vec<String> = server.conn()?.query_map(
        "SELECT DISTINCT organization_id FROM bookings WHERE cancelled_at IS NULL",
        args![],
        |r| r.get(0),
    )?;
    let mut heads = Vec::new();
    for org in orgs {
        // Another server process reminding this organisation now does it alone: this
        // one finds its reminders sent on its next pass.
        let Some(_turn) = server.organization_turn("reminders", &org)? else {
            continue;
        };
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
    server: &Store,
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
                server.conn()?.query_opt(
                    "SELECT time_zone, sequence FROM bookings
                     WHERE event_id = ?1 AND cancelled_at IS NULL",
                    args![event_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?
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
            let mut reminded = Row::new();
            reminded.insert("reminder_sent".into(), true.into());
            records::update_in(&tx, &host, &EVENTS, id, reminded, None)?;
            let letters = letters::compose(
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
