//! The device side of sync: connects a local profile to a server, keeps the session token
//! in the OS keyring (never in SQLite), and runs sync rounds: push the outbox, then pull
//! until up to date (bootstrapping first on a new device). Shared by the CLI and the app.

use std::time::Duration;

use aio_core::db::Connection;
use aio_core::settings;
use aio_core::sync::wire::*;
use aio_core::sync::{self, RemoteUpdate};
use aio_core::team::accounts;
use aio_secrets::{Secret, Secrets};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

const LINK: &str = "sync_link";
const LAST_SYNC: &str = "sync_last_at";
const LAST_ERROR: &str = "sync_last_error";
/// Updates per push request.
const PUSH_BATCH: usize = 500;
/// Rows or updates per page pulled.
const PAGE: usize = 1000;
/// Rows per bootstrap page (the server's most).
const BOOTSTRAP_PAGE: usize = 2000;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot reach the server at {server}: {reason}")]
    Offline { server: String, reason: String },
    #[error("{0}")]
    Server(String),
    /// The server compacted the log past this device's cursor: bootstrap again.
    #[error("{0}")]
    Compacted(String),
    #[error("{field}: {reason}")]
    Invalid { field: String, reason: String },
    #[error("this profile is not connected to a server; sign in first")]
    NotSignedIn,
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

/// This profile's connection to a server (in `app_settings`; the token is in the keyring).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Link {
    pub server: String,
    pub email: String,
    pub account_id: Uuid,
    pub device_id: Uuid,
    pub organization_id: Uuid,
    pub role: String,
    /// The last server sequence number applied here.
    pub cursor: i64,
    pub bootstrapped: bool,
}

/// What a sync round moved.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Round {
    pub pushed: usize,
    pub refused: Vec<String>,
    pub pulled: usize,
    pub bootstrapped_rows: usize,
    pub rows_written: usize,
    pub pending: usize,
    /// A bootstrap left sort indexes and search documents to build: the caller runs
    /// `aio_core::deferred::finish` (rows are all there and editable meanwhile).
    pub indexing: bool,
}

/// What the app shows about sync.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub link: Option<Link>,
    pub pending_changes: i64,
    pub last_sync: Option<String>,
    pub last_error: Option<String>,
}

// --- the session token in the OS keyring ----------------------------------------------------

/// The keyring name of the session token (per profile: `aio_secrets` adds the key).
const SESSION_SECRET: &str = "sync-session";

fn store_token(conn: &Connection, token: &str) -> Result<()> {
    Secrets::of_profile(conn)?.set(SESSION_SECRET, &Secret::new(token))?;
    Ok(())
}

fn token(conn: &Connection) -> Result<String> {
    match Secrets::of_profile(conn)?.get(SESSION_SECRET)? {
        Some(token) => Ok(token.expose().to_string()),
        None => Err(Error::NotSignedIn),
    }
}

pub fn link(conn: &Connection) -> Result<Option<Link>> {
    match settings::get(conn, LINK)? {
        Some(text) => Ok(Some(serde_json::from_str(&text).map_err(|e| {
            Error::Invalid {
                field: LINK.into(),
                reason: e.to_string(),
            }
        })?)),
        None => Ok(None),
    }
}

fn save_link(conn: &Connection, link: &Link) -> Result<()> {
    settings::set(conn, LINK, &serde_json::to_string(link).unwrap_or_default())?;
    Ok(())
}

// --- HTTP ------------------------------------------------------------------------------

struct Api {
    server: String,
    http: reqwest::blocking::Client,
    token: Option<String>,
}

