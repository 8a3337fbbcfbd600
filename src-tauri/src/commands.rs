//! The commands the UI calls. Each one takes the database, resolves the local profile's
//! actor and makes one call into the core; errors travel as `{code, message}`.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use aio_core::crm::duplicates::{self, DuplicateGroup, DuplicateMatch};
use aio_core::crm::transfer::{
    self, CsvFile, ImportFile, ImportOptions, ImportPreview, ImportReport, Progress,
};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;

use aio_core::batch::{self, BatchResult, UndoResult};
use aio_core::bulk::{self, BulkAction, BulkTarget, RecordChange};
use aio_core::crm::search::Hit;
use aio_core::crm::tags;
use aio_core::crm::timeline::{self, TimelinePage, TimelineQuery};
use aio_core::db::{self, Connection, OpenMode};
use aio_core::records::{self, ListQuery, Page, Row};
use aio_core::schema::TableDef;
use aio_core::tables::TABLES;
use aio_core::team::profile::{self, Profile};
use aio_core::{Actor, ErrorPayload};

use crate::sync_worker::SyncWorker;
use uuid::Uuid;

type Reply<T> = Result<T, ErrorPayload>;

/// The open database, or why it could not be opened (shown to the user by the UI), and
/// the CSV files chosen for import, kept between the mapping screen and the import.
pub struct AppState {
    path: std::path::PathBuf,
    db: Result<Mutex<Connection>, ErrorPayload>,
    imports: Mutex<HashMap<Uuid, Arc<StagedImport>>>,
    sync: Arc<SyncWorker>,
}

/// A CSV file read for import, and the progress of its import while it runs.
struct StagedImport {
    file: CsvFile,
    progress: Progress,
    report: Mutex<Option<ImportReport>>,
}

impl AppState {
    pub fn open(path: &Path) -> Self {
        let opened = db::open(path, OpenMode::CreateIfMissing).and_then(|(mut conn, _)| {
            profile::ensure(&mut conn)?;
            Ok(conn)
        });
        if let Err(e) = &opened {
            tracing::error!("cannot open {}: {e}", path.display());
        }
        AppState {
            path: path.to_owned(),
            db: opened.map(Mutex::new).map_err(|e| e.payload()),
            imports: Mutex::default(),
            sync: SyncWorker::start(path),
        }
    }

    /// `with` for a command that changes data: the sync worker is told afterwards.
    fn write<T>(&self, f: impl FnOnce(&mut Connection, &Actor) -> aio_core::Result<T>) -> Reply<T> {
        let out = self.with(f);
        if out.is_ok() {
            self.sync.nudge();
        }
        out
    }

    /// Runs `f` with the database and the acting user.
    fn with<T>(&self, f: impl FnOnce(&mut Connection, &Actor) -> aio_core::Result<T>) -> Reply<T> {
        let db = self.db.as_ref().map_err(Clone::clone)?;
        let mut conn = db.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let actor = profile::actor(&conn, None).map_err(|e| e.payload())?;
        f(&mut conn, &actor).map_err(|e| e.payload())
    }

    /// Runs `f` with the database alone (sync needs no actor).
    fn with_conn<T>(&self, f: impl FnOnce(&mut Connection) -> Reply<T>) -> Reply<T> {
        let db = self.db.as_ref().map_err(Clone::clone)?;
        let mut conn = db.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut conn)
    }

    /// A connection of its own, for calls that wait on Google: the app's stays free.
    fn own_conn(&self) -> Reply<(Connection, Actor)> {
        self.db.as_ref().map_err(Clone::clone)?;
        let (conn, _) = db::open(&self.path, OpenMode::Existing).map_err(|e| e.payload())?;
        let actor = profile::actor(&conn, None).map_err(|e| e.payload())?;
        Ok((conn, actor))
    }

    fn staged(&self, import_id: Uuid) -> Reply<Arc<StagedImport>> {
        let imports = self.imports.lock().unwrap_or_else(|p| p.into_inner());
        imports.get(&import_id).cloned().ok_or_else(|| {
            aio_core::Error::invalid("import_id", "no such file; choose the file again").payload()
        })
    }
}

