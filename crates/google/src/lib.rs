//! Google Calendar for AIO Agency CRM, shared by the CLI and the desktop app:
//!
//! - [`oauth`]: OAuth 2.0 for installed apps (PKCE S256, a state, a one-request loopback
//!   listener on 127.0.0.1, the system browser), the code exchange and token refresh;
//! - the tokens live in the OS keyring (`aio-secrets`); the `google_calendar_tokens` row
//!   keeps the expiry, the scope and a `keyring:` reference only;
//! - [`api`]: calls to Calendar API v3 that refresh on expiry or 401 and back off on 429
//!   and rate-limit 403s;
//! - [`calendar`]: pick calendars and sync each linked one both ways (pull with sync
//!   tokens, then push), every run written to `sync_logs`.
//!
//! Endpoints and the OAuth client are configuration ([`Config::from_env`]) with Google's
//! defaults, which is how tests point them at a local fake.

pub mod api;
pub mod calendar;
pub mod oauth;

use aio_core::db::Connection;
use aio_core::records::{self, Row};
use aio_core::tables::GOOGLE_CALENDAR_TOKENS;
use aio_core::Actor;
use aio_secrets::Secrets;
use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

pub use calendar::{
    calendars, link, set_sync, sync, CalendarRun, GoogleCalendar, LinkedCalendar, SyncLogEntry,
};
pub use oauth::{begin, complete, finish, open_browser, Authorized, Pending};