impl Api {
    fn new(server: &str, token: Option<String>) -> Result<Self> {
        let server = server.trim_end_matches('/').to_string();
        if !(server.starts_with("http://") || server.starts_with("https://")) {
            return Err(Error::Invalid {
                field: "server".into(),
                reason: "must be an http:// or https:// address".into(),
            });
        }
        let http = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(60))
            .connect_timeout(Duration::from_secs(5))
            .build()
            .map_err(|e| Error::Offline {
                server: server.clone(),
                reason: e.to_string(),
            })?;
        Ok(Api {
            server,
            http,
            token,
        })
    }

    fn send<T: serde::de::DeserializeOwned>(
        &self,
        request: reqwest::blocking::RequestBuilder,
    ) -> Result<T> {
        let request = match &self.token {
            Some(t) => request.bearer_auth(t),
            None => request,
        };
        let response = request.send().map_err(|e| Error::Offline {
            server: self.server.clone(),
            reason: e.without_url().to_string(),
        })?;
        let status = response.status();
        if status.is_success() {
            return response
                .json()
                .map_err(|e| Error::Server(format!("unreadable answer: {e}")));
        }
        let body: Option<ErrorBody> = response.json().ok();
        let message = body.map(|b| b.error).unwrap_or_else(|| status.to_string());
        Err(if status == reqwest::StatusCode::GONE {
            Error::Compacted(message)
        } else {
            Error::Server(message)
        })
    }

    fn get<T: serde::de::DeserializeOwned>(&self, path: &str) -> Result<T> {
        self.send(self.http.get(format!("{}{path}", self.server)))
    }

    fn post<B: Serialize, T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T> {
        self.send(self.http.post(format!("{}{path}", self.server)).json(body))
    }
}

fn device_name() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "desktop".into())
}

// --- signing in and out ------------------------------------------------------------------------

/// How to sign in.
pub enum Join<'a> {
    /// An existing account; with `invite`, it also joins that organisation.
    LogIn { invite: Option<&'a str> },
    /// A new account that creates an organisation from this profile's active one (its
    /// data is uploaded) under `organization_name`.
    SignUpWithOrganization {
        name: &'a str,
        organization_name: &'a str,
    },
    /// A new account that joins an organisation by invitation.
    SignUpWithInvite { name: &'a str, invite: &'a str },
}

/// Connects this profile to `server`. A profile that creates the organisation uploads its
/// data on the next sync; one that joins adopts the organisation and downloads it.
pub fn sign_in(
    conn: &mut Connection,
    server: &str,
    email: &str,
    password: &str,
    join: Join<'_>,
) -> Result<Link> {
    if link(conn)?.is_some() {
        return Err(Error::Invalid {
            field: "server".into(),
            reason: "this profile is already connected; sign out first".into(),
        });
    }
    let actor = aio_core::team::profile::ensure(conn)?;
    // The keyring first: without it the session could not be kept, and a sign-up would
    // leave an account on the server that this profile cannot use.
    token(conn).or_else(|e| match e {
        Error::NotSignedIn => Ok(String::new()),
        other => Err(other),
    })?;
    let api = Api::new(server, None)?;
    let client_id = sync::client_id(conn)?;
    let sign_up = |name: &str, account_id, organization, invite| SignUp {
        email: email.into(),
        password: password.into(),
        name: name.into(),
        device_name: device_name(),
        client_id,
        account_id,
        organization,
        invite,
    };
    let (session, uploads): (Session, bool) = match join {
        Join::LogIn { invite } => {
            let session: Session = api.post(
                "/v1/login",
                &Login {
                    email: email.into(),
                    password: password.into(),
                    device_name: device_name(),
                    client_id,
                },
            )?;
            let session = match invite {
                Some(code) => {
                    let authed = Api::new(server, Some(session.token.clone()))?;
                    let me: Me = authed.post(
                        "/v1/invitations/accept",
                        &AcceptInvite { code: code.into() },
                    )?;
                    Session {
                        organizations: me.organizations,
                        ..session
                    }
                }
                None => session,
            };
            (session, false)
        }
        Join::SignUpWithOrganization {
            name,
            organization_name,
        } => {
            let slug: String = conn.query_row(
                "SELECT slug FROM organizations WHERE id = ?1",
                [actor.organization_id.to_string()],
                |r| r.get(0),
            )?;
            // The account and organisation take this profile's ids, so its rows stay theirs.
            let organization = NewOrganization {
                id: Some(actor.organization_id),
                name: organization_name.into(),
                slug,
            };
            let signup = sign_up(name, Some(actor.user_id), Some(organization), None);
            (api.post("/v1/signup", &signup)?, true)
        }
        Join::SignUpWithInvite { name, invite } => {
            let signup = sign_up(name, None, None, Some(invite.into()));
            (api.post("/v1/signup", &signup)?, false)
        }
    };
    let org = if uploads {
        session
            .organizations
            .iter()
            .find(|o| o.id == actor.organization_id)
    } else {
        session.organizations.first()
    }
    .cloned()
    .ok_or_else(|| Error::Invalid {
        field: "organization".into(),
        reason: "this account belongs to no organization yet; ask for an invitation".into(),
    })?;
    store_token(conn, &session.token)?;
    if uploads {
        invite_team(
            conn,
            &Api::new(server, Some(session.token.clone()))?,
            org.id,
            session.account.id,
        )?;
    }
    let link = Link {
        server: api.server.clone(),
        email: session.account.email.clone(),
        account_id: session.account.id,
        device_id: session.device_id,
        organization_id: org.id,
        role: org.role.clone(),
        cursor: 0,
        bootstrapped: uploads,
    };
    let tx = conn.transaction()?;
    sync::set_client_id(&tx, session.client_id)?;
    accounts::adopt(&tx, &session.account, &org, uploads)?;
    if uploads {
        // Everything this profile holds goes up on the first push.
        sync::mark_all_dirty(&tx)?;
    }
    save_link(&tx, &link)?;
    tx.commit()?;
    Ok(link)
}