type State<'a> = tauri::State<'a, AppState>;

fn table(name: &str) -> aio_core::Result<&'static TableDef> {
    records::table(name)
}

#[tauri::command(async)]
pub fn profile_get(state: State<'_>) -> Reply<Profile> {
    state.with(|conn, _| profile::load(conn))
}

#[tauri::command(async)]
pub fn organization_switch(state: State<'_>, organization: String) -> Reply<Profile> {
    state.with(|conn, _| {
        profile::switch_organization(conn, &organization)?;
        profile::load(conn)
    })
}

#[tauri::command(async)]
pub fn organization_create(state: State<'_>, name: String, slug: String) -> Reply<Profile> {
    state.write(|conn, actor| {
        let org = profile::create_organization(conn, actor, &name, &slug)?;
        profile::switch_organization(conn, &org.id.to_string())?;
        profile::load(conn)
    })
}

#[tauri::command(async)]
pub fn schema_tables() -> Vec<TableDef> {
    TABLES.iter().map(|t| **t).collect()
}

#[tauri::command(async)]
pub fn records_list(state: State<'_>, table: String, query: ListQuery) -> Reply<Page> {
    state.with(|conn, actor| records::list(conn, actor, self::table(&table)?, &query))
}

#[tauri::command(async)]
pub fn records_count(state: State<'_>, table: String, query: ListQuery) -> Reply<i64> {
    state.with(|conn, actor| records::count(conn, actor, self::table(&table)?, &query))
}

#[tauri::command(async)]
pub fn records_get(state: State<'_>, table: String, id: Uuid) -> Reply<Row> {
    state.with(|conn, actor| records::get(conn, actor, self::table(&table)?, id))
}

#[tauri::command(async)]
pub fn records_create(state: State<'_>, table: String, data: Row) -> Reply<Row> {
    state.write(|conn, actor| records::create(conn, actor, self::table(&table)?, data))
}

#[tauri::command(async)]
pub fn records_update(state: State<'_>, table: String, id: Uuid, patch: Row) -> Reply<Row> {
    state.write(|conn, actor| records::update(conn, actor, self::table(&table)?, id, patch))
}

#[tauri::command(async)]
pub fn records_delete(state: State<'_>, table: String, id: Uuid) -> Reply<Row> {
    state.write(|conn, actor| records::delete(conn, actor, self::table(&table)?, id))
}

#[tauri::command(async)]
pub fn records_restore(state: State<'_>, table: String, id: Uuid) -> Reply<Row> {
    state.write(|conn, actor| records::restore(conn, actor, self::table(&table)?, id))
}

#[tauri::command(async)]
pub fn search(state: State<'_>, text: String, limit: u32) -> Reply<Vec<Hit>> {
    state.with(|conn, actor| aio_core::crm::search::search(conn, actor, &text, limit))
}

/// One page of a contact's timeline (notes, activities, events), newest first.
#[tauri::command(async)]
pub fn contact_timeline(
    state: State<'_>,
    contact_id: Uuid,
    query: TimelineQuery,
) -> Reply<TimelinePage> {
    state.with(|conn, actor| timeline::contact(conn, actor, contact_id, &query))
}

/// The free slots of booking type `slug` from local date `from` for `days` days, each an
/// RFC 3339 start in zone `tz`, as of now: the booking editor's preview.
#[tauri::command(async)]
pub fn booking_slots_preview(
    state: State<'_>,
    slug: String,
    from: String,
    days: u32,
    tz: String,
) -> Reply<Vec<String>> {
    state.with(|conn, actor| {
        let request = aio_core::calendar::slots::SlotRequest {
            from: chrono::NaiveDate::parse_from_str(&from, "%Y-%m-%d").map_err(|_| {
                aio_core::Error::invalid("from", format!("\"{from}\" is not a date (YYYY-MM-DD)"))
            })?,
            days,
            tz: aio_core::calendar::slots::zone("tz", &tz)?,
            now: chrono::Utc::now(),
        };
        Ok(
            aio_core::calendar::slots::slots(conn, actor, &slug, &request)?
                .iter()
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
                .collect(),
        )
    })
}

