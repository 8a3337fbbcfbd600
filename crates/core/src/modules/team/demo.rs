//! Demo rows of the team module (see [`crate::demo`]).

use serde_json::json;

use crate::demo::{Demo, Gen, row};
use crate::error::Result;
use super::tables::{ORGANIZATION_MEMBERS, USERS};

const TEAM: &[(&str, &str, &str)] = &[
    ("Maya", "Fischer", "manager"),
    ("Daniel", "Okafor", "user"),
    ("Sara", "Lindqvist", "user"),
    ("Tom", "Becker", "user"),
    ("Lucía", "Romero", "user"),
    ("Ben", "Carter", "client"),
];

const TEAM_ROLES: &[&str] = &["admin", "member", "member", "member", "member", "viewer"];

/// Writes this module's demo rows.
pub fn generate(d: &mut Demo, g: &mut Gen) -> Result<()> {
    let me = d.me.clone();
    let org_tag = d.org_tag.clone();

    // Team: users, their memberships.
    let mut team = vec![me.clone()];
    let mut users = Vec::new();
    let mut members = Vec::new();
    for (i, (first, last, role)) in TEAM.iter().enumerate() {
        let id = g.id();
        users.push(row(json!({
            "id": id, "email": format!("{}.{}.{org_tag}@brightleaf.example", first.to_lowercase(), last.to_lowercase()),
            "first_name": first, "last_name": last, "phone": g.phone(), "role": role,
            "timezone": g.pick(&["America/New_York", "Europe/Berlin", "Europe/London", "America/Denver"]),
            "is_email_verified": true, "last_login_at": g.past(7), "created_at": g.past(700),
        })));
        members.push(row(json!({ "user_id": id, "role": TEAM_ROLES[i], "joined_at": g.past(700), "permissions": [] })));
        team.push(id);
        d.team_names.push(first.to_string());
    }
    d.put(&USERS, users)?;
    d.put(&ORGANIZATION_MEMBERS, members)?;

    d.team = team;
    Ok(())
}
