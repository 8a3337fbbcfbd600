//! `aio-crm slots`: free booking slots from rules, exceptions, events, buffers and limits,
//! in the visitor's time zone, across daylight-saving changes. Expected starts are worked
//! out by hand from the rules each test writes.

use super::{aio, create_record as create, migrated};

/// A host in Berlin with one booking type `intro` (60 minutes, no notice, no buffers
/// unless `extra` sets them).
fn host(extra: &str) -> (tempfile::TempDir, String, String) {
    let (dir, db) = migrated();
    create(
        &db,
        "booking_settings",
        r##"{"booking_page_title":"Book a call","background_color":"#ffffff","primary_color":"#2563eb","text_color":"#111111","timezone":"Europe/Berlin"}"##,
    );
    let kind = create(
        &db,
        "booking_types",
        &format!(
            r##"{{"name":"Intro","slug":"intro","description":"A first call","duration_minutes":60,"color":"#2563eb","minimum_notice_minutes":0{extra}}}"##
        ),
    );
    (dir, db, kind)
}

fn slots(db: &str, from: &str, days: &str, tz: &str, now: &str) -> Vec<String> {
    let run = aio(&[
        "slots",
        "--db",
        db,
        "--booking-type",
        "intro",
        "--from",
        from,
        "--days",
        days,
        "--tz",
        tz,
        "--now",
        now,
    ]);
    assert!(run.ok, "slots: {}", run.stderr);
    run.stdout.lines().map(str::to_string).collect()
}

