//! One device, many organisations: each with its own cursor, bootstrap and role; new
//! memberships picked up by the next round, ended ones stopped at once; workspaces made
//! while signed in created on the server too; the link of earlier versions read.

use aio_core::records;
use aio_core::tables::CONTACTS;
use aio_core::team::profile::{self, NewOrganization};
use aio_core::Actor;
use aio_sync::{Link, WhenEnded};
use serde_json::json;
use uuid::Uuid;

use crate::device::{Device, PASSWORD};
use crate::hub::Hub;
use crate::{obj, setup};

/// A contact in organisation `org` on `d`, written as `d`'s user there.
fn contact_in(d: &mut Device, org: Uuid, name: &str) -> Result<Uuid, aio_core::Error> {
    let actor = profile::actor(&d.conn, Some(&org.to_string()))?;
    let row = records::create(
        &mut d.conn,
        &actor,
        &CONTACTS,
        obj(
            json!({"first_name": name, "last_name": "L", "email": format!("{}@client.test", name.to_lowercase())}),
        ),
    )?;
    Ok(Uuid::parse_str(row["id"].as_str().expect("id")).expect("uuid"))
}

/// First names of the live contacts of `org` on `d`, sorted.
fn names_in(d: &Device, org: Uuid) -> Vec<String> {
    d.conn
        .prepare("SELECT first_name FROM contacts WHERE organization_id = ?1 AND deleted_at IS NULL ORDER BY first_name")
        .expect("select")
        .query_map([org.to_string()], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("names")
}

fn link(d: &Device) -> Link {
    aio_sync::link(&d.conn)
        .expect("the link")
        .expect("signed in")
}

/// The server's head of `org` (its last sequence number).
fn head(hub: &Hub, org: Uuid) -> i64 {
    rusqlite::Connection::open(hub.file())
        .expect("the server's file")
        .query_row(
            "SELECT head FROM organizations WHERE id = ?1",
            [org.to_string()],
            |r| r.get(0),
        )
        .expect("the organisation's head")
}

/// Ends `account`'s membership of `org` on the server, as removing a member does.
fn remove_member(hub: &Hub, org: Uuid, account: Uuid) {
    let removed = rusqlite::Connection::open(hub.file())
        .expect("the server's file")
        .execute(
            "DELETE FROM memberships WHERE organization_id = ?1 AND account_id = ?2",
            [org.to_string(), account.to_string()],
        )
        .expect("remove the membership");
    assert_eq!(removed, 1, "the membership existed");
}

/// `owner` creates a workspace while signed in (on the server too), makes it active and
/// invites `email` to it as `role`; returns the workspace and the code.
fn workspace_with_invite(
    owner: &mut Device,
    name: &str,
    parent: Option<Uuid>,
    email: &str,
    role: &str,
) -> (Uuid, String) {
    let new = NewOrganization {
        name: name.into(),
        slug: None,
        parent,
    };
    let org = aio_sync::Client::new(&owner.line)
        .create_organization(&mut owner.conn, &new)
        .expect("a workspace made while signed in");
    profile::switch_organization(&owner.conn, &org.id.to_string()).expect("switch");
    let code = owner
        .client()
        .invite(&owner.conn, None, email, role)
        .expect("an invitation to the workspace")
        .code;
    (org.id, code)
}

#[test]
fn each_organization_has_its_own_cursor_role_and_rows() {
    let (_dir, hub, mut devices) = setup(&["member"]);
    let agency = devices[0].actor.organization_id;
    let member_email = "member1@sim.test";
    let (client, code) = workspace_with_invite(
        &mut devices[0],
        "Bright Dental",
        Some(agency),
        member_email,
        "viewer",
    );
    let org_row = records::get(
        &devices[0].conn,
        &devices[0].actor,
        &aio_core::tables::ORGANIZATIONS,
        client,
    )
    .expect("the workspace");
    assert_eq!(
        org_row["slug"], "bright-dental",
        "the slug is made from the name"
    );
    assert_eq!(org_row["parent_id"], json!(agency.to_string()));
    contact_in(&mut devices[0], client, "Clara").expect("a contact in the client workspace");
    contact_in(&mut devices[0], agency, "Agnes").expect("a contact in the agency");
    contact_in(&mut devices[0], agency, "Abel").expect("another, so the logs differ");
    let round = devices[0].sync().expect("the owner's round");
    assert_eq!(round.organizations.len(), 2, "{round:?}");
    assert!(round.refused.is_empty(), "{round:?}");

    // The member is invited to the client workspace as a viewer, and the next round picks
    // it up beside the agency, where they are a member.
    let member = &mut devices[1];
    member
        .client()
        .accept_invite(&member.conn, &code)
        .expect("the invitation taken while signed in");
    let round = member.sync().expect("the member's round");
    assert_eq!(round.joined, vec!["Bright Dental".to_string()], "{round:?}");
    assert_eq!(names_in(member, client), vec!["Clara"]);
    assert_eq!(names_in(member, agency), vec!["Abel", "Agnes"]);
    let l = link(member);
    for org in [agency, client] {
        let state = l.organization(org).expect("synced");
        assert!(state.bootstrapped);
        assert_eq!(
            state.cursor,
            head(&hub, org),
            "each cursor follows its own log"
        );
    }
    assert_ne!(head(&hub, agency), head(&hub, client));
    assert_eq!(l.organization(client).expect("synced").role, "viewer");

    // Read-only follows the organisation the write is in.
    let refused = contact_in(member, client, "Vera").expect_err("a viewer's write");
    assert!(refused.to_string().contains("viewer"), "{refused}");
    let written = contact_in(member, agency, "Mona").expect("a member's write");
    let round = member.sync().expect("the member pushes");
    assert_eq!(
        round.pushed, 2,
        "the contact and its event, to the agency: {round:?}"
    );
    devices[0].sync().expect("the owner pulls");
    assert!(names_in(&devices[0], agency).contains(&"Mona".to_string()));
    assert!(!names_in(&devices[0], client).contains(&"Mona".to_string()));
    let owner = devices[0].actor;
    let in_agency = Actor {
        organization_id: agency,
        ..owner
    };
    records::get(&devices[0].conn, &in_agency, &CONTACTS, written).expect("in the agency");
}

#[test]
fn a_workspace_kept_on_the_device_uploads_later_and_reaches_another_device() {
    let (dir, hub, mut devices) = setup(&[]);
    let owner = devices[0].actor;
    // Made with the core alone: this device only.
    let side = profile::create_organization(
        &mut devices[0].conn,
        &owner,
        &NewOrganization {
            name: "Side Project".into(),
            slug: None,
            parent: None,
        },
    )
    .expect("a local workspace");
    contact_in(&mut devices[0], side.id, "Sid").expect("a contact in it");
    let round = devices[0].sync().expect("a round");
    assert_eq!(round.pushed, 0, "nothing of it goes anywhere: {round:?}");
    assert!(!link(&devices[0]).syncs(side.id));

    let d = &mut devices[0];
    let state = aio_sync::Client::new(&d.line)
        .upload_organization(&mut d.conn, side.id, None)
        .expect("start syncing it");
    assert_eq!(state.role, "owner");
    let round = devices[0].sync().expect("the upload");
    assert!(round.refused.is_empty(), "{round:?}");
    assert!(round.pushed >= 2, "{round:?}");
    assert!(head(&hub, side.id) > 0, "the server has its rows");

    // The same person on a second device gets both workspaces.
    let mut laptop = Device::new(dir.path(), "laptop", &hub, 99);
    aio_sync::Client::new(&laptop.line)
        .sign_in(
            &mut laptop.conn,
            "http://hub.test",
            "owner@sim.test",
            PASSWORD,
            aio_sync::Join::LogIn { invite: None },
        )
        .expect("log in");
    laptop.sync().expect("the laptop's first round");
    assert_eq!(names_in(&laptop, side.id), vec!["Sid"]);
    assert_eq!(link(&laptop).organizations.len(), 2);

    // A slug the server has already is refused naming the field, and leaves nothing here.
    let taken = aio_sync::Client::new(&laptop.line)
        .create_organization(
            &mut laptop.conn,
            &NewOrganization {
                name: "Another".into(),
                slug: Some("side-project".into()),
                parent: None,
            },
        )
        .expect_err("a taken slug");
    assert!(taken.to_string().starts_with("slug:"), "{taken}");
    let left: i64 = laptop
        .conn
        .query_row(
            "SELECT count(*) FROM organizations WHERE name = 'Another'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(left, 0, "the refused workspace is not kept half made");
}

#[test]
fn a_membership_that_ends_stops_syncing_and_keeps_or_removes_the_copy() {
    let (_dir, hub, mut devices) = setup(&["member"]);
    let agency = devices[0].actor.organization_id;
    let email = "member1@sim.test";
    let (kept, code_kept) =
        workspace_with_invite(&mut devices[0], "Kept Co", Some(agency), email, "member");
    let (gone, code_gone) =
        workspace_with_invite(&mut devices[0], "Gone Co", Some(agency), email, "member");
    let (stays, code_stays) =
        workspace_with_invite(&mut devices[0], "Stays Co", Some(agency), email, "member");
    for org in [kept, gone, stays] {
        contact_in(&mut devices[0], org, "Ann").expect("a contact");
    }
    devices[0].sync().expect("the owner's round");
    let member_account = devices[1].actor.user_id;
    for code in [code_kept, code_gone, code_stays] {
        devices[1]
            .client()
            .accept_invite(&devices[1].conn, &code)
            .expect("joined");
    }
    devices[1].sync().expect("the member's round");
    assert_eq!(link(&devices[1]).organizations.len(), 4);

    // Removed from one workspace: by default the copy stays, read-only.
    remove_member(&hub, kept, member_account);
    let round = devices[1].sync().expect("the round after the removal");
    assert_eq!(round.ended.len(), 1, "{round:?}");
    assert!(round.ended[0].kept);
    assert!(
        round.ended[0].notice().contains("Kept Co"),
        "{}",
        round.ended[0].notice()
    );
    assert!(!link(&devices[1]).syncs(kept));
    assert_eq!(names_in(&devices[1], kept), vec!["Ann"], "the copy stays");
    let refused = contact_in(&mut devices[1], kept, "Late").expect_err("read-only");
    assert!(refused.to_string().contains("viewer"), "{refused}");

    // With "remove" chosen, the next ended membership takes its copy away.
    aio_sync::set_when_ended(&devices[1].conn, WhenEnded::Remove).expect("the choice");
    profile::switch_organization(&devices[1].conn, &gone.to_string()).expect("working in it");
    remove_member(&hub, gone, member_account);
    let round = devices[1].sync().expect("the next round");
    assert_eq!(round.ended.len(), 1, "{round:?}");
    assert!(!round.ended[0].kept);
    assert!(names_in(&devices[1], gone).is_empty(), "the copy went");
    let org_rows: i64 = devices[1]
        .conn
        .query_row(
            "SELECT count(*) FROM organizations WHERE id = ?1",
            [gone.to_string()],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(org_rows, 0);
    let active = profile::actor(&devices[1].conn, None).expect("an active organisation");
    assert_ne!(
        active.organization_id, gone,
        "another workspace became active"
    );

    // The others go on syncing both ways.
    contact_in(&mut devices[0], stays, "Bob").expect("the owner's edit");
    devices[0].sync().expect("pushed");
    let round = devices[1].sync().expect("pulled");
    assert!(round.ended.is_empty(), "{round:?}");
    assert_eq!(names_in(&devices[1], stays), vec!["Ann", "Bob"]);
    contact_in(&mut devices[1], stays, "Cy").expect("the member's edit");
    devices[1].sync().expect("pushed");
    devices[0].sync().expect("pulled");
    assert_eq!(names_in(&devices[0], stays), vec!["Ann", "Bob", "Cy"]);
    assert_eq!(
        names_in(&devices[0], kept),
        vec!["Ann"],
        "nothing of the removed member came"
    );

    // The kept copy is removed when the person asks.
    let removed = aio_sync::remove_ended(&mut devices[1].conn, kept).expect("remove the copy");
    assert!(removed > 0);
    assert!(names_in(&devices[1], kept).is_empty());
}

#[test]
fn agency_admins_reach_every_client_workspace_and_staff_only_theirs() {
    let (_dir, _hub, mut devices) = setup(&["admin", "member"]);
    let agency = devices[0].actor.organization_id;
    let (client, _) = workspace_with_invite(
        &mut devices[0],
        "Client A",
        Some(agency),
        "nobody@sim.test",
        "member",
    );
    contact_in(&mut devices[0], client, "Cleo").expect("a contact");
    devices[0].sync().expect("the owner's round");
    let round = devices[1].sync().expect("the agency admin's round");
    assert_eq!(round.joined, vec!["Client A".to_string()], "{round:?}");
    assert_eq!(names_in(&devices[1], client), vec!["Cleo"]);
    assert_eq!(
        link(&devices[1]).organization(client).expect("synced").role,
        "admin"
    );
    contact_in(&mut devices[1], client, "Ada").expect("an admin writes there");
    let round = devices[1].sync().expect("pushed");
    assert!(round.refused.is_empty(), "{round:?}");
    let round = devices[2].sync().expect("the staff member's round");
    assert!(round.joined.is_empty(), "{round:?}");
    assert!(!link(&devices[2]).syncs(client));
    assert!(names_in(&devices[2], client).is_empty());
}

#[test]
fn a_link_of_the_one_organization_version_is_read_and_stored_anew() {
    let (_dir, _hub, mut devices) = setup(&[]);
    let d = &mut devices[0];
    let now = link(d);
    let org = now.organizations[0].clone();
    let old = json!({
        "server": now.server, "email": now.email, "account_id": now.account_id,
        "device_id": now.device_id, "organization_id": org.organization_id,
        "role": org.role, "cursor": org.cursor, "bootstrapped": org.bootstrapped,
    });
    aio_core::settings::set(&d.conn, "sync_link", &old.to_string()).expect("an old link");
    let read = link(d);
    assert_eq!(
        read.organizations,
        vec![org.clone()],
        "the one organisation, with its cursor"
    );
    let stored = aio_core::settings::get(&d.conn, "sync_link")
        .expect("setting")
        .expect("stored");
    assert!(
        stored.contains("\"organizations\""),
        "migrated in place: {stored}"
    );
    let round = d.sync().expect("a round with the migrated link");
    assert_eq!(round.organizations.len(), 1);
    assert_eq!(round.pulled, 0, "the cursor was kept: {round:?}");
}

/// A line that ends a membership on the server just after the round listed the account's
/// organisations, before the organisation's own calls: the server then answers those as
/// not a member's.
struct RemovedMidRound<'h> {
    hub: &'h Hub,
    org: Uuid,
    account: Uuid,
}

impl aio_sync::Transport for RemovedMidRound<'_> {
    fn send(
        &self,
        _server: &str,
        request: aio_sync::transport::Request<'_>,
    ) -> Result<aio_sync::transport::Response, aio_sync::transport::Unreachable> {
        if request.path == format!("/v1/orgs/{}/members", self.org) {
            remove_member(self.hub, self.org, self.account);
        }
        Ok(self.hub.call(request))
    }
}

#[test]
fn an_organization_answered_as_not_yours_mid_round_stops_syncing_there() {
    let (_dir, hub, mut devices) = setup(&["member"]);
    let agency = devices[0].actor.organization_id;
    let (client, code) = workspace_with_invite(
        &mut devices[0],
        "Brief Co",
        Some(agency),
        "member1@sim.test",
        "member",
    );
    contact_in(&mut devices[0], client, "Ann").expect("a contact");
    devices[0].sync().expect("the owner's round");
    let member = &mut devices[1];
    member
        .client()
        .accept_invite(&member.conn, &code)
        .expect("joined");
    member.sync().expect("the member's round");
    let line = RemovedMidRound {
        hub: &hub,
        org: client,
        account: member.actor.user_id,
    };
    let round = aio_sync::Client::new(&line)
        .sync_now(&mut member.conn)
        .expect("the round goes on");
    assert_eq!(round.ended.len(), 1, "{round:?}");
    assert_eq!(round.ended[0].organization_id, client);
    assert_eq!(
        round.organizations.len(),
        1,
        "the agency still synced: {round:?}"
    );
    assert!(!link(member).syncs(client));
}
