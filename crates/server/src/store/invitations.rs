//! Invitations: an owner or admin invites an email with a role; the code, kept only as a
//! hash, joins the organisation at sign-up or later.

use super::sql::{Sql, SqlExt};
use crate::args;
use aio_core::sync::wire::*;
use uuid::Uuid;

use super::accounts::{account, check_email, me, role};
use super::{now, parse_uuid, random_token, sha256, Caller, Refusal, Result};

pub fn invite(conn: &mut dyn Sql, caller: &Caller, org: Uuid, input: &NewInvite) -> Result<Invite> {
    let role = role(conn, caller, org)?;
    if !matches!(role.as_str(), "owner" | "admin") {
        return Err(Refusal::Forbidden(format!(
            "only owners and admins invite people; you are {role}"
        )));
    }
    let email = check_email(&input.email)?;
    if !matches!(
        input.role.as_str(),
        "admin" | "member" | "viewer" | "client"
    ) {
        return Err(Refusal::invalid(
            "role",
            "must be admin, member, viewer or client",
        ));
    }
    // An account that exists keeps its id; a reserved id must not be anyone else's.
    let existing: Option<String> = conn.query_opt(
        "SELECT id FROM accounts WHERE email = ?1",
        args![&email],
        |r| r.get(0),
    )?;
    let account_id = match (existing, input.account_id) {
        (Some(id), _) => parse_uuid(&id)?,
        (None, Some(id)) => {
            let taken: bool = conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM accounts WHERE id = ?1) OR EXISTS (SELECT 1 FROM invitations WHERE account_id = ?1 AND email <> ?2)",
                args![id.to_string(), email],
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
    let id = Uuid::now_v7();
    let expires = aio_core::values::timestamp_text(chrono::Utc::now() + chrono::Duration::days(7));
    conn.execute(
        "INSERT INTO invitations (code_hash, id, organization_id, email, role, account_id, created_by, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        args![sha256(&code), id.to_string(), org.to_string(), email, input.role, account_id.to_string(), caller.account_id.to_string(), now(), expires],
    )?;
    Ok(Invite {
        id,
        code,
        expires_at: expires,
        account_id,
    })
}

pub fn accept_invite(conn: &mut dyn Sql, caller: &Caller, code: &str) -> Result<Me> {
    let mut tx = conn.transaction()?;
    let email = account(&mut *tx, caller.account_id)?.email;
    accept_invite_in(&mut *tx, caller.account_id, &email, code)?;
    tx.commit()?;
    me(conn, caller)
}

pub(super) fn accept_invite_in(
    tx: &mut dyn Sql,
    account: Uuid,
    email: &str,
    code: &str,
) -> Result<()> {
    let found: Option<(String, String, String, String, Option<String>, bool)> = tx.query_opt(
        "SELECT organization_id, email, role, expires_at, accepted_at, revoked_at IS NOT NULL
         FROM invitations WHERE code_hash = ?1",
        args![sha256(code.trim())],
        |r| r.columns(),
    )?;
    let Some((org, invited, role, expires, accepted, revoked)) = found else {
        return Err(Refusal::invalid("invite", "no such invitation"));
    };
    if revoked {
        return Err(Refusal::invalid("invite", "was revoked; ask for a new one"));
    }
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
        args![now(), sha256(code.trim())],
    )?;
    tx.execute(
        "INSERT INTO memberships (organization_id, account_id, role, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT DO NOTHING",
        args![org, account.to_string(), role, now()],
    )?;
    Ok(())
}