#[test]
fn slots_follow_local_hours_across_both_daylight_saving_changes() {
    let (_dir, db, _) = host("");
    // Sundays 01:00-04:00 and 09:00-12:00, Berlin time.
    for (start, end) in [("01:00", "04:00"), ("09:00", "12:00")] {
        create(
            &db,
            "availability_rules",
            &format!(r#"{{"day_of_week":0,"start_time":"{start}","end_time":"{end}"}}"#),
        );
    }
    // 29 March 2026: 02:00 CET jumps to 03:00 CEST. The night window holds two hours.
    assert_eq!(
        slots(
            &db,
            "2026-03-29",
            "1",
            "Europe/Berlin",
            "2026-03-01T00:00:00Z"
        ),
        [
            "2026-03-29T01:00:00+01:00",
            "2026-03-29T03:00:00+02:00",
            "2026-03-29T09:00:00+02:00",
            "2026-03-29T10:00:00+02:00",
            "2026-03-29T11:00:00+02:00",
        ]
    );
    // 25 October 2026: 03:00 CEST falls back to 02:00 CET. The night window holds four.
    assert_eq!(
        slots(
            &db,
            "2026-10-25",
            "1",
            "Europe/Berlin",
            "2026-10-01T00:00:00Z"
        ),
        [
            "2026-10-25T01:00:00+02:00",
            "2026-10-25T02:00:00+02:00",
            "2026-10-25T02:00:00+01:00",
            "2026-10-25T03:00:00+01:00",
            "2026-10-25T09:00:00+01:00",
            "2026-10-25T10:00:00+01:00",
            "2026-10-25T11:00:00+01:00",
        ]
    );
    // Seen from New York, where the clocks change a week later: the night slots fall on
    // 24 October there, the morning ones at 04:00-06:00 EDT.
    assert_eq!(
        slots(
            &db,
            "2026-10-25",
            "1",
            "America/New_York",
            "2026-10-01T00:00:00Z"
        ),
        [
            "2026-10-25T04:00:00-04:00",
            "2026-10-25T05:00:00-04:00",
            "2026-10-25T06:00:00-04:00",
        ]
    );
}

#[test]
fn events_buffers_exceptions_notice_and_the_daily_limit_remove_slots() {
    let (_dir, db, kind) = host(
        r#","buffer_before_minutes":15,"buffer_after_minutes":15,"slot_interval_minutes":30,"daily_limit":2,"minimum_notice_minutes":120,"booking_window_days":14"#,
    );
    for day in 1..=5 {
        create(
            &db,
            "availability_rules",
            &format!(r#"{{"day_of_week":{day},"start_time":"09:00","end_time":"13:00"}}"#),
        );
    }
    // Lunch is never available on Tuesdays.
    create(
        &db,
        "availability_rules",
        r#"{"day_of_week":2,"start_time":"11:00","end_time":"12:00","is_available":false}"#,
    );
    // Monday 7 December 2026, Berlin (UTC+1): a meeting 10:00-10:30 in another calendar.
    let calendar = create(&db, "calendars", r##"{"name":"Work","color":"#16a34a"}"##);
    create(
        &db,
        "events",
        &format!(
            r#"{{"calendar_id":"{calendar}","title":"Standup","start_time":"2026-12-07T09:00:00Z","end_time":"2026-12-07T09:30:00Z"}}"#
        ),
    );
    // With 15-minute buffers a 60-minute slot must end by 09:45 or start at 10:45 (the
    // next half-hour step is 11:00); the last one ends at 13:00.
    let monday = slots(
        &db,
        "2026-12-07",
        "1",
        "Europe/Berlin",
        "2026-12-01T00:00:00Z",
    );
    assert_eq!(
        monday,
        [
            "2026-12-07T11:00:00+01:00",
            "2026-12-07T11:30:00+01:00",
            "2026-12-07T12:00:00+01:00",
        ],
        "09:00 would end at 10:00, inside the standup's buffer"
    );
    // A cancelled event is not busy.
    create(
        &db,
        "events",
        &format!(
            r#"{{"calendar_id":"{calendar}","title":"Called off","status":"cancelled","start_time":"2026-12-08T08:00:00Z","end_time":"2026-12-08T09:00:00Z"}}"#
        ),
    );
    let tuesday = slots(
        &db,
        "2026-12-08",
        "1",
        "Europe/Berlin",
        "2026-12-01T00:00:00Z",
    );
    assert_eq!(
        tuesday,
        [
            "2026-12-08T09:00:00+01:00",
            "2026-12-08T09:30:00+01:00",
            "2026-12-08T10:00:00+01:00",
            "2026-12-08T12:00:00+01:00",
        ],
        "Tuesday lunch (11:00-12:00) is closed"
    );
    // Wednesday off; Thursday extra hours in the evening.
    create(
        &db,
        "availability_exceptions",
        r#"{"date":"2026-12-09","is_available":false,"reason":"Holiday"}"#,
    );
    create(
        &db,
        "availability_exceptions",
        r#"{"date":"2026-12-10","start_time":"18:00","end_time":"19:00","is_available":true}"#,
    );
    let week = slots(
        &db,
        "2026-12-09",
        "2",
        "Europe/Berlin",
        "2026-12-01T00:00:00Z",
    );
    assert!(
        week.iter().all(|s| !s.starts_with("2026-12-09")),
        "{week:?}"
    );
    assert!(
        week.contains(&"2026-12-10T18:00:00+01:00".to_string()),
        "{week:?}"
    );

    // Two bookings of this type on Friday reach its daily limit.
    for hour in ["08", "10"] {
        create(
            &db,
            "events",
            &format!(
                r#"{{"calendar_id":"{calendar}","booking_type_id":"{kind}","title":"Intro","start_time":"2026-12-11T{hour}:00:00Z","end_time":"2026-12-11T{hour}:30:00Z"}}"#
            ),
        );
    }
    assert!(slots(
        &db,
        "2026-12-11",
        "1",
        "Europe/Berlin",
        "2026-12-01T00:00:00Z"
    )
    .is_empty());

    // Minimum notice (2 hours) and the 14-day window count from --now.
    // At 09:00Z the earliest start is 11:00Z, 12:00 in Berlin.
    let soon = slots(
        &db,
        "2026-12-07",
        "1",
        "Europe/Berlin",
        "2026-12-07T09:00:00Z",
    );
    assert_eq!(soon, ["2026-12-07T12:00:00+01:00"]);
    let far = slots(
        &db,
        "2026-12-30",
        "1",
        "Europe/Berlin",
        "2026-12-01T00:00:00Z",
    );
    assert!(far.is_empty(), "beyond 14 days ahead: {far:?}");
}

#[test]
fn bad_slot_requests_name_the_argument() {
    let (_dir, db, _) = host("");
    for (args, expected) in [
        (vec!["--tz", "Mars/Olympus"], "--tz"),
        (vec!["--from", "2026-13-01"], "--from"),
        (vec!["--days", "0"], "days"),
        (vec!["--now", "yesterday"], "--now"),
    ] {
        let mut all = vec![
            "slots",
            "--db",
            &db,
            "--booking-type",
            "intro",
            "--from",
            "2026-12-01",
            "--tz",
            "UTC",
        ];
        all.extend(args);
        let run = aio(&all);
        assert!(
            !run.ok && run.stderr.contains(expected),
            "{all:?}: {}",
            run.stderr
        );
    }
    let run = aio(&[
        "slots",
        "--db",
        &db,
        "--booking-type",
        "nope",
        "--from",
        "2026-12-01",
        "--tz",
        "UTC",
    ]);
    assert!(
        !run.ok && run.stderr.contains("booking_type"),
        "{}",
        run.stderr
    );
}
