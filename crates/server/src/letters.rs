//! The mail about each step of a booking (confirmation, change, cancellation, reminder),
//! composed from the replica before the change is pushed and queued in the log's
//! transaction with it, with a new guest's link in each mail to the guest. A link is a
//! random token; the server keeps only its SHA-256.

use crate::args;
use crate::store::sql::Sql;
use aio_core::calendar::ics::{self, Method};
use aio_core::calendar::slots;
use aio_core::db::Connection;
use aio_core::modules::calendar::text;
use aio_core::records::{self, Row};
use aio_core::tables::EVENTS;
use aio_core::Actor;
use chrono::DateTime;
use chrono_tz::Tz;
use rusqlite::OptionalExtension;
use uuid::Uuid;

use crate::mail::{self, Mail, MailSettings};
use crate::store::{self, Result};

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
    pub fn queue(&self, log: &mut dyn Sql, settings: &MailSettings) -> Result<()> {
        if self.link.is_some() {
            log.execute(
                "INSERT INTO booking_links (token_hash, event_id, created_at) VALUES (?1, ?2, ?3)",
                args![self.token_hash, self.event_id.to_string(), store::now()],
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
pub(crate) fn compose(
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
        html: None,
        attachment: None,
    });
    // The host hears of every change but the reminder (their calendar shows it), with
    // times in their own zone.
    if kind != Kind::Reminder {
        if let Ok(to) = mail::mailbox("host", Some(&host_name), &host_email) {
            // The zone the host's hours are in, as the slot engine reads it.
            let host_zone = slots::host_zone(conn, host.user_id)?;
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
                html: None,
                attachment: None,
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
