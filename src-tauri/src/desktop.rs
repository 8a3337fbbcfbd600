//! Desktop conventions: a log file in the OS log directory (a file a day, two weeks kept),
//! what "About" shows, one window per database, and `aio-crm://` links that open a record.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use tauri::Manager;
use tauri_plugin_window_state::{AppHandleExt, StateFlags};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

/// Days of log files kept: one file a day.
const LOG_DAYS: usize = 14;
/// Log files are `aio-crm.YYYY-MM-DD.log`.
const LOG_PREFIX: &str = "aio-crm";
const LOG_SUFFIX: &str = "log";

/// Logs to standard error (RUST_LOG, warnings by default) and to a file a day in `dir`
/// (information and up; RUST_LOG raises or lowers it). The guard flushes the file when
/// the app ends. Without a writable log directory the app still logs to standard error.
pub fn start_logging(dir: &Path) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let stderr = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn")));
    let file = std::fs::create_dir_all(dir).ok().and_then(|()| {
        // The appender prunes only when a day turns over; an app opened now and then would
        // keep every day it ran, so older days go at start too.
        prune_logs(dir, chrono::Utc::now().date_naive(), LOG_DAYS);
        tracing_appender::rolling::Builder::new()
            .rotation(tracing_appender::rolling::Rotation::DAILY)
            .filename_prefix(LOG_PREFIX)
            .filename_suffix(LOG_SUFFIX)
            .max_log_files(LOG_DAYS)
            .build(dir)
            .ok()
    });
    match file {
        Some(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            let to_file = tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(writer)
                .with_filter(
                    EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
                );
            tracing_subscriber::registry()
                .with(stderr)
                .with(to_file)
                .init();
            Some(guard)
        }
        None => {
            tracing_subscriber::registry().with(stderr).init();
            None
        }
    }
}

/// Removes the daily log files in `dir` older than the last `days` days up to `today`
/// (UTC, as the appender names them); other files are left alone. Returns how many went.
pub fn prune_logs(dir: &Path, today: chrono::NaiveDate, days: usize) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let oldest_kept = today - chrono::Days::new(days.saturating_sub(1) as u64);
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let day = name
            .to_str()
            .and_then(|n| n.strip_prefix(LOG_PREFIX)?.strip_prefix('.'))
            .and_then(|n| n.strip_suffix(LOG_SUFFIX)?.strip_suffix('.'))
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        if day.is_some_and(|d| d < oldest_kept) {
            match std::fs::remove_file(entry.path()) {
                Ok(()) => removed += 1,
                Err(e) => eprintln!("cannot remove old log {}: {e}", entry.path().display()),
            }
        }
    }
    removed
}

/// The OS log directory of the app (`~/.local/share/com.aio-agency.crm/logs` on Linux,
/// `~/Library/Logs/com.aio-agency.crm` on macOS, `%LOCALAPPDATA%\com.aio-agency.crm\logs`
/// on Windows), as Tauri names it.
pub fn log_dir(app: &tauri::AppHandle) -> PathBuf {
    app.path()
        .app_log_dir()
        .unwrap_or_else(|_| std::env::temp_dir().join("aio-agency-crm-logs"))
}

/// What "About" shows: the version, and where this app keeps its data and logs.
#[derive(Debug, Clone, Default, serde::Serialize, ts_rs::TS)]
pub struct About {
    pub name: String,
    pub version: String,
    /// The database file this window has open.
    pub database: String,
    /// The folder holding it (and its WAL and backups).
    pub data_directory: String,
    pub log_directory: String,
}

pub fn about(app: &tauri::AppHandle, database: &Path) -> About {
    let info = app.package_info();
    About {
        name: info.name.clone(),
        version: info.version.to_string(),
        database: database.display().to_string(),
        data_directory: database
            .parent()
            .map(|d| d.display().to_string())
            .unwrap_or_default(),
        log_directory: log_dir(app).display().to_string(),
    }
}

/// One window per database: launching the app again on a database that a window already
/// has open (the default one, or the same `--db`) hands over to that window, which comes
/// to the front, and the new process ends. Another database opens its own window (two
/// people's profiles, or the e2e tests running two apps at once). On Linux the lock is a
/// D-Bus name keyed by the database file; on Windows and macOS the plugin keys by the app
/// alone, so there a second launch always goes to the first window.
pub fn single_instance(database: &Path) -> tauri::plugin::TauriPlugin<tauri::Wry> {
    let path = std::fs::canonicalize(database)
        .or_else(|_| std::path::absolute(database))
        .unwrap_or_else(|_| database.to_owned());
    let key = uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_URL,
        path.to_string_lossy().as_bytes(),
    )
    .simple();
    tauri_plugin_single_instance::Builder::new()
        .dbus_id(format!("com.aio-agency.crm.db_{key}"))
        .callback(|app, args, _cwd| {
            tracing::info!("launched again ({}): showing this window", args.join(" "));
            show_window(app);
            // A link the OS opened with a second launch opens its record here.
            if let Some(route) = deep_link(&args) {
                open_route(app, &route);
            }
        })
        .build()
}

