//! The calendar module's booking operations (`modules::calendar`): book, reschedule,
//! cancel, with the clock fixed.

use aio_core::calendar::slots;
use aio_core::modules::calendar::{book, cancel, reschedule};
use aio_core::records;
use aio_core::tables::{AVAILABILITY_RULES, BOOKING_TYPES, CALENDARS, CONTACTS};
use chrono::{DateTime, TimeZone, Utc};
use serde_json::{json, Value};

use super::{count, fresh, obj, Fixture};

/// Monday 2 March 2026, 08:00 UTC: a week before the slots the tests book.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0)
        .single()
        .expect("now")
}

/// A host (the fixture's user, in UTC) with booking type `call` (60 minutes, every half hour) open
/// 09:00-17:00 every day.
fn host() -> Fixture {
    let mut f = fresh();
    records::create(
        &mut f.conn,
        &f.actor,
        &BOOKING_TYPES,
        obj(
            json!({"name": "Call", "slug": "call", "description": "An hour",
                   "duration_minutes": 60, "slot_interval_minutes": 30, "color": "#2563eb"}),
        ),
    )
    .expect("booking type");
    for day in 0..7 {
        records::create(
            &mut f.conn,
            &f.actor,
            &AVAILABILITY_RULES,
            obj(json!({"day_of_week": day, "start_time": "09:00", "end_time": "17:00"})),
        )
        .expect("rule");
    }
    f
}

fn request(start: &str, email: &str) -> book::Request {
    book::Request {
        start: start.into(),
        name: "Ada Lovelace".into(),
        email: email.into(),
        phone: None,
        answers: serde_json::Map::new(),
        tz: Some("Europe/Berlin".into()),
    }
}

fn book_at(f: &mut Fixture, start: &str, email: &str) -> aio_core::Result<book::Booked> {
    let kind = slots::booking_type(&f.conn, f.actor.organization_id, "call")?;
    let guest = request(start, email).check()?;
    let tx = f.conn.transaction()?;
    let booked = book::book(&tx, &kind, &guest, now(), None)?;
    tx.commit()?;
    Ok(booked)
}

