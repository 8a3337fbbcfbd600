//! Changes the server refuses never wedge a device: the round goes on, the refused change
//! is undone back to the server's state with the person told what and why, and the device
//! keeps receiving everyone else's edits (aio_core::sync::undo).

use aio_core::records;
use aio_core::sync::{self, undo};
use aio_core::tables::{CONTACTS, CONTACT_NOTES};
use serde_json::json;

use super::*;

/// Sets `device`'s role in its organisation on the server, as an admin would.
fn set_role_on_server(hub: &Hub, device: &Device, role: &str) {
    let server = rusqlite::Connection::open(hub.file()).expect("the server's file");
    let account = device.actor.user_id.to_string();
    let changed = server
        .execute(
            "UPDATE memberships SET role = ?1 WHERE account_id = ?2",
            [role, &account],
        )
        .expect("a role change");
    assert_eq!(changed, 1, "{} has one membership", device.name);
}

fn contact(d: &Device, id: Uuid) -> Row {
    records::get(&d.conn, &d.actor, &CONTACTS, id).expect("the contact")
}

fn rename(d: &mut Device, id: Uuid, first: &str) {
    let actor = d.actor;
    records::update(
        &mut d.conn,
        &actor,
        &CONTACTS,
        id,
        obj(json!({ "first_name": first })),
    )
    .expect("an edit");
}

/// Every device agrees with the first and has nothing waiting.
fn converged(devices: &[Device]) {
    assert_eq!(
        differences(devices),
        Vec::<String>::new(),
        "replicas differ"
    );
    for d in devices {
        assert_eq!(
            d.problems(),
            Vec::<String>::new(),
            "{} is unhealthy",
            d.name
        );
    }
}

#[test]
fn a_viewers_edit_is_undone_and_the_viewer_keeps_receiving_everyone_elses() {
    let (_dir, hub, mut devices) = setup(&["viewer"]);
    let ada = add_contact(&mut devices[0], "Ada", "ada@client.test");
    devices[0].sync().expect("the owner's round");
    devices[1].sync().expect("the viewer has Ada");
    let before = log_length(&hub);

    // An edit written straight into the viewer's database (the write is captured like any
    // other and pushed).
    let viewer = &mut devices[1];
    viewer
        .conn
        .execute(
            "UPDATE contacts SET first_name = 'Hacked' WHERE id = ?1",
            [ada.to_string()],
        )
        .expect("a hand edit");
    let round = viewer
        .sync()
        .expect("a refused change does not stop the round");
    assert_eq!(round.undone, 1, "one row undone: {round:?}");
    assert!(
        round.refused[0].contains("viewers can read but not change"),
        "the refusal says why: {:?}",
        round.refused
    );
    assert_eq!(log_length(&hub), before, "the server stored nothing");
    assert_eq!(
        contact(viewer, ada)["first_name"],
        "Ada",
        "back to the server's state"
    );
    let told = undo::list(&viewer.conn, 10).expect("what was undone");
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].before.as_ref().unwrap()["first_name"], "Hacked");
    assert_eq!(told[0].after.as_ref().unwrap()["first_name"], "Ada");
    assert_eq!(
        told[0].reason, "viewers can read but not change an organization's data",
        "the reason as a person reads it"
    );
    assert!(
        told[0]
            .changes()
            .contains(&("first_name".into(), "\"Hacked\"".into(), "\"Ada\"".into())),
        "{:?}",
        told[0].changes()
    );
    assert_eq!(undo::unseen(&viewer.conn).expect("unseen"), 1);

    // Nothing is retried: the next round pushes nothing and refuses nothing.
    let again = viewer.sync().expect("the next round");
    assert_eq!(
        (again.pushed, again.refused.len(), again.pending),
        (0, 0, 0)
    );

    // The owner's later edit of the same contact reaches the viewer.
    rename(&mut devices[0], ada, "Augusta");
    devices[0].sync().expect("the owner's edit goes up");
    devices[1].sync().expect("the viewer's round");
    assert_eq!(contact(&devices[1], ada)["first_name"], "Augusta");
    converged(&devices);
}

