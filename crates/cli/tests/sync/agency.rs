//! An agency and its client workspaces on a real `aio-crm serve`: the owner, two staff
//! members on two devices each. Every device holds exactly the workspaces its person
//! belongs to, edits land in the workspace they were made in, a member removed from one
//! workspace loses it on both devices while the others go on syncing, and a workspace
//! created on one device while signed in appears on the person's other device. The owner
//! works through the `aio-crm` binary (`org create --parent`, `org list`, `sync`). A
//! client of one workspace signs in and holds that workspace only, without its notes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use aio_core::db::Connection;
use aio_core::records;
use aio_core::tables::{CONTACTS, CONTACT_NOTES};
use aio_core::team::profile;
use aio_sync::Join;
use serde_json::json;
use uuid::Uuid;

use super::{obj, Device, Server, PASSWORD};

/// Runs `aio-crm --db <db> <args>`; its standard output, or a panic with its errors.
fn cli(db: &Path, args: &[&str]) -> (String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_aio-crm"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run aio-crm");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "aio-crm {args:?}: {stderr}");
    (stdout, stderr)
}

/// One person's device: its database file, and the library's view of it.
struct Laptop {
    file: PathBuf,
    device: Device,
}

impl Laptop {
    fn new(dir: &Path, name: &str) -> Laptop {
        Laptop {
            file: dir.join(format!("{name}.sqlite3")),
            device: Device::new(dir, name),
        }
    }

    fn conn(&mut self) -> &mut Connection {
        &mut self.device.conn
    }

    fn sync(&mut self) -> aio_sync::Round {
        let round = self.device.sync().expect("a sync round");
        assert!(round.refused.is_empty(), "{round:?}");
        round
    }

    /// The organisations this device syncs.
    fn synced(&self) -> BTreeSet<Uuid> {
        aio_sync::link(&self.device.conn)
            .expect("link")
            .expect("signed in")
            .organizations
            .iter()
            .map(|o| o.organization_id)
            .collect()
    }

    /// The organisations whose contacts this device holds.
    fn holding(&self) -> BTreeSet<Uuid> {
        self.device
            .conn
            .prepare("SELECT DISTINCT organization_id FROM contacts")
            .expect("select")
            .query_map([], |r| r.get::<_, String>(0))
            .expect("query")
            .map(|r| Uuid::parse_str(&r.expect("row")).expect("uuid"))
            .collect()
    }

    /// A contact in `org` written by this device's person there.
    fn contact(&mut self, org: Uuid, name: &str) {
        let actor = profile::actor(&self.device.conn, Some(&org.to_string())).expect("member");
        records::create(
            self.conn(),
            &actor,
            &CONTACTS,
            obj(json!({"first_name": name, "last_name": "L", "email": format!("{}@client.test", name.to_lowercase())})),
        )
        .unwrap_or_else(|e| panic!("{name} in {org}: {e}"));
    }

    /// First names of the contacts of `org` here.
    fn names(&self, org: Uuid) -> BTreeSet<String> {
        self.device
            .conn
            .prepare(
                "SELECT first_name FROM contacts WHERE organization_id = ?1 AND deleted_at IS NULL",
            )
            .expect("select")
            .query_map([org.to_string()], |r| r.get(0))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("names")
    }

    /// Invites `email` as `role` to `org`, acting in it; the code.
    fn invite(&mut self, org: Uuid, email: &str, role: &str) -> String {
        profile::switch_organization(&self.device.conn, &org.to_string()).expect("switch");
        aio_sync::invite(&self.device.conn, None, email, role)
            .expect("an invitation")
            .code
    }
}

fn org_id(json_line: &str) -> Uuid {
    let org: serde_json::Value = serde_json::from_str(json_line.trim()).expect("the new org");
    Uuid::parse_str(org["id"].as_str().expect("id")).expect("uuid")
}

#[test]
fn an_agency_its_client_workspaces_and_staff_on_two_devices_each() {
    let dir = tempfile::tempdir().expect("dir");
    let server = Server::start(&dir.path().join("server.sqlite3"), "127.0.0.1:0");
    agency_with_staff(dir.path(), &server.url(), &server.url());
}

