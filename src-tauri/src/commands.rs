//! The commands the UI calls. Each one takes the database, resolves the local profile's
//! actor and makes one call into the core; errors travel as `{code, message}`.

use std::path::Path;
use std::sync::Mutex;

use aio_core::batch::{self, BatchResult, UndoResult};
use aio_core::bulk::{self, BulkAction, BulkTarget};
use aio_core::db::{self, Connection, OpenMode};
use aio_core::tags;
use aio_core::profile::{self, Profile};
use aio_core::records::{self, ListQuery, Page, Row};
use aio_core::schema::TableDef;
use aio_core::search::Hit;
use aio_core::tables::TABLES;
use aio_core::{Actor, ErrorPayload};
use uuid::Uuid;

type Reply<T> = Result<T, ErrorPayload>;

/// The open database, or why it could not be opened (shown to the user by the UI).
pub struct AppState {
    db: Result<Mutex<Connection>, ErrorPayload>,
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
            db: opened.map(Mutex::new).map_err(|e| e.payload()),
        }
    }

    /// Runs `f` with the database and the acting user.
    fn with<T>(&self, f: impl FnOnce(&mut Connection, &Actor) -> aio_core::Result<T>) -> Reply<T> {
        let db = self.db.as_ref().map_err(Clone::clone)?;
        let mut conn = db.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let actor = profile::actor(&conn, None).map_err(|e| e.payload())?;
        f(&mut conn, &actor).map_err(|e| e.payload())
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
    state.with(|conn, actor| {
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
    state.with(|conn, actor| records::create(conn, actor, self::table(&table)?, data))
}

#[tauri::command(async)]
pub fn records_update(state: State<'_>, table: String, id: Uuid, patch: Row) -> Reply<Row> {
    state.with(|conn, actor| records::update(conn, actor, self::table(&table)?, id, patch))
}

#[tauri::command(async)]
pub fn records_delete(state: State<'_>, table: String, id: Uuid) -> Reply<Row> {
    state.with(|conn, actor| records::delete(conn, actor, self::table(&table)?, id))
}

#[tauri::command(async)]
pub fn records_restore(state: State<'_>, table: String, id: Uuid) -> Reply<Row> {
    state.with(|conn, actor| records::restore(conn, actor, self::table(&table)?, id))
}

#[tauri::command(async)]
pub fn search(state: State<'_>, text: String, limit: u32) -> Reply<Vec<Hit>> {
    state.with(|conn, actor| aio_core::search::search(conn, actor, &text, limit))
}

#[tauri::command(async)]
pub fn records_bulk(
    state: State<'_>,
    table: String,
    target: BulkTarget,
    action: BulkAction,
) -> Reply<BatchResult> {
    state.with(|conn, actor| bulk::apply(conn, actor, self::table(&table)?, &target, &action))
}

#[tauri::command(async)]
pub fn batch_undo(state: State<'_>, batch_id: Uuid) -> Reply<UndoResult> {
    state.with(|conn, actor| batch::undo(conn, actor, batch_id))
}

#[tauri::command(async)]
pub fn tag_rename(state: State<'_>, id: Uuid, name: String) -> Reply<BatchResult> {
    state.with(|conn, actor| tags::rename(conn, actor, id, &name))
}

#[tauri::command(async)]
pub fn tag_remove(state: State<'_>, id: Uuid) -> Reply<BatchResult> {
    state.with(|conn, actor| tags::remove(conn, actor, id))
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
        records_bulk,
        batch_undo,
        tag_rename,
        tag_remove,
    ]
}
