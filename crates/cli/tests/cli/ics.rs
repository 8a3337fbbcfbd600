//! `aio-crm ics`: a calendar as an .ics file that an independent parser (Python's
//! `icalendar`, from Debian's python3-icalendar) reads back with every event intact.

use std::process::Command;

use super::{aio, create_record as create, json_line, migrated};

const READ_BACK: &str = r#"
import json, sys
from icalendar import Calendar
cal = Calendar.from_ical(open(sys.argv[1], 'rb').read())
out = {"name": str(cal.get("X-WR-CALNAME")), "events": []}
for e in cal.walk("VEVENT"):
    attendees = e.get("ATTENDEE") or []
    if not isinstance(attendees, list):
        attendees = [attendees]
    out["events"].append({
        "uid": str(e.get("UID")),
        "summary": str(e.get("SUMMARY")),
        "description": str(e.get("DESCRIPTION")) if e.get("DESCRIPTION") else None,
        "start": e.decoded("DTSTART").isoformat(),
        "end": e.decoded("DTEND").isoformat(),
        "status": str(e.get("STATUS")),
        "attendees": [str(a) for a in attendees],
    })
print(json.dumps(out))
"#;

#[test]
fn a_calendar_exports_as_ics_that_an_independent_parser_reads_back() {
    let (dir, db) = migrated();
    let calendar = create(
        &db,
        "calendars",
        r##"{"name":"Client work, Q4","color":"#16a34a"}"##,
    );
    let long = "Agenda; budget, scope \\ timeline.\nSecond line: ".to_string() + &"é".repeat(80);
    let meeting = create(
        &db,
        "events",
        &serde_json::json!({
            "calendar_id": calendar, "title": "Kick-off, Acme; phase 1",
            "description": long, "start_time": "2026-12-07T09:00:00Z",
            "end_time": "2026-12-07T10:30:00Z", "status": "confirmed",
            "guest_email": "ada@example.com", "guest_name": "Ada \"The\" Lovelace",
            "attendees": [{"email": "grace@example.com", "name": "Grace"}]
        })
        .to_string(),
    );
    create(
        &db,
        "events",
        &serde_json::json!({
            "calendar_id": calendar, "title": "Offsite", "all_day": true,
            "start_time": "2026-12-10T00:00:00Z", "end_time": "2026-12-12T00:00:00Z"
        })
        .to_string(),
    );
    let out = dir.path().join("work.ics");
    let run = aio(&[
        "ics",
        "--db",
        &db,
        "--calendar",
        &calendar,
        "--out",
        &out.display().to_string(),
    ]);
    assert!(run.ok, "{}", run.stderr);
    let raw = std::fs::read_to_string(&out).expect("ics");
    assert!(raw.lines().all(|l| l.len() <= 76), "folded at 75 octets");
    assert!(raw.contains("\r\n"), "CRLF line ends");

    let parsed = Command::new("/usr/bin/python3")
        .args(["-c", READ_BACK, &out.display().to_string()])
        .output()
        .expect("python3 with icalendar (scripts/setup.sh --test installs it)");
    assert!(
        parsed.status.success(),
        "{}",
        String::from_utf8_lossy(&parsed.stderr)
    );
    let parsed = json_line(&String::from_utf8_lossy(&parsed.stdout));
    assert_eq!(parsed["name"], "Client work, Q4");
    let events = parsed["events"].as_array().expect("events");
    assert_eq!(events.len(), 2);
    let kickoff = &events[0];
    assert_eq!(kickoff["uid"], format!("{meeting}@aio-agency-crm"));
    assert_eq!(kickoff["summary"], "Kick-off, Acme; phase 1");
    assert_eq!(kickoff["description"], long.as_str());
    assert_eq!(kickoff["start"], "2026-12-07T09:00:00+00:00");
    assert_eq!(kickoff["end"], "2026-12-07T10:30:00+00:00");
    assert_eq!(kickoff["status"], "CONFIRMED");
    assert_eq!(
        kickoff["attendees"],
        serde_json::json!(["mailto:ada@example.com", "mailto:grace@example.com"])
    );
    // All day from the 10th to the 11th: the end date is exclusive.
    assert_eq!(events[1]["start"], "2026-12-10");
    assert_eq!(events[1]["end"], "2026-12-12");
    assert_eq!(events[1]["status"], "TENTATIVE");
}
