//! The server's storage and rules: accounts, sessions, organisations, invitations,
//! devices, and the per-organisation update log. Every function is one SQLite
//! transaction, committed before the caller answers, so an acknowledged write survives a
//! restart.

use std::path::Path;

use aio_core::sync;
use aio_core::sync::wire::*;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::Engine;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

mod embedded {
    refinery::embed_migrations!("migrations");
}

/// Most updates one push may carry.
pub const MAX_PUSH: usize = 1000;
/// Most rows or updates one page holds.
pub const MAX_PAGE: usize = 2000;
/// Compaction keeps at least this many recent log entries per organisation.
pub const KEEP_LOG: i64 = 50_000;

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
    // FULL: an acknowledged push survives a power cut, not only a crash.
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;
         PRAGMA busy_timeout = 5000;",
    )?;
    embedded::migrations::runner().run(&mut conn)?;
    Ok(conn)
}

pub(crate) fn now() -> String {
    aio_core::values::timestamp_text(chrono::Utc::now())
}

pub(crate) fn sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// 244 random bits from the OS, URL-safe.
pub(crate) fn random_token() -> String {
    let bytes: Vec<u8> = [Uuid::new_v4(), Uuid::new_v4()]
        .iter()
        .flat_map(|u| *u.as_bytes())
        .collect();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn check_email(email: &str) -> Result<String> {
    let email = email.trim().to_lowercase();
    let valid = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !email.contains(char::is_whitespace)
        });
    if !valid {
        return Err(Refusal::invalid(
            "email",
            "must be an email address such as ada@example.com",
        ));
    }
    Ok(email)
}

fn check_password(password: &str) -> Result<()> {
    if password.chars().count() < 10 {
        return Err(Refusal::invalid(
            "password",
            "must be at least 10 characters",
        ));
    }
    if password.len() > 1024 {
        return Err(Refusal::invalid("password", "must be at most 1024 bytes"));
    }
    Ok(())
}

fn check_name(field: &str, name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.len() > 200 {
        return Err(Refusal::invalid(field, "must be 1 to 200 characters"));
    }
    Ok(name.to_string())
}

fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::encode_b64(Uuid::new_v4().as_bytes())
        .map_err(|e| Refusal::Internal(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Refusal::Internal(e.to_string()))
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A password hash to compare against when the email is unknown, so a failed login
/// takes as long whether or not the account exists.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy password for timing").unwrap_or_default())
}

// --- accounts and sessions -----------------------------------------------------------------

pub fn sign_up(conn: &mut Connection, input: &SignUp) -> Result<Session> {
    let email = check_email(&input.email)?;
    check_password(&input.password)?;
    let name = check_name("name", &input.name)?;
    let hash = hash_password(&input.password)?;
    let tx = conn.transaction()?;
    let taken: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM accounts WHERE email = ?1)",
        [&email],
        |r| r.get(0),
    )?;
    if taken {
        return Err(Refusal::Conflict(format!(
            "email: {email} already has an account; sign in instead"
        )));
    }
    let reserved: Option<String> = match &input.invite {
        Some(code) => tx
            .query_row(
                "SELECT account_id FROM invitations WHERE code_hash = ?1 AND email = ?2",
                [sha256(code.trim()), email.clone()],
                |r| r.get(0),
            )
            .optional()?,
        None => None,
    };
    let account_id = match reserved {
        Some(id) => parse_uuid(&id)?,
        None => input.account_id.unwrap_or_else(Uuid::now_v7),
    };
    let id_taken: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM accounts WHERE id = ?1)",
        [account_id.to_string()],
        |r| r.get(0),
    )?;
    let account_id = if id_taken { Uuid::now_v7() } else { account_id };
    tx.execute(
        "INSERT INTO accounts (id, email, name, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![account_id.to_string(), email, name, hash, now()],
    )?;
    match (&input.organization, &input.invite) {
        (Some(org), None) => {
            create_organization(&tx, account_id, org)?;
        }
        (None, Some(code)) => accept_invite_in(&tx, account_id, &email, code)?,
        (None, None) => {}
        (Some(_), Some(_)) => {
            return Err(Refusal::invalid(
                "organization",
                "give either a new organization or an invite, not both",
            ))
        }
    }
    let session = start_session(&tx, account_id, &input.device_name, input.client_id)?;
    tx.commit()?;
    Ok(session)
}

