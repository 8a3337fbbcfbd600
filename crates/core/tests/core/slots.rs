//! The slot engine's promises, checked on random availability (proptest) and on every day
//! of a year with two daylight-saving changes.

use std::collections::HashMap;

use aio_core::calendar::slots::{free_slots, Availability, DateException, WeeklyRule};
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use proptest::prelude::*;

const ZONES: [Tz; 5] = [
    Tz::UTC,
    Tz::Europe__Berlin,
    Tz::America__New_York,
    Tz::Australia__Lord_Howe, // a 30-minute daylight-saving shift
    Tz::Asia__Kolkata,
];

fn at(minutes: i64) -> DateTime<Utc> {
    // Around the spring change in Europe and the US, so random ranges meet one.
    Utc.with_ymd_and_hms(2026, 3, 5, 0, 0, 0)
        .single()
        .expect("base")
        + Duration::minutes(minutes)
}

fn day(offset: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 5).expect("date") + Duration::days(offset)
}

prop_compose! {
    fn rule()(weekday in 0u32..7, start in 0u32..96, len in 1u32..40, available in proptest::bool::weighted(0.8)) -> WeeklyRule {
        let start = start * 15;
        WeeklyRule { weekday, start, end: (start + len * 15).min(1440), available }
    }
}

prop_compose! {
    fn exception()(offset in 0i64..40, hours in proptest::option::of((0u32..96, 1u32..24)), available: bool) -> DateException {
        DateException {
            date: day(offset),
            hours: hours.map(|(s, l)| (s * 15, (s * 15 + l * 15).min(1440))),
            available,
        }
    }
}