#[tauri::command(async)]
pub fn records_bulk(
    state: State<'_>,
    table: String,
    target: BulkTarget,
    action: BulkAction,
) -> Reply<BatchResult> {
    state.write(|conn, actor| bulk::apply(conn, actor, self::table(&table)?, &target, &action))
}

#[tauri::command(async)]
pub fn records_write_all(
    state: State<'_>,
    table: String,
    changes: Vec<RecordChange>,
) -> Reply<BatchResult> {
    state.write(|conn, actor| bulk::write_all(conn, actor, self::table(&table)?, &changes))
}

#[tauri::command(async)]
pub fn batch_undo(state: State<'_>, batch_id: Uuid) -> Reply<UndoResult> {
    state.write(|conn, actor| batch::undo(conn, actor, batch_id))
}

#[tauri::command(async)]
pub fn tag_rename(state: State<'_>, id: Uuid, name: String) -> Reply<BatchResult> {
    state.write(|conn, actor| tags::rename(conn, actor, id, &name))
}

#[tauri::command(async)]
pub fn tag_remove(state: State<'_>, id: Uuid) -> Reply<BatchResult> {
    state.write(|conn, actor| tags::remove(conn, actor, id))
}

#[tauri::command(async)]
pub fn duplicates_check(
    state: State<'_>,
    draft: Row,
    exclude: Option<Uuid>,
) -> Reply<Vec<DuplicateMatch>> {
    state.with(|conn, actor| duplicates::check(conn, actor, &draft, exclude))
}

#[tauri::command(async)]
pub fn duplicates_find(state: State<'_>, limit: u32) -> Reply<Vec<DuplicateGroup>> {
    state.with(|conn, actor| duplicates::find(conn, actor, limit as usize))
}

#[tauri::command(async)]
pub fn contacts_merge(state: State<'_>, keep_id: Uuid, other_id: Uuid) -> Reply<BatchResult> {
    state.write(|conn, actor| duplicates::merge(conn, actor, keep_id, other_id))
}

/// Reads a chosen CSV file (sent as base64 by the UI) and keeps it for the import.
#[tauri::command(async)]
pub fn import_open(
    state: State<'_>,
    file_name: String,
    data_base64: String,
) -> Reply<ImportOpened> {
    let bytes = BASE64.decode(data_base64.as_bytes()).map_err(|e| {
        aio_core::Error::invalid("file", format!("could not be read ({e})")).payload()
    })?;
    let file = transfer::read_csv(&file_name, &bytes).map_err(|e| e.payload())?;
    let described = state.with(|conn, actor| transfer::describe(conn, actor, &file))?;
    let import_id = Uuid::now_v7();
    let staged = StagedImport {
        file,
        progress: Progress::default(),
        report: Mutex::new(None),
    };
    let mut imports = state.imports.lock().unwrap_or_else(|p| p.into_inner());
    imports.insert(import_id, Arc::new(staged));
    Ok(ImportOpened {
        import_id,
        file: described,
    })
}

#[tauri::command(async)]
pub fn import_preview(
    state: State<'_>,
    import_id: Uuid,
    options: ImportOptions,
) -> Reply<ImportPreview> {
    let staged = state.staged(import_id)?;
    state.with(|conn, actor| transfer::preview(conn, actor, &staged.file, &options, 20))
}

#[tauri::command(async)]
pub fn import_run(
    state: State<'_>,
    import_id: Uuid,
    options: ImportOptions,
) -> Reply<ImportReport> {
    let staged = state.staged(import_id)?;
    let report = state.write(|conn, actor| {
        transfer::import(conn, actor, &staged.file, &options, &staged.progress)
    })?;
    *staged.report.lock().unwrap_or_else(|p| p.into_inner()) = Some(report.clone());
    Ok(report)
}