/// Signs this device out on the server (if reachable) and forgets the token and link.
/// Local data stays.
pub fn sign_out(conn: &Connection) -> Result<()> {
    let Some(link) = link(conn)? else {
        return Err(Error::NotSignedIn);
    };
    if let Ok(t) = token(conn) {
        let api = Api::new(&link.server, Some(t))?;
        if let Err(e) = api.post::<_, serde_json::Value>("/v1/logout", &serde_json::json!({})) {
            tracing::warn!("the server did not take the sign-out: {e}");
        }
    }
    Secrets::of_profile(conn)?.delete(SESSION_SECRET)?;
    settings::clear(conn, LINK)?;
    Ok(())
}

/// Creates an invitation to this profile's organisation; returns the code to pass on. A
/// person who is already a local user keeps their id, so the rows naming them stay theirs.
pub fn invite(conn: &Connection, email: &str, role: &str) -> Result<Invite> {
    let link = link(conn)?.ok_or(Error::NotSignedIn)?;
    let api = Api::new(&link.server, Some(token(conn)?))?;
    let account_id = local_user(conn, email)?;
    api.post(
        &format!("/v1/orgs/{}/invitations", link.organization_id),
        &NewInvite {
            email: email.into(),
            role: role.into(),
            account_id,
        },
    )
}

fn local_user(conn: &Connection, email: &str) -> Result<Option<Uuid>> {
    let id: Option<String> = conn
        .query_row(
            "SELECT id FROM users WHERE email = ?1 COLLATE NOCASE",
            [email.trim()],
            |r| r.get(0),
        )
        .optional()?;
    Ok(id.and_then(|i| Uuid::parse_str(&i).ok()))
}

