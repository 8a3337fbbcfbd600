//! The JSON the sync server and its clients exchange (version 1, under `/v1`). Row
//! updates are standard Yjs v1 updates, base64-encoded.

use base64::Engine;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::sync::{OutboxEntry, RemoteUpdate};

/// Roles within an organisation, most powerful first.
pub const ROLES: &[&str] = &["owner", "admin", "member", "viewer"];

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SignUp {
    pub email: String,
    pub password: String,
    pub name: String,
    pub device_name: String,
    /// The client id this replica already uses; the server keeps it unless taken.
    pub client_id: u64,
    /// The account id to use (a local profile's user id, so its rows keep their owner).
    pub account_id: Option<Uuid>,
    /// Creates this organisation with the new account as owner.
    pub organization: Option<NewOrganization>,
    /// Joins an organisation instead.
    pub invite: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewOrganization {
    pub id: Option<Uuid>,
    pub name: String,
    pub slug: String,
    /// The agency this is a client workspace of (its owners and admins run it too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<Uuid>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Login {
    pub email: String,
    pub password: String,
    pub device_name: String,
    pub client_id: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AcceptInvite {
    pub code: String,
}

/// A signed-in device: the token is shown once and stored only hashed on the server.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Session {
    pub token: String,
    pub account: Account,
    pub device_id: Uuid,
    pub client_id: u64,
    pub organizations: Vec<Membership>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Account {
    pub id: Uuid,
    pub email: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Membership {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub role: String,
    /// The agency this organisation is a client workspace of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<Uuid>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct Member {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    /// owner, admin, member, viewer or client; `invited` for someone not signed up yet.
    pub role: String,
    /// When they joined (None for the invited; older servers send none).
    #[serde(default)]
    pub joined_at: Option<String>,
}

/// A role to give a member (`PATCH /v1/orgs/{org}/members/{account}`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RoleChange {
    pub role: String,
}

/// An invitation not accepted, not expired and not revoked, as the team screen lists it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct PendingInvitation {
    pub id: Uuid,
    pub email: String,
    pub role: String,
    /// The name of the member who sent it.
    pub invited_by: String,
    pub created_at: String,
    pub expires_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Me {
    pub account: Account,
    pub organizations: Vec<Membership>,
}

/// One of an account's devices, as its list of devices shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DeviceInfo {
    pub id: Uuid,
    pub name: String,
    pub created_at: String,
    /// When a session of it was last used (None: never since it signed in).
    pub last_used_at: Option<String>,
    /// Whether it has a session that is still accepted.
    pub signed_in: bool,
    /// The device asking.
    pub this_device: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewInvite {
    pub email: String,
    pub role: String,
    /// The id the person's account will take (their user id in the uploaded data).
    #[serde(default)]
    pub account_id: Option<Uuid>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Invite {
    /// The invitation's id (to revoke it); older servers send none.
    #[serde(default)]
    pub id: Uuid,
    pub code: String,
    pub expires_at: String,
    pub account_id: Uuid,
}

/// One row update, sent or received.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct RowUpdate {
    pub table: String,
    pub row_id: String,
    /// Base64 of a Yjs v1 update.
    pub data: String,
    /// The server's sequence number (in pulls).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seq: Option<i64>,
}

impl RowUpdate {
    /// An update from this replica's outbox, as a push carries it.
    pub fn from_outbox(entry: &OutboxEntry) -> RowUpdate {
        RowUpdate {
            table: entry.table.clone(),
            row_id: entry.row_id.clone(),
            data: encode(&entry.data),
            seq: None,
        }
    }

    /// The update's Yjs bytes; `data` that is not base64 is refused naming the field.
    pub fn bytes(&self) -> Result<Vec<u8>> {
        decode("data", &self.data)
    }

    /// The update as `sync::apply_remote` takes it.
    pub fn into_remote(self) -> Result<RemoteUpdate> {
        Ok(RemoteUpdate {
            data: self.bytes()?,
            table: self.table,
            row_id: self.row_id,
        })
    }
}

/// Base64 of Yjs bytes, as `RowUpdate::data` holds them.
pub fn encode(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The bytes of a base64 `field`.
pub fn decode(field: &str, text: &str) -> Result<Vec<u8>> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|_| Error::invalid(field, "is not base64"))
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Push {
    pub updates: Vec<RowUpdate>,
}

/// Per update, in order: accepted (with the sequence number it is stored under) or the
/// reason it was refused. A push is taken update by update: refusals do not undo others.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PushResult {
    pub results: Vec<PushOutcome>,
    pub head: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PushOutcome {
    pub ok: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seq: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// With a refusal: the row's document on the server (base64), which the device goes
    /// back to (`sync::undo`); absent when the server has no such row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Pull {
    pub updates: Vec<RowUpdate>,
    /// The last sequence number in this page (the next cursor).
    pub cursor: i64,
    pub head: i64,
    pub more: bool,
}

/// One page of row snapshots for a new device.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Bootstrap {
    pub rows: Vec<RowUpdate>,
    /// Where the next page starts ("table/row_id"), if there is one.
    pub next: Option<String>,
    /// Pull after this once every page is in.
    pub cursor: i64,
}

/// An error as every endpoint reports it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// What the WebSocket says when an organisation's log grows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Notice {
    pub organization_id: Uuid,
    pub head: i64,
}

/// A device asks for a block of numbers of one series (`INV-2026-{seq}`), starting no
/// lower than `min_next` (past what the profile numbered on its own before it synced).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct NumberRequest {
    pub series: String,
    pub count: i64,
    #[serde(default = "one")]
    pub min_next: i64,
}

fn one() -> i64 {
    1
}

/// Numbers `first..=last` of a series, reserved for the asking device alone.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct NumberBlock {
    pub series: String,
    pub first: i64,
    pub last: i64,
}