fn create_organization(tx: &Transaction<'_>, owner: Uuid, org: &NewOrganization) -> Result<Uuid> {
    let name = check_name("organization.name", &org.name)?;
    let slug = org.slug.trim().to_lowercase();
    if slug.is_empty()
        || slug.len() > 64
        || !slug.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(Refusal::invalid(
            "organization.slug",
            "must be 1 to 64 letters, digits or dashes",
        ));
    }
    let taken: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM organizations WHERE slug = ?1)",
        [&slug],
        |r| r.get(0),
    )?;
    if taken {
        return Err(Refusal::Conflict(format!(
            "organization.slug: \"{slug}\" is taken"
        )));
    }
    let id = org.id.unwrap_or_else(Uuid::now_v7);
    let id_taken: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM organizations WHERE id = ?1)",
        [id.to_string()],
        |r| r.get(0),
    )?;
    if id_taken {
        return Err(Refusal::Conflict(
            "organization.id: already exists on this server".into(),
        ));
    }
    tx.execute(
        "INSERT INTO organizations (id, name, slug, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![id.to_string(), name, slug, now()],
    )?;
    tx.execute(
        "INSERT INTO memberships (organization_id, account_id, role, created_at) VALUES (?1, ?2, 'owner', ?3)",
        params![id.to_string(), owner.to_string(), now()],
    )?;
    Ok(id)
}

/// Checks a password. `Ok(None)` is a wrong email or password (the caller counts it).
pub fn log_in(conn: &mut Connection, input: &Login) -> Result<Option<Session>> {
    let email = input.email.trim().to_lowercase();
    let found: Option<(String, String)> = conn
        .query_row(
            "SELECT id, password_hash FROM accounts WHERE email = ?1",
            [&email],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((id, hash)) = found else {
        verify_password(&input.password, decoy_hash());
        return Ok(None);
    };
    if !verify_password(&input.password, &hash) {
        return Ok(None);
    }
    let account_id = parse_uuid(&id)?;
    let tx = conn.transaction()?;
    let session = start_session(&tx, account_id, &input.device_name, input.client_id)?;
    tx.commit()?;
    Ok(Some(session))
}

fn start_session(
    tx: &Transaction<'_>,
    account_id: Uuid,
    device_name: &str,
    client_id: u64,
) -> Result<Session> {
    let device_name = check_name("device_name", device_name)?;
    let (device_id, client) = new_device(tx, account_id, &device_name, client_id)?;
    let token = random_token();
    tx.execute(
        "INSERT INTO sessions (token_hash, account_id, device_id, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![sha256(&token), account_id.to_string(), device_id.to_string(), now()],
    )?;
    Ok(Session {
        token,
        account: account(tx, account_id)?,
        device_id,
        client_id: client,
        organizations: memberships(tx, account_id)?,
    })
}

pub fn authenticate(conn: &Connection, token: &str) -> Result<Caller> {
    let found: Option<(String, String, i64)> = conn
        .prepare_cached(
            "SELECT s.account_id, s.device_id, d.client_id FROM sessions s JOIN devices d ON d.id = s.device_id
             WHERE s.token_hash = ?1 AND s.revoked_at IS NULL",
        )?
        .query_row([sha256(token)], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let (account, device, client) = found.ok_or_else(|| {
        Refusal::Unauthenticated("the session token is unknown or signed out; sign in again".into())
    })?;
    Ok(Caller {
        account_id: parse_uuid(&account)?,
        device_id: parse_uuid(&device)?,
        client_id: client as u64,
    })
}

pub fn log_out(conn: &Connection, token: &str) -> Result<()> {
    conn.execute(
        "UPDATE sessions SET revoked_at = ?1 WHERE token_hash = ?2 AND revoked_at IS NULL",
        params![now(), sha256(token)],
    )?;
    Ok(())
}

fn account(conn: &Connection, id: Uuid) -> Result<Account> {
    Ok(conn.query_row(
        "SELECT email, name FROM accounts WHERE id = ?1",
        [id.to_string()],
        |r| {
            Ok(Account {
                id,
                email: r.get(0)?,
                name: r.get(1)?,
            })
        },
    )?)
}

fn memberships(conn: &Connection, account: Uuid) -> Result<Vec<Membership>> {
    let rows = conn
        .prepare(
            "SELECT o.id, o.name, o.slug, m.role FROM memberships m JOIN organizations o ON o.id = m.organization_id
             WHERE m.account_id = ?1 ORDER BY o.created_at",
        )?
        .query_map([account.to_string()], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(id, name, slug, role)| {
            Ok(Membership {
                id: parse_uuid(&id)?,
                name,
                slug,
                role,
            })
        })
        .collect()
}

pub fn me(conn: &Connection, caller: &Caller) -> Result<Me> {
    Ok(Me {
        account: account(conn, caller.account_id)?,
        organizations: memberships(conn, caller.account_id)?,
    })
}

/// Registers a device of `account` with `client_id`, or a fresh random one when that is
/// taken or invalid: no two devices ever write as one yrs client.
fn new_device(
    tx: &Transaction<'_>,
    account_id: Uuid,
    name: &str,
    client_id: u64,
) -> Result<(Uuid, u64)> {
    // The device keeps its client id unless another device has it.
    let mut client = client_id;
    loop {
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM devices WHERE client_id = ?1)",
            [client as i64],
            |r| r.get(0),
        )?;
        if client != 0 && client <= sync::MAX_CLIENT_ID && !taken {
            break;
        }
        client = Uuid::new_v4().as_u64_pair().0 % sync::MAX_CLIENT_ID + 1;
    }
    let device_id = Uuid::now_v7();
    tx.execute(
        "INSERT INTO devices (id, account_id, name, client_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![device_id.to_string(), account_id.to_string(), name, client as i64, now()],
    )?;
    Ok((device_id, client))
}

