//! Which notifications a desktop shows as OS notifications: each of the person's unread
//! rows once, whether it was written here (a form post, a booking, an automation) or
//! arrived by sync, never again after a restart. The device remembers the last local row
//! it looked at (SQLite's rowid grows with every insert, synced ones included), so rows
//! that were there before the first look are not shown at all: a new device's bootstrap
//! does not flood the screen with a year of notifications.

use rusqlite::{params, Connection};
use uuid::Uuid;

use crate::error::Result;
use crate::settings;

/// The last rowid of `notifications` looked at (`app_settings`, never synced).
const SEEN: &str = "desktop_notices.seen_rowid";
/// "off" when the person turned OS notifications off on this device.
const ENABLED: &str = "desktop_notices.enabled";

/// A notification to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub id: String,
    pub title: String,
    pub message: String,
}

/// Whether this device shows OS notifications (on unless turned off).
pub fn enabled(conn: &Connection) -> Result<bool> {
    Ok(settings::get(conn, ENABLED)?.as_deref() != Some("off"))
}

pub fn set_enabled(conn: &Connection, on: bool) -> Result<()> {
    settings::set(conn, ENABLED, if on { "on" } else { "off" })
}

/// The person's notifications that came in since the last call, oldest first, each
/// returned once (the mark moves past them, shown or not: rows that arrive while
/// notifications are off or the window is in front are not shown later). The first call
/// on a device only sets the mark.
pub fn take_new(conn: &Connection, user_id: Uuid) -> Result<Vec<Notice>> {
    let last: i64 = conn.query_row("SELECT coalesce(max(rowid), 0) FROM notifications", [], |r| {
        r.get(0)
    })?;
    let seen = settings::get(conn, SEEN)?.and_then(|s| s.parse::<i64>().ok());
    let Some(seen) = seen else {
        settings::set(conn, SEEN, &last.to_string())?;
        return Ok(Vec::new());
    };
    if last <= seen {
        return Ok(Vec::new());
    }
    let notices = conn
        .prepare_cached(
            "SELECT id, title, message FROM notifications
             WHERE rowid > ?1 AND rowid <= ?2 AND user_id = ?3
               AND is_read = 0 AND deleted_at IS NULL
             ORDER BY rowid",
        )?
        .query_map(params![seen, last, user_id.to_string()], |r| {
            Ok(Notice {
                id: r.get(0)?,
                title: r.get(1)?,
                message: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    settings::set(conn, SEEN, &last.to_string())?;
    Ok(notices)
}
