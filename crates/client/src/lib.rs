//! The device side of sync: connects a local profile to a server, keeps the session token
//! in the OS keyring (never in SQLite), and runs sync rounds: push the outbox, then pull
//! until up to date (bootstrapping first on a new device). Shared by the CLI and the app.
//!
//! - [`Client`]: signing in and out (`account.rs`), the team and invitations
//!   (`team.rs`), sync rounds (`round.rs`), over a [`Transport`]; the free functions [`sign_in`], [`sync_now`]...
//!   are the same over [`Http`], as the apps call them;
//! - `api.rs`: the protocol's paths, JSON and statuses, once for every transport;
//! - [`transport`]: what carries a request to the server and its answer back;
//! - [`watch`]: the server's WebSocket saying when there is more to pull (HTTP only).

mod account;
mod api;
mod organizations;
mod payments;
mod round;
mod team;
pub mod transport;
pub mod webhooks;

use aio_core::db::Connection;
use aio_core::settings;
use aio_core::sync;
use aio_core::sync::wire::{Invite, Member, PendingInvitation};
use aio_secrets::{Secret, Secrets};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use organizations::{dismiss_ended, remove_ended};
pub use transport::{Http, Transport};

const LINK: &str = aio_core::modules::commerce::numbering::SYNC_LINK;
const LAST_SYNC: &str = "sync_last_at";
const LAST_ERROR: &str = "sync_last_error";

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot reach the server at {server}: {reason}")]
    Offline { server: String, reason: String },
    #[error("{0}")]
    Server(String),
    /// The server compacted the log past this device's cursor: bootstrap again.
    #[error("{0}")]
    Compacted(String),
    /// The server refused the call for this account's role (a viewer's push).
    #[error("{0}")]
    Forbidden(String),
    #[error("{field}: {reason}")]
    Invalid { field: String, reason: String },
    #[error("this profile is not connected to a server; sign in first")]
    NotSignedIn,
    /// The server does not know the organisation among the account's (the membership
    /// ended, or it never existed there).
    #[error("{0}")]
    NotMember(String),
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

/// This profile's connection to a server (in `app_settings`; the token is in the keyring):
/// the account, and every organisation this device syncs with its own cursor.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Link {
    pub server: String,
    pub email: String,
    pub account_id: Uuid,
    pub device_id: Uuid,
    /// The organisations synced here, in the server's order; the first also carries the
    /// rows that name no organisation (a member's calendars and booking types).
    pub organizations: Vec<OrgLink>,
    /// Organisations this device stopped syncing because the membership ended, until the
    /// person has seen the notice.
    #[serde(default)]
    pub ended: Vec<Ended>,
}

/// One organisation a device syncs.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct OrgLink {
    pub organization_id: Uuid,
    pub name: String,
    pub role: String,
    /// The last server sequence number of this organisation applied here.
    pub cursor: i64,
    pub bootstrapped: bool,
}

/// An organisation whose membership ended: not synced any more, its copy kept read-only
/// or removed from this device.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Ended {
    pub organization_id: Uuid,
    pub name: String,
    pub at: String,
    /// The copy stays on this device, read-only (else it was removed).
    pub kept: bool,
}

impl Ended {
    /// What the person is told.
    pub fn notice(&self) -> String {
        if self.kept {
            format!(
                "you are no longer a member of {}: this device stopped syncing it and keeps its copy read-only",
                self.name
            )
        } else {
            format!(
                "you are no longer a member of {}: this device stopped syncing it and removed its copy",
                self.name
            )
        }
    }
}

impl Link {
    /// The synced organisation `org`, or why it is not synced.
    pub fn organization(&self, org: Uuid) -> Result<&OrgLink> {
        self.organizations
            .iter()
            .find(|o| o.organization_id == org)
            .ok_or_else(|| Error::Invalid {
                field: "org".into(),
                reason: format!(
                    "organization {org} does not sync with {}; start syncing it first (`aio-crm org upload`)",
                    self.server
                ),
            })
    }

    /// Whether organisation `org` syncs on this device.
    pub fn syncs(&self, org: Uuid) -> bool {
        self.organizations.iter().any(|o| o.organization_id == org)
    }
}

/// The single-organisation link of earlier versions, read once and stored in the new shape.
#[derive(Deserialize)]
struct OneOrganizationLink {
    server: String,
    email: String,
    account_id: Uuid,
    device_id: Uuid,
    organization_id: Uuid,
    role: String,
    cursor: i64,
    bootstrapped: bool,
}

/// What to do with the copy of an organisation whose membership ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WhenEnded {
    /// Keep it on this device, read-only (the default: nothing is lost unasked).
    KeepReadOnly,
    /// Remove it from this device.
    Remove,
}

const WHEN_ENDED: &str = "sync_when_membership_ends";

