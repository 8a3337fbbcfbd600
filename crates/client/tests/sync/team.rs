//! Managing a team on the server (roles, removal, pending invitations, revoking), and
//! the `client` role: an agency's client reads their bookings, invoices and forms and
//! never receives or writes the CRM's internals.

use aio_core::records::{self, Actor};
use aio_core::tables::{CALENDARS, CONTACTS, CONTACT_NOTES, EVENTS};
use aio_sync::{Error, Join};
use serde_json::json;

use crate::device::Device;
use crate::{add_contact, obj, setup};

fn role_of(d: &Device, email: &str) -> String {
    d.client()
        .members(&d.conn, None)
        .expect("the members")
        .into_iter()
        .find(|m| m.email == email)
        .unwrap_or_else(|| panic!("{email} among the members"))
        .role
}

#[test]
fn owners_and_admins_manage_roles_and_the_last_owner_stays() {
    let (_dir, _hub, devices) = setup(&["admin", "member"]);
    let (owner, admin, member) = (&devices[0], &devices[1], &devices[2]);
    let member_id = member.actor.user_id;

    let members = owner.client().members(&owner.conn, None).expect("members");
    assert_eq!(
        members.len(),
        3,
        "the owner, the admin and the member: {members:?}"
    );
    assert!(
        members.iter().all(|m| m.joined_at.is_some()),
        "every member has a joined date: {members:?}"
    );

    let refused = member
        .client()
        .set_role(&member.conn, None, admin.actor.user_id, "viewer")
        .expect_err("a member manages nobody");
    assert!(
        matches!(&refused, Error::Forbidden(m) if m.contains("only owners and admins manage the team; you are member")),
        "the member is told why: {refused}"
    );

    let refused = admin
        .client()
        .set_role(&admin.conn, None, member_id, "owner")
        .expect_err("an admin makes no owner");
    assert!(
        matches!(&refused, Error::Forbidden(m) if m.contains("only an owner")),
        "the admin is told why: {refused}"
    );

    let refused = admin
        .client()
        .set_role(&admin.conn, None, member_id, "boss")
        .expect_err("an unknown role");
    assert!(
        refused
            .to_string()
            .contains("role: must be owner, admin, member, viewer or client"),
        "the field and the roles: {refused}"
    );

    admin
        .client()
        .set_role(&admin.conn, None, member_id, "viewer")
        .expect("an admin makes a member a viewer");
    assert_eq!(role_of(owner, "member2@sim.test"), "viewer");

    let refused = owner
        .client()
        .set_role(&owner.conn, None, owner.actor.user_id, "admin")
        .expect_err("the last owner stays owner");
    assert!(
        refused
            .to_string()
            .contains("role: the organization's last owner stays owner"),
        "the last owner is told why: {refused}"
    );
    let refused = owner
        .client()
        .remove_member(&owner.conn, None, owner.actor.user_id)
        .expect_err("the last owner cannot leave");
    assert!(
        refused.to_string().contains("last owner cannot be removed"),
        "the last owner is told why: {refused}"
    );
    let refused = admin
        .client()
        .remove_member(&admin.conn, None, owner.actor.user_id)
        .expect_err("an admin removes no owner");
    assert!(
        matches!(&refused, Error::Forbidden(m) if m.contains("only an owner removes an owner")),
        "the admin is told why: {refused}"
    );

    // A second owner: now the first may step down.
    owner
        .client()
        .set_role(&owner.conn, None, admin.actor.user_id, "owner")
        .expect("an owner makes another owner");
    owner
        .client()
        .set_role(&owner.conn, None, owner.actor.user_id, "admin")
        .expect("one of two owners steps down");
    assert_eq!(role_of(owner, "owner@sim.test"), "admin");
    assert_eq!(role_of(owner, "admin1@sim.test"), "owner");
}

