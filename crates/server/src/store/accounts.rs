//! Accounts, their devices and sessions, organisations and their members.

use super::sql::{Sql, SqlExt};
use crate::args;
use aio_core::sync;
use aio_core::sync::wire::*;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use uuid::Uuid;

use super::invitations::accept_invite_in;
use super::{now, parse_uuid, random_token, sha256, Caller, Refusal, Result};

pub(super) fn check_email(email: &str) -> Result<String> {
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

pub fn sign_up(conn: &mut dyn Sql, input: &SignUp) -> Result<Session> {
    let email = check_email(&input.email)?;
    check_password(&input.password)?;
    let name = check_name("name", &input.name)?;
    let hash = hash_password(&input.password)?;
    let mut tx = conn.transaction()?;
    let taken: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM accounts WHERE email = ?1)",
        args![&email],
        |r| r.get(0),
    )?;
    if taken {
        return Err(Refusal::Conflict(format!(
            "email: {email} already has an account; sign in instead"
        )));
    }
    let reserved: Option<String> = match &input.invite {
        Some(code) => tx.query_opt(
            "SELECT account_id FROM invitations WHERE code_hash = ?1 AND email = ?2",
            args![sha256(code.trim()), email.clone()],
            |r| r.get(0),
        )?,
        None => None,
    };
    let account_id = match reserved {
        Some(id) => parse_uuid(&id)?,
        None => input.account_id.unwrap_or_else(Uuid::now_v7),
    };
    let id_taken: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM accounts WHERE id = ?1)",
        args![account_id.to_string()],
        |r| r.get(0),
    )?;
    let account_id = if id_taken { Uuid::now_v7() } else { account_id };
    tx.execute(
        "INSERT INTO accounts (id, email, name, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        args![account_id.to_string(), email, name, hash, now()],
    )?;
    match (&input.organization, &input.invite) {
        (Some(org), None) => {
            create_organization(&mut *tx, account_id, org)?;
        }
        (None, Some(code)) => accept_invite_in(&mut *tx, account_id, &email, code)?,
        (None, None) => {}
        (Some(_), Some(_)) => {
            return Err(Refusal::invalid(
                "organization",
                "give either a new organization or an invite, not both",
            ))
        }
    }
    let session = start_session(&mut *tx, account_id, &input.device_name, input.client_id)?;
    tx.commit()?;
    Ok(session)
}

fn create_organization(tx: &mut dyn Sql, owner: Uuid, org: &NewOrganization) -> Result<Uuid> {
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
        args![&slug],
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
        args![id.to_string()],
        |r| r.get(0),
    )?;
    if id_taken {
        return Err(Refusal::Conflict(
            "organization.id: already exists on this server".into(),
        ));
    }
    if let Some(parent) = org.parent_id {
        // Only who runs the agency opens client workspaces under it; one level deep, so
        // an agency's admins reach every client workspace through one join.
        let role = access(tx, owner, parent)?.ok_or_else(|| {
            Refusal::invalid(
                "organization.parent_id",
                format!("no organization {parent} among yours"),
            )
        })?;
        if !matches!(role.as_str(), "owner" | "admin") {
            return Err(Refusal::Forbidden(format!(
                "only the agency's owners and admins create its client workspaces; you are {role}"
            )));
        }
        let grandparent: Option<String> = tx.query_row(
            "SELECT parent_id FROM organizations WHERE id = ?1",
            args![parent.to_string()],
            |r| r.get(0),
        )?;
        if grandparent.is_some() {
            return Err(Refusal::invalid(
                "organization.parent_id",
                "is itself a client workspace; client workspaces go under the agency",
            ));
        }
    }
    tx.execute(
        "INSERT INTO organizations (id, name, slug, created_at, parent_id) VALUES (?1, ?2, ?3, ?4, ?5)",
        args![id.to_string(), name, slug, now(), org.parent_id.map(|p| p.to_string())],
    )?;
    tx.execute(
        "INSERT INTO memberships (organization_id, account_id, role, created_at) VALUES (?1, ?2, 'owner', ?3)",
        args![id.to_string(), owner.to_string(), now()],
    )?;
    Ok(id)
}

