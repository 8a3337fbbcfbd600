//! The system tray: an icon whose tooltip and first menu line say how sync stands (synced,
//! changes waiting, offline, not signed in), with "Sync now", "Open AIO Agency CRM" and
//! "Quit". A desktop without a tray host (a bare X server, some GNOME setups) still runs
//! the app: the tray is then only logged as missing.

use std::time::Duration;

use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager};

use crate::commands::AppState;

/// How often the tray reads the sync status (a local query; rounds themselves take longer).
const REFRESH: Duration = Duration::from_secs(3);

/// The tray's one line about sync, from what the sync chip reads.
pub fn status_text(signed_in: bool, online: bool, pending_changes: i64) -> String {
    let waiting = match pending_changes {
        0 => String::new(),
        1 => "1 change waiting".to_owned(),
        n => format!("{n} changes waiting"),
    };
    match (signed_in, online, waiting.is_empty()) {
        (false, _, _) => "Not signed in to sync".to_owned(),
        (true, false, true) => "Offline".to_owned(),
        (true, false, false) => format!("Offline, {waiting}"),
        (true, true, true) => "Synced".to_owned(),
        (true, true, false) => waiting,
    }
}

/// Puts the icon in the tray and keeps its status line current; logs and carries on
/// when the desktop has no tray.
pub fn start(app: &AppHandle) {
    if let Err(e) = build(app) {
        tracing::warn!("no system tray: {e}");
    }
}

fn build(app: &AppHandle) -> tauri::Result<()> {
    let status = MenuItem::with_id(app, "status", current(app), false, None::<&str>)?;
    let menu = Menu::with_items(
        app,
        &[
            &status,
            &PredefinedMenuItem::separator(app)?,
            &MenuItem::with_id(app, "sync", "Sync now", true, None::<&str>)?,
            &MenuItem::with_id(app, "open", "Open AIO Agency CRM", true, None::<&str>)?,
            &PredefinedMenuItem::separator(app)?,
            &MenuItem::with_id(app, "quit", "Quit", true, None::<&str>)?,
        ],
    )?;
    let mut tray = TrayIconBuilder::with_id("main")
        .menu(&menu)
        .tooltip(tooltip(&current(app)))
        .on_menu_event(|app, event| match event.id().as_ref() {
            "sync" => app.state::<AppState>().sync_now(),
            "open" => crate::desktop::show_window(app),
            "quit" => app.exit(0),
            _ => {}
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    let icon = tray.build(app)?;
    tracing::info!("tray icon up: {}", current(app));
    let app = app.clone();
    std::thread::Builder::new()
        .name("tray".into())
        .spawn(move || {
            let mut shown = String::new();
            loop {
                let text = current(&app);
                if text != shown {
                    let _ = status.set_text(&text);
                    let _ = icon.set_tooltip(Some(tooltip(&text)));
                    shown = text;
                }
                std::thread::sleep(REFRESH);
            }
        })?;
    Ok(())
}

fn tooltip(status: &str) -> String {
    format!("AIO Agency CRM: {status}")
}

/// The status line now; before the database is open, or when it cannot be, it says so.
fn current(app: &AppHandle) -> String {
    match app.try_state::<AppState>().map(|s| s.sync_state()) {
        Some(Ok(s)) => status_text(s.connected, s.online, s.pending_changes),
        Some(Err(e)) => e.message,
        None => "Starting".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::status_text;

    #[test]
    fn the_status_line_says_how_sync_stands() {
        assert_eq!(status_text(false, false, 0), "Not signed in to sync");
        // Changes made while signed out are not "waiting" for anything.
        assert_eq!(status_text(false, false, 12), "Not signed in to sync");
        assert_eq!(status_text(true, false, 0), "Offline");
        assert_eq!(status_text(true, false, 3), "Offline, 3 changes waiting");
        assert_eq!(status_text(true, true, 0), "Synced");
        assert_eq!(status_text(true, true, 1), "1 change waiting");
        assert_eq!(status_text(true, true, 42), "42 changes waiting");
    }
}