#[test]
fn a_removed_member_is_refused_from_then_on() {
    let (_dir, _hub, mut devices) = setup(&["member"]);
    let member_id = devices[1].actor.user_id;
    devices[0]
        .client()
        .remove_member(&devices[0].conn, None, member_id)
        .expect("the owner removes the member");
    assert!(
        !devices[0]
            .client()
            .members(&devices[0].conn, None)
            .expect("members")
            .iter()
            .any(|m| m.id == member_id),
        "the member is gone from the list"
    );
    // The removed member's device finds the membership ended, stops syncing it at once
    // and keeps its copy read-only (their choice by default).
    let round = devices[1].sync().expect("the removed member's sync");
    assert_eq!(round.ended.len(), 1, "{round:?}");
    assert_eq!(
        round.ended[0].organization_id,
        devices[0].actor.organization_id
    );
    assert!(round.ended[0].kept, "{round:?}");
    let link = aio_sync::link(&devices[1].conn)
        .expect("link")
        .expect("signed in");
    assert!(
        !link.syncs(devices[0].actor.organization_id),
        "no longer synced"
    );
    let again = devices[0]
        .client()
        .remove_member(&devices[0].conn, None, member_id)
        .expect_err("no such member any more");
    assert!(again.to_string().contains("no member"), "{again}");
}

#[test]
fn pending_invitations_are_listed_and_a_revoked_code_no_longer_joins() {
    let (dir, hub, devices) = setup(&[]);
    let owner = &devices[0];
    let invite = owner
        .client()
        .invite(&owner.conn, None, "cleo@client.test", "client")
        .expect("an invitation for a client");
    let pending = owner
        .client()
        .invitations(&owner.conn, None)
        .expect("pending");
    assert_eq!(pending.len(), 1, "one pending invitation: {pending:?}");
    assert_eq!(pending[0].id, invite.id);
    assert_eq!(pending[0].email, "cleo@client.test");
    assert_eq!(pending[0].role, "client");
    assert_eq!(pending[0].invited_by, "Olivia Owner");
    assert_eq!(pending[0].expires_at, invite.expires_at);

    owner
        .client()
        .revoke_invitation(&owner.conn, None, invite.id)
        .expect("the owner revokes it");
    assert!(
        owner
            .client()
            .invitations(&owner.conn, None)
            .expect("pending")
            .is_empty(),
        "a revoked invitation is no longer pending"
    );
    let mut cleo = Device::new(dir.path(), "cleo", &hub, 77);
    let line = crate::hub::Line::to(&hub);
    let refused = aio_sync::Client::new(&line)
        .sign_in(
            &mut cleo.conn,
            "http://hub.test",
            "cleo@client.test",
            crate::device::PASSWORD,
            Join::SignUpWithInvite {
                name: "Cleo Client",
                invite: &invite.code,
            },
        )
        .expect_err("a revoked code");
    assert!(
        refused.to_string().contains("invite: was revoked"),
        "the person is told the invitation was revoked: {refused}"
    );
    let again = owner
        .client()
        .revoke_invitation(&owner.conn, None, invite.id)
        .expect_err("revoked twice");
    assert!(
        again.to_string().contains("no pending invitation"),
        "{again}"
    );
}

/// Documents of `table` this device holds: whatever a pull or bootstrap brought, stored
/// or still waiting for a parent.
fn documents(d: &Device, table: &str) -> i64 {
    d.conn
        .query_row(
            "SELECT count(*) FROM sync_docs WHERE table_name = ?1",
            [table],
            |r| r.get(0),
        )
        .expect("sync_docs")
}

