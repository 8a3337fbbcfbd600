//! Server accounts as local rows: the account a device signs in with, the organisation
//! it joins and that organisation's members become `users`, `organizations` and
//! `organization_members` rows with the server's ids, so rows naming them (owners,
//! authors) can be stored. Shared by the sync client and the server's own replicas.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use uuid::Uuid;

use crate::error::Result;
use crate::schema::Timestamp;
use crate::values::timestamp_text;
use crate::sync::wire::{Account, Member, Membership};
/// Makes the account and organisation this profile's own: the local user and
/// organisation rows take the server's ids and names.
pub fn adopt(
    tx: &Transaction<'_>,
    account: &Account,
    org: &Membership,
    uploads: bool,
    now: Timestamp,
) -> Result<()> {
    let stamp = timestamp_text(now);
    let (first, last) = split_name(&account.name);
    tx.execute(
        "INSERT INTO users (id, email, first_name, last_name, role, status, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, 'admin', 'active', ?5, ?5)
         ON CONFLICT (id) DO UPDATE SET email = excluded.email, first_name = excluded.first_name,
           last_name = excluded.last_name, updated_at = excluded.updated_at",
        params![account.id.to_string(), account.email, first, last, stamp],
    )?;
    if !uploads {
        tx.execute(
            "INSERT INTO organizations (id, name, slug, owner_id, size, status, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, '1-10', 'active', ?5, ?5)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at",
            params![org.id.to_string(), org.name, org.slug, account.id.to_string(), stamp],
        )?;
    }
    tx.execute(
        "UPDATE organizations SET name = ?1 WHERE id = ?2",
        params![org.name, org.id.to_string()],
    )?;
    crate::team::profile::adopt(tx, &crate::Actor::new(account.id, org.id).at(now))?;
    upsert_member(tx, org.id, account.id, &org.role, &stamp)?;
    Ok(())
}

/// Adopts organisations the account reaches on the server that this device did not sync
/// yet (invited elsewhere, made on another device, a client workspace of its agency): their
/// rows, names, agency and the person's role in each. The active organisation stays.
/// An agency the person cannot see stays unnamed (`parent_id` only names a local row).
pub fn adopt_organizations(
    tx: &Transaction<'_>,
    account: Uuid,
    orgs: &[Membership],
    now: Timestamp,
) -> Result<()> {
    let stamp = timestamp_text(now);
    for org in orgs {
        tx.execute(
            "INSERT INTO organizations (id, name, slug, owner_id, size, status, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, '1-10', 'active', ?5, ?5)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, slug = excluded.slug
             WHERE name IS NOT excluded.name OR slug IS NOT excluded.slug",
            params![org.id.to_string(), org.name, org.slug, account.to_string(), stamp],
        )?;
    }
    // Agencies after every organisation is in, so a client workspace listed before its
    // agency still names it.
    for org in orgs {
        tx.execute(
            "UPDATE organizations SET parent_id = (SELECT id FROM organizations WHERE id = ?2)
             WHERE id = ?1 AND parent_id IS NOT (SELECT id FROM organizations WHERE id = ?2)",
            params![org.id.to_string(), org.parent_id.map(|p| p.to_string())],
        )?;
        upsert_member(tx, org.id, account, &org.role, &stamp)?;
    }
    Ok(())
}