/// The scenario with each person's first device on `url` and their second device on
/// `second_url` (the same server, or another process of one PostgreSQL database).
pub(super) fn agency_with_staff(dir: &Path, url: &str, second_url: &str) {
    let owner_email = format!("owner-{}@agency.test", Uuid::new_v4().simple());

    // The owner signs up with the agency; its slug comes from the name.
    let mut owner = Laptop::new(dir, "owner-1");
    aio_sync::sign_in(
        owner.conn(),
        url,
        &owner_email,
        PASSWORD,
        Join::SignUpWithOrganization {
            name: "Olivia Owner",
            organization_name: "Acme Agency",
        },
    )
    .expect("sign up");
    let agency = profile::actor(&owner.device.conn, None)
        .expect("actor")
        .organization_id;
    let slug: String = owner
        .device
        .conn
        .query_row(
            "SELECT slug FROM organizations WHERE id = ?1",
            [agency.to_string()],
            |r| r.get(0),
        )
        .expect("slug");
    assert!(
        slug.starts_with("acme-agency"),
        "not the local default: {slug}"
    );
    owner.sync();

    // The owner's second device, signed in before the client workspaces exist.
    let mut owner2 = Laptop::new(dir, "owner-2");
    aio_sync::sign_in(
        owner2.conn(),
        second_url,
        &owner_email,
        PASSWORD,
        Join::LogIn { invite: None },
    )
    .expect("log in");
    owner2.sync();

    // Three client workspaces, made with the CLI while signed in.
    let mut clients = Vec::new();
    for name in ["Bright Dental", "Cedar Law", "Dune Cafe"] {
        let (out, err) = cli(
            &owner.file,
            &["org", "create", "--name", name, "--parent", &slug],
        );
        assert!(err.contains("on the server too"), "{err}");
        clients.push(org_id(&out));
    }
    let (list, _) = cli(&owner.file, &["org", "list"]);
    assert!(
        list.contains("bright-dental Bright Dental [syncs] (client of"),
        "{list}"
    );
    assert_eq!(list.matches("[syncs]").count(), 4, "{list}");

    // They appear on the owner's other device with its next round.
    let (out, _) = cli(&owner2.file, &["sync"]);
    for name in ["Bright Dental", "Cedar Law", "Dune Cafe"] {
        assert!(out.contains(&format!("now syncing {name}")), "{out}");
    }
    assert_eq!(owner2.synced().len(), 4);

    // Two staff members of the agency, each assigned to two of the clients.
    let assigned = [vec![clients[0], clients[1]], vec![clients[1], clients[2]]];
    let mut staff: Vec<[Laptop; 2]> = Vec::new();
    for (i, theirs) in assigned.iter().enumerate() {
        let email = format!("staff{i}-{}@agency.test", Uuid::new_v4().simple());
        let to_agency = owner.invite(agency, &email, "member");
        let mut first = Laptop::new(dir, &format!("staff{i}-1"));
        aio_sync::sign_in(
            first.conn(),
            url,
            &email,
            PASSWORD,
            Join::SignUpWithInvite {
                name: "Sam Staff",
                invite: &to_agency,
            },
        )
        .expect("staff sign up");
        for client in theirs {
            let code = owner.invite(*client, &email, "member");
            aio_sync::accept_invite(&first.device.conn, &code).expect("assigned");
        }
        let mut second = Laptop::new(dir, &format!("staff{i}-2"));
        aio_sync::sign_in(
            second.conn(),
            second_url,
            &email,
            PASSWORD,
            Join::LogIn { invite: None },
        )
        .expect("the second device");
        staff.push([first, second]);
    }

    // Every device holds exactly its person's workspaces.
    owner.sync();
    for (i, devices) in staff.iter_mut().enumerate() {
        let expected: BTreeSet<Uuid> = assigned[i].iter().copied().chain([agency]).collect();
        for d in devices.iter_mut() {
            d.sync();
            assert_eq!(d.synced(), expected, "staff {i} syncs their workspaces");
        }
    }

    // Everyone writes in each of their workspaces; each edit lands in its own.
    let all: Vec<Uuid> = std::iter::once(agency)
        .chain(clients.iter().copied())
        .collect();
    for org in &all {
        owner.contact(*org, &format!("Owner{}", org.simple()));
    }
    for (i, devices) in staff.iter_mut().enumerate() {
        for (k, d) in devices.iter_mut().enumerate() {
            for org in assigned[i].iter().chain([&agency]) {
                d.contact(*org, &format!("S{i}D{k}"));
            }
        }
    }
    for _ in 0..2 {
        owner.sync();
        owner2.sync();
        for d in staff.iter_mut().flatten() {
            d.sync();
        }
    }
    for (n, org) in all.iter().enumerate() {
        let mut expected = BTreeSet::from([format!("Owner{}", org.simple())]);
        for (i, theirs) in assigned.iter().enumerate() {
            if *org == agency || theirs.contains(org) {
                expected.extend([format!("S{i}D0"), format!("S{i}D1")]);
            }
        }
        assert_eq!(
            owner.names(*org),
            expected,
            "workspace {n} on the owner's device"
        );
        assert_eq!(
            owner2.names(*org),
            expected,
            "workspace {n} on the owner's laptop"
        );
        for (i, devices) in staff.iter().enumerate() {
            for d in devices {
                let theirs = *org == agency || assigned[i].contains(org);
                let held = if theirs {
                    expected.clone()
                } else {
                    BTreeSet::new()
                };
                assert_eq!(
                    d.names(*org),
                    held,
                    "workspace {n} on a device of staff {i}"
                );
            }
        }
    }
    for (i, devices) in staff.iter().enumerate() {
        let expected: BTreeSet<Uuid> = assigned[i].iter().copied().chain([agency]).collect();
        for d in devices {
            assert_eq!(
                d.holding(),
                expected,
                "no other workspace's rows on staff {i}'s devices"
            );
        }
    }

    // A client of Dune Cafe signs in: only their workspace, read-only, no CRM internals.
    let dune = clients[2];
    let client_email = format!("client-{}@dune.test", Uuid::new_v4().simple());
    let code = owner.invite(dune, &client_email, "client");
    let some_contact: String = owner
        .device
        .conn
        .query_row(
            "SELECT id FROM contacts WHERE organization_id = ?1 LIMIT 1",
            [dune.to_string()],
            |r| r.get(0),
        )
        .expect("a Dune Cafe contact");
    let owner_in_dune = profile::actor(&owner.device.conn, Some(&dune.to_string())).expect("actor");
    records::create(
        owner.conn(),
        &owner_in_dune,
        &CONTACT_NOTES,
        obj(json!({"contact_id": some_contact, "content": "Internal: margin is thin"})),
    )
    .expect("a note");
    owner.sync();
    let mut client = Laptop::new(dir, "client-1");
    aio_sync::sign_in(
        client.conn(),
        second_url,
        &client_email,
        PASSWORD,
        Join::SignUpWithInvite {
            name: "Cleo Client",
            invite: &code,
        },
    )
    .expect("the client signs up");
    client.sync();
    assert_eq!(
        client.synced(),
        BTreeSet::from([dune]),
        "the client syncs Dune Cafe only"
    );
    assert_eq!(
        client.holding(),
        BTreeSet::from([dune]),
        "no other workspace's rows"
    );
    let notes: i64 = client
        .device
        .conn
        .query_row("SELECT count(*) FROM contact_notes", [], |r| r.get(0))
        .expect("notes");
    assert_eq!(notes, 0, "no CRM internals on a client's device");
    let actor = profile::actor(&client.device.conn, Some(&dune.to_string())).expect("actor");
    assert!(actor.read_only, "a client reads only");
    let refused = records::create(
        client.conn(),
        &actor,
        &CONTACTS,
        obj(json!({"first_name": "Eve", "last_name": "L", "email": "eve@dune.test"})),
    )
    .expect_err("a client cannot add a contact");
    assert!(
        refused.to_string().contains("viewer or client"),
        "{refused}"
    );

    // Staff 0 leaves Bright Dental; they chose to have the copy removed.
    let staff0 = aio_sync::link(&staff[0][0].device.conn)
        .expect("link")
        .expect("signed in")
        .account_id;
    for d in staff[0].iter() {
        cli(&d.file, &["sync", "--when-ended", "remove"]);
    }
    // The owner removes them from the team, as the team screen does.
    profile::switch_organization(&owner.device.conn, &clients[0].to_string()).expect("switch");
    let (out, _) = cli(&owner.file, &["org", "remove", &staff0.to_string()]);
    assert!(out.contains("removed"), "{out}");
    let (out, err) = cli(&staff[0][1].file, &["sync"]);
    assert!(
        err.contains("no longer a member of Bright Dental"),
        "{out}{err}"
    );
    staff[0][0].sync();
    // One socket carries the notices of all of a person's workspaces.
    let mut socket = aio_sync::watch(&staff[0][0].device.conn).expect("the notice socket");
    if let tungstenite::stream::MaybeTlsStream::Plain(tcp) = socket.get_ref() {
        tcp.set_read_timeout(Some(std::time::Duration::from_secs(20)))
            .expect("a read timeout");
    }
    owner.contact(clients[1], "AfterRemoval");
    owner.sync();
    // Notices of their workspaces only, until Cedar Law's push (background work of the
    // server may tell of the agency first).
    loop {
        let message = socket.read().expect("a notice within 20 s");
        let notice: aio_core::sync::wire::Notice =
            serde_json::from_str(message.to_text().expect("text")).expect("a notice");
        assert!(
            [agency, clients[1]].contains(&notice.organization_id),
            "a notice of a workspace staff 0 is not in: {notice:?}"
        );
        if notice.organization_id == clients[1] {
            break;
        }
    }
    drop(socket);
    for d in staff[0].iter_mut() {
        d.sync();
        assert_eq!(d.synced(), BTreeSet::from([agency, clients[1]]));
        assert!(d.names(clients[0]).is_empty(), "Bright Dental's copy went");
        assert!(
            d.names(clients[1]).contains("AfterRemoval"),
            "Cedar Law still syncs"
        );
    }
}
