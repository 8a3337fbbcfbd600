//! An organisation's team on the server: its members and their roles, removing one, and
//! invitations (sending, listing the pending ones, revoking). Each call names the
//! organisation (`None`: the active one, which must sync); the server decides who may.

use aio_core::db::Connection;
use aio_core::sync::wire::*;
use uuid::Uuid;

use crate::account::local_user;
use crate::api::Api;
use crate::{active_link, link, token, Client, Error, Result};

impl Client<'_> {
    /// The server and organisation a team call goes to.
    fn team_api(&self, conn: &Connection, org: Option<Uuid>) -> Result<(Api<'_>, Uuid)> {
        let (link, org) = match org {
            Some(org) => {
                let link = link(conn)?.ok_or(Error::NotSignedIn)?;
                link.organization(org)?;
                (link, org)
            }
            None => active_link(conn)?,
        };
        let api = Api::new(self.transport, &link.server, Some(token(conn)?))?;
        Ok((api, org))
    }

    /// Creates an invitation; returns the code to pass on. A person who is already a
    /// local user keeps their id, so the rows naming them stay theirs.
    pub fn invite(
        &self,
        conn: &Connection,
        org: Option<Uuid>,
        email: &str,
        role: &str,
    ) -> Result<Invite> {
        let (api, org) = self.team_api(conn, org)?;
        let account_id = local_user(conn, email)?;
        api.post(
            &format!("/v1/orgs/{org}/invitations"),
            &NewInvite {
                email: email.into(),
                role: role.into(),
                account_id,
            },
        )
    }

    /// The members, with the people invited and not signed up yet (role `invited`).
    pub fn members(&self, conn: &Connection, org: Option<Uuid>) -> Result<Vec<Member>> {
        let (api, org) = self.team_api(conn, org)?;
        api.get(&format!("/v1/orgs/{org}/members"))
    }

    /// Gives a member another role; returns the members after it.
    pub fn set_role(
        &self,
        conn: &Connection,
        org: Option<Uuid>,
        account: Uuid,
        role: &str,
    ) -> Result<Vec<Member>> {
        let (api, org) = self.team_api(conn, org)?;
        api.patch(
            &format!("/v1/orgs/{org}/members/{account}"),
            &RoleChange { role: role.into() },
        )
    }

    /// Ends a member's membership: their devices stop syncing this organisation.
    pub fn remove_member(&self, conn: &Connection, org: Option<Uuid>, account: Uuid) -> Result<()> {
        let (api, org) = self.team_api(conn, org)?;
        let _: serde_json::Value = api.delete(&format!("/v1/orgs/{org}/members/{account}"))?;
        Ok(())
    }

    /// Invitations neither accepted, revoked nor expired, the newest first.
    pub fn invitations(
        &self,
        conn: &Connection,
        org: Option<Uuid>,
    ) -> Result<Vec<PendingInvitation>> {
        let (api, org) = self.team_api(conn, org)?;
        api.get(&format!("/v1/orgs/{org}/invitations"))
    }

    /// Revokes a pending invitation: its code no longer joins.
    pub fn revoke_invitation(
        &self,
        conn: &Connection,
        org: Option<Uuid>,
        invitation: Uuid,
    ) -> Result<()> {
        let (api, org) = self.team_api(conn, org)?;
        let _: serde_json::Value =
            api.delete(&format!("/v1/orgs/{org}/invitations/{invitation}"))?;
        Ok(())
    }
}
