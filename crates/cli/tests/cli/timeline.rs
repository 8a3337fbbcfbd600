//! `aio-crm timeline`: a contact's notes, activities and events in one order, a page at a
//! time, the cursor of one page leading to the next.

use super::{aio, create_record as create, json_line, migrated};

#[test]
fn timeline_pages_through_notes_activities_and_events_newest_first() {
    let (_dir, db) = migrated();
    let contact = create(
        &db,
        "contacts",
        r#"{"first_name":"Tim","last_name":"Line","email":"tim@example.com"}"#,
    );
    let note = |content: &str, at: &str, pinned: bool| {
        create(
            &db,
            "contact_notes",
            &format!(
                r#"{{"contact_id":"{contact}","content":"{content}","created_at":"{at}","is_pinned":{pinned}}}"#
            ),
        )
    };
    note("oldest note", "2026-01-01T09:00:00.000Z", false);
    note("newest note", "2026-01-05T09:00:00.000Z", false);
    note("pinned note", "2026-01-03T09:00:00.000Z", true);
    create(
        &db,
        "contact_activities",
        &format!(
            r#"{{"contact_id":"{contact}","activity_type":"call","title":"Discovery call","created_at":"2026-01-02T09:00:00.000Z"}}"#
        ),
    );
    let calendar = create(&db, "calendars", r##"{"name":"Mine","color":"#3b82f6"}"##);
    create(
        &db,
        "events",
        &format!(
            r#"{{"calendar_id":"{calendar}","contact_id":"{contact}","title":"Strategy meeting","start_time":"2026-01-04T09:00:00.000Z","end_time":"2026-01-04T10:00:00.000Z"}}"#
        ),
    );

    let first = aio(&[
        "timeline",
        "--db",
        &db,
        "--contact",
        &contact,
        "--limit",
        "2",
        "--json",
    ]);
    assert!(first.ok, "{}", first.stderr);
    let page = json_line(&first.stdout);
    let kinds = |page: &serde_json::Value| -> Vec<String> {
        page["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| i["kind"].as_str().expect("kind").to_string())
            .collect()
    };
    assert_eq!(kinds(&page), ["note", "event"]);
    assert_eq!(page["items"][0]["note"]["content"], "newest note");
    assert_eq!(page["items"][1]["event"]["title"], "Strategy meeting");
    assert_eq!(page["pinned"][0]["content"], "pinned note");
    let cursor = page["next_cursor"]
        .as_str()
        .expect("a next page")
        .to_string();

    let rest = aio(&[
        "timeline",
        "--db",
        &db,
        "--contact",
        &contact,
        "--before",
        &cursor,
    ]);
    assert!(rest.ok, "{}", rest.stderr);
    let lines: Vec<&str> = rest.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", rest.stdout);
    assert!(lines[0].starts_with("activity  2026-01-02T09:00:00.000Z  Discovery call"));
    assert!(lines[1].starts_with("note      2026-01-01T09:00:00.000Z  oldest note"));

    let text = aio(&[
        "timeline",
        "--db",
        &db,
        "--contact",
        &contact,
        "--limit",
        "1",
    ]);
    assert!(text.ok, "{}", text.stderr);
    assert!(text.stdout.starts_with("pinned    2026-01-03T09:00:00.000Z  pinned note\nnote      2026-01-05T09:00:00.000Z  newest note\nnext: 2026-01-05T09:00:00.000Z/note/"), "{}", text.stdout);

    let unknown = aio(&[
        "timeline",
        "--db",
        &db,
        "--contact",
        "00000000-0000-4000-8000-000000000000",
    ]);
    assert!(!unknown.ok);
    assert!(unknown.stderr.contains("no record"), "{}", unknown.stderr);
    let bad = aio(&[
        "timeline",
        "--db",
        &db,
        "--contact",
        &contact,
        "--before",
        "yesterday",
    ]);
    assert!(!bad.ok);
    assert!(
        bad.stderr.contains("not a timeline cursor"),
        "{}",
        bad.stderr
    );
}
