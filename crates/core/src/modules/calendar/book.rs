//! A guest books a slot of a booking type: the slot is checked to be still free, the
//! guest becomes a contact (the one with their email, else a new one), and an event in
//! the host's calendar and a timeline entry record the booking.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use rusqlite::{OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use super::{id_of, object, parse_id, reminded, still_free, text};
use crate::error::{Error, Result};
use crate::records::{self, Actor};
use crate::schema::Timestamp;
use crate::calendar::slots::{self, BookingType};
use crate::tables::{CALENDARS, CONTACTS, CONTACT_ACTIVITIES, EVENTS};
use crate::values::{self, timestamp_text};

/// What a guest sends to book, as the booking page posts it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Request {
    /// The slot's start, as the slots list gave it.
    pub start: String,
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub phone: Option<String>,
    /// Answers to the booking type's questions, by question id or label.
    #[serde(default)]
    pub answers: Map<String, Value>,
    /// The guest's zone, for the confirmation.
    #[serde(default)]
    pub tz: Option<String>,
}

/// A request whose every field was checked.
#[derive(Debug, Clone)]
pub struct Guest {
    pub start: Timestamp,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub answers: Map<String, Value>,
    /// Times in the guest's mail are written in it (UTC when the page sent none).
    pub zone: Tz,
}

impl Request {
    /// Checks every field; an error names the first one that is wrong.
    pub fn check(&self) -> Result<Guest> {
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(Error::invalid(
                "name",
                "is required (at most 200 characters)",
            ));
        }
        let email = self.email.trim();
        if !values::is_email(email) {
            return Err(Error::invalid(
                "email",
                format!("\"{email}\" is not an email address"),
            ));
        }
        let phone = self
            .phone
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty());
        if phone.is_some_and(|p| p.chars().count() > 40) {
            return Err(Error::invalid("phone", "is longer than 40 characters"));
        }
        if self.answers.len() > 50
            || self
                .answers
                .iter()
                .any(|(k, v)| k.chars().count() > 200 || v.to_string().chars().count() > 5000)
        {
            return Err(Error::invalid("answers", "are too many or too long"));
        }
        Ok(Guest {
            start: start_time(&self.start)?,
            name: name.to_string(),
            email: email.to_string(),
            phone: phone.map(str::to_string),
            answers: self.answers.clone(),
            zone: guest_zone(self.tz.as_deref())?.unwrap_or(Tz::UTC),
        })
    }
}

/// A slot's start as a guest sends it (RFC 3339).
pub fn start_time(start: &str) -> Result<Timestamp> {
    DateTime::parse_from_rfc3339(start.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| Error::invalid("start", "is not an RFC 3339 time"))
}

/// The guest's zone when the page sent one (field `tz`).
pub fn guest_zone(tz: Option<&str>) -> Result<Option<Tz>> {
    match tz.map(str::trim).filter(|z| !z.is_empty()) {
        Some(name) => slots::zone("tz", name).map(Some),
        None => Ok(None),
    }
}

/// What a booking wrote: the mail about it is composed from these.
#[derive(Debug, Clone)]
pub struct Booked {
    /// The booking type's host, as whom everything was written.
    pub host: Actor,
    pub event_id: Uuid,
    pub contact_id: Uuid,
    pub start: Timestamp,
    pub end: Timestamp,
}

