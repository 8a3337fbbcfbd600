//! OS notifications for what the `notifications` table gets for the person (a form post,
//! a booking, an automation's notify step, rows that sync brings): each row once
//! (`aio_core::modules::system::notices` keeps the mark in the database, so a restart or a
//! sync does not repeat one), only while the window is not in front (there the app shows
//! them itself), and not at all when the person turned them off in About.

use std::time::Duration;

use tauri::{AppHandle, Manager};
use tauri_plugin_notification::NotificationExt;

use crate::commands::AppState;

/// How often new rows are looked for (one indexed query).
const LOOK: Duration = Duration::from_secs(3);

pub fn start(app: &AppHandle) {
    let app = app.clone();
    let started = std::thread::Builder::new()
        .name("notices".into())
        .spawn(move || loop {
            look(&app);
            std::thread::sleep(LOOK);
        });
    if let Err(e) = started {
        tracing::warn!("no OS notifications: {e}");
    }
}

fn look(app: &AppHandle) {
    let Some(state) = app.try_state::<AppState>() else {
        return;
    };
    // Taken even when not shown, so that what came in meanwhile is not shown later.
    let (enabled, notices) = match state.new_notices() {
        Ok(found) => found,
        Err(_) => return,
    };
    let in_front = app
        .get_webview_window("main")
        .and_then(|w| w.is_focused().ok())
        .unwrap_or(false);
    if !enabled || in_front {
        return;
    }
    for notice in notices {
        let shown = app
            .notification()
            .builder()
            .title(&notice.title)
            .body(&notice.message)
            .show();
        match shown {
            Ok(()) => tracing::info!("notification shown: {} ({})", notice.title, notice.id),
            Err(e) => tracing::warn!("cannot show notification {}: {e}", notice.id),
        }
    }
}
