//! Managing an organisation's team: changing a member's role, removing a member, listing
//! and revoking pending invitations. Only owners and admins manage; an organisation always
//! keeps an owner, and only an owner makes or unmakes owners.

use super::sql::{Sql, SqlExt};
use crate::args;
use aio_core::sync::wire::*;
use uuid::Uuid;

use super::accounts::role;
use super::{now, parse_uuid, Caller, Refusal, Result};

/// Roles a membership can have (the server's `memberships.role`).
const ROLES: &[&str] = &["owner", "admin", "member", "viewer", "client"];

/// The caller's role, refused unless they may manage the team.
fn manager_role(conn: &mut dyn Sql, caller: &Caller, org: Uuid) -> Result<String> {
    let role = role(conn, caller, org)?;
    if !matches!(role.as_str(), "owner" | "admin") {
        return Err(Refusal::Forbidden(format!(
            "only owners and admins manage the team; you are {role}"
        )));
    }
    Ok(role)
}

fn member_role(conn: &mut dyn Sql, org: Uuid, account: Uuid) -> Result<String> {
    conn.opt(
        "SELECT role FROM memberships WHERE organization_id = ?1 AND account_id = ?2",
        args![org.to_string(), account.to_string()],
    )?
    .ok_or_else(|| Refusal::NotFound(format!("no member {account} in this organization")))
}

/// The organisation's owners, their rows locked on PostgreSQL: two processes demoting or
/// removing its last two owners at once take turns, so one always stays.
fn owners(tx: &mut dyn Sql, org: Uuid) -> Result<usize> {
    let sql = format!(
        "SELECT account_id FROM memberships WHERE organization_id = ?1 AND role = 'owner'{}",
        tx.dialect().for_update()
    );
    Ok(tx.query(&sql, args![org.to_string()])?.len())
}

/// Gives `account` the role `new_role`; returns the organisation's members.
pub fn set_role(
    conn: &mut dyn Sql,
    caller: &Caller,
    org: Uuid,
    account: Uuid,
    new_role: &str,
) -> Result<Vec<Member>> {
    if !ROLES.contains(&new_role) {
        return Err(Refusal::invalid(
            "role",
            "must be owner, admin, member, viewer or client",
        ));
    }
    let mut tx = conn.transaction()?;
    let mine = manager_role(&mut *tx, caller, org)?;
    let theirs = member_role(&mut *tx, org, account)?;
    if (new_role == "owner" || theirs == "owner") && mine != "owner" {
        return Err(Refusal::Forbidden(
            "only an owner makes someone an owner or changes an owner's role; you are admin".into(),
        ));
    }
    if theirs == "owner" && new_role != "owner" && owners(&mut *tx, org)? == 1 {
        return Err(Refusal::invalid(
            "role",
            "the organization's last owner stays owner; make someone else owner first",
        ));
    }
    tx.execute(
        "UPDATE memberships SET role = ?3 WHERE organization_id = ?1 AND account_id = ?2",
        args![org.to_string(), account.to_string(), new_role],
    )?;
    tx.commit()?;
    super::accounts::members(conn, caller, org)
}

/// Ends `account`'s membership: from the next request on, its devices are refused this
/// organisation's pushes, pulls and notices.
pub fn remove(conn: &mut dyn Sql, caller: &Caller, org: Uuid, account: Uuid) -> Result<()> {
    let mut tx = conn.transaction()?;
    let mine = manager_role(&mut *tx, caller, org)?;
    let theirs = member_role(&mut *tx, org, account)?;
    if theirs == "owner" && mine != "owner" {
        return Err(Refusal::Forbidden(
            "only an owner removes an owner; you are admin".into(),
        ));
    }
    if theirs == "owner" && owners(&mut *tx, org)? == 1 {
        return Err(Refusal::invalid(
            "account",
            "the organization's last owner cannot be removed; make someone else owner first",
        ));
    }
    tx.execute(
        "DELETE FROM memberships WHERE organization_id = ?1 AND account_id = ?2",
        args![org.to_string(), account.to_string()],
    )?;
    super::sql::notify_removed(&mut *tx, org, account)?;
    tx.commit()?;
    Ok(())
}

/// Invitations not accepted, not revoked and not expired, the newest first.
pub fn pending(conn: &mut dyn Sql, caller: &Caller, org: Uuid) -> Result<Vec<PendingInvitation>> {
    role(conn, caller, org)?;
    let rows: Vec<(String, String, String, String, String, String)> = conn.query_map(
        "SELECT i.id, i.email, i.role, coalesce(a.name, ''), i.created_at, i.expires_at
             FROM invitations i LEFT JOIN accounts a ON a.id = i.created_by
             WHERE i.organization_id = ?1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL
               AND i.expires_at > ?2
             ORDER BY i.created_at DESC",
        args![org.to_string(), now()],
        |r| r.columns(),
    )?;
    rows.into_iter()
        .map(|(id, email, role, invited_by, created_at, expires_at)| {
            Ok(PendingInvitation {
                id: parse_uuid(&id)?,
                email,
                role,
                invited_by,
                created_at,
                expires_at,
            })
        })
        .collect()
}

/// Revokes a pending invitation: its code no longer joins.
pub fn revoke(conn: &mut dyn Sql, caller: &Caller, org: Uuid, invitation: Uuid) -> Result<()> {
    manager_role(conn, caller, org)?;
    let state: Option<bool> = conn.opt(
        "SELECT accepted_at IS NOT NULL FROM invitations
             WHERE organization_id = ?1 AND id = ?2 AND revoked_at IS NULL",
        args![org.to_string(), invitation.to_string()],
    )?;
    match state {
        None => Err(Refusal::NotFound(format!(
            "no pending invitation {invitation} in this organization"
        ))),
        Some(true) => Err(Refusal::invalid(
            "invitation",
            "was already accepted; remove the member instead",
        )),
        Some(false) => {
            conn.execute(
                "UPDATE invitations SET revoked_at = ?3 WHERE organization_id = ?1 AND id = ?2",
                args![org.to_string(), invitation.to_string(), now()],
            )?;
            Ok(())
        }
    }
}