/// The person's membership of `org` ended on the server: the device stops syncing it and
/// either keeps its copy read-only (their membership here becomes `viewer`, so the record
/// path refuses writes) or removes it. Returns the rows removed, and whether the copy was
/// kept. Another organisation becomes active if this one was.
pub fn end_membership(
    tx: &Transaction<'_>,
    account: Uuid,
    org: Uuid,
    keep: bool,
) -> Result<(usize, bool)> {
    let org_text = org.to_string();
    // The person's last workspace on this device stays (read-only): a profile always has
    // an organisation to open.
    let elsewhere: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM organization_members
                        WHERE user_id = ?1 AND organization_id <> ?2 AND deleted_at IS NULL)",
        params![account.to_string(), org_text],
        |r| r.get(0),
    )?;
    let keep = keep || !elsewhere;
    let removed = if keep {
        tx.execute(
            "UPDATE organization_members SET role = 'viewer' WHERE organization_id = ?1 AND user_id = ?2",
            params![org_text, account.to_string()],
        )?;
        0
    } else {
        // Client workspaces of an agency removed here stay, without their agency.
        tx.execute("UPDATE organizations SET parent_id = NULL WHERE parent_id = ?1", [&org_text])?;
        crate::sync::forget_organization(tx, &org_text)?
    };
    crate::team::profile::leave_if_active(tx, account, org)?;
    Ok((removed, keep))
}

fn split_name(name: &str) -> (String, String) {
    match name.trim().rsplit_once(' ') {
        Some((first, last)) => (first.to_string(), last.to_string()),
        None => (name.trim().to_string(), String::new()),
    }
}

fn upsert_member(
    tx: &Transaction<'_>,
    org: Uuid,
    account: Uuid,
    role: &str,
    stamp: &str,
) -> Result<()> {
    // Rounds repeat the same roles: a row is written only when it changes, so a round
    // with nothing new writes (and syncs) nothing.
    let known: Option<String> = tx
        .query_row(
            "SELECT role FROM organization_members WHERE organization_id = ?1 AND user_id = ?2",
            params![org.to_string(), account.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    if known.as_deref().is_some_and(|known| known != role) {
        tx.execute(
            "UPDATE organization_members SET role = ?3 WHERE organization_id = ?1 AND user_id = ?2",
            params![org.to_string(), account.to_string(), role],
        )?;
    }
    if known.is_none() {
        // The same id on every device for one person in one organisation.
        let id = Uuid::new_v5(&org, account.as_bytes());
        tx.execute(
            "INSERT INTO organization_members (id, organization_id, user_id, role, joined_at, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            params![id.to_string(), org.to_string(), account.to_string(), role, stamp],
        )?;
    }
    Ok(())
}

/// The organisation's members as local users, so rows that name them (owners,
/// authors) can be stored. No secrets come with them.
pub fn adopt_members(
    conn: &mut Connection,
    org: Uuid,
    members: &[Member],
    now: Timestamp,
) -> Result<()> {
    let tx = conn.transaction()?;
    let stamp = timestamp_text(now);
    for m in members {
        let (first, last) = split_name(&m.name);
        let taken: Option<String> = tx
            .query_row(
                "SELECT id FROM users WHERE email = ?1 COLLATE NOCASE AND id <> ?2",
                params![m.email, m.id.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        if taken.is_some() {
            // A local placeholder with the same email (a demo user): rename it out of the way.
            tx.execute("UPDATE users SET email = id || '@replaced.local' WHERE email = ?1 COLLATE NOCASE AND id <> ?2", params![m.email, m.id.to_string()])?;
        }
        tx.execute(
            "INSERT INTO users (id, email, first_name, last_name, role, status, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, 'user', 'active', ?5, ?5)
             ON CONFLICT (id) DO NOTHING",
            params![m.id.to_string(), m.email, first, last, stamp],
        )?;
        // Names come from accounts; an invited person keeps the name the team gave them.
        if m.role != "invited" {
            tx.execute(
                "UPDATE users SET email = ?2, first_name = ?3, last_name = ?4
                 WHERE id = ?1 AND (email IS NOT ?2 OR first_name IS NOT ?3 OR last_name IS NOT ?4)",
                params![m.id.to_string(), m.email, first, last],
            )?;
        }
        // Invited people are users rows may name; they become members when they join.
        if m.role != "invited" {
            upsert_member(&tx, org, m.id, &m.role, &stamp)?;
        }
    }
    tx.commit()?;
    Ok(())
}