/// How far a running import is; answered without waiting for the database.
#[tauri::command(async)]
pub fn import_progress(state: State<'_>, import_id: Uuid) -> Reply<ImportProgress> {
    let staged = state.staged(import_id)?;
    Ok(ImportProgress {
        done: staged.progress.done.load(Ordering::Relaxed),
        total: staged.progress.total.load(Ordering::Relaxed),
    })
}

/// Saves the rejected rows of the last import of this file as CSV in the Downloads folder.
#[tauri::command(async)]
pub fn import_save_report(state: State<'_>, import_id: Uuid) -> Reply<String> {
    let staged = state.staged(import_id)?;
    let report = staged
        .report
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    let report = report.ok_or_else(|| {
        aio_core::Error::invalid("import_id", "this file was not imported yet").payload()
    })?;
    let stem = staged.file.file_name.trim_end_matches(".csv").to_string();
    save_download(&format!("{stem}-import-report.csv"), |out| {
        transfer::report_csv(&staged.file, &report, out)
    })
}

/// Exports the contacts a query matches as CSV into the Downloads folder; returns the path.
#[tauri::command(async)]
pub fn contacts_export(state: State<'_>, query: ListQuery) -> Reply<String> {
    let name = format!(
        "contacts-{}.csv",
        chrono::Utc::now().format("%Y-%m-%d-%H%M%S")
    );
    state.with(|conn, actor| {
        save_download(&name, |out| {
            transfer::export(conn, actor, &query, out).map(|_| ())
        })
        .map_err(|e| aio_core::Error::invalid("file", e.message))
    })
}

fn save_download(
    name: &str,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> aio_core::Result<()>,
) -> Reply<String> {
    let dir = dirs::download_dir()
        .or_else(dirs::home_dir)
        .unwrap_or_else(std::env::temp_dir);
    let path = dir.join(name);
    let run = || -> aio_core::Result<()> {
        std::fs::create_dir_all(&dir)?;
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
        write(&mut out)?;
        std::io::Write::flush(&mut out)?;
        Ok(())
    };
    run().map_err(|e| e.payload())?;
    Ok(path.display().to_string())
}

/// Opens a web, mail or phone link with the system's default application (the web view
/// itself only ever shows the app).
#[tauri::command(async)]
pub fn open_external(url: String) -> Reply<()> {
    let allowed = ["https://", "http://", "mailto:", "tel:"];
    if !allowed
        .iter()
        .any(|p| url.to_ascii_lowercase().starts_with(p))
        || url.chars().any(char::is_control)
    {
        return Err(aio_core::Error::invalid(
            "url",
            format!("\"{url}\" is not a web, mail or phone link"),
        )
        .payload());
    }
    let opener = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(&url).spawn()
    } else if cfg!(target_os = "windows") {
        std::process::Command::new("explorer").arg(&url).spawn()
    } else {
        std::process::Command::new("xdg-open").arg(&url).spawn()
    };
    opener
        .map(|_| ())
        .map_err(|e| aio_core::Error::Io(e).payload())
}

/// What the sync chip and dialog show.
#[derive(serde::Serialize, ts_rs::TS)]
pub struct SyncState {
    pub connected: bool,
    pub server: Option<String>,
    pub email: Option<String>,
    pub role: Option<String>,
    /// The last round reached the server.
    pub online: bool,
    #[ts(type = "number")]
    pub pending_changes: i64,
    pub last_sync: Option<String>,
    pub last_error: Option<String>,
    /// Grows whenever rows arrive from other devices: lists reload when it changes.
    #[ts(type = "number")]
    pub remote_rows: u64,
}