/// The person's choice for organisations whose membership ends (`KeepReadOnly` unless
/// they chose otherwise).
pub fn when_ended(conn: &Connection) -> Result<WhenEnded> {
    Ok(match settings::get(conn, WHEN_ENDED)?.as_deref() {
        Some("remove") => WhenEnded::Remove,
        _ => WhenEnded::KeepReadOnly,
    })
}

pub fn set_when_ended(conn: &Connection, choice: WhenEnded) -> Result<()> {
    let text = match choice {
        WhenEnded::KeepReadOnly => "keep_read_only",
        WhenEnded::Remove => "remove",
    };
    settings::set(conn, WHEN_ENDED, text)?;
    Ok(())
}

/// What a sync round moved, in every organisation it synced.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Round {
    pub pushed: usize,
    pub refused: Vec<String>,
    pub pulled: usize,
    pub bootstrapped_rows: usize,
    pub rows_written: usize,
    pub pending: usize,
    /// Rows whose refused changes were undone back to the server's state this round
    /// (`aio_core::sync::undo`; the person sees them in the sync dialog).
    pub undone: usize,
    /// A bootstrap left sort indexes and search documents to build: the caller runs
    /// `aio_core::deferred::finish` (rows are all there and editable meanwhile).
    pub indexing: bool,
    /// Each organisation synced, in order.
    pub organizations: Vec<OrgRound>,
    /// Organisations this round began to sync (joined, or made on another device).
    pub joined: Vec<String>,
    /// Organisations this round stopped syncing because the membership ended.
    pub ended: Vec<Ended>,
}