/// Brings the window to the front (a second launch, the tray's "Open").
pub fn show_window(app: &tauri::AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// What of the window is kept across restarts (in the app config directory): its size,
/// position and whether it is maximised. The plugin restores the position only when a
/// monitor still shows it, so a window left on an unplugged screen opens on a visible one.
const WINDOW_STATE: StateFlags = StateFlags::SIZE
    .union(StateFlags::POSITION)
    .union(StateFlags::MAXIMIZED);

pub fn window_state() -> tauri::plugin::TauriPlugin<tauri::Wry> {
    tauri_plugin_window_state::Builder::new()
        .with_state_flags(WINDOW_STATE)
        .build()
}

/// Writes the window's size and position a moment after it stops moving. The plugin
/// writes only when the window closes or the app exits normally; a killed process or a
/// crash would otherwise lose a whole session's arrangement.
pub fn window_moved(app: &tauri::AppHandle) {
    static MOVES: AtomicU64 = AtomicU64::new(0);
    let this = MOVES.fetch_add(1, Ordering::Relaxed) + 1;
    let app = app.clone();
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(500));
        // A later move's thread writes instead.
        if MOVES.load(Ordering::Relaxed) == this {
            if let Err(e) = app.save_window_state(WINDOW_STATE) {
                tracing::warn!("cannot save the window's size and position: {e}");
            }
        }
    });
}

/// The scheme the installers register (`plugins.deep-link` in tauri.conf.json puts it in
/// the desktop entry's MimeType): `aio-crm://<table>/<id>` opens that record.
const SCHEME: &str = "aio-crm://";

/// The route that opens the record an `aio-crm://<table>/<id>` argument names, if one does:
/// `/open/<table>/<id>`, which the UI sends on to wherever that table's list lives. A
/// table the core does not know, or an id that is not one, is ignored.
pub fn deep_link(args: &[String]) -> Option<String> {
    args.iter().find_map(|arg| {
        let rest = arg.strip_prefix(SCHEME)?.trim_end_matches('/');
        let (table, id) = rest.split_once('/')?;
        aio_core::records::table(table).ok()?;
        let plain = !id.is_empty()
            && id.len() <= 64
            && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        plain.then(|| format!("/open/{table}/{id}"))
    })
}

/// Sends the window's router to `route` (the UI routes on the address's hash).
pub fn open_route(app: &tauri::AppHandle, route: &str) {
    tracing::info!("opening {route} from a link");
    if let Some(window) = app.get_webview_window("main") {
        let hash = serde_json::Value::from(format!("#{route}"));
        let _ = window.eval(format!("window.location.hash = {hash}"));
    }
}

#[cfg(test)]
mod tests {
    use super::{deep_link, prune_logs};

    #[test]
    fn logs_older_than_the_kept_days_are_pruned_and_nothing_else() {
        let dir = tempfile::tempdir().expect("temp dir");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).expect("date");
        let names = [
            "aio-crm.2026-12-07.log",
            "aio-crm.2026-11-24.log", // the 14th day back: kept
            "aio-crm.2026-11-23.log", // the 15th: goes
            "aio-crm.2025-01-01.log",
            "aio-crm.not-a-date.log",
            "notes.2020-01-01.log",
            "aio-crm.2020-01-01.txt",
        ];
        for name in names {
            std::fs::write(dir.path().join(name), "x").expect("write");
        }
        assert_eq!(prune_logs(dir.path(), today, 14), 2);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .expect("read")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "aio-crm.2020-01-01.txt",
                "aio-crm.2026-11-24.log",
                "aio-crm.2026-12-07.log",
                "aio-crm.not-a-date.log",
                "notes.2020-01-01.log",
            ]
        );
        // A second start removes nothing more.
        assert_eq!(prune_logs(dir.path(), today, 14), 0);
    }

    fn link(arg: &str) -> Option<String> {
        deep_link(&["aio-crm-desktop".into(), arg.into()])
    }

    #[test]
    fn a_link_names_a_table_and_an_id() {
        assert_eq!(
            link("aio-crm://contacts/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b/").as_deref(),
            Some("/open/contacts/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")
        );
        assert_eq!(link("aio-crm://tags/12").as_deref(), Some("/open/tags/12"));
    }

    #[test]
    fn anything_else_is_ignored() {
        for arg in [
            "aio-crm://nosuchtable/1",
            "aio-crm://contacts/",
            "aio-crm://contacts",
            "aio-crm://contacts/1';alert(1)//",
            "https://contacts/1",
            "--db",
        ] {
            assert_eq!(link(arg), None, "{arg}");
        }
    }
}
