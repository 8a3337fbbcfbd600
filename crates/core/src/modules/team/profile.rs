//! The local profile: the user this device acts as and the active organisation.
//!
//! The first run creates both (no server, no sign-up): a user named after the OS account,
//! an organisation they own, and their membership. The ids live in `app_settings`.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::json;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::audit::audit;
use crate::records::{self, now, Actor, Deleted, ListQuery};
use crate::settings;
use crate::tables::{Organization, User, ORGANIZATIONS, ORGANIZATION_MEMBERS, USERS};

const PROFILE_USER: &str = "profile_user_id";
const ACTIVE_ORG: &str = "active_organization_id";

/// What the app shows about who is signed in locally and where.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Profile {
    pub user: User,
    pub organizations: Vec<Organization>,
    pub active_organization_id: Uuid,
    /// The person's role in the active organisation as the server last said (`viewer`
    /// and `client` read only); `None` for a profile that never synced.
    pub role: Option<String>,
}

fn parse_id(field: &str, s: &str) -> Result<Uuid> {
    Uuid::parse_str(s)
        .map_err(|_| Error::invalid(field, format!("stored id \"{s}\" is not a UUID")))
}

/// Returns whether the database has a local profile.
pub fn exists(conn: &Connection) -> Result<bool> {
    Ok(settings::get(conn, PROFILE_USER)?.is_some())
}

/// Creates the local profile if there is none; returns the actor either way.
pub fn ensure(conn: &mut Connection) -> Result<Actor> {
    if exists(conn)? {
        return actor(conn, None);
    }
    let os_user = std::env::var("USER")
        .ok()
        .filter(|u| {
            !u.is_empty()
                && u.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
        .unwrap_or_else(|| "owner".into());
    let first_name = capitalise(&os_user);
    let actor = Actor::new(Uuid::now_v7(), Uuid::now_v7());
    let stamp = now(&actor);
    let tx = conn.transaction()?;
    // The user, the organisation and the membership refer to each other: they are written
    // directly here, once, rather than through the record path that needs them to exist.
    tx.execute(
        "INSERT INTO users (id, email, first_name, last_name, role, status, created_at, updated_at)
         VALUES (?1, ?2, ?3, 'Local', 'admin', 'active', ?4, ?4)",
        params![
            actor.user_id.to_string(),
            format!("{os_user}@example.local"),
            first_name,
            stamp
        ],
    )?;
    let slug = format!(
        "my-agency-{}",
        &actor.organization_id.simple().to_string()[24..]
    );
    tx.execute(
        "INSERT INTO organizations (id, name, slug, owner_id, size, status, created_at, updated_at)
         VALUES (?1, 'My Agency', ?2, ?3, '1-10', 'active', ?4, ?4)",
        params![
            actor.organization_id.to_string(),
            slug,
            actor.user_id.to_string(),
            stamp
        ],
    )?;
    let member_id = Uuid::now_v7();
    tx.execute(
        "INSERT INTO organization_members (id, organization_id, user_id, role, joined_at, created_at)
         VALUES (?1, ?2, ?3, 'owner', ?4, ?4)",
        params![member_id.to_string(), actor.organization_id.to_string(), actor.user_id.to_string(), stamp],
    )?;
    for (table, id) in [
        (&USERS, actor.user_id),
        (&ORGANIZATIONS, actor.organization_id),
        (&ORGANIZATION_MEMBERS, member_id),
    ] {
        audit(
            &tx,
            &actor,
            "create",
            table,
            Some(id),
            json!({ "reason": "local profile created" }),
        )?;
    }
    settings::set(&tx, PROFILE_USER, &actor.user_id.to_string())?;
    settings::set(&tx, ACTIVE_ORG, &actor.organization_id.to_string())?;
    tx.commit()?;
    Ok(actor)
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The actor for this profile: its user in `organization` (an id or slug) when given,
/// else in the active organisation.
pub fn actor(conn: &Connection, organization: Option<&str>) -> Result<Actor> {
    let user_id = parse_id(
        PROFILE_USER,
        &settings::get(conn, PROFILE_USER)?.ok_or(Error::NoProfile)?,
    )?;
    let organization_id = match organization {
        Some(wanted) => find_organization(conn, user_id, wanted)?,
        None => parse_id(
            ACTIVE_ORG,
            &settings::get(conn, ACTIVE_ORG)?.ok_or(Error::NoProfile)?,
        )?,
    };
    let mut actor = Actor::new(user_id, organization_id);
    actor.read_only = matches!(role(conn, &actor)?.as_deref(), Some("viewer" | "client"));
    Ok(actor)
}

/// The person's role in the actor's organisation as the server last said (each sync
/// round adopts the members); `None` for a profile that never synced, which owns its data.
pub fn role(conn: &Connection, actor: &Actor) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT role FROM organization_members
             WHERE organization_id = ?1 AND user_id = ?2 AND deleted_at IS NULL",
        )?
        .query_row(
            params![actor.organization_id.to_string(), actor.user_id.to_string()],
            |r| r.get(0),
        )
        .optional()?)
}

