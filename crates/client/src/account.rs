//! Signing a profile in to a server and out again, and inviting people to its
//! organisation.

use aio_core::db::Connection;
use aio_core::settings;
use aio_core::sync;
use aio_core::sync::wire::*;
use aio_core::team::accounts;
use aio_secrets::Secrets;
use rusqlite::OptionalExtension;
use uuid::Uuid;

use crate::api::Api;
use crate::{link, save_link, store_token, token, Client, Error, Link, OrgLink, Result, LINK};
use crate::{Join, SESSION_SECRET};

fn device_name() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "desktop".into())
}

impl Client<'_> {
    /// Connects this profile to `server`. A profile that creates the organisation uploads
    /// its data on the next sync; one that joins adopts the organisation and downloads it.
    pub fn sign_in(
        &self,
        conn: &mut Connection,
        server: &str,
        email: &str,
        password: &str,
        join: Join<'_>,
    ) -> Result<Link> {
        if link(conn)?.is_some() {
            return Err(Error::Invalid {
                field: "server".into(),
                reason: "this profile is already connected; sign out first".into(),
            });
        }
        let actor = aio_core::team::profile::ensure(conn)?;
        // The keyring first: without it the session could not be kept, and a sign-up
        // would leave an account on the server that this profile cannot use.
        token(conn).or_else(|e| match e {
            Error::NotSignedIn => Ok(String::new()),
            other => Err(other),
        })?;
        let api = Api::new(self.transport, server, None)?;
        let client_id = sync::client_id(conn)?;
        let sign_up = |name: &str, account_id, organization, invite| SignUp {
            email: email.into(),
            password: password.into(),
            name: name.into(),
            device_name: device_name(),
            client_id,
            account_id,
            organization,
            invite,
        };
        let (session, uploads): (Session, bool) = match join {
            Join::LogIn { invite } => {
                let session: Session = api.post(
                    "/v1/login",
                    &Login {
                        email: email.into(),
                        password: password.into(),
                        device_name: device_name(),
                        client_id,
                    },
                )?;
                let session = match invite {
                    Some(code) => {
                        let me: Me = api.signed_in(&session.token).post(
                            "/v1/invitations/accept",
                            &AcceptInvite { code: code.into() },
                        )?;
                        Session {
                            organizations: me.organizations,
                            ..session
                        }
                    }
                    None => session,
                };
                (session, false)
            }
            Join::SignUpWithOrganization {
                name,
                organization_name,
            } => {
                // The public pages' addresses carry the slug: it comes from the name the
                // person gave ("Acme" → "acme"), with a short suffix when another
                // organisation on the server has it already.
                let base = match aio_core::values::slugify(organization_name) {
                    s if s.is_empty() => "agency".to_string(),
                    s => s,
                };
                let suffix = &actor.organization_id.simple().to_string()[24..];
                let sign_up_as = |slug: String| {
                    // The account and organisation take this profile's ids, so its rows
                    // stay theirs.
                    let organization = NewOrganization {
                        id: Some(actor.organization_id),
                        name: organization_name.into(),
                        slug,
                        parent_id: None,
                    };
                    let signup = sign_up(name, Some(actor.user_id), Some(organization), None);
                    api.post::<_, Session>("/v1/signup", &signup)
                };
                let session = match sign_up_as(base.clone()) {
                    Err(e) if e.to_string().contains("is taken") => {
                        sign_up_as(format!("{base}-{suffix}"))?
                    }
                    other => other?,
                };
                if let Some(org) = session
                    .organizations
                    .iter()
                    .find(|o| o.id == actor.organization_id)
                {
                    conn.execute(
                        "UPDATE organizations SET slug = ?1, name = ?2 WHERE id = ?3",
                        [&org.slug, &org.name, &org.id.to_string()],
                    )?;
                }
                (session, true)
            }
            Join::SignUpWithInvite { name, invite } => {
                let signup = sign_up(name, None, None, Some(invite.into()));
                (api.post("/v1/signup", &signup)?, false)
            }
        };
        let org = if uploads {
            session
                .organizations
                .iter()
                .find(|o| o.id == actor.organization_id)
        } else {
            session.organizations.first()
        }
        .cloned()
        .ok_or_else(|| Error::Invalid {
            field: "organization".into(),
            reason: "this account belongs to no organization yet; ask for an invitation".into(),
        })?;
        store_token(conn, &session.token)?;
        if uploads {
            invite_team(
                conn,
                &api.signed_in(&session.token),
                org.id,
                session.account.id,
            )?;
        }
        // Every organisation of the account syncs here, the one signed in to first (the
        // uploaded one carries this profile's rows of no organisation, as before).
        let mut organizations = vec![org.clone()];
        organizations.extend(
            session
                .organizations
                .iter()
                .filter(|o| o.id != org.id)
                .cloned(),
        );
        let link = Link {
            server: api.server.clone(),
            email: session.account.email.clone(),
            account_id: session.account.id,
            device_id: session.device_id,
            organizations: organizations
                .iter()
                .map(|o| OrgLink {
                    organization_id: o.id,
                    name: o.name.clone(),
                    role: o.role.clone(),
                    cursor: 0,
                    bootstrapped: uploads && o.id == org.id,
                })
                .collect(),
            ended: Vec::new(),
        };
        let tx = conn.transaction()?;
        sync::set_client_id(&tx, session.client_id)?;
        accounts::adopt(&tx, &session.account, &org, uploads, chrono::Utc::now())?;
        accounts::adopt_organizations(
            &tx,
            session.account.id,
            &organizations[1..],
            chrono::Utc::now(),
        )?;
        if uploads {
            // Everything this profile holds goes up on the first push.
            sync::mark_all_dirty(&tx)?;
        }
        save_link(&tx, &link)?;
        tx.commit()?;
        Ok(link)
    }

    /// Signs this device out on the server (if reachable) and forgets the token and link.
    /// Local data stays.
    pub fn sign_out(&self, conn: &Connection) -> Result<()> {
        let Some(link) = link(conn)? else {
            return Err(Error::NotSignedIn);
        };
        if let Ok(t) = token(conn) {
            let api = Api::new(self.transport, &link.server, Some(t))?;
            if let Err(e) = api.post::<_, serde_json::Value>("/v1/logout", &serde_json::json!({})) {
                tracing::warn!("the server did not take the sign-out: {e}");
            }
        }
        Secrets::of_profile(conn)?.delete(SESSION_SECRET)?;
        settings::clear(conn, LINK)?;
        Ok(())
    }

    /// The devices of this profile's account, as the server knows them.
    pub fn devices(&self, conn: &Connection) -> Result<Vec<DeviceInfo>> {
        let link = link(conn)?.ok_or(Error::NotSignedIn)?;
        Api::new(self.transport, &link.server, Some(token(conn)?))?.get("/v1/devices")
    }

    /// Signs out one device of this account (`Some`), or every device (`None`, "sign out
    /// everywhere"). When this device is among them it forgets its token and link too;
    /// local data stays. Returns the devices signed out.
    pub fn sign_out_devices(&self, conn: &Connection, device: Option<Uuid>) -> Result<Vec<Uuid>> {
        let link = link(conn)?.ok_or(Error::NotSignedIn)?;
        let api = Api::new(self.transport, &link.server, Some(token(conn)?))?;
        let path = match device {
            Some(id) => format!("/v1/devices/{id}/sign-out"),
            None => "/v1/devices/sign-out".to_string(),
        };
        let gone: Vec<Uuid> = api.post(&path, &serde_json::json!({}))?;
        if gone.contains(&link.device_id) {
            Secrets::of_profile(conn)?.delete(SESSION_SECRET)?;
            settings::clear(conn, LINK)?;
        }
        Ok(gone)
    }
}

