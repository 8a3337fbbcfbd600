//! Without a keyring to talk to (no D-Bus session), every call is a clear error naming
//! the keyring, never a panic and never a value written anywhere else. Its own test
//! binary: it changes the process environment.

use aio_core::db::{self, OpenMode};
use aio_core::team::profile;
use aio_secrets::{Error, Secret, Secrets};

#[test]
fn a_missing_keyring_is_a_clear_error() {
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/aio-crm-bus",
    );
    std::env::remove_var("DISPLAY");
    let dir = tempfile::tempdir().expect("dir");
    let (mut conn, _) =
        db::open(&dir.path().join("crm.sqlite3"), OpenMode::CreateIfMissing).expect("open");
    profile::ensure(&mut conn).expect("profile");
    let secrets = Secrets::of_profile(&conn).expect("secrets");
    for result in [
        secrets.set("google:x", &Secret::new("value")).map(|_| ()),
        secrets.get("google:x").map(|_| ()),
        secrets.delete("google:x"),
    ] {
        let err = result.expect_err("no keyring");
        assert!(matches!(err, Error::Unavailable(_)), "{err:?}");
        assert!(
            err.to_string().contains("OS keyring is not available"),
            "{err}"
        );
    }
}