fn parse_uuid(s: &str) -> Result<Uuid> {
    Uuid::parse_str(s).map_err(|_| Refusal::Internal(format!("stored id {s} is not a UUID")))
}

/// The caller's role in `org`, or why they may not touch it. Not being a member and the
/// organisation not existing look the same, so ids cannot be probed.
pub fn role(conn: &Connection, caller: &Caller, org: Uuid) -> Result<String> {
    conn.prepare_cached(
        "SELECT role FROM memberships WHERE organization_id = ?1 AND account_id = ?2",
    )?
    .query_row([org.to_string(), caller.account_id.to_string()], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or_else(|| Refusal::NotFound(format!("no organization {org} among yours")))
}

pub fn members(conn: &Connection, caller: &Caller, org: Uuid) -> Result<Vec<Member>> {
    role(conn, caller, org)?;
    // People invited and not yet signed up are listed as "invited": rows may name them.
    let rows = conn
        .prepare(
            "SELECT a.id, a.email, a.name, m.role FROM memberships m JOIN accounts a ON a.id = m.account_id
             WHERE m.organization_id = ?1
             UNION ALL
             SELECT i.account_id, i.email, i.email, 'invited' FROM invitations i
             WHERE i.organization_id = ?1 AND i.accepted_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = i.account_id)
             ORDER BY 2",
        )?
        .query_map([org.to_string()], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(id, email, name, role)| {
            Ok(Member {
                id: parse_uuid(&id)?,
                email,
                name,
                role,
            })
        })
        .collect()
}

// --- invitations ---------------------------------------------------------------------------

