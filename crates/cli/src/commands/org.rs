//! `aio-crm org`: the local profile's organisations, which of them sync, making one, their
//! team on the server (members, roles, invitations; the active organisation's) and snapshots.

use aio_core::team::profile::{self, NewOrganization};
use aio_core::team::snapshot;
use anyhow::{anyhow, Result};
use clap::Subcommand;
use uuid::Uuid;

use super::Context;

#[derive(Subcommand)]
pub enum Command {
    /// Organisations of the local profile
    Org {
        #[command(subcommand)]
        action: OrgAction,
    },
}

#[derive(Subcommand)]
pub enum OrgAction {
    /// The organisations you belong to (the active one marked with *), whether each syncs,
    /// and the agency of each client workspace
    List,
    /// Make another organisation the active one
    Switch { org: String },
    /// Create an organisation you own: on the server too when this profile is signed in
    Create {
        #[arg(long)]
        name: String,
        /// Its slug in public links; made from the name when not given
        #[arg(long)]
        slug: Option<String>,
        /// The agency (id or slug) this is a client workspace of
        #[arg(long, value_name = "AGENCY")]
        parent: Option<String>,
    },
    /// The members on the server: email, role, joined date (invited people as "invited")
    Members,
    /// Invite someone; prints the code to pass on
    Invite {
        #[arg(long)]
        email: String,
        /// admin, member, viewer or client (an agency's client: reads their bookings,
        /// invoices and forms)
        #[arg(long, default_value = "member")]
        role: String,
    },
    /// Give a member another role (owner, admin, member, viewer or client)
    Role {
        /// The member's email or account id
        member: String,
        role: String,
    },
    /// Remove a member: their devices stop syncing this organisation
    Remove {
        /// The member's email or account id
        member: String,
    },
    /// Pending invitations: id, email, role, who sent it, expiry
    Invitations,
    /// Revoke a pending invitation by its id
    Revoke { invitation: Uuid },
    /// Copy a template workspace's setup (pipelines, forms, templates, automations
    /// switched off; no contacts or other data) into an empty workspace
    Snapshot {
        /// The template workspace (id or slug)
        #[arg(long)]
        from: String,
        /// The workspace to copy into (id or slug)
        #[arg(long)]
        to: String,
    },
    /// Start syncing an organisation that so far lives only on this device
    Upload {
        /// Its id or slug (the active one when not given)
        org: Option<String>,
        /// Another slug, when the server has this one already
        #[arg(long)]
        slug: Option<String>,
    },
    /// Remove the copy of an organisation you are no longer a member of (kept read-only)
    RemoveCopy { org: String },
}

pub fn run(context: &Context, command: Command) -> Result<()> {
    let Command::Org { action } = command;
    let (mut conn, actor) = context.open()?;
    let org = Some(actor.organization_id);
    match action {
        OrgAction::List => {
            let p = profile::load(&conn)?;
            let link = aio_sync::link(&conn)?;
            let name_of = |id: uuid::Uuid| {
                p.organizations
                    .iter()
                    .find(|o| o.id == id)
                    .map_or_else(|| id.to_string(), |o| o.slug.clone())
            };
            for org in &p.organizations {
                let mark = if org.id == p.active_organization_id {
                    "*"
                } else {
                    " "
                };
                let state = match &link {
                    Some(l) if l.syncs(org.id) => "syncs",
                    Some(l) if l.ended.iter().any(|e| e.organization_id == org.id) => {
                        "membership ended, read-only"
                    }
                    _ => "this device only",
                };
                let parent = org
                    .parent_id
                    .map(|p| format!(" (client of {})", name_of(p)))
                    .unwrap_or_default();
                println!(
                    "{mark} {} {} {} [{state}]{parent}",
                    org.id, org.slug, org.name
                );
            }
        }
        OrgAction::Switch { org } => {
            let a = profile::switch_organization(&conn, &org)?;
            println!("active organization: {}", a.organization_id);
        }
        OrgAction::Create { name, slug, parent } => {
            let parent = parent
                .map(|p| profile::actor(&conn, Some(&p)).map(|a| a.organization_id))
                .transpose()?;
            let new = NewOrganization { name, slug, parent };
            let org = aio_sync::create_organization(&mut conn, &new)?;
            println!("{}", serde_json::to_string(&org)?);
            match aio_sync::link(&conn)? {
                Some(link) if link.syncs(org.id) => {
                    eprintln!("created on the server too: it syncs from the next `aio-crm sync`")
                }
                Some(_) => eprintln!(
                    "created on this device only (the server was out of reach): `aio-crm org upload {}` starts syncing it",
                    org.slug
                ),
                None => eprintln!("created on this device only: sign in to sync it"),
            }
        }
        OrgAction::Upload { org, slug } => {
            let org = match org {
                Some(o) => profile::actor(&conn, Some(&o))?.organization_id,
                None => actor.organization_id,
            };
            let state = aio_sync::upload_organization(&mut conn, org, slug.as_deref())?;
            println!(
                "{} syncs now: its rows go up with the next `aio-crm sync`",
                state.name
            );
        }
        OrgAction::Snapshot { from, to } => {
            let done = snapshot::snapshot(&mut conn, &actor, &from, &to)?;
            for c in &done.copied {
                println!("{} {}", c.table, c.rows);
            }
            eprintln!(
                "copied into {} (undo: batch {})",
                done.organization_id, done.batch_id
            );
        }
        // The team on the server: one request each.
        OrgAction::Members => {
            for m in aio_sync::members(&conn, org)? {
                let joined = m.joined_at.as_deref().unwrap_or("-");
                println!("{}\t{}\t{}\t{}\t{}", m.id, m.email, m.role, joined, m.name);
            }
        }
        OrgAction::Invite { email, role } => {
            let invite = aio_sync::invite(&conn, org, &email, &role)?;
            println!("{}", invite.code);
            eprintln!(
                "invitation {} for {email} as {role}, valid until {}",
                invite.id, invite.expires_at
            );
        }
        OrgAction::Role { member, role } => {
            let account = member_id(&conn, org, &member)?;
            aio_sync::set_role(&conn, org, account, &role)?;
            println!("{member} is now {role}");
        }
        OrgAction::Remove { member } => {
            let account = member_id(&conn, org, &member)?;
            aio_sync::remove_member(&conn, org, account)?;
            println!("{member} removed");
        }
        OrgAction::Invitations => {
            for i in aio_sync::invitations(&conn, org)? {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    i.id, i.email, i.role, i.invited_by, i.expires_at
                );
            }
        }
        OrgAction::Revoke { invitation } => {
            aio_sync::revoke_invitation(&conn, org, invitation)?;
            println!("invitation {invitation} revoked");
        }
        OrgAction::RemoveCopy { org } => {
            let id = profile::actor(&conn, Some(&org))?.organization_id;
            let removed = aio_sync::remove_ended(&mut conn, id)?;
            println!("removed the copy of {org} ({removed} rows)");
        }
    }
    Ok(())
}

/// A member by account id or email, as the server lists them.
fn member_id(conn: &aio_core::db::Connection, org: Option<Uuid>, member: &str) -> Result<Uuid> {
    if let Ok(id) = Uuid::parse_str(member) {
        return Ok(id);
    }
    aio_sync::members(conn, org)?
        .into_iter()
        .find(|m| m.email.eq_ignore_ascii_case(member.trim()) && m.role != "invited")
        .map(|m| m.id)
        .ok_or_else(|| anyhow!("member: no member with the email {member}"))
}