/// Invites every other member of the organisation being uploaded, under their local user
/// id, so the rows that name them are accepted and they find them when they sign up.
fn invite_team(conn: &Connection, api: &Api, org: Uuid, me: Uuid) -> Result<usize> {
    let team: Vec<(String, String, String)> = conn
        .prepare(
            "SELECT u.id, u.email, m.role FROM organization_members m JOIN users u ON u.id = m.user_id
             WHERE m.organization_id = ?1 AND m.user_id <> ?2 AND m.deleted_at IS NULL",
        )?
        .query_map([org.to_string(), me.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, email, role) in &team {
        let role = if matches!(role.as_str(), "admin" | "member" | "viewer") {
            role.as_str()
        } else {
            "member"
        };
        let _: Invite = api.post(
            &format!("/v1/orgs/{org}/invitations"),
            &NewInvite {
                email: email.clone(),
                role: role.into(),
                account_id: Uuid::parse_str(id).ok(),
            },
        )?;
    }
    Ok(team.len())
}

// --- sync rounds -------------------------------------------------------------------------------

/// One round: bootstrap if this device is new, push the outbox, pull until up to date.
/// Records the outcome for the status line.
pub fn sync_now(conn: &mut Connection) -> Result<Round> {
    let result = round(conn);
    let stamp = aio_core::values::timestamp_text(chrono::Utc::now());
    match &result {
        Ok(_) => {
            settings::set(conn, LAST_SYNC, &stamp)?;
            settings::clear(conn, LAST_ERROR)?;
        }
        Err(e) => settings::set(conn, LAST_ERROR, &e.to_string())?,
    }
    result
}

fn round(conn: &mut Connection) -> Result<Round> {
    let mut link = link(conn)?.ok_or(Error::NotSignedIn)?;
    let api = Api::new(&link.server, Some(token(conn)?))?;
    let org = link.organization_id;
    let members: Vec<Member> = api.get(&format!("/v1/orgs/{org}/members"))?;
    accounts::adopt_members(conn, org, &members)?;
    let mut round = Round::default();
    if !link.bootstrapped {
        round.bootstrapped_rows = bootstrap(conn, &api, &mut link, &mut round)?;
    }
    push(conn, &api, &mut link, &mut round)?;
    match pull(conn, &api, &mut link, &mut round) {
        Err(Error::Compacted(_)) => {
            // Too far behind the compacted log: start over from snapshots.
            link.bootstrapped = false;
            round.bootstrapped_rows = bootstrap(conn, &api, &mut link, &mut round)?;
            pull(conn, &api, &mut link, &mut round)?;
        }
        other => other?,
    }
    round.pending = conn.query_row("SELECT count(*) FROM sync_pending", [], |r| {
        r.get::<_, i64>(0)
    })? as usize;
    Ok(round)
}

fn remote(updates: Vec<RowUpdate>) -> Result<Vec<RemoteUpdate>> {
    Ok(updates
        .into_iter()
        .map(RowUpdate::into_remote)
        .collect::<aio_core::Result<_>>()?)
}

/// Applies one page and moves the cursor in the same transaction: a crash between pages
/// resumes where it stopped.
fn apply_page(
    conn: &mut Connection,
    updates: Vec<RowUpdate>,
    link: &Link,
    round: &mut Round,
) -> Result<()> {
    let updates = remote(updates)?;
    let tx = conn.transaction()?;
    let applied = sync::apply_remote(&tx, &updates)?;
    save_link(&tx, link)?;
    tx.commit()?;
    round.rows_written += applied.rows;
    round.refused.extend(applied.rejected);
    Ok(())
}

/// A new device's copy of the organisation (`aio_core::sync::bootstrap`). Its list indexes and
/// search documents are left for the caller's `deferred::finish` (the desktop's sync
/// worker runs it in the background, the CLI before it exits), as after a big import.
fn bootstrap(
    conn: &mut Connection,
    api: &Api,
    link: &mut Link,
    round: &mut Round,
) -> Result<usize> {
    let org = link.organization_id;
    let fetch = |after: Option<&str>| {
        api.get::<Bootstrap>(&match after {
            Some(key) => format!("/v1/orgs/{org}/bootstrap?limit={BOOTSTRAP_PAGE}&after={key}"),
            None => format!("/v1/orgs/{org}/bootstrap?limit={BOOTSTRAP_PAGE}"),
        })
    };
    let done = aio_core::sync::bootstrap::run(conn, fetch, |tx, cursor| {
        link.cursor = cursor;
        link.bootstrapped = true;
        save_link(tx, link)
    })?;
    round.rows_written += done.written;
    round.refused.extend(done.rejected);
    round.indexing = done.indexing;
    Ok(done.received)
}

fn push(conn: &mut Connection, api: &Api, link: &mut Link, round: &mut Round) -> Result<()> {
    let tx = conn.transaction()?;
    sync::flush(&tx)?;
    tx.commit()?;
    loop {
        let entries = sync::outbox(conn, PUSH_BATCH)?;
        let Some(last) = entries.last().map(|e| e.seq) else {
            return Ok(());
        };
        let body = Push {
            updates: entries.iter().map(RowUpdate::from_outbox).collect(),
        };
        let result: PushResult =
            api.post(&format!("/v1/orgs/{}/push", link.organization_id), &body)?;
        // When the log grew only by this push, the device has seen everything up to the
        // new head: moving the cursor there saves pulling (or, after compaction,
        // bootstrapping) its own upload.
        let mut next = link.cursor + 1;
        let mut only_ours = true;
        for outcome in result.results {
            match outcome {
                PushOutcome { ok: true, seq, .. } => {
                    round.pushed += 1;
                    match seq {
                        Some(s) if s == next => next += 1,
                        Some(s) if s <= link.cursor => {}
                        _ => only_ours = false,
                    }
                }
                PushOutcome { error, .. } => round
                    .refused
                    .push(error.unwrap_or_else(|| "refused".into())),
            }
        }
        if only_ours && next - 1 == result.head && link.bootstrapped {
            link.cursor = result.head;
            save_link(conn, link)?;
        }
        // Stored or refused for good: either way these leave the outbox.
        sync::acknowledge(conn, last)?;
    }
}

fn pull(conn: &mut Connection, api: &Api, link: &mut Link, round: &mut Round) -> Result<()> {
    loop {
        let page: Pull = api.get(&format!(
            "/v1/orgs/{}/pull?after={}&limit={PAGE}",
            link.organization_id, link.cursor
        ))?;
        round.pulled += page.updates.len();
        link.cursor = page.cursor;
        let more = page.more;
        apply_page(conn, page.updates, link, round)?;
        if !more {
            return Ok(());
        }
    }
}

pub fn status(conn: &Connection) -> Result<Status> {
    Ok(Status {
        link: link(conn)?,
        pending_changes: sync::pending_changes(conn)?,
        last_sync: settings::get(conn, LAST_SYNC)?,
        last_error: settings::get(conn, LAST_ERROR)?,
    })
}

/// Opens the server's notice socket for this profile's organisation: each text message
/// means "there is more to pull".
pub fn watch(
    conn: &Connection,
) -> Result<tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<std::net::TcpStream>>> {
    use tungstenite::client::IntoClientRequest;
    let link = link(conn)?.ok_or(Error::NotSignedIn)?;
    let url = format!(
        "{}/v1/orgs/{}/ws",
        link.server.replacen("http", "ws", 1),
        link.organization_id
    );
    let mut request = url
        .as_str()
        .into_client_request()
        .map_err(|e| Error::Invalid {
            field: "server".into(),
            reason: e.to_string(),
        })?;
    let header = format!("Bearer {}", token(conn)?)
        .parse()
        .map_err(|_| Error::Invalid {
            field: "token".into(),
            reason: "is not a header value".into(),
        })?;
    request.headers_mut().insert("authorization", header);
    let (socket, _) = tungstenite::connect(request).map_err(|e| Error::Offline {
        server: link.server.clone(),
        reason: e.to_string(),
    })?;
    Ok(socket)
}