pub fn invite(conn: &Connection, caller: &Caller, org: Uuid, input: &NewInvite) -> Result<Invite> {
    let role = role(conn, caller, org)?;
    if !matches!(role.as_str(), "owner" | "admin") {
        return Err(Refusal::Forbidden(format!(
            "only owners and admins invite people; you are {role}"
        )));
    }
    let email = check_email(&input.email)?;
    if !matches!(input.role.as_str(), "admin" | "member" | "viewer") {
        return Err(Refusal::invalid("role", "must be admin, member or viewer"));
    }
    // An account that exists keeps its id; a reserved id must not be anyone else's.
    let existing: Option<String> = conn
        .query_row("SELECT id FROM accounts WHERE email = ?1", [&email], |r| {
            r.get(0)
        })
        .optional()?;
    let account_id = match (existing, input.account_id) {
        (Some(id), _) => parse_uuid(&id)?,
        (None, Some(id)) => {
            let taken: bool = conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM accounts WHERE id = ?1) OR EXISTS (SELECT 1 FROM invitations WHERE account_id = ?1 AND email <> ?2)",
                params![id.to_string(), email],
                |r| r.get(0),
            )?;
            if taken {
                return Err(Refusal::invalid("account_id", "belongs to someone else"));
            }
            id
        }
        (None, None) => Uuid::now_v7(),
    };
    let code = random_token();
    let expires = aio_core::values::timestamp_text(chrono::Utc::now() + chrono::Duration::days(7));
    conn.execute(
        "INSERT INTO invitations (code_hash, organization_id, email, role, account_id, created_by, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![sha256(&code), org.to_string(), email, input.role, account_id.to_string(), caller.account_id.to_string(), now(), expires],
    )?;
    Ok(Invite {
        code,
        expires_at: expires,
        account_id,
    })
}

pub fn accept_invite(conn: &mut Connection, caller: &Caller, code: &str) -> Result<Me> {
    let tx = conn.transaction()?;
    let email = account(&tx, caller.account_id)?.email;
    accept_invite_in(&tx, caller.account_id, &email, code)?;
    tx.commit()?;
    me(conn, caller)
}