/// How to connect: sign in, create an account and organisation, or join by invitation.
#[derive(serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum SyncJoin {
    LogIn,
    SignUp {
        name: String,
        organization_name: String,
    },
    Invite {
        name: String,
        code: String,
    },
}

fn sync_error(e: aio_sync::Error) -> ErrorPayload {
    match e {
        aio_sync::Error::Core(e) => e.payload(),
        aio_sync::Error::Invalid { field, reason } => {
            aio_core::Error::invalid(field, reason).payload()
        }
        other => ErrorPayload {
            code: aio_core::error::Code::Invalid,
            message: other.to_string(),
        },
    }
}

fn sync_state(state: &AppState, conn: &Connection) -> Reply<SyncState> {
    let status = aio_sync::status(conn).map_err(sync_error)?;
    Ok(SyncState {
        connected: status.link.is_some(),
        server: status.link.as_ref().map(|l| l.server.clone()),
        email: status.link.as_ref().map(|l| l.email.clone()),
        role: status.link.as_ref().map(|l| l.role.clone()),
        online: status.link.is_some() && state.sync.online(),
        pending_changes: status.pending_changes,
        last_sync: status.last_sync,
        last_error: status.last_error,
        remote_rows: state.sync.remote_rows(),
    })
}

#[tauri::command(async)]
pub fn sync_status(state: State<'_>) -> Reply<SyncState> {
    state.with_conn(|conn| sync_state(&state, conn))
}

/// Runs `f` on a plain thread: commands run on the async runtime's threads, where the
/// blocking HTTP client of `aio-sync` refuses to start.
fn off_runtime<T: Send>(f: impl FnOnce() -> Reply<T> + Send) -> Reply<T> {
    std::thread::scope(|scope| {
        scope.spawn(f).join().unwrap_or_else(|_| {
            Err(ErrorPayload {
                code: aio_core::error::Code::Internal,
                message: "the sync call stopped unexpectedly".into(),
            })
        })
    })
}

#[tauri::command(async)]
pub fn sync_sign_in(
    state: State<'_>,
    server: String,
    email: String,
    password: String,
    join: SyncJoin,
) -> Reply<SyncState> {
    let out = off_runtime(|| {
        state.with_conn(|conn| {
            let join = match &join {
                SyncJoin::LogIn => aio_sync::Join::LogIn { invite: None },
                SyncJoin::SignUp {
                    name,
                    organization_name,
                } => aio_sync::Join::SignUpWithOrganization {
                    name,
                    organization_name,
                },
                SyncJoin::Invite { name, code } => {
                    aio_sync::Join::SignUpWithInvite { name, invite: code }
                }
            };
            aio_sync::sign_in(conn, &server, &email, &password, join).map_err(sync_error)?;
            sync_state(&state, conn)
        })
    });
    state.sync.nudge();
    out
}

#[tauri::command(async)]
pub fn sync_sign_out(state: State<'_>) -> Reply<SyncState> {
    off_runtime(|| {
        state.with_conn(|conn| {
            aio_sync::sign_out(conn).map_err(sync_error)?;
            sync_state(&state, conn)
        })
    })
}

#[tauri::command(async)]
pub fn sync_now(state: State<'_>) -> Reply<SyncState> {
    state.sync.nudge();
    state.with_conn(|conn| sync_state(&state, conn))
}

// --- Google Calendar (aio-google): connect in the browser, pick calendars, sync --------------

fn google_error(e: aio_google::Error) -> ErrorPayload {
    match e {
        aio_google::Error::Core(e) => e.payload(),
        other => ErrorPayload {
            code: aio_core::error::Code::Invalid,
            message: other.to_string(),
        },
    }
}

#[tauri::command(async)]
pub fn google_status(state: State<'_>) -> Reply<aio_google::Status> {
    state.with(|conn, actor| {
        aio_google::status(conn, actor).map_err(|e| match e {
            aio_google::Error::Core(e) => e,
            other => aio_core::Error::invalid("google", other.to_string()),
        })
    })
}

