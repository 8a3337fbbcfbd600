//! The server's storage and rules, by aggregate: accounts and sessions ([`accounts`]),
//! invitations ([`invitations`]), managing a team ([`members`]), the per-organisation update log ([`log`]) and the
//! public pages' replicas of organisations ([`replicas`]). Every function is one SQLite
//! transaction, committed before the caller answers, so an acknowledged write survives a
//! restart.

pub mod accounts;
pub mod invitations;
pub mod log;
pub mod members;
pub mod numbers;
pub mod replicas;
pub mod sql;

use std::path::Path;

use base64::Engine;
use rusqlite::Connection;
use sha2::{Digest, Sha256};
use uuid::Uuid;

mod embedded {
    refinery::embed_migrations!("migrations");
}

mod embedded_pg {
    refinery::embed_migrations!("migrations-pg");
}

/// Brings a PostgreSQL database to the newest schema (its own migrations: the types
/// differ). Processes starting together take turns through an advisory lock.
pub(crate) fn migrate_postgres(client: &mut postgres::Client) -> anyhow::Result<()> {
    client.batch_execute("SELECT pg_advisory_lock(7204901)")?;
    let done = embedded_pg::migrations::runner().run(client);
    client.batch_execute("SELECT pg_advisory_unlock(7204901)")?;
    done?;
    Ok(())
}

/// What went wrong, with the HTTP status it maps to.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("{field}: {reason}")]
    Invalid { field: String, reason: String },
    #[error("{0}")]
    Unauthenticated(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    /// The cursor is behind the compacted log: bootstrap again.
    #[error("{0}")]
    Gone(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl Refusal {
    pub fn invalid(field: &str, reason: impl Into<String>) -> Self {
        Refusal::Invalid {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

impl From<rusqlite::Error> for Refusal {
    fn from(e: rusqlite::Error) -> Self {
        Refusal::Internal(e.to_string())
    }
}

impl From<aio_core::Error> for Refusal {
    fn from(e: aio_core::Error) -> Self {
        match e {
            aio_core::Error::Invalid { field, reason } => Refusal::Invalid { field, reason },
            // "start: that time is no longer free": the guest picks another slot.
            conflict @ aio_core::Error::Conflict { .. } => Refusal::Conflict(conflict.to_string()),
            other => Refusal::Internal(other.to_string()),
        }
    }
}

pub type Result<T> = std::result::Result<T, Refusal>;

/// The signed-in device behind a request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub account_id: Uuid,
    pub device_id: Uuid,
    pub client_id: u64,
}

pub fn open(path: &Path) -> anyhow::Result<Connection> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut conn = Connection::open(path)?;
    // FULL: an acknowledged push survives a power cut, not only a crash. Statement
    // journals in memory: a push's statements inside its transaction otherwise spill
    // them into files under /var/tmp, megabytes a second under form posts.
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;
         PRAGMA busy_timeout = 5000; PRAGMA temp_store = MEMORY;",
    )?;
    embedded::migrations::runner().run(&mut conn)?;
    Ok(conn)
}

pub fn now() -> String {
    aio_core::values::timestamp_text(chrono::Utc::now())
}

pub fn sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// 244 random bits from the OS, URL-safe.
pub fn random_token() -> String {
    let bytes: Vec<u8> = [Uuid::new_v4(), Uuid::new_v4()]
        .iter()
        .flat_map(|u| *u.as_bytes())
        .collect();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The id of the organisation `org` names (its id or slug).
pub fn organization_id(conn: &mut dyn sql::Sql, org: &str) -> Result<String> {
    use sql::SqlExt;
    conn.opt(
        "SELECT id FROM organizations WHERE id = ?1 OR slug = ?1",
        crate::args![org],
    )?
    .ok_or_else(|| Refusal::invalid("org", format!("no organisation \"{org}\" on this server")))
}

pub(crate) fn parse_uuid(s: &str) -> Result<Uuid> {
    Uuid::parse_str(s).map_err(|_| Refusal::Internal(format!("stored id {s} is not a UUID")))
}