fn accept_invite_in(tx: &Transaction<'_>, account: Uuid, email: &str, code: &str) -> Result<()> {
    let found: Option<(String, String, String, String, Option<String>)> = tx
        .query_row(
            "SELECT organization_id, email, role, expires_at, accepted_at FROM invitations WHERE code_hash = ?1",
            [sha256(code.trim())],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let Some((org, invited, role, expires, accepted)) = found else {
        return Err(Refusal::invalid("invite", "no such invitation"));
    };
    if accepted.is_some() {
        return Err(Refusal::invalid("invite", "has already been used"));
    }
    if expires < now() {
        return Err(Refusal::invalid("invite", "has expired; ask for a new one"));
    }
    if !invited.eq_ignore_ascii_case(email) {
        return Err(Refusal::invalid(
            "invite",
            format!("was sent to another email address, not {email}"),
        ));
    }
    tx.execute(
        "UPDATE invitations SET accepted_at = ?1 WHERE code_hash = ?2",
        params![now(), sha256(code.trim())],
    )?;
    tx.execute(
        "INSERT INTO memberships (organization_id, account_id, role, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT DO NOTHING",
        params![org, account.to_string(), role, now()],
    )?;
    Ok(())
}

// --- the update log --------------------------------------------------------------------------

fn head(conn: &Connection, org: Uuid) -> Result<(i64, i64)> {
    Ok(conn
        .prepare_cached("SELECT head, compacted_through FROM organizations WHERE id = ?1")?
        .query_row([org.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// Takes a push update by update; each accepted one is in the log before this returns.
pub fn push(conn: &mut Connection, caller: &Caller, org: Uuid, input: &Push) -> Result<PushResult> {
    push_then(conn, caller, org, input, |_, _| Ok(()))
}

/// `push`, then `then` in the same transaction (the server's own records of what the
/// push did, such as mail about a booking): both are committed, or neither.
pub fn push_then(
    conn: &mut Connection,
    caller: &Caller,
    org: Uuid,
    input: &Push,
    then: impl FnOnce(&Transaction<'_>, &PushResult) -> Result<()>,
) -> Result<PushResult> {
    let role = role(conn, caller, org)?;
    if role == "viewer" {
        return Err(Refusal::Forbidden(
            "viewers can read but not change an organization's data".into(),
        ));
    }
    if input.updates.len() > MAX_PUSH {
        return Err(Refusal::invalid(
            "updates",
            format!("at most {MAX_PUSH} per push"),
        ));
    }
    let tx = conn.transaction()?;
    let mut results = Vec::with_capacity(input.updates.len());
    for (i, update) in input.updates.iter().enumerate() {
        tx.execute_batch("SAVEPOINT one_update")?;
        match accept(&tx, caller, org, update) {
            Ok(seq) => {
                tx.execute_batch("RELEASE one_update")?;
                results.push(PushOutcome {
                    ok: true,
                    seq: Some(seq),
                    error: None,
                });
            }
            Err(Refusal::Internal(e)) => return Err(Refusal::Internal(e)),
            Err(e) => {
                tx.execute_batch("ROLLBACK TO one_update; RELEASE one_update")?;
                results.push(PushOutcome {
                    ok: false,
                    seq: None,
                    error: Some(format!(
                        "updates[{i}] ({} {}): {e}",
                        update.table, update.row_id
                    )),
                });
            }
        }
    }
    let (head, _) = head(&tx, org)?;
    let result = PushResult { results, head };
    then(&tx, &result)?;
    tx.commit()?;
    Ok(result)
}

/// Checks one update against the organisation's rules and, if it adds anything, appends
/// it to the log and merges it into the row's document. Returns its sequence number.
fn accept(tx: &Transaction<'_>, caller: &Caller, org: Uuid, update: &RowUpdate) -> Result<i64> {
    let table = sync::synced_table(&update.table)?;
    let row_id = Uuid::parse_str(&update.row_id)
        .map_err(|_| Refusal::invalid("row_id", "is not a UUID"))?
        .to_string();
    let data = update.bytes()?;
    for client in sync::update_clients(&data)? {
        if client != caller.client_id {
            return Err(Refusal::invalid(
                "data",
                format!(
                    "carries changes of client {client}, not of this device ({})",
                    caller.client_id
                ),
            ));
        }
    }
    let prior: Option<(String, Vec<u8>, i64)> = tx
        .prepare_cached(
            "SELECT organization_id, state, seq FROM rows WHERE table_name = ?1 AND row_id = ?2",
        )?
        .query_row([table.name, &row_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    if let Some((owner, _, _)) = &prior {
        if *owner != org.to_string() {
            return Err(Refusal::Forbidden(format!(
                "{} {row_id} belongs to another organization",
                table.name
            )));
        }
    }
    let (state, row, changed) =
        sync::check_update(table, prior.as_ref().map(|(_, s, _)| s.as_slice()), &data)?;
    if !changed {
        // Already here (a retried push): acknowledge it under the row's last number.
        return Ok(prior.map(|(_, _, seq)| seq).unwrap_or(0));
    }
    check_row(tx, caller, org, table, &row, prior.is_none())?;
    let seq = tx
        .prepare_cached("UPDATE organizations SET head = head + 1 WHERE id = ?1 RETURNING head")?
        .query_row([org.to_string()], |r| r.get::<_, i64>(0))?;
    tx.prepare_cached(
        "INSERT INTO updates (organization_id, seq, table_name, row_id, data, device_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![org.to_string(), seq, table.name, row_id, data, caller.device_id.to_string(), now()])?;
    tx.prepare_cached(
        "INSERT INTO rows (table_name, row_id, organization_id, state, seq) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (table_name, row_id) DO UPDATE SET state = excluded.state, seq = excluded.seq",
    )?
    .execute(params![table.name, row_id, org.to_string(), state, seq])?;
    Ok(seq)
}

/// The merged row stays in its organisation: its `organization_id` is this one, every
/// row it points to that the server knows is in this organisation, every person it names
/// is a member, and a new row is created by the person pushing it.
fn check_row(
    tx: &Transaction<'_>,
    caller: &Caller,
    org: Uuid,
    table: &aio_core::schema::TableDef,
    row: &aio_core::records::Row,
    created: bool,
) -> Result<()> {
    let org_text = org.to_string();
    for column in table.columns {
        let Some(Value::String(value)) = row.get(column.name) else {
            continue;
        };
        if column.name == "organization_id" {
            if *value != org_text {
                return Err(Refusal::invalid(
                    "organization_id",
                    "cannot move a row to another organization",
                ));
            }
            continue;
        }
        let Some(target) = column.references else {
            continue;
        };
        if target == "users" {
            let member: bool = tx
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM memberships WHERE organization_id = ?1 AND account_id = ?2)
                         OR EXISTS (SELECT 1 FROM invitations WHERE organization_id = ?1 AND account_id = ?2)",
                )?
                .query_row([&org_text, value], |r| r.get(0))?;
            if !member {
                return Err(Refusal::invalid(
                    column.name,
                    format!("{value} is not a member of this organization"),
                ));
            }
            if created && column.name == "created_by" && *value != caller.account_id.to_string() {
                return Err(Refusal::invalid(
                    "created_by",
                    "must be the person creating the row",
                ));
            }
            continue;
        }
        let elsewhere: bool = tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM rows WHERE row_id = ?1 AND organization_id <> ?2)",
            )?
            .query_row([value, &org_text], |r| r.get(0))?;
        if elsewhere {
            return Err(Refusal::invalid(
                column.name,
                format!("{value} belongs to another organization"),
            ));
        }
    }
    Ok(())
}

pub fn pull(
    conn: &Connection,
    caller: &Caller,
    org: Uuid,
    after: i64,
    limit: usize,
) -> Result<Pull> {
    role(conn, caller, org)?;
    let (head, compacted) = head(conn, org)?;
    if after < compacted {
        return Err(Refusal::Gone(format!(
            "the log before {compacted} is compacted; bootstrap this device again"
        )));
    }
    let limit = limit.clamp(1, MAX_PAGE);
    // The device's own updates are scanned (the cursor passes them) but not sent back.
    let mut scanned: Vec<(i64, Option<RowUpdate>)> = conn
        .prepare_cached(
            "SELECT seq, table_name, row_id, CASE WHEN device_id = ?4 THEN NULL ELSE data END
             FROM updates WHERE organization_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
        )?
        .query_map(
            params![
                org.to_string(),
                after,
                limit as i64 + 1,
                caller.device_id.to_string()
            ],
            |r| {
                let seq: i64 = r.get(0)?;
                let data: Option<Vec<u8>> = r.get(3)?;
                Ok((
                    seq,
                    data.map(|d| RowUpdate {
                        seq: Some(seq),
                        table: r.get(1).unwrap_or_default(),
                        row_id: r.get(2).unwrap_or_default(),
                        data: encode(&d),
                    }),
                ))
            },
        )?
        .collect::<rusqlite::Result<_>>()?;
    let more = scanned.len() > limit;
    scanned.truncate(limit);
    let cursor = scanned.last().map(|(seq, _)| *seq).unwrap_or(after);
    let updates = scanned.into_iter().filter_map(|(_, u)| u).collect();
    Ok(Pull {
        updates,
        cursor,
        head,
        more,
    })
}

/// One page of row snapshots in key order; `cursor` is the head when the page was read
/// (pull after the first page's cursor once every page is in).
pub fn bootstrap(
    conn: &Connection,
    caller: &Caller,
    org: Uuid,
    after: Option<&str>,
    limit: usize,
) -> Result<Bootstrap> {
    role(conn, caller, org)?;
    let (head, _) = head(conn, org)?;
    let (after_table, after_row) = match after {
        Some(key) => key
            .split_once('/')
            .ok_or_else(|| Refusal::invalid("after", "must be \"table/row_id\""))?,
        None => ("", ""),
    };
    // Tables in declaration order, parents before children, so a new device can store
    // every row as it arrives instead of holding children back for their parents.
    let tables: Vec<&str> = sync::synced_tables().map(|t| t.name).collect();
    let first = match after_table {
        "" => 0,
        name => tables
            .iter()
            .position(|t| *t == name)
            .ok_or_else(|| Refusal::invalid("after", format!("no synced table \"{name}\"")))?,
    };
    let limit = limit.clamp(1, MAX_PAGE);
    let mut rows: Vec<RowUpdate> = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT row_id, state FROM rows WHERE organization_id = ?1 AND table_name = ?2 AND row_id > ?3
         ORDER BY row_id LIMIT ?4",
    )?;
    for (i, table) in tables.iter().enumerate().skip(first) {
        let after_row = if i == first { after_row } else { "" };
        let wanted = limit + 1 - rows.len();
        let page = stmt
            .query_map(
                params![org.to_string(), table, after_row, wanted as i64],
                |r| {
                    Ok(RowUpdate {
                        seq: None,
                        table: table.to_string(),
                        row_id: r.get(0)?,
                        data: encode(&r.get::<_, Vec<u8>>(1)?),
                    })
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.extend(page);
        if rows.len() > limit {
            break;
        }
    }
    let next = if rows.len() > limit {
        rows.truncate(limit);
        rows.last().map(|r| format!("{}/{}", r.table, r.row_id))
    } else {
        None
    };
    Ok(Bootstrap {
        rows,
        next,
        cursor: head,
    })
}

/// Folds the oldest log entries into the row snapshots (which already hold them) by
/// deleting them, keeping the newest `keep`. Devices behind the new floor bootstrap.
pub fn compact(conn: &mut Connection, org: Uuid, keep: i64) -> Result<i64> {
    let tx = conn.transaction()?;
    let (head, compacted) = head(&tx, org)?;
    let through = head - keep;
    if through <= compacted {
        return Ok(0);
    }
    let removed = tx.execute(
        "DELETE FROM updates WHERE organization_id = ?1 AND seq <= ?2",
        params![org.to_string(), through],
    )?;
    tx.execute(
        "UPDATE organizations SET compacted_through = ?1 WHERE id = ?2",
        params![through, org.to_string()],
    )?;
    tx.commit()?;
    Ok(removed as i64)
}

/// Who writes what the public pages of an organisation create (bookings, later form
/// entries): a device of the organisation's owner kept for those pages, made on first
/// use, so every check a push gets applies to them too.
#[derive(Debug, Clone)]
pub struct PublicPages {
    pub organization: Membership,
    pub owner: Account,
    pub caller: Caller,
}

/// `org` is the organisation's slug (what public addresses use) or its id.
pub fn public_pages(conn: &mut Connection, org: &str) -> Result<PublicPages> {
    let found: Option<(String, String, String)> = conn
        .query_row(
            "SELECT id, name, slug FROM organizations WHERE slug = ?1 OR id = ?1",
            [org],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((org_id, name, slug)) = found else {
        return Err(Refusal::NotFound(format!(
            "no organisation with the address \"{org}\""
        )));
    };
    let owner: String = conn
        .query_row(
            "SELECT account_id FROM memberships WHERE organization_id = ?1 AND role = 'owner'
             ORDER BY created_at LIMIT 1",
            [&org_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| Refusal::Internal(format!("organisation {org_id} has no owner")))?;
    let owner_id = parse_uuid(&owner)?;
    let device_name = format!("public pages {org_id}");
    let tx = conn.transaction()?;
    let found: Option<(String, i64)> = tx
        .query_row(
            "SELECT id, client_id FROM devices WHERE account_id = ?1 AND name = ?2",
            params![owner, device_name],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (device_id, client_id) = match found {
        Some((id, client)) => (parse_uuid(&id)?, client as u64),
        None => new_device(&tx, owner_id, &device_name, 0)?,
    };
    let owner = account(&tx, owner_id)?;
    tx.commit()?;
    Ok(PublicPages {
        organization: Membership {
            id: parse_uuid(&org_id)?,
            name,
            slug,
            role: "owner".into(),
        },
        owner,
        caller: Caller {
            account_id: owner_id,
            device_id,
            client_id,
        },
    })
}
