//! AIO Agency CRM desktop app: a Tauri 2 shell over `aio-core`. It opens the local
//! database (creating it and the local profile on first run) and exposes thin commands;
//! all logic lives in the core.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

#[cfg(test)]
mod bindings;
mod commands;
mod desktop;
mod os_notices;
mod sync_worker;
mod tray;
mod updates;

use std::path::PathBuf;

use tauri::Manager;

/// The allocator the CLI uses too (see crates/cli/src/main.rs): the sync worker's first
/// sync of a big organisation spends about 15% less CPU with it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // `--db PATH` opens another database file; the default is the OS per-user data dir.
    let args: Vec<String> = std::env::args().collect();
    let db_path = args
        .iter()
        .position(|a| a == "--db")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from)
        .unwrap_or_else(aio_core::db::default_db_path);
    // A link the OS started the app with opens its record once the page has loaded.
    let link = std::sync::Mutex::new(desktop::deep_link(&args));
    tauri::Builder::default()
        // First: a second launch on the same database ends here, before opening anything.
        .plugin(desktop::single_instance(&db_path))
        .plugin(tauri_plugin_updater::Builder::new().build())
        .plugin(desktop::window_state())
        .plugin(tauri_plugin_notification::init())
        .setup(move |app| {
            // Logging first (to the OS log directory), so opening the database is logged.
            let guard = desktop::start_logging(&desktop::log_dir(app.handle()));
            app.manage(LogGuard(std::sync::Mutex::new(guard)));
            tracing::info!(
                "AIO Agency CRM {} on {}",
                app.package_info().version,
                db_path.display()
            );
            let state = commands::AppState::open(&db_path);
            let _ = state.about.set(desktop::about(app.handle(), &db_path));
            state.updates.attach(app.handle().clone());
            app.manage(state);
            tray::start(app.handle());
            os_notices::start(app.handle());
            Ok(())
        })
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::Moved(_) | tauri::WindowEvent::Resized(_) = event {
                desktop::window_moved(window.app_handle());
            }
        })
        .on_page_load(move |webview, load| {
            if load.event() == tauri::webview::PageLoadEvent::Finished {
                let pending = link.lock().unwrap_or_else(|p| p.into_inner()).take();
                if let Some(route) = pending {
                    desktop::open_route(webview.app_handle(), &route);
                }
            }
        })
        .invoke_handler(commands::handler())
        .build(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("error: the window could not start: {e}");
            std::process::exit(1);
        })
        .run(|app, event| {
            // The process ends (or restarts into an update) right after this event without
            // dropping managed state: the log's last lines are written out here.
            if let tauri::RunEvent::Exit = event {
                if let Some(guard) = app.try_state::<LogGuard>() {
                    drop(guard.0.lock().unwrap_or_else(|p| p.into_inner()).take());
                }
            }
        });
}

/// Flushes the log file when it is dropped, at the app's exit.
struct LogGuard(std::sync::Mutex<Option<tracing_appender::non_blocking::WorkerGuard>>);
