//! Workspaces made on a device: created on the server too when the profile is signed in,
//! or uploaded later ("start syncing this workspace"), so nothing is pushed to an
//! organisation it does not belong to and no workspace silently stays unsynced.

use aio_core::db::Connection;
use aio_core::sync;
use aio_core::sync::wire::{Membership, NewOrganization as NewOnServer};
use aio_core::tables::Organization;
use aio_core::team::profile::{self, NewOrganization};
use rusqlite::OptionalExtension;
use uuid::Uuid;

use crate::api::Api;
use crate::{link, save_link, token, Client, Error, OrgLink, Result};

impl Client<'_> {
    /// Creates an organisation owned by this profile's user. Signed in, it is created on
    /// the server as well (the slug is checked there; a refusal leaves nothing behind
    /// here) and syncs from the next round; otherwise (or with the server out of reach) it
    /// lives on this device only until it is uploaded.
    pub fn create_organization(
        &self,
        conn: &mut Connection,
        new: &NewOrganization,
    ) -> Result<Organization> {
        let actor = profile::actor(conn, None)?;
        let org = profile::create_organization(conn, &actor, new)?;
        if link(conn)?.is_none() {
            return Ok(org);
        }
        match self.upload_organization(conn, org.id, None) {
            Ok(_) => {}
            // Offline: it stays on this device, said so in the switcher, until the person
            // starts syncing it.
            Err(Error::Offline { server, reason }) => {
                tracing::warn!(
                    "{} stays on this device for now: {server}: {reason}",
                    org.name
                );
            }
            Err(e) => {
                // Refused by the server: the workspace is not kept half made.
                let tx = conn.transaction()?;
                aio_core::team::accounts::end_membership(&tx, actor.user_id, org.id, false)?;
                tx.commit()?;
                return Err(e);
            }
        }
        let created =
            aio_core::records::get(conn, &actor, &aio_core::tables::ORGANIZATIONS, org.id)?;
        Ok(aio_core::records::as_record(created)?)
    }

    /// Starts syncing organisation `org`, which so far lived only on this device: the
    /// server creates it under the same id (with `slug`, or its own slug), and every one of
    /// its rows goes up with the next round.
    pub fn upload_organization(
        &self,
        conn: &mut Connection,
        org: Uuid,
        slug: Option<&str>,
    ) -> Result<OrgLink> {
        let mut link = link(conn)?.ok_or(Error::NotSignedIn)?;
        if link.syncs(org) {
            return Err(Error::Invalid {
                field: "org".into(),
                reason: format!("organization {org} already syncs"),
            });
        }
        let local: Option<(String, String, Option<String>)> = conn
            .query_row(
                "SELECT name, slug, parent_id FROM organizations WHERE id = ?1 AND deleted_at IS NULL",
                [org.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let (name, own_slug, parent) = local.ok_or_else(|| Error::Invalid {
            field: "org".into(),
            reason: format!("no organization {org} on this device"),
        })?;
        let parent_id = parent.as_deref().and_then(|p| Uuid::parse_str(p).ok());
        if let Some(parent) = parent_id.filter(|p| !link.syncs(*p)) {
            return Err(Error::Invalid {
                field: "parent".into(),
                reason: format!("the agency {parent} does not sync; start syncing it first"),
            });
        }
        let api = Api::new(self.transport, &link.server, Some(token(conn)?))?;
        let slug = slug.map_or(own_slug, str::to_string);
        let created: Membership = match api.post(
            "/v1/orgs",
            &NewOnServer {
                id: Some(org),
                name,
                slug: slug.clone(),
                parent_id,
            },
        ) {
            Ok(created) => created,
            // The server's "organization.slug: … is taken" names the field as the person
            // knows it.
            Err(Error::Server(message)) if message.starts_with("organization.slug") => {
                return Err(Error::Invalid {
                    field: "slug".into(),
                    reason: message
                        .trim_start_matches("organization.slug:")
                        .trim()
                        .to_string()
                        + "; choose another slug",
                })
            }
            Err(e) => return Err(e),
        };
        // The people its rows name are invited under their ids, as on signing up, so
        // those rows are accepted.
        crate::account::invite_team(conn, &api, org, link.account_id)?;
        let state = OrgLink {
            organization_id: created.id,
            name: created.name.clone(),
            role: created.role.clone(),
            cursor: 0,
            // Nothing to download: everything it holds is here.
            bootstrapped: true,
        };
        link.organizations.push(state.clone());
        let tx = conn.transaction()?;
        tx.execute(
            "UPDATE organizations SET slug = ?1 WHERE id = ?2",
            [&created.slug, &org.to_string()],
        )?;
        sync::mark_organization_dirty(&tx, &org.to_string())?;
        save_link(&tx, &link)?;
        tx.commit()?;
        Ok(state)
    }
}

impl Client<'_> {
    /// Joins another organisation with an invitation code while signed in: it syncs from
    /// the next round, beside the others.
    pub fn accept_invite(&self, conn: &Connection, code: &str) -> Result<Vec<Membership>> {
        let link = link(conn)?.ok_or(Error::NotSignedIn)?;
        let api = Api::new(self.transport, &link.server, Some(token(conn)?))?;
        let me: aio_core::sync::wire::Me = api.post(
            "/v1/invitations/accept",
            &aio_core::sync::wire::AcceptInvite { code: code.into() },
        )?;
        Ok(me.organizations)
    }
}

/// Removes the read-only copy of an organisation whose membership ended (the person's
/// answer to the notice), and forgets the notice.
pub fn remove_ended(conn: &mut Connection, org: Uuid) -> Result<usize> {
    let mut link = link(conn)?.ok_or(Error::NotSignedIn)?;
    if link.syncs(org) {
        return Err(Error::Invalid {
            field: "org".into(),
            reason: "still syncs: only a workspace you are no longer a member of is removed".into(),
        });
    }
    let tx = conn.transaction()?;
    let (removed, kept) =
        aio_core::team::accounts::end_membership(&tx, link.account_id, org, false)?;
    if kept {
        return Err(Error::Invalid {
            field: "org".into(),
            reason: "is the last workspace on this device: it stays, read-only".into(),
        });
    }
    link.ended.retain(|e| e.organization_id != org);
    save_link(&tx, &link)?;
    tx.commit()?;
    Ok(removed)
}

/// The person has seen the notices of ended memberships.
pub fn dismiss_ended(conn: &Connection) -> Result<()> {
    if let Some(mut link) = link(conn)? {
        link.ended.clear();
        save_link(conn, &link)?;
    }
    Ok(())
}