pub(crate) fn local_user(conn: &Connection, email: &str) -> Result<Option<Uuid>> {
    let id: Option<String> = conn
        .query_row(
            "SELECT id FROM users WHERE email = ?1 COLLATE NOCASE",
            [email.trim()],
            |r| r.get(0),
        )
        .optional()?;
    Ok(id.and_then(|i| Uuid::parse_str(&i).ok()))
}

/// Invites every other member of the organisation being uploaded, under their local user
/// id, so the rows that name them are accepted and they find them when they sign up.
pub(crate) fn invite_team(conn: &Connection, api: &Api<'_>, org: Uuid, me: Uuid) -> Result<usize> {
    let team: Vec<(String, String, String)> = conn
        .prepare(
            "SELECT u.id, u.email, m.role FROM organization_members m JOIN users u ON u.id = m.user_id
             WHERE m.organization_id = ?1 AND m.user_id <> ?2 AND m.deleted_at IS NULL",
        )?
        .query_map([org.to_string(), me.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, email, role) in &team {
        let role = if matches!(role.as_str(), "admin" | "member" | "viewer" | "client") {
            role.as_str()
        } else {
            "member"
        };
        let _: Invite = api.post(
            &format!("/v1/orgs/{org}/invitations"),
            &NewInvite {
                email: email.clone(),
                role: role.into(),
                account_id: Uuid::parse_str(id).ok(),
            },
        )?;
    }
    Ok(team.len())
}