/// What a round moved in one organisation.
#[derive(Debug, Default, Clone, Serialize)]
pub struct OrgRound {
    pub organization_id: Uuid,
    pub name: String,
    pub pushed: usize,
    pub pulled: usize,
    pub bootstrapped_rows: usize,
    pub refused: usize,
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
    let Some(text) = settings::get(conn, LINK)? else {
        return Ok(None);
    };
    let unreadable = |e: serde_json::Error| Error::Invalid {
        field: LINK.into(),
        reason: e.to_string(),
    };
    let value: serde_json::Value = serde_json::from_str(&text).map_err(unreadable)?;
    if value.get("organizations").is_some() {
        return serde_json::from_value(value).map(Some).map_err(unreadable);
    }
    // A link of an earlier version: its one organisation becomes the first of the list.
    let old: OneOrganizationLink = serde_json::from_value(value).map_err(unreadable)?;
    let name: Option<String> = conn
        .query_row(
            "SELECT name FROM organizations WHERE id = ?1",
            [old.organization_id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    let link = Link {
        server: old.server,
        email: old.email,
        account_id: old.account_id,
        device_id: old.device_id,
        organizations: vec![OrgLink {
            organization_id: old.organization_id,
            name: name.unwrap_or_default(),
            role: old.role,
            cursor: old.cursor,
            bootstrapped: old.bootstrapped,
        }],
        ended: Vec::new(),
    };
    save_link(conn, &link)?;
    Ok(Some(link))
}

fn save_link(conn: &Connection, link: &Link) -> Result<()> {
    let text = serde_json::to_string(link).unwrap_or_default();
    // Most rounds leave the link as it was: no write then.
    if settings::get(conn, LINK)?.as_deref() != Some(text.as_str()) {
        settings::set(conn, LINK, &text)?;
    }
    Ok(())
}

// --- the device's calls, through a transport ---------------------------------------------

/// The device side of sync over one transport: [`Http`] in the apps (the free functions
/// below), an in-process one in tests.
pub struct Client<'t> {
    transport: &'t dyn Transport,
}

impl<'t> Client<'t> {
    pub fn new(transport: &'t dyn Transport) -> Client<'t> {
        Client { transport }
    }
}

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

/// [`Client::sign_in`] over HTTP.
pub fn sign_in(
    conn: &mut Connection,
    server: &str,
    email: &str,
    password: &str,
    join: Join<'_>,
) -> Result<Link> {
    Client::new(&Http::default()).sign_in(conn, server, email, password, join)
}

/// [`Client::sign_out`] over HTTP.
pub fn sign_out(conn: &Connection) -> Result<()> {
    Client::new(&Http::default()).sign_out(conn)
}

/// [`Client::devices`] over HTTP.
pub fn devices(conn: &Connection) -> Result<Vec<aio_core::sync::wire::DeviceInfo>> {
    Client::new(&Http::default()).devices(conn)
}

/// [`Client::sign_out_devices`] over HTTP.
pub fn sign_out_devices(conn: &Connection, device: Option<Uuid>) -> Result<Vec<Uuid>> {
    Client::new(&Http::default()).sign_out_devices(conn, device)
}

/// [`Client::invite`] over HTTP.
pub fn invite(conn: &Connection, org: Option<Uuid>, email: &str, role: &str) -> Result<Invite> {
    Client::new(&Http::default()).invite(conn, org, email, role)
}

/// [`Client::members`] over HTTP.
pub fn members(conn: &Connection, org: Option<Uuid>) -> Result<Vec<Member>> {
    Client::new(&Http::default()).members(conn, org)
}

/// [`Client::set_role`] over HTTP.
pub fn set_role(
    conn: &Connection,
    org: Option<Uuid>,
    account: Uuid,
    role: &str,
) -> Result<Vec<Member>> {
    Client::new(&Http::default()).set_role(conn, org, account, role)
}

/// [`Client::remove_member`] over HTTP.
pub fn remove_member(conn: &Connection, org: Option<Uuid>, account: Uuid) -> Result<()> {
    Client::new(&Http::default()).remove_member(conn, org, account)
}

/// [`Client::invitations`] over HTTP.
pub fn invitations(conn: &Connection, org: Option<Uuid>) -> Result<Vec<PendingInvitation>> {
    Client::new(&Http::default()).invitations(conn, org)
}

/// [`Client::revoke_invitation`] over HTTP.
pub fn revoke_invitation(conn: &Connection, org: Option<Uuid>, invitation: Uuid) -> Result<()> {
    Client::new(&Http::default()).revoke_invitation(conn, org, invitation)
}

/// [`Client::pay_link`] over HTTP.
pub fn pay_link(conn: &Connection, invoice: uuid::Uuid) -> Result<String> {
    Client::new(&Http::default()).pay_link(conn, invoice)
}

/// [`Client::send_invoice`] over HTTP.
pub fn send_invoice(conn: &Connection, invoice: uuid::Uuid) -> Result<()> {
    Client::new(&Http::default()).send_invoice(conn, invoice)
}

/// [`Client::card_refund`] over HTTP.
pub fn card_refund(conn: &Connection, invoice: uuid::Uuid, amount: &str) -> Result<()> {
    Client::new(&Http::default()).card_refund(conn, invoice, amount)
}

/// [`Client::card_refund_as`] over HTTP.
pub fn card_refund_as(
    conn: &Connection,
    invoice: uuid::Uuid,
    amount: &str,
    request_id: uuid::Uuid,
) -> Result<()> {
    Client::new(&Http::default()).card_refund_as(conn, invoice, amount, request_id)
}

/// [`Client::sync_now`] over HTTP.
pub fn sync_now(conn: &mut Connection) -> Result<Round> {
    Client::new(&Http::default()).sync_now(conn)
}

/// [`Client::sync_organization`] over HTTP.
pub fn sync_organization(conn: &mut Connection, org: Uuid) -> Result<Round> {
    Client::new(&Http::default()).sync_organization(conn, org)
}

/// [`Client::create_organization`] over HTTP.
pub fn create_organization(
    conn: &mut Connection,
    new: &aio_core::team::profile::NewOrganization,
) -> Result<aio_core::tables::Organization> {
    Client::new(&Http::default()).create_organization(conn, new)
}

/// [`Client::accept_invite`] over HTTP.
pub fn accept_invite(
    conn: &Connection,
    code: &str,
) -> Result<Vec<aio_core::sync::wire::Membership>> {
    Client::new(&Http::default()).accept_invite(conn, code)
}

/// [`Client::upload_organization`] over HTTP.
pub fn upload_organization(
    conn: &mut Connection,
    org: Uuid,
    slug: Option<&str>,
) -> Result<OrgLink> {
    Client::new(&Http::default()).upload_organization(conn, org, slug)
}

pub fn status(conn: &Connection) -> Result<Status> {
    Ok(Status {
        link: link(conn)?,
        pending_changes: sync::pending_changes(conn)?,
        last_sync: settings::get(conn, LAST_SYNC)?,
        last_error: settings::get(conn, LAST_ERROR)?,
    })
}

/// Opens the server's notice socket for every organisation of this profile's account:
/// each text message means "there is more to pull" (or a workspace appeared).
pub fn watch(
    conn: &Connection,
) -> Result<tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<std::net::TcpStream>>> {
    use tungstenite::client::IntoClientRequest;
    let link = link(conn)?.ok_or(Error::NotSignedIn)?;
    let url = format!("{}/v1/ws", link.server.replacen("http", "ws", 1));
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

/// The synced organisation the profile is working in: calls about its data (invitations,
/// payment links) go to it.
fn active_link(conn: &Connection) -> Result<(Link, Uuid)> {
    let link = link(conn)?.ok_or(Error::NotSignedIn)?;
    let org = aio_core::team::profile::actor(conn, None)?.organization_id;
    link.organization(org)?;
    Ok((link, org))
}
