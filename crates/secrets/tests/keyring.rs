//! Secrets through a real keyring backend: gnome-keyring's Secret Service, started by
//! `scripts/with-keyring.sh` inside the test command's D-Bus session.

use aio_core::db::{self, OpenMode};
use aio_core::team::profile;
use aio_secrets::{Secret, Secrets};

fn profile_db(dir: &std::path::Path, name: &str) -> aio_core::db::Connection {
    let (mut conn, _) = db::open(
        &dir.join(format!("{name}.sqlite3")),
        OpenMode::CreateIfMissing,
    )
    .expect("open");
    profile::ensure(&mut conn).expect("profile");
    conn
}

#[test]
fn a_secret_is_stored_read_replaced_and_deleted() {
    let dir = tempfile::tempdir().expect("dir");
    let conn = profile_db(dir.path(), "laptop");
    let secrets = Secrets::of_profile(&conn).expect("secrets");
    let name = "google:test-token";
    assert_eq!(secrets.get(name).expect("get"), None);
    secrets
        .set(name, &Secret::new("ya29.first-access-token"))
        .expect("store");
    assert_eq!(
        secrets.get(name).expect("read").expect("stored").expose(),
        "ya29.first-access-token"
    );
    secrets
        .set(name, &Secret::new("ya29.refreshed"))
        .expect("replace");
    assert_eq!(
        secrets.get(name).expect("read").expect("stored").expose(),
        "ya29.refreshed"
    );
    // Another handle on the same database reads the same entry: the key is stored.
    let again = Secrets::of_profile(&conn).expect("secrets");
    assert_eq!(
        again.get(name).expect("read").expect("stored").expose(),
        "ya29.refreshed"
    );
    secrets.delete(name).expect("delete");
    assert_eq!(secrets.get(name).expect("get"), None);
    secrets.delete(name).expect("deleting twice is fine");
    // The database holds no trace of the value.
    let text: String = conn
        .query_row(
            "SELECT group_concat(key || '=' || value, ';') FROM app_settings",
            [],
            |r| r.get(0),
        )
        .expect("settings");
    assert!(!text.contains("ya29"), "{text}");
}

#[test]
fn two_profiles_on_one_machine_never_share_a_secret() {
    let dir = tempfile::tempdir().expect("dir");
    let work = Secrets::of_profile(&profile_db(dir.path(), "work")).expect("work");
    let home = Secrets::of_profile(&profile_db(dir.path(), "home")).expect("home");
    work.set("sync-session", &Secret::new("work-token"))
        .expect("store");
    assert_eq!(home.get("sync-session").expect("read"), None);
    home.set("sync-session", &Secret::new("home-token"))
        .expect("store");
    assert_eq!(
        work.get("sync-session")
            .expect("read")
            .expect("kept")
            .expose(),
        "work-token"
    );
    work.delete("sync-session").expect("delete");
    home.delete("sync-session").expect("delete");
}

#[test]
fn a_secret_never_shows_in_debug_output() {
    let secret = Secret::new("sk-live-1234");
    assert_eq!(format!("{secret:?}"), "Secret(***)");
    assert!(!format!("{:?}", Some(&secret)).contains("1234"));
}