#[test]
fn a_member_demoted_while_offline_gets_ten_edits_undone_and_converges() {
    let (_dir, hub, mut devices) = setup(&["member"]);
    let ids: Vec<Uuid> = (0..5)
        .map(|i| {
            add_contact(
                &mut devices[0],
                &format!("Known{i}"),
                &format!("known{i}@client.test"),
            )
        })
        .collect();
    devices[0].sync().expect("the owner's contacts go up");
    devices[1].sync().expect("the member has them");

    // Offline, the member makes ten changes: four edits, a trashed contact, three new
    // contacts and notes on two of them.
    let member = &mut devices[1];
    let actor = member.actor;
    for (i, id) in ids[..4].iter().enumerate() {
        rename(member, *id, &format!("Edited{i}"));
    }
    records::delete(&mut member.conn, &actor, &CONTACTS, ids[4]).expect("a trashed contact");
    let new: Vec<Uuid> = (0..3)
        .map(|i| add_contact(member, &format!("New{i}"), &format!("new{i}@client.test")))
        .collect();
    for id in &new[..2] {
        records::create(
            &mut member.conn,
            &actor,
            &CONTACT_NOTES,
            obj(json!({ "contact_id": id.to_string(), "content": "met offline" })),
        )
        .expect("a note");
    }
    // The ten rows, and the `contact_created` event each new contact raised.
    let changed = 10 + 3;
    assert_eq!(
        sync::pending_changes(&member.conn).expect("pending"),
        changed
    );

    set_role_on_server(&hub, &devices[1], "viewer");
    let before = log_length(&hub);
    let round = devices[1].sync().expect("the round goes on");
    assert_eq!(
        round.undone, changed as usize,
        "every change undone: {round:?}"
    );
    assert_eq!(round.refused.len(), changed as usize);
    assert_eq!(log_length(&hub), before, "the server stored nothing");
    let member = &devices[1];
    for (i, id) in ids.iter().enumerate() {
        assert_eq!(contact(member, *id)["first_name"], format!("Known{i}"));
    }
    assert!(
        contact(member, ids[4])["deleted_at"].is_null(),
        "the trashed contact is back"
    );
    let emails: Vec<String> = member
        .rows(&CONTACTS)
        .iter()
        .map(|r| r["email"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(
        emails.iter().all(|e| !e.starts_with("new")),
        "the contacts the server never had are gone: {emails:?}"
    );
    assert!(member.rows(&CONTACT_NOTES).is_empty(), "and their notes");
    let told = undo::list(&member.conn, 20).expect("what was undone");
    assert_eq!(told.len(), changed as usize);
    assert!(
        told.iter().any(|u| u.before.is_some() && u.after.is_none()),
        "created rows removed"
    );

    // Everyone converges, and the demoted member keeps receiving the owner's edits.
    rename(&mut devices[0], ids[0], "AfterDemotion");
    devices[0].sync().expect("the owner's round");
    devices[1].sync().expect("the member's round");
    assert_eq!(contact(&devices[1], ids[0])["first_name"], "AfterDemotion");
    converged(&devices);
}

#[test]
fn an_update_the_servers_checks_refuse_is_undone_and_later_edits_of_the_row_go_through() {
    let (_dir, _hub, mut devices) = setup(&["member"]);
    let ada = add_contact(&mut devices[0], "Ada", "ada@client.test");
    devices[0].sync().expect("the owner's round");
    let member = &mut devices[1];
    member.sync().expect("the member has Ada");

    // The member's database is edited by hand to move the contact into another
    // organisation: the server's checks refuse it.
    let elsewhere = Uuid::now_v7().to_string();
    let org = member.actor.organization_id;
    member
        .conn
        .execute_batch(&format!(
            "CREATE TEMP TABLE copy AS SELECT * FROM organizations WHERE id = '{org}';
             UPDATE copy SET id = '{elsewhere}', slug = 'elsewhere';
             INSERT INTO organizations SELECT * FROM copy;
             UPDATE contacts SET organization_id = '{elsewhere}', first_name = 'Moved' WHERE id = '{ada}';"
        ))
        .expect("a hand edit");
    let round = member.sync().expect("the round goes on");
    assert_eq!(round.undone, 1, "{round:?}");
    assert!(round.refused[0].contains("cannot move a row to another organization"));
    let undone = undo::list(&member.conn, 5).expect("undone");
    assert!(
        undone[0].reason.contains("organization_id"),
        "{:?}",
        undone[0].reason
    );
    let back = contact(member, ada);
    assert_eq!(back["organization_id"], json!(org.to_string()));
    assert_eq!(back["first_name"], "Ada");

    // The next edit of the same row builds on the server's state and is taken.
    rename(member, ada, "Ada Augusta");
    let round = member.sync().expect("the next round");
    assert_eq!((round.pushed, round.refused.len()), (1, 0), "{round:?}");
    devices[0].sync().expect("the owner's round");
    assert_eq!(contact(&devices[0], ada)["first_name"], "Ada Augusta");
    converged(&devices);
}

#[test]
fn a_viewers_device_refuses_writes_itself_naming_the_role_in_every_writer() {
    let (_dir, hub, mut devices) = setup(&["member"]);
    let ada = add_contact(&mut devices[0], "Ada", "ada@client.test");
    devices[0].sync().expect("the owner's round");
    let member = &mut devices[1];
    member.sync().expect("the member has Ada");
    rename(member, ada, "Ada L");

    // Demoted: the next round tells the device, whose core then refuses as the server would.
    set_role_on_server(&hub, &devices[1], "viewer");
    devices[1]
        .sync()
        .expect("the round (its edit was pushed before the demotion took)");
    let viewer = &mut devices[1];
    let actor = aio_core::team::profile::actor(&viewer.conn, None).expect("the actor");
    assert!(actor.read_only, "the device knows its person is a viewer");
    let refusals = [
        records::update(
            &mut viewer.conn,
            &actor,
            &CONTACTS,
            ada,
            obj(json!({"first_name": "V"})),
        )
        .expect_err("an edit"),
        records::create(
            &mut viewer.conn,
            &actor,
            &CONTACTS,
            obj(json!({"first_name": "N", "last_name": "L", "email": "n@client.test"})),
        )
        .expect_err("a new contact"),
        records::delete(&mut viewer.conn, &actor, &CONTACTS, ada).expect_err("a trash"),
        records::create_many(
            &mut viewer.conn,
            &actor,
            &CONTACTS,
            vec![obj(
                json!({"first_name": "B", "last_name": "L", "email": "b@client.test"}),
            )],
            "import",
        )
        .expect_err("a bulk write"),
    ];
    for e in refusals {
        assert!(
            e.to_string().contains("your role here is viewer or client"),
            "the refusal names the role: {e}"
        );
    }
    assert_eq!(
        sync::pending_changes(&viewer.conn).expect("pending"),
        0,
        "nothing waits"
    );
    let profile = aio_core::team::profile::load(&viewer.conn).expect("profile");
    assert_eq!(profile.role.as_deref(), Some("viewer"));
}

/// A workspace made on a signed-in device beside the synced one stays on the device: none
/// of its rows is pushed (the server would refuse them, and undoing a refusal deletes a
/// row the server never had), and the synced organisation syncs on as before.
#[test]
fn a_second_workspace_on_a_signed_in_device_stays_whole_and_is_not_pushed() {
    let (_dir, hub, mut devices) = setup(&["member"]);
    let owner = devices[0].actor;
    let local = aio_core::team::profile::create_organization(
        &mut devices[0].conn,
        &owner,
        &aio_core::team::profile::NewOrganization {
            name: "Side Project".into(),
            slug: Some("side-project".into()),
            parent: None,
        },
    )
    .expect("a second organisation");
    let in_local = aio_core::Actor::new(owner.user_id, local.id);
    let mut kept = Vec::new();
    for (first, email) in [("Lena", "lena@side.test"), ("Omar", "omar@side.test")] {
        let row = records::create(
            &mut devices[0].conn,
            &in_local,
            &CONTACTS,
            obj(json!({"first_name": first, "last_name": "L", "email": email})),
        )
        .expect("a contact of the second workspace");
        let id = Uuid::parse_str(row["id"].as_str().expect("id")).expect("uuid");
        records::create(
            &mut devices[0].conn,
            &in_local,
            &CONTACT_NOTES,
            obj(json!({"contact_id": id.to_string(), "content": "met at the fair"})),
        )
        .expect("a note under it");
        kept.push(id);
    }
    let synced = add_contact(&mut devices[0], "Ada", "ada@client.test");
    let before = log_length(&hub);

    let round = devices[0].sync().expect("the round");
    assert!(round.refused.is_empty(), "nothing refused: {round:?}");
    assert_eq!(round.undone, 0, "nothing undone: {round:?}");
    assert!(
        log_length(&hub) > before,
        "the synced organisation's contact went"
    );
    for id in &kept {
        let row = records::get(&devices[0].conn, &in_local, &CONTACTS, *id)
            .expect("the second workspace's contact is still there");
        assert!(row.get("deleted_at").is_none_or(serde_json::Value::is_null));
    }
    let notes: i64 = devices[0]
        .conn
        .query_row(
            "SELECT count(*) FROM contact_notes n JOIN contacts c ON c.id = n.contact_id
             WHERE c.organization_id = ?1",
            [local.id.to_string()],
            |r| r.get(0),
        )
        .expect("notes");
    assert_eq!(notes, 2, "and their notes");
    assert_eq!(
        sync::pending_changes(&devices[0].conn).expect("pending"),
        0,
        "nothing waits for ever"
    );
    // The server has none of it; the second device gets the synced contact only.
    let server = rusqlite::Connection::open(hub.file()).expect("the server's file");
    for id in kept.iter().chain([&local.id]) {
        let stored: i64 = server
            .query_row(
                "SELECT count(*) FROM rows WHERE row_id = ?1",
                [id.to_string()],
                |r| r.get(0),
            )
            .expect("rows");
        assert_eq!(stored, 0, "{id} never reached the server");
    }
    devices[1].sync().expect("the other device's round");
    let ids: Vec<String> = devices[1]
        .rows(&CONTACTS)
        .iter()
        .filter_map(|r| r["id"].as_str().map(str::to_string))
        .collect();
    assert!(ids.contains(&synced.to_string()), "{ids:?}");
    assert!(!ids.contains(&kept[0].to_string()), "{ids:?}");
}