/// Creates an organisation owned by the caller (`POST /v1/orgs`): a workspace made on a
/// signed-in device, or a local one uploaded later under its own id.
pub fn create(conn: &mut dyn Sql, caller: &Caller, org: &NewOrganization) -> Result<Membership> {
    let mut tx = conn.transaction()?;
    let id = create_organization(&mut *tx, caller.account_id, org)?;
    let created = memberships(&mut *tx, caller.account_id)?
        .into_iter()
        .find(|m| m.id == id)
        .ok_or_else(|| Refusal::Internal(format!("organization {id} was not created")))?;
    // The other processes wake their devices' sockets too, as the route does here.
    super::sql::notify_others(&mut *tx, id, 0)?;
    tx.commit()?;
    Ok(created)
}

/// Checks a password. `Ok(None)` is a wrong email or password (the caller counts it).
pub fn log_in(conn: &mut dyn Sql, input: &Login) -> Result<Option<Session>> {
    let email = input.email.trim().to_lowercase();
    let found: Option<(String, String)> = conn.query_opt(
        "SELECT id, password_hash FROM accounts WHERE email = ?1",
        args![&email],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let Some((id, hash)) = found else {
        verify_password(&input.password, decoy_hash());
        return Ok(None);
    };
    if !verify_password(&input.password, &hash) {
        return Ok(None);
    }
    let account_id = parse_uuid(&id)?;
    let mut tx = conn.transaction()?;
    let session = start_session(&mut *tx, account_id, &input.device_name, input.client_id)?;
    tx.commit()?;
    Ok(Some(session))
}

fn start_session(
    tx: &mut dyn Sql,
    account_id: Uuid,
    device_name: &str,
    client_id: u64,
) -> Result<Session> {
    let device_name = check_name("device_name", device_name)?;
    let (device_id, client) = new_device(tx, account_id, &device_name, client_id)?;
    let token = random_token();
    tx.execute(
        "INSERT INTO sessions (token_hash, account_id, device_id, created_at) VALUES (?1, ?2, ?3, ?4)",
        args![sha256(&token), account_id.to_string(), device_id.to_string(), now()],
    )?;
    Ok(Session {
        token,
        account: account(tx, account_id)?,
        device_id,
        client_id: client,
        organizations: memberships(tx, account_id)?,
    })
}

/// A session unused for this long is no longer accepted.
pub const SESSION_IDLE_DAYS: i64 = 30;

/// How stale a session's `last_used_at` may get before a use writes it again (a write per
/// request would cost every pull one).
const USE_RECORDED_EVERY: chrono::Duration = chrono::Duration::hours(1);

/// The caller a bearer token stands for: a session that is not signed out and was used
/// within [`SESSION_IDLE_DAYS`] (each use keeps it alive).
pub fn authenticate(conn: &mut dyn Sql, token: &str) -> Result<Caller> {
    let hash = sha256(token);
    let found: Option<(String, String, i64, String)> = conn.query_opt(
        "SELECT s.account_id, s.device_id, d.client_id, coalesce(s.last_used_at, s.created_at)
             FROM sessions s JOIN devices d ON d.id = s.device_id
             WHERE s.token_hash = ?1 AND s.revoked_at IS NULL",
        args![&hash],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let (account, device, client, used) = found.ok_or_else(|| {
        Refusal::Unauthenticated("the session token is unknown or signed out; sign in again".into())
    })?;
    let idle = chrono::DateTime::parse_from_rfc3339(&used)
        .map(|at| chrono::Utc::now() - at.with_timezone(&chrono::Utc))
        .unwrap_or_default();
    if idle > chrono::Duration::days(SESSION_IDLE_DAYS) {
        return Err(Refusal::Unauthenticated(format!(
            "the session expired after {SESSION_IDLE_DAYS} days unused; sign in again"
        )));
    }
    if idle > USE_RECORDED_EVERY {
        conn.execute(
            "UPDATE sessions SET last_used_at = ?1 WHERE token_hash = ?2",
            args![now(), hash],
        )?;
    }
    Ok(Caller {
        account_id: parse_uuid(&account)?,
        device_id: parse_uuid(&device)?,
        client_id: client as u64,
    })
}

pub fn log_out(conn: &mut dyn Sql, token: &str) -> Result<()> {
    conn.execute(
        "UPDATE sessions SET revoked_at = ?1 WHERE token_hash = ?2 AND revoked_at IS NULL",
        args![now(), sha256(token)],
    )?;
    Ok(())
}

/// The caller's account's devices, the most recently used first.
pub fn devices(conn: &mut dyn Sql, caller: &Caller) -> Result<Vec<DeviceInfo>> {
    let idle_since = aio_core::values::timestamp_text(
        chrono::Utc::now() - chrono::Duration::days(SESSION_IDLE_DAYS),
    );
    let rows = conn.query_map(
        "SELECT d.id, d.name, d.created_at,
                max(coalesce(s.last_used_at, s.created_at)),
                max(CASE WHEN s.revoked_at IS NULL AND coalesce(s.last_used_at, s.created_at) > ?2
                    THEN 1 ELSE 0 END)
         FROM devices d LEFT JOIN sessions s ON s.device_id = d.id
         WHERE d.account_id = ?1
         GROUP BY d.id, d.name, d.created_at ORDER BY 4 DESC NULLS LAST, d.created_at DESC",
        args![caller.account_id.to_string(), idle_since],
        |r| r.columns::<(String, String, String, Option<String>, Option<bool>)>(),
    )?;
    let mut list = Vec::new();
    for row in rows {
        let (id, name, created_at, last_used_at, signed_in) = row;
        let id = parse_uuid(&id)?;
        list.push(DeviceInfo {
            id,
            name,
            created_at,
            last_used_at,
            signed_in: signed_in.unwrap_or(false),
            this_device: id == caller.device_id,
        });
    }
    Ok(list)
}

/// Signs out `device` of the caller's account (every session of it), or every device of
/// the account with None; returns the devices signed out. Pushes, pulls and sockets of
/// those sessions are refused from the next request on.
pub fn sign_out_devices(
    conn: &mut dyn Sql,
    caller: &Caller,
    device: Option<Uuid>,
) -> Result<Vec<Uuid>> {
    if let Some(device) = device {
        let owned: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM devices WHERE id = ?1 AND account_id = ?2)",
            args![device.to_string(), caller.account_id.to_string()],
            |r| r.get(0),
        )?;
        if !owned {
            return Err(Refusal::NotFound(format!(
                "no device {device} of this account"
            )));
        }
    }
    let ids = conn.query_map(
        "UPDATE sessions SET revoked_at = ?1
             WHERE account_id = ?2 AND revoked_at IS NULL
               AND (CAST(?3 AS TEXT) IS NULL OR device_id = ?3)
             RETURNING device_id",
        args![
            now(),
            caller.account_id.to_string(),
            device.map(|d| d.to_string())
        ],
        |r| r.get::<String>(0),
    )?;
    let mut devices: Vec<Uuid> = ids.iter().map(|id| parse_uuid(id)).collect::<Result<_>>()?;
    devices.sort();
    devices.dedup();
    Ok(devices)
}