prop_compose! {
    fn availability()(
        zone in 0usize..ZONES.len(),
        duration in 15i64..120,
        before in 0i64..45,
        after in 0i64..45,
        interval in 5i64..120,
        notice in 0i64..2000,
        window in 1i64..45,
        daily_limit in proptest::option::of(1u32..4),
        rules in proptest::collection::vec(rule(), 1..12),
        exceptions in proptest::collection::vec(exception(), 0..8),
        busy in proptest::collection::vec((0i64..60 * 24 * 40, 5i64..300), 0..60),
        booked in proptest::collection::vec((0i64..40, 1u32..4), 0..6),
    ) -> Availability {
        Availability {
            zone: ZONES[zone],
            duration: Duration::minutes(duration),
            buffer_before: Duration::minutes(before),
            buffer_after: Duration::minutes(after),
            interval: Duration::minutes(interval),
            minimum_notice: Duration::minutes(notice),
            window: Duration::days(window),
            daily_limit,
            rules,
            exceptions,
            busy: busy.into_iter().map(|(s, l)| (at(s), at(s + l))).collect(),
            booked: booked.into_iter().map(|(d, n)| (day(d), n)).collect::<HashMap<_, _>>(),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_slot_keeps_every_rule(
        a in availability(),
        from in 60 * 24 * 10..60 * 24 * 30i64,
        span in 60i64..60 * 24 * 10,
        earlier in 0i64..60 * 24 * 10,
    ) {
        let (from, to, now) = (at(from), at(from + span), at(from - earlier));
        let slots = free_slots(&a, from, to, now);
        for pair in slots.windows(2) {
            prop_assert!(pair[0] < pair[1], "sorted and distinct");
        }
        for &slot in &slots {
            prop_assert!(slot >= from && slot < to, "{slot} outside the range");
            prop_assert!(slot >= now + a.minimum_notice, "{slot} sooner than the notice");
            prop_assert!(slot <= now + a.window, "{slot} beyond the window");
            let (start, end) = (slot - a.buffer_before, slot + a.duration + a.buffer_after);
            for (s, e) in &a.busy {
                prop_assert!(!(*s < end && start < *e), "{slot} overlaps busy {s}..{e} with its buffers");
            }
            let local = slot.with_timezone(&a.zone).date_naive();
            prop_assert!(
                !a.exceptions.iter().any(|e| e.date == local && !e.available && e.hours.is_none()),
                "{slot} on a day off"
            );
            let weekday = local.weekday().num_days_from_sunday();
            prop_assert!(
                a.rules.iter().any(|r| r.available && r.weekday == weekday)
                    || a.exceptions.iter().any(|e| e.available && e.date == local),
                "{slot} on a day with no hours"
            );
            if let Some(limit) = a.daily_limit {
                prop_assert!(a.booked.get(&local).copied().unwrap_or(0) < limit, "{slot} on a full day");
            }
        }
        // Busy times only ever take slots away.
        let free = Availability { busy: Vec::new(), ..a.clone() };
        let without_busy = free_slots(&free, from, to, now);
        for slot in &slots {
            prop_assert!(without_busy.contains(slot), "{slot} appears only with busy times");
        }
    }
}

#[test]
fn nine_to_five_gives_eight_full_hours_on_every_day_of_a_year_in_berlin() {
    let a = Availability {
        zone: Tz::Europe__Berlin,
        duration: Duration::minutes(60),
        buffer_before: Duration::zero(),
        buffer_after: Duration::zero(),
        interval: Duration::minutes(60),
        minimum_notice: Duration::zero(),
        window: Duration::days(800),
        daily_limit: None,
        rules: (0..7)
            .map(|weekday| WeeklyRule {
                weekday,
                start: 9 * 60,
                end: 17 * 60,
                available: true,
            })
            .collect(),
        exceptions: Vec::new(),
        busy: Vec::new(),
        booked: HashMap::new(),
    };
    let from = Utc
        .with_ymd_and_hms(2025, 12, 31, 23, 0, 0)
        .single()
        .expect("from");
    let slots = free_slots(
        &a,
        from,
        from + Duration::days(365),
        from - Duration::days(1),
    );
    let mut per_day: HashMap<NaiveDate, Vec<u32>> = HashMap::new();
    for slot in slots {
        let local = slot.with_timezone(&a.zone);
        assert_eq!(local.minute(), 0, "{local} is not on the hour");
        per_day
            .entry(local.date_naive())
            .or_default()
            .push(local.hour());
    }
    assert_eq!(per_day.len(), 365);
    for (date, hours) in per_day {
        assert_eq!(hours, (9..17).collect::<Vec<_>>(), "{date}");
    }
}

/// Where a booking may move to: its own time is free for it, and it does not count
/// towards its day's limit; every other booking still does.
#[test]
fn a_booking_does_not_block_its_own_move() {
    use aio_core::calendar::slots::{slots, slots_except, SlotRequest};
    use aio_core::records;
    use aio_core::tables::{AVAILABILITY_RULES, BOOKING_TYPES, CALENDARS, EVENTS};
    use serde_json::json;

    let mut f = super::fresh();
    let mut create = |table, v: serde_json::Value| {
        records::create(&mut f.conn, &f.actor, table, super::obj(v)).expect("create")
    };
    let kind = create(
        &BOOKING_TYPES,
        json!({"name": "Call", "slug": "call", "description": "An hour", "duration_minutes": 60,
               "color": "#2563eb", "daily_limit": 1}),
    );
    create(
        &AVAILABILITY_RULES,
        json!({"day_of_week": 4, "start_time": "09:00", "end_time": "12:00"}),
    );
    let calendar = create(&CALENDARS, json!({"name": "Work", "color": "#2563eb"}));
    // Thursday 2026-03-05, 09:00-10:00 UTC: the day's one booking.
    let event = create(
        &EVENTS,
        json!({"calendar_id": calendar["id"], "title": "Call: Ada", "booking_type_id": kind["id"],
               "start_time": "2026-03-05T09:00:00.000Z", "end_time": "2026-03-05T10:00:00.000Z"}),
    );
    let id = uuid::Uuid::parse_str(event["id"].as_str().expect("id")).expect("uuid");
    let request = SlotRequest {
        from: day(0),
        days: 1,
        tz: Tz::UTC,
        now: at(-24 * 60),
    };
    let hours = |found: Vec<DateTime<Tz>>| found.iter().map(|t| t.hour()).collect::<Vec<_>>();
    assert_eq!(
        hours(slots(&f.conn, &f.actor, "call", &request).expect("slots")),
        Vec::<u32>::new(),
        "the daily limit is reached"
    );
    assert_eq!(
        hours(slots_except(&f.conn, &f.actor, "call", &request, Some(id)).expect("slots")),
        vec![9, 10, 11],
        "its own hour and the others are open to it"
    );
}

/// A host who never saved booking settings has their hours in their own zone
/// (`users.timezone`), not in UTC.
#[test]
fn a_host_without_booking_settings_has_hours_in_their_own_zone() {
    use aio_core::calendar::slots::{slots, SlotRequest};
    use aio_core::records;
    use aio_core::tables::{AVAILABILITY_RULES, BOOKING_TYPES, USERS};
    use serde_json::json;

    let mut f = super::fresh();
    records::update(
        &mut f.conn,
        &f.actor,
        &USERS,
        f.actor.user_id,
        super::obj(json!({"timezone": "Europe/Berlin"})),
    )
    .expect("the host's own zone");
    assert_eq!(
        super::count(&f.conn, "SELECT count(*) FROM booking_settings"),
        0,
        "the host has no booking settings"
    );
    for (table, row) in [
        (
            &BOOKING_TYPES,
            json!({"name": "Call", "slug": "call", "description": "An hour",
                   "duration_minutes": 60, "color": "#2563eb"}),
        ),
        // Thursdays 09:00-12:00 on the host's clock.
        (
            &AVAILABILITY_RULES,
            json!({"day_of_week": 4, "start_time": "09:00", "end_time": "12:00"}),
        ),
    ] {
        records::create(&mut f.conn, &f.actor, table, super::obj(row)).expect("create");
    }
    let request = SlotRequest {
        from: day(0),
        days: 1,
        tz: Tz::UTC,
        now: at(-24 * 60),
    };
    let hours: Vec<u32> = slots(&f.conn, &f.actor, "call", &request)
        .expect("slots")
        .iter()
        .map(|t| t.hour())
        .collect();
    // Thursday 5 March 2026, Berlin is UTC+1: 09:00-12:00 there is 08:00-11:00 UTC.
    assert_eq!(
        hours,
        vec![8, 9, 10],
        "09:00-12:00 Berlin time, shown in UTC"
    );
}