#[test]
fn a_client_receives_their_bookings_with_the_contacts_they_name_but_no_crm_internals_and_a_clients_contact_is_refused(
) {
    let (dir, hub, mut devices) = setup(&["client"]);
    let owner = devices[0].actor;
    let ada = add_contact(&mut devices[0], "Ada", "ada@client.test");
    records::create(
        &mut devices[0].conn,
        &owner,
        &CONTACT_NOTES,
        obj(json!({"contact_id": ada, "content": "Prefers mornings; budget is tight"})),
    )
    .expect("a note");
    let calendar = records::create(
        &mut devices[0].conn,
        &owner,
        &CALENDARS,
        obj(json!({"name": "Consultations", "color": "#3366ff"})),
    )
    .expect("a calendar");
    records::create(
        &mut devices[0].conn,
        &owner,
        &EVENTS,
        obj(json!({
            "calendar_id": calendar["id"],
            "contact_id": ada,
            "title": "Kick-off with Ada",
            "start_time": "2026-12-10T09:00:00.000Z",
            "end_time": "2026-12-10T10:00:00.000Z",
        })),
    )
    .expect("a booking");
    devices[0].sync().expect("the owner's sync");

    // Pulled after the first sync, and bootstrapped by the client's second device.
    devices[1].sync().expect("the client's pull");
    let mut tablet = Device::new(dir.path(), "client-tablet", &hub, 99);
    tablet.sign_in("client1@sim.test", Join::LogIn { invite: None });
    tablet.sync().expect("the tablet's bootstrap");
    for d in [&devices[1], &tablet] {
        assert_eq!(d.rows(&CALENDARS).len(), 1, "{} reads the calendar", d.name);
        let events = d.rows(&EVENTS);
        assert_eq!(events.len(), 1, "{} reads the booking", d.name);
        // The booking's contact came with it: nothing waits for a parent.
        assert_eq!(
            events[0]["contact_id"],
            json!(ada.to_string()),
            "{}",
            d.name
        );
        assert_eq!(
            d.rows(&CONTACTS).len(),
            1,
            "{} holds the booking's contact",
            d.name
        );
        assert_eq!(documents(d, "contact_notes"), 0, "{} holds no note", d.name);
        assert_eq!(
            d.conn
                .query_row("SELECT count(*) FROM sync_pending", [], |r| r
                    .get::<_, i64>(0))
                .expect("sync_pending"),
            0,
            "{}: no row waits for a parent",
            d.name
        );
    }
    assert_eq!(
        documents(&devices[0], "contact_notes"),
        1,
        "the owner's device holds the note"
    );
    assert!(devices[1].actor.read_only, "a client's actor reads only");

    // The app refuses first; a device that wrote anyway is refused by the server.
    let client = devices[1].actor;
    let refused = records::create(
        &mut devices[1].conn,
        &client,
        &CONTACTS,
        obj(json!({"first_name": "Eve", "last_name": "L", "email": "eve@client.test"})),
    )
    .expect_err("the record path refuses a client");
    assert!(
        refused.to_string().contains("viewer or client"),
        "{refused}"
    );
    let writer = Actor::new(devices[1].actor.user_id, devices[1].actor.organization_id);
    records::create(
        &mut devices[1].conn,
        &writer,
        &CONTACTS,
        obj(json!({"first_name": "Eve", "last_name": "L", "email": "eve@client.test"})),
    )
    .expect("written locally past the record path's check");
    let round = devices[1].sync().expect("the client's push");
    // The contact and the trigger event its insert raised.
    assert_eq!(
        round.pushed, 0,
        "nothing of the client's is taken: {round:?}"
    );
    assert!(
        round.refused[0].contains("(contacts "),
        "{:?}",
        round.refused
    );
    assert!(
        round
            .refused
            .iter()
            .all(|r| r.contains("clients can read their bookings, invoices and forms")),
        "the refusal names the role: {:?}",
        round.refused
    );
    let kept = devices[1].rows(&CONTACTS);
    assert_eq!(kept.len(), 1, "the refused contact is undone: {kept:?}");
    assert_eq!(kept[0]["email"], json!("ada@client.test"));
    devices[0].sync().expect("the owner's pull");
    assert_eq!(
        devices[0].rows(&CONTACTS).len(),
        1,
        "only the owner's contact"
    );
}