/// Opens Google's sign-in in the browser and waits (up to 5 minutes) for it to come back.
#[tauri::command(async)]
pub fn google_connect(state: State<'_>) -> Reply<aio_google::Status> {
    off_runtime(|| {
        let (mut conn, actor) = state.own_conn()?;
        let config = aio_google::Config::from_env();
        let pending = aio_google::begin(&conn, &config).map_err(google_error)?;
        aio_google::open_browser(&pending.url).map_err(|e| aio_core::Error::Io(e).payload())?;
        aio_google::finish(
            &mut conn,
            &actor,
            &config,
            pending,
            std::time::Duration::from_secs(300),
        )
        .map_err(google_error)
    })
}

#[tauri::command(async)]
pub fn google_calendars(state: State<'_>) -> Reply<Vec<aio_google::GoogleCalendar>> {
    off_runtime(|| {
        let (mut conn, actor) = state.own_conn()?;
        aio_google::calendars(&mut conn, &actor, &aio_google::Config::from_env())
            .map_err(google_error)
    })
}

#[tauri::command(async)]
pub fn google_link(
    state: State<'_>,
    google_calendar_id: String,
) -> Reply<aio_google::LinkedCalendar> {
    let out = off_runtime(|| {
        let (mut conn, actor) = state.own_conn()?;
        aio_google::link(
            &mut conn,
            &actor,
            &aio_google::Config::from_env(),
            &google_calendar_id,
        )
        .map_err(google_error)
    });
    state.sync.nudge();
    out
}

#[tauri::command(async)]
pub fn google_set_sync(
    state: State<'_>,
    calendar_id: Uuid,
    enabled: bool,
) -> Reply<aio_google::LinkedCalendar> {
    state.write(|conn, actor| {
        aio_google::set_sync(conn, actor, calendar_id, enabled).map_err(|e| match e {
            aio_google::Error::Core(e) => e,
            other => aio_core::Error::invalid("calendar_id", other.to_string()),
        })
    })
}

#[tauri::command(async)]
pub fn google_sync(state: State<'_>) -> Reply<Vec<aio_google::CalendarRun>> {
    let out = off_runtime(|| {
        let (mut conn, actor) = state.own_conn()?;
        aio_google::sync(&mut conn, &actor, &aio_google::Config::from_env()).map_err(google_error)
    });
    if let Ok(runs) = &out {
        // Lists reload, and the changes go to the sync server too.
        state
            .sync
            .rows_arrived(runs.iter().map(|r| r.pulled.max(0) as u64).sum());
        state.sync.nudge();
    }
    out
}

#[tauri::command(async)]
pub fn google_disconnect(state: State<'_>) -> Reply<aio_google::Status> {
    off_runtime(|| {
        let (mut conn, actor) = state.own_conn()?;
        aio_google::disconnect(&mut conn, &actor).map_err(google_error)?;
        aio_google::status(&conn, &actor).map_err(google_error)
    })
}

#[derive(serde::Serialize, ts_rs::TS)]
pub struct ImportOpened {
    pub import_id: Uuid,
    pub file: ImportFile,
}

#[derive(serde::Serialize, ts_rs::TS)]
pub struct ImportProgress {
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        profile_get,
        organization_switch,
        organization_create,
        schema_tables,
        records_list,
        records_count,
        records_get,
        records_create,
        records_update,
        records_delete,
        records_restore,
        search,
        contact_timeline,
        booking_slots_preview,
        records_bulk,
        records_write_all,
        batch_undo,
        tag_rename,
        tag_remove,
        duplicates_check,
        duplicates_find,
        contacts_merge,
        import_open,
        import_preview,
        import_run,
        import_progress,
        import_save_report,
        contacts_export,
        open_external,
        sync_status,
        sync_sign_in,
        sync_sign_out,
        sync_now,
        google_status,
        google_connect,
        google_calendars,
        google_link,
        google_set_sync,
        google_sync,
        google_disconnect,
    ]
}
