//! Opening the database: where it lives, the connection settings, and the migrations.
//!
//! An existing file is inspected through a read-only connection first, so a file that is
//! not a database, or one from a newer version, is reported without a single byte of it
//! changing. Only then is it opened for writing and migrated, all migrations in one
//! transaction.

use std::path::{Path, PathBuf};

use rusqlite::OpenFlags;
pub use rusqlite::{params, Connection, ToSql};

use crate::error::{Error, Result};

mod embedded {
    refinery::embed_migrations!("../../migrations");
}

/// Directory name of the app's data under the OS per-user data dir; the Tauri
/// `identifier` is the same so the app and the CLI share one database.
pub const APP_IDENTIFIER: &str = "com.aio-agency.crm";

/// The app's own database: `<data dir>/com.aio-agency.crm/aio-crm.sqlite3`
/// (`~/.local/share/...` on Linux).
pub fn default_db_path() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join(APP_IDENTIFIER)
        .join("aio-crm.sqlite3")
}

/// Whether opening may create a new database file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// The file must already exist (every command but `migrate` and the app).
    Existing,
    /// Create the file (and its directory) when missing.
    CreateIfMissing,
}

/// What `open` found and did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    pub created: bool,
    pub version_before: i64,
    pub version: i64,
}

/// The newest schema version this build knows.
pub fn latest_version() -> i64 {
    embedded::migrations::runner()
        .get_migrations()
        .iter()
        .map(|m| i64::from(m.version()))
        .max()
        .unwrap_or(0)
}

/// Opens (and if allowed creates) the database at `path`, applies pending migrations in
/// one transaction and returns a connection set up for the app.
pub fn open(path: &Path, mode: OpenMode) -> Result<(Connection, Opened)> {
    let exists = path.exists();
    if path.is_dir() {
        return Err(Error::Unusable {
            path: path.to_owned(),
            reason: "it is a directory".into(),
        });
    }
    let version_before = if exists {
        inspect(path)?
    } else {
        if mode == OpenMode::Existing {
            return Err(Error::Missing(path.to_owned()));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        0
    };
    let mut conn = Connection::open(path).map_err(|e| unusable(path, e))?;
    configure(&conn).map_err(|e| unusable(path, e))?;
    migrate(&mut conn)?;
    // A bulk write that stopped before rebuilding its indexes or indexing its contacts for
    // search (a crash, a kill) left lists slow and contacts unsearchable: finish now.
    if crate::deferred::pending(&conn)? {
        crate::deferred::finish(&mut conn)?;
    }
    // Refresh the query planner's statistics where they are missing or stale (cheap when
    // nothing changed): without them SQLite picks poor indexes on 100k-row tables.
    conn.execute_batch("PRAGMA optimize = 0x10002")?;
    let version = schema_version(&conn)?;
    Ok((
        conn,
        Opened {
            created: !exists,
            version_before,
            version,
        },
    ))
}

/// Opens an existing database read-only without migrating (for `doctor`).
pub fn open_read_only(path: &Path) -> Result<Connection> {
    if !path.exists() {
        return Err(Error::Missing(path.to_owned()));
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| unusable(path, e))?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
        .map_err(|e| unusable(path, e))?;
    Ok(conn)
}

/// Checks an existing file read-only: is it SQLite, is it ours, is it not from the future.
/// Returns its schema version (0 for an empty database).
fn inspect(path: &Path) -> Result<i64> {
    let conn = open_read_only(path)?;
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )
        .map_err(|e| unusable(path, e))?;
    if tables == 0 {
        return Ok(0);
    }
    if !has_history(&conn)? {
        return Err(Error::Unusable {
            path: path.to_owned(),
            reason: "it holds tables but no AIO CRM schema history".into(),
        });
    }
    let found = schema_version(&conn)?;
    let known = latest_version();
    if found > known {
        return Err(Error::NewerVersion {
            path: path.to_owned(),
            found,
            known,
        });
    }
    Ok(found)
}

fn has_history(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE name = 'refinery_schema_history'",
        [],
        |r| r.get::<_, i64>(0),
    )? > 0)
}

/// The applied schema version (0 when none).
pub fn schema_version(conn: &Connection) -> Result<i64> {
    if !has_history(conn)? {
        return Ok(0);
    }
    Ok(conn.query_row(
        "SELECT coalesce(max(version), 0) FROM refinery_schema_history",
        [],
        |r| r.get(0),
    )?)
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    // WAL lets the UI read while a write is in flight; NORMAL is durable across app
    // crashes in WAL mode; foreign keys are off by default in SQLite.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // 64 MiB of page cache: 100k-contact indexes stay in memory for lists and imports.
    conn.pragma_update(None, "cache_size", -65536)?;
    // Statement journals (every write with triggers keeps one) stay in memory instead of
    // a temp file that each big write would pwrite page by page.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // The record path prepares a statement per table and operation (and SQLite compiles
    // the triggers into each); the default cache of 16 would recompile them per row.
    conn.set_prepared_statement_cache_capacity(256);
    Ok(())
}

fn migrate(conn: &mut Connection) -> Result<()> {
    embedded::migrations::runner()
        .set_grouped(true)
        .set_abort_divergent(true)
        .set_abort_missing(true)
        .run(conn)
        .map_err(|e| Error::Migration(e.to_string()))?;
    Ok(())
}

/// Applies migrations up to `version` only: builds fixtures of older versions in tests.
pub fn migrate_to(conn: &mut Connection, version: i32) -> Result<()> {
    embedded::migrations::runner()
        .set_grouped(true)
        .set_target(refinery::Target::Version(version))
        .run(conn)
        .map_err(|e| Error::Migration(e.to_string()))?;
    Ok(())
}

fn unusable(path: &Path, e: rusqlite::Error) -> Error {
    Error::Unusable {
        path: path.to_owned(),
        reason: e.to_string(),
    }
}