pub(super) fn account(conn: &mut dyn Sql, id: Uuid) -> Result<Account> {
    conn.query_row(
        "SELECT email, name FROM accounts WHERE id = ?1",
        args![id.to_string()],
        |r| {
            Ok(Account {
                id,
                email: r.get(0)?,
                name: r.get(1)?,
            })
        },
    )
}

fn memberships(conn: &mut dyn Sql, account: Uuid) -> Result<Vec<Membership>> {
    let rows: Vec<(String, String, String, String, Option<String>)> = conn.query_map(
        "SELECT o.id, o.name, o.slug, a.role, o.parent_id FROM organization_access a
             JOIN organizations o ON o.id = a.organization_id
             WHERE a.account_id = ?1 ORDER BY o.created_at, o.id",
        args![account.to_string()],
        |r| r.columns(),
    )?;
    rows.into_iter()
        .map(|(id, name, slug, role, parent)| {
            Ok(Membership {
                id: parse_uuid(&id)?,
                name,
                slug,
                role,
                parent_id: parent.as_deref().map(parse_uuid).transpose()?,
            })
        })
        .collect()
}

pub fn me(conn: &mut dyn Sql, caller: &Caller) -> Result<Me> {
    Ok(Me {
        account: account(conn, caller.account_id)?,
        organizations: memberships(conn, caller.account_id)?,
    })
}

