//! A contact's timeline: one merged, paged order over notes, activities and events.

use aio_core::crm::timeline::{self, TimelineItem, TimelineQuery};
use uuid::Uuid;

use super::*;

fn id_of(row: &Row) -> Uuid {
    row["id"]
        .as_str()
        .and_then(|s| Uuid::parse_str(s).ok())
        .expect("id")
}

/// Instant number `i` (minutes after a fixed start), as stored.
fn at(i: i64) -> String {
    let start = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
        .expect("instant")
        .with_timezone(&chrono::Utc);
    aio_core::values::timestamp_text(start + chrono::Duration::minutes(i))
}

fn key(item: &TimelineItem) -> String {
    let kind = match item {
        TimelineItem::Note { .. } => "note",
        TimelineItem::Activity { .. } => "activity",
        TimelineItem::Event { .. } => "event",
        TimelineItem::AutomationRun { .. } => "automation_run",
    };
    format!("{}/{kind}/{}", item.at(), item.id())
}

/// Every page of the contact's timeline, following the cursors.
fn all_pages(f: &Fixture, contact_id: Uuid, limit: u32) -> (Vec<TimelineItem>, usize) {
    let mut items = Vec::new();
    let mut before = None;
    let mut pages = 0;
    loop {
        let page = timeline::contact(
            &f.conn,
            &f.actor,
            contact_id,
            &TimelineQuery {
                limit: Some(limit),
                before: before.clone(),
            },
        )
        .expect("timeline page");
        pages += 1;
        assert!(page.items.len() <= limit as usize);
        if pages > 1 {
            assert!(
                page.pinned.is_empty(),
                "pinned notes come with the first page only"
            );
        }
        items.extend(page.items);
        match page.next_cursor {
            Some(cursor) => before = Some(cursor),
            None => break,
        }
    }
    (items, pages)
}

#[test]
fn the_merged_order_stays_right_across_pages_past_200_items_of_one_kind() {
    let mut f = fresh();
    let person = records::create(&mut f.conn, &f.actor, &CONTACTS, contact("tl@example.com"))
        .expect("contact");
    let contact_id = id_of(&person);
    let other = records::create(
        &mut f.conn,
        &f.actor,
        &CONTACTS,
        contact("other@example.com"),
    )
    .expect("other contact");
    let calendar = records::create(
        &mut f.conn,
        &f.actor,
        &CALENDARS,
        obj(json!({ "name": "Mine", "color": "#3b82f6" })),
    )
    .expect("calendar");

    // 300 notes, one a minute: more than the 200 a separately limited list showed. Every
    // 10th minute also has an activity at the very same instant (ties across kinds), and
    // every 50th an event; a few notes are pinned, one is deleted, and the other contact
    // has rows of its own.
    let mut expected: Vec<(String, &str, String)> = Vec::new();
    let mut notes = Vec::new();
    let mut pinned = Vec::new();
    for i in 0..300 {
        let id = Uuid::now_v7().to_string();
        let is_pinned = i % 97 == 0;
        notes.push(obj(json!({
            "id": id, "contact_id": contact_id.to_string(), "content": format!("note {i}"),
            "is_pinned": is_pinned, "created_at": at(i),
        })));
        if is_pinned {
            pinned.push(id);
        } else {
            expected.push((at(i), "note", id));
        }
    }
    notes.push(obj(json!({
        "contact_id": other["id"], "content": "someone else's", "created_at": at(150),
    })));
    records::create_many(&mut f.conn, &f.actor, &CONTACT_NOTES, notes, "test").expect("notes");
    let mut activities = Vec::new();
    for i in (0..300).step_by(10) {
        let id = Uuid::now_v7().to_string();
        activities.push(obj(json!({
            "id": id, "contact_id": contact_id.to_string(), "activity_type": "call",
            "title": format!("call {i}"), "created_at": at(i),
        })));
        expected.push((at(i), "activity", id));
    }
    records::create_many(
        &mut f.conn,
        &f.actor,
        &CONTACT_ACTIVITIES,
        activities,
        "test",
    )
    .expect("activities");
    let mut events = Vec::new();
    for i in (25..300).step_by(50) {
        let id = Uuid::now_v7().to_string();
        events.push(obj(json!({
            "id": id, "calendar_id": calendar["id"], "contact_id": contact_id.to_string(),
            "title": format!("meeting {i}"), "start_time": at(i), "end_time": at(i + 30),
        })));
        expected.push((at(i), "event", id));
    }
    records::create_many(&mut f.conn, &f.actor, &EVENTS, events, "test").expect("events");
    let deleted = expected
        .iter()
        .position(|(_, kind, _)| *kind == "note")
        .map(|i| expected.remove(i))
        .expect("a note to delete");
    records::delete(
        &mut f.conn,
        &f.actor,
        &CONTACT_NOTES,
        Uuid::parse_str(&deleted.2).expect("id"),
    )
    .expect("delete a note");

    // Newest first; equal instants by id, then kind, newest first.
    expected.sort_by(|a, b| (&b.0, &b.2, b.1).cmp(&(&a.0, &a.2, a.1)));
    let expected: Vec<String> = expected
        .iter()
        .map(|(at, kind, id)| format!("{at}/{kind}/{id}"))
        .collect();
    assert!(expected.len() > 300);

    for limit in [1000, 200, 64, 7] {
        let (items, pages) = all_pages(&f, contact_id, limit);
        let got: Vec<String> = items.iter().map(key).collect();
        assert_eq!(
            got.len(),
            expected.len(),
            "page size {limit}: no item skipped or repeated"
        );
        assert_eq!(got, expected, "page size {limit}: the merged order");
        assert_eq!(pages, expected.len().div_ceil(limit as usize).max(1));
    }

    // The first page holds the newest items, and pinned notes stand apart.
    let first = timeline::contact(&f.conn, &f.actor, contact_id, &TimelineQuery::default())
        .expect("first page");
    assert_eq!(first.items.len(), timeline::DEFAULT_LIMIT as usize);
    let got_pinned: Vec<String> = first.pinned.iter().map(|n| n.id.to_string()).collect();
    pinned.reverse();
    assert_eq!(got_pinned, pinned, "pinned notes apart, newest first");
    assert!(first
        .items
        .iter()
        .all(|item| !pinned.contains(&item.id().to_string())));
}

#[test]
fn a_timeline_is_confined_to_the_actors_organisation_and_cursors_are_checked() {
    let mut f = fresh();
    let person = records::create(
        &mut f.conn,
        &f.actor,
        &CONTACTS,
        contact("mine@example.com"),
    )
    .expect("contact");
    let contact_id = id_of(&person);
    records::create(
        &mut f.conn,
        &f.actor,
        &CONTACT_NOTES,
        obj(json!({ "contact_id": contact_id.to_string(), "content": "hello" })),
    )
    .expect("note");
    let stranger = Actor {
        organization_id: Uuid::now_v7(),
        ..f.actor
    };
    assert!(matches!(
        timeline::contact(&f.conn, &stranger, contact_id, &TimelineQuery::default()),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        timeline::contact(
            &f.conn,
            &f.actor,
            contact_id,
            &TimelineQuery {
                limit: None,
                before: Some("yesterday".into()),
            }
        ),
        Err(Error::Invalid { .. })
    ));
    let page =
        timeline::contact(&f.conn, &f.actor, contact_id, &TimelineQuery::default()).expect("page");
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.next_cursor, None);
}
