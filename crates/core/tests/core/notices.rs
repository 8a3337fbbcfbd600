//! Which notifications the desktop shows: each of the person's new unread rows once,
//! across a restart, and none of what was there before the first look.

use super::*;
use aio_core::modules::system::notices;

fn notify(f: &mut Fixture, title: &str) -> String {
    let row = records::create(
        &mut f.conn,
        &f.actor,
        &NOTIFICATIONS,
        obj(json!({ "title": title, "message": format!("about {title}") })),
    )
    .expect("notification");
    row["id"].as_str().expect("id").to_owned()
}

fn titles(conn: &Connection, user: uuid::Uuid) -> Vec<String> {
    notices::take_new(conn, user)
        .expect("take_new")
        .into_iter()
        .map(|n| n.title)
        .collect()
}

#[test]
fn each_new_notification_is_shown_once_even_across_a_restart() {
    let mut f = fresh();
    let me = f.actor.user_id;
    notify(&mut f, "before the first look");
    // The first look only sets the mark.
    assert!(titles(&f.conn, me).is_empty());

    notify(&mut f, "form posted");
    let read = notify(&mut f, "already read");
    records::update(
        &mut f.conn,
        &f.actor,
        &NOTIFICATIONS,
        read.parse().expect("uuid"),
        obj(json!({ "is_read": true })),
    )
    .expect("mark read");
    notify(&mut f, "booking made");
    let other = records::create(
        &mut f.conn,
        &f.actor,
        &USERS,
        obj(json!({ "email": "other@example.com", "first_name": "O", "last_name": "Ther" })),
    )
    .expect("user");
    // Another person's row (as the automation runner writes it).
    f.conn
        .execute(
            "INSERT INTO notifications (id, user_id, title, message) VALUES (?1, ?2, 'theirs', '')",
            [
                uuid::Uuid::now_v7().to_string(),
                other["id"].as_str().expect("id").to_owned(),
            ],
        )
        .expect("their notification");

    assert_eq!(titles(&f.conn, me), ["form posted", "booking made"]);
    assert!(titles(&f.conn, me).is_empty(), "shown once");

    // A restart: the mark is in the database file.
    drop(f.conn);
    let (conn, _) = db::open(&f.path, OpenMode::Existing).expect("reopen");
    f.conn = conn;
    assert!(titles(&f.conn, me).is_empty(), "not again after a restart");
    notify(&mut f, "automation says hi");
    assert_eq!(titles(&f.conn, me), ["automation says hi"]);
}

#[test]
fn notifications_can_be_turned_off_on_this_device() {
    let f = fresh();
    assert!(notices::enabled(&f.conn).expect("read"));
    notices::set_enabled(&f.conn, false).expect("off");
    assert!(!notices::enabled(&f.conn).expect("read"));
    notices::set_enabled(&f.conn, true).expect("on");
    assert!(notices::enabled(&f.conn).expect("read"));
}
