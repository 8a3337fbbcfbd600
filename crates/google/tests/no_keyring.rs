//! Without a keyring (no D-Bus session), connecting stops before the browser opens with a
//! clear message, and nothing is written to the database. Its own test binary: it changes
//! the process environment.

use aio_core::db::{self, OpenMode};
use aio_core::team::profile;

#[test]
fn connecting_without_a_keyring_is_a_clear_error_and_writes_nothing() {
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/aio-crm-bus",
    );
    std::env::remove_var("DISPLAY");
    let dir = tempfile::tempdir().expect("dir");
    let (mut conn, _) =
        db::open(&dir.path().join("crm.sqlite3"), OpenMode::CreateIfMissing).expect("open");
    let actor = profile::ensure(&mut conn).expect("profile");
    let config = aio_google::Config {
        client_id: "client".into(),
        ..aio_google::Config::from_env()
    };
    let err = aio_google::begin(&conn, &config).expect_err("no keyring");
    assert!(
        matches!(
            err,
            aio_google::Error::Keyring(aio_secrets::Error::Unavailable(_))
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("OS keyring is not available"),
        "{err}"
    );
    let status = aio_google::status(&conn, &actor).expect("status still answers");
    assert!(!status.connected);
    assert!(status
        .keyring_error
        .expect("the panel is told why")
        .contains("OS keyring is not available"));
    let rows: i64 = conn
        .query_row("SELECT count(*) FROM google_calendar_tokens", [], |r| {
            r.get(0)
        })
        .expect("count");
    assert_eq!(rows, 0);
}