#[test]
fn a_booking_finds_the_contact_by_email_and_creates_the_event_in_a_new_calendar() {
    let mut f = host();
    let ada = records::create(
        &mut f.conn,
        &f.actor,
        &CONTACTS,
        obj(json!({"first_name": "Ada", "last_name": "L", "email": "ada@example.com"})),
    )
    .expect("contact");
    let booked = book_at(&mut f, "2026-03-09T10:00:00Z", "ADA@example.com").expect("book");
    assert_eq!(
        booked.contact_id.to_string(),
        ada["id"].as_str().expect("id"),
        "the guest's email finds the existing contact, whatever its case"
    );
    assert_eq!(
        count(&f.conn, "SELECT count(*) FROM contacts"),
        1,
        "no new contact"
    );
    assert_eq!(
        booked.end - booked.start,
        chrono::Duration::minutes(60),
        "the event lasts the booking type's duration"
    );
    let calendars = records::list(&f.conn, &f.actor, &CALENDARS, &Default::default())
        .expect("calendars")
        .items;
    assert_eq!(
        calendars
            .iter()
            .map(|c| c["name"].clone())
            .collect::<Vec<_>>(),
        vec![Value::from("Bookings")],
        "a host without a calendar gets a \"Bookings\" one"
    );
    let again = book_at(&mut f, "2026-03-09T10:00:00Z", "grace@example.com");
    assert!(
        matches!(&again, Err(aio_core::Error::Conflict { field, .. }) if field == "start"),
        "the same slot twice is a conflict on start: {again:?}"
    );
    // One booking_made event for automations, about the event, naming the contact; the
    // refused second booking raised none.
    let event: (String, String) = f
        .conn
        .query_row(
            "SELECT subject_id, json_extract(payload, '$.contact_id') FROM trigger_events WHERE kind = 'booking_made'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("one booking_made event");
    assert_eq!(
        event,
        (booked.event_id.to_string(), booked.contact_id.to_string())
    );
}

/// A replica whose contact index is not built yet (bootstrap puts indexes off) cannot
/// look the guest up: the booking fails instead of taking that for "no contact" and
/// creating a second one.
#[test]
fn a_failed_contact_lookup_is_an_error_not_a_duplicate() {
    let mut f = host();
    records::create(
        &mut f.conn,
        &f.actor,
        &CONTACTS,
        obj(json!({"first_name": "Ada", "last_name": "L", "email": "ada@example.com"})),
    )
    .expect("contact");
    f.conn
        .execute_batch("DROP INDEX uq_contacts_organization_id_email")
        .expect("drop the index the lookup names");
    let booked = book_at(&mut f, "2026-03-09T10:00:00Z", "ada@example.com");
    assert!(
        matches!(booked, Err(aio_core::Error::Sqlite(_))),
        "the lookup's failure is the booking's error: {booked:?}"
    );
    assert_eq!(
        count(
            &f.conn,
            "SELECT count(*) FROM contacts WHERE email = 'ada@example.com'"
        ),
        1,
        "no duplicate contact"
    );
    assert_eq!(
        count(&f.conn, "SELECT count(*) FROM events"),
        0,
        "no event either"
    );
}

#[test]
fn a_request_names_the_field_that_is_wrong() {
    for (change, field) in [
        (json!({"name": " "}), "name"),
        (json!({"email": "ada"}), "email"),
        (json!({"phone": "1".repeat(41)}), "phone"),
        (json!({"start": "tomorrow"}), "start"),
        (json!({"tz": "Mars/Olympus"}), "tz"),
    ] {
        let mut raw = serde_json::to_value(request("2026-03-09T10:00:00Z", "ada@example.com"))
            .expect("request");
        for (k, v) in change.as_object().expect("object") {
            raw[k] = v.clone();
        }
        let parsed: book::Request = serde_json::from_value(raw).expect("request");
        let error = parsed.check().expect_err(field);
        assert!(
            matches!(&error, aio_core::Error::Invalid { field: f, .. } if f == field),
            "{field} is named: {error}"
        );
    }
}

#[test]
fn a_booking_moves_to_a_free_time_and_is_cancelled() {
    let mut f = host();
    let first = book_at(&mut f, "2026-03-09T10:00:00Z", "ada@example.com").expect("book");
    let other = book_at(&mut f, "2026-03-09T12:00:00Z", "grace@example.com").expect("book");
    let at = |s: &str| book::start_time(s).expect("time");

    let tx = f.conn.transaction().expect("tx");
    let taken = reschedule::reschedule(
        &tx,
        &first.host,
        first.event_id,
        at("2026-03-09T12:00:00Z"),
        now(),
        None,
    );
    assert!(
        matches!(&taken, Err(aio_core::Error::Conflict { .. })),
        "another booking's time is not free: {taken:?}"
    );
    let same = reschedule::reschedule(
        &tx,
        &first.host,
        first.event_id,
        at("2026-03-09T10:00:00Z"),
        now(),
        None,
    );
    assert!(
        matches!(&same, Err(aio_core::Error::Invalid { field, .. }) if field == "start"),
        "its own time is refused as no move: {same:?}"
    );
    // Half an hour later overlaps its own old time, which does not block it.
    let moved = reschedule::reschedule(
        &tx,
        &first.host,
        first.event_id,
        at("2026-03-09T10:30:00Z"),
        now(),
        Some(chrono::Duration::days(30)),
    )
    .expect("move");
    assert_eq!(moved["start_time"], json!("2026-03-09T10:30:00.000Z"));
    assert_eq!(
        moved["end_time"],
        json!("2026-03-09T11:30:00.000Z"),
        "keeps its length"
    );
    assert_eq!(
        moved["reminder_sent"],
        json!(true),
        "moved within the reminder's lead: the change is the reminder"
    );
    let cancelled = cancel::cancel(&tx, &other.host, other.event_id).expect("cancel");
    assert_eq!(cancelled["status"], json!("cancelled"));
    tx.commit().expect("commit");
    assert!(
        book_at(&mut f, "2026-03-09T12:00:00Z", "alan@example.com").is_ok(),
        "a cancelled booking's time is free again"
    );
}