/// An organisation the user belongs to, by id or slug.
fn find_organization(conn: &Connection, user_id: Uuid, wanted: &str) -> Result<Uuid> {
    let found: Option<String> = conn
        .query_row(
            "SELECT o.id FROM organizations o
             WHERE (o.id = ?1 OR o.slug = ?1) AND o.deleted_at IS NULL
               AND (o.owner_id = ?2 OR o.id IN (SELECT organization_id FROM organization_members
                                                WHERE user_id = ?2 AND deleted_at IS NULL))",
            params![wanted.to_ascii_lowercase(), user_id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    let id = found.ok_or_else(|| {
        Error::invalid(
            "org",
            format!("no organization \"{wanted}\" that you belong to"),
        )
    })?;
    parse_id("org", &id)
}

/// Makes this profile another person in another organisation: signing in to a sync
/// server adopts the server's account and organisation (their rows must exist).
pub fn adopt(conn: &Connection, actor: &Actor) -> Result<()> {
    settings::set(conn, PROFILE_USER, &actor.user_id.to_string())?;
    settings::set(conn, ACTIVE_ORG, &actor.organization_id.to_string())
}

/// Makes another organisation the active one.
pub fn switch_organization(conn: &Connection, organization: &str) -> Result<Actor> {
    let current = actor(conn, None)?;
    let organization_id = find_organization(conn, current.user_id, organization)?;
    settings::set(conn, ACTIVE_ORG, &organization_id.to_string())?;
    actor(conn, None)
}

/// When the active organisation is `org` (one the person no longer syncs and whose copy
/// went), another of theirs becomes active: the oldest they still belong to.
pub fn leave_if_active(conn: &Connection, user: Uuid, org: Uuid) -> Result<()> {
    if settings::get(conn, ACTIVE_ORG)?.as_deref() != Some(org.to_string().as_str()) {
        return Ok(());
    }
    let still_there: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM organizations WHERE id = ?1)",
        [org.to_string()],
        |r| r.get(0),
    )?;
    if still_there {
        return Ok(());
    }
    let next: Option<String> = conn
        .query_row(
            "SELECT o.id FROM organizations o JOIN organization_members m ON m.organization_id = o.id
             WHERE m.user_id = ?1 AND m.deleted_at IS NULL AND o.deleted_at IS NULL
             ORDER BY o.created_at, o.id LIMIT 1",
            [user.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    match next {
        Some(id) => settings::set(conn, ACTIVE_ORG, &id),
        None => Err(Error::invalid(
            "org",
            "this device holds no other organization of yours; create one first",
        )),
    }
}

/// A new organisation: its name, its slug (public addresses carry it; made from the name
/// when not given) and, for a client workspace, its agency.
#[derive(Debug, Clone, Default)]
pub struct NewOrganization {
    pub name: String,
    pub slug: Option<String>,
    pub parent: Option<Uuid>,
}

impl NewOrganization {
    /// The slug asked for, or one made from the name ("Acme Dental" → "acme-dental").
    pub fn slug(&self) -> Result<String> {
        let slug = match &self.slug {
            Some(s) if !s.trim().is_empty() => s.trim().to_ascii_lowercase(),
            _ => crate::values::slugify(&self.name),
        };
        if slug.is_empty() {
            return Err(Error::invalid("slug", "give a slug: the name has no letters or digits"));
        }
        Ok(slug)
    }
}

/// Creates an organisation owned by the profile user, with their owner membership.
pub fn create_organization(
    conn: &mut Connection,
    actor: &Actor,
    new: &NewOrganization,
) -> Result<Organization> {
    let mut fields = json!({ "name": new.name, "slug": new.slug()?, "size": "1-10", "status": "active" });
    if let Some(parent) = new.parent {
        fields["parent_id"] = json!(parent);
    }
    let org = records::create(
        conn,
        actor,
        &ORGANIZATIONS,
        fields.as_object().cloned().unwrap_or_default(),
    )?;
    let org: Organization = records::as_record(org)?;
    // Its creator owns it, whatever their role where they were.
    let in_new_org = Actor {
        organization_id: org.id,
        read_only: false,
        ..*actor
    };
    records::create(
        conn,
        &in_new_org,
        &ORGANIZATION_MEMBERS,
        json!({ "user_id": actor.user_id, "role": "owner", "joined_at": now(actor) })
            .as_object()
            .cloned()
            .unwrap_or_default(),
    )?;
    Ok(org)
}

/// The profile as the app shows it.
pub fn load(conn: &Connection) -> Result<Profile> {
    let actor = actor(conn, None)?;
    let user = records::as_record(records::get(conn, &actor, &USERS, actor.user_id)?)?;
    let page = records::list(
        conn,
        &actor,
        &ORGANIZATIONS,
        &ListQuery {
            sort: Some(records::Sort {
                field: "name".into(),
                desc: false,
            }),
            limit: Some(records::MAX_LIMIT),
            deleted: Deleted::Exclude,
            ..ListQuery::default()
        },
    )?;
    let organizations = page
        .items
        .into_iter()
        .map(records::as_record)
        .collect::<Result<Vec<Organization>>>()?;
    Ok(Profile {
        user,
        organizations,
        active_organization_id: actor.organization_id,
        role: role(conn, &actor)?,
    })
}