/// Google's documented endpoints for installed apps and Calendar API v3.
pub const AUTH_URL: &str = "https://accounts.google.com/o/oauth2/v2/auth";
pub const TOKEN_URL: &str = "https://oauth2.googleapis.com/token";
pub const API_URL: &str = "https://www.googleapis.com/calendar/v3";
/// Read and write events, and list the account's calendars.
pub const SCOPE: &str = "https://www.googleapis.com/auth/calendar";

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("Google Calendar is not connected; connect it first (`aio-crm google connect`, or Settings → Integrations)")]
    NotConnected,
    #[error("{field}: {reason}")]
    Config { field: String, reason: String },
    #[error("Google sign-in: {0}")]
    OAuth(String),
    #[error("cannot reach Google at {url}: {reason}")]
    Offline { url: String, reason: String },
    /// Google answered with an error status; `message` is Google's own.
    #[error("Google answered {status} to {what}: {message}")]
    Api {
        status: u16,
        what: String,
        message: String,
    },
    #[error("{0}")]
    Keyring(#[from] aio_secrets::Error),
    #[error(transparent)]
    Core(#[from] aio_core::Error),
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Core(e.into())
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// Where Google is and who this app is to it. The defaults are Google's endpoints; the
/// client id (and, for a "Desktop app" client, its non-confidential secret) come from
/// the Google Cloud project the app is registered in.
#[derive(Debug, Clone)]
pub struct Config {
    pub client_id: String,
    pub client_secret: Option<String>,
    pub auth_url: String,
    pub token_url: String,
    pub api_url: String,
    pub scope: String,
}

impl Config {
    /// `AIO_GOOGLE_CLIENT_ID`, `AIO_GOOGLE_CLIENT_SECRET`, and to point elsewhere
    /// `AIO_GOOGLE_AUTH_URL`, `AIO_GOOGLE_TOKEN_URL`, `AIO_GOOGLE_API_URL`.
    pub fn from_env() -> Config {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        Config {
            client_id: var("AIO_GOOGLE_CLIENT_ID").unwrap_or_default(),
            client_secret: var("AIO_GOOGLE_CLIENT_SECRET"),
            auth_url: var("AIO_GOOGLE_AUTH_URL").unwrap_or_else(|| AUTH_URL.into()),
            token_url: var("AIO_GOOGLE_TOKEN_URL").unwrap_or_else(|| TOKEN_URL.into()),
            api_url: var("AIO_GOOGLE_API_URL").unwrap_or_else(|| API_URL.into()),
            scope: SCOPE.into(),
        }
    }

    fn client_id(&self) -> Result<&str> {
        if self.client_id.is_empty() {
            return Err(Error::Config {
                field: "AIO_GOOGLE_CLIENT_ID".into(),
                reason: "not set; register an OAuth client of type \"Desktop app\" in Google Cloud Console and set its id".into(),
            });
        }
        Ok(&self.client_id)
    }
}

// --- the connection: a row with expiry and scope, tokens in the keyring ------------------

/// Keyring names of a connection's tokens (`aio-secrets` adds the profile key).
pub(crate) fn access_name(id: Uuid) -> String {
    format!("google-access:{id}")
}
pub(crate) fn refresh_name(id: Uuid) -> String {
    format!("google-refresh:{id}")
}

/// The live connection row of the actor: its id, expiry and scope.
pub(crate) struct Stored {
    pub id: Uuid,
    pub expiry: DateTime<Utc>,
    pub scope: String,
}

pub(crate) fn stored(conn: &Connection, actor: &Actor) -> Result<Option<Stored>> {
    let row: Option<(String, String, String)> = conn
        .query_row(
            "SELECT id, token_expiry, scope FROM google_calendar_tokens
             WHERE user_id = ?1 AND deleted_at IS NULL ORDER BY created_at DESC LIMIT 1",
            [actor.user_id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((id, expiry, scope)) = row else {
        return Ok(None);
    };
    let id = Uuid::parse_str(&id).map_err(|e| aio_core::Error::invalid("id", e.to_string()))?;
    let expiry = DateTime::parse_from_rfc3339(&expiry)
        .map_err(|e| aio_core::Error::invalid("token_expiry", e.to_string()))?
        .with_timezone(&Utc);
    Ok(Some(Stored { id, expiry, scope }))
}

/// Saves a new connection: the tokens go to the keyring inside the row's transaction, so
/// a keyring that refuses leaves no row, and a row that fails leaves no tokens.
pub(crate) fn save_connection(
    conn: &mut Connection,
    actor: &Actor,
    access: &str,
    refresh: &str,
    expiry: DateTime<Utc>,
    scope: &str,
) -> Result<Uuid> {
    disconnect(conn, actor)?;
    let secrets = Secrets::of_profile(conn)?;
    let tx = conn.transaction()?;
    let mut input = Row::new();
    input.insert("token_expiry".into(), timestamp(expiry).into());
    input.insert("scope".into(), scope.into());
    let row = records::create_in(&tx, actor, &GOOGLE_CALENDAR_TOKENS, input, None)?;
    let id = row
        .get("id")
        .and_then(|v| v.as_str())
        .and_then(|s| Uuid::parse_str(s).ok())
        .ok_or_else(|| aio_core::Error::invalid("id", "the new row has no id"))?;
    // The hidden token columns hold where the secret is, never the secret.
    tx.execute(
        "UPDATE google_calendar_tokens SET access_token = ?2, refresh_token = ?3 WHERE id = ?1",
        [
            id.to_string(),
            format!("keyring:{}", access_name(id)),
            format!("keyring:{}", refresh_name(id)),
        ],
    )?;
    let stored = secrets
        .set(&access_name(id), &aio_secrets::Secret::new(access))
        .and_then(|()| secrets.set(&refresh_name(id), &aio_secrets::Secret::new(refresh)));
    if let Err(e) = stored.map_err(Error::from).and_then(|()| Ok(tx.commit()?)) {
        let _ = secrets.delete(&access_name(id));
        let _ = secrets.delete(&refresh_name(id));
        return Err(e);
    }
    Ok(id)
}

/// Forgets the connection: its tokens leave the keyring, its row goes to the trash, and
/// the sync tokens of linked calendars are dropped (they belong to that account). Linked
/// calendars and their events stay. Disconnecting when not connected is fine.
pub fn disconnect(conn: &mut Connection, actor: &Actor) -> Result<bool> {
    let Some(stored) = stored(conn, actor)? else {
        return Ok(false);
    };
    let secrets = Secrets::of_profile(conn)?;
    // Keyring first: a keyring that refuses keeps the row, so nothing is orphaned there.
    secrets.delete(&access_name(stored.id))?;
    secrets.delete(&refresh_name(stored.id))?;
    let tx = conn.transaction()?;
    records::set_deleted_in(&tx, actor, &GOOGLE_CALENDAR_TOKENS, stored.id, true, None)?;
    tx.execute(
        "UPDATE google_sync_state SET sync_token = NULL WHERE calendar_id IN
           (SELECT id FROM calendars WHERE user_id = ?1)",
        [actor.user_id.to_string()],
    )?;
    tx.commit()?;
    Ok(true)
}

/// What Settings → Integrations shows. Read from the database and the keyring only: no
/// network.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(rename = "GoogleStatus")]
pub struct Status {
    pub connected: bool,
    pub token_expiry: Option<String>,
    pub scope: Option<String>,
    /// Why the keyring cannot be used (missing, locked), when it cannot.
    pub keyring_error: Option<String>,
    pub calendars: Vec<LinkedCalendar>,
    pub recent_logs: Vec<SyncLogEntry>,
}

pub fn status(conn: &Connection, actor: &Actor) -> Result<Status> {
    let stored = stored(conn, actor)?;
    let keyring_error = match Secrets::of_profile(conn)
        .and_then(|s| s.get(&access_name(stored.as_ref().map_or(Uuid::nil(), |s| s.id))))
    {
        Ok(_) => None,
        Err(e) => Some(e.to_string()),
    };
    Ok(Status {
        connected: stored.is_some(),
        token_expiry: stored.as_ref().map(|s| timestamp(s.expiry)),
        scope: stored.map(|s| s.scope),
        keyring_error,
        calendars: calendar::linked(conn, actor, false)?,
        recent_logs: calendar::recent_logs(conn, actor, 20)?,
    })
}

pub(crate) fn timestamp(t: DateTime<Utc>) -> String {
    aio_core::values::timestamp_text(t)
}