/// Books `guest` into booking type `kind` as of `now`, inside `tx`: refuses a slot that
/// is no longer free, finds or creates the contact, picks the host's calendar, and
/// creates the event and a timeline entry. `remind_within` is the reminder's lead time
/// (none when no reminders are sent): a meeting that soon needs no separate reminder.
pub fn book(
    tx: &Transaction<'_>,
    kind: &BookingType,
    guest: &Guest,
    now: Timestamp,
    remind_within: Option<Duration>,
) -> Result<Booked> {
    let host = &kind.host;
    let slug = text(&kind.row, "slug").unwrap_or_default();
    let duration = kind
        .row
        .get("duration_minutes")
        .and_then(Value::as_i64)
        .unwrap_or(30);
    let start = guest.start;
    let end = start + Duration::minutes(duration);
    still_free(tx, host, &slug, start, now, None)?;

    let contact_id = contact_for(tx, host, guest)?;
    let calendar_id = calendar_of(tx, host)?;
    let mut description = text(&kind.row, "description").unwrap_or_default();
    for (question, answer) in &guest.answers {
        let answer = match answer {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        description.push_str(&format!("\n\n{question}: {answer}"));
    }
    let type_name = text(&kind.row, "name").unwrap_or_default();
    let (name, email) = (&guest.name, &guest.email);
    let mut event = json!({
        "calendar_id": calendar_id.to_string(),
        "user_id": host.user_id.to_string(),
        "contact_id": contact_id.to_string(),
        "booking_type_id": text(&kind.row, "id"),
        "title": format!("{type_name}: {name}"),
        "description": description.trim(),
        "start_time": timestamp_text(start),
        "end_time": timestamp_text(end),
        "status": "confirmed",
        "guest_email": email,
        "guest_name": name,
        "attendees": [{"email": email, "name": name, "status": "accepted"}],
        "reminder_sent": reminded(start, now, remind_within),
    });
    for field in ["location", "meeting_url"] {
        if let Some(value) = text(&kind.row, field) {
            event[field] = json!(value);
        }
    }
    if let Some(phone) = &guest.phone {
        event["guest_phone"] = json!(phone);
    }
    let event = records::create_in(tx, host, &EVENTS, object(event), None)?;
    let event_id = id_of(&event)?;
    records::create_in(
        tx,
        host,
        &CONTACT_ACTIVITIES,
        object(json!({
            "contact_id": contact_id.to_string(),
            "user_id": host.user_id.to_string(),
            "activity_type": "meeting",
            "title": format!("Booked {type_name}"),
            "description": format!("{} on the public booking page", timestamp_text(start)),
            "metadata": {"event_id": event_id.to_string(), "booking_type": slug},
        })),
        None,
    )?;
    // For automations listening to bookings (raised once, here, where the booking is made).
    let mut payload = serde_json::Map::new();
    payload.insert("contact_id".into(), contact_id.to_string().into());
    payload.insert("event_id".into(), event_id.to_string().into());
    payload.insert("booking_type_id".into(), text(&kind.row, "id").into());
    payload.insert("booking_type".into(), slug.clone().into());
    payload.insert("start".into(), timestamp_text(start).into());
    crate::modules::automations::events::raise(
        tx,
        host,
        crate::modules::automations::tables::TriggerType::BookingMade,
        EVENTS.name,
        event_id,
        payload,
        now,
    )?;
    Ok(Booked {
        host: *host,
        event_id,
        contact_id,
        start,
        end,
    })
}

/// The live contact with the guest's email, else a new one owned by the host. A failed
/// lookup is an error, never "no contact": taking it for one would create a duplicate.
pub fn contact_for(tx: &Transaction<'_>, host: &Actor, guest: &Guest) -> Result<Uuid> {
    let found: Option<String> = tx
        .query_row(
            "SELECT id FROM contacts INDEXED BY uq_contacts_organization_id_email
             WHERE organization_id = ?1 AND email = ?2 COLLATE NOCASE
               AND deleted_at IS NULL AND duplicate_of IS NULL",
            [host.organization_id.to_string(), guest.email.clone()],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = found {
        return parse_id("contact_id", &id);
    }
    let (first, last) = match guest.name.rsplit_once(' ') {
        Some((f, l)) => (f.trim(), l.trim()),
        None => (guest.name.as_str(), ""),
    };
    let mut contact = json!({
        "first_name": first, "last_name": last, "email": guest.email,
        "source": "booking page", "owner_id": host.user_id.to_string(),
    });
    if let Some(phone) = &guest.phone {
        contact["phone"] = json!(phone);
    }
    id_of(&records::create_in(
        tx,
        host,
        &CONTACTS,
        object(contact),
        None,
    )?)
}

/// The host's default calendar, else their first, else a new "Bookings" calendar. A
/// failed lookup is an error, never "no calendar".
pub fn calendar_of(tx: &Transaction<'_>, host: &Actor) -> Result<Uuid> {
    let found: Option<String> = tx
        .query_row(
            "SELECT id FROM calendars WHERE user_id = ?1 AND deleted_at IS NULL
             ORDER BY is_default DESC, created_at LIMIT 1",
            [host.user_id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    match found {
        Some(id) => parse_id("calendar_id", &id),
        None => id_of(&records::create_in(
            tx,
            host,
            &CALENDARS,
            object(json!({"name": "Bookings", "color": "#2563eb", "is_default": true})),
            None,
        )?),
    }
}