/// Registers a device of `account` with `client_id`, or a fresh random one when that is
/// taken or invalid: no two devices ever write as one yrs client.
pub(super) fn new_device(
    tx: &mut dyn Sql,
    account_id: Uuid,
    name: &str,
    client_id: u64,
) -> Result<(Uuid, u64)> {
    // The device keeps its client id unless another device has it.
    let mut client = client_id;
    loop {
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM devices WHERE client_id = ?1)",
            args![client as i64],
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
        args![device_id.to_string(), account_id.to_string(), name, client as i64, now()],
    )?;
    Ok((device_id, client))
}

/// The caller's role in `org`, or why they may not touch it. Not being a member and the
/// organisation not existing look the same, so ids cannot be probed.
pub fn role(conn: &mut dyn Sql, caller: &Caller, org: Uuid) -> Result<String> {
    access(conn, caller.account_id, org)?
        .ok_or_else(|| Refusal::NotFound(format!("no organization {org} among yours")))
}

/// The role `account` has in `org` (`organization_access`: a membership, or the agency's
/// owners and admins as admins of its client workspaces).
fn access(conn: &mut dyn Sql, account: Uuid, org: Uuid) -> Result<Option<String>> {
    conn.opt(
        "SELECT role FROM organization_access WHERE organization_id = ?1 AND account_id = ?2",
        args![org.to_string(), account.to_string()],
    )
}

/// Refuses a viewer or client of `org` the change `what` names ("send invoices"): they
/// read, the other roles may change the organisation's data.
pub fn may_change(conn: &mut dyn Sql, caller: &Caller, org: Uuid, what: &str) -> Result<()> {
    let role = role(conn, caller, org)?;
    if matches!(role.as_str(), "viewer" | "client") {
        return Err(Refusal::Forbidden(format!("{role}s do not {what}")));
    }
    Ok(())
}

pub fn members(conn: &mut dyn Sql, caller: &Caller, org: Uuid) -> Result<Vec<Member>> {
    role(conn, caller, org)?;
    // People invited and not yet signed up are listed as "invited": rows may name them.
    let rows = conn
        .query_map(
            "SELECT a.id, a.email, a.name, m.role, m.created_at FROM organization_access m JOIN accounts a ON a.id = m.account_id
             WHERE m.organization_id = ?1
             UNION ALL
             SELECT DISTINCT i.account_id, i.email, i.email, 'invited', CAST(NULL AS TEXT) FROM invitations i
             WHERE i.organization_id = ?1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = i.account_id)
             ORDER BY 2",
            args![org.to_string()],
            |r| Ok((r.get::<String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
    rows.into_iter()
        .map(|(id, email, name, role, joined_at)| {
            Ok(Member {
                id: parse_uuid(&id)?,
                email,
                name,
                role,
                joined_at,
            })
        })
        .collect()
}
