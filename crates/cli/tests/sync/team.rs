//! The team through `aio-crm org` against a real `aio-crm serve`: invitations listed and
//! revoked, roles changed, a member removed (their notice socket closes at once and
//! their next round is refused), and a snapshot of a template workspace.

use std::path::Path;
use std::process::Command;

use super::{sign_up_team, Device, Server};

/// `aio-crm --db DB org ARGS…`; its stdout, or a panic with its stderr.
fn org(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(
        out.status.success(),
        "aio-crm org {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn run(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_aio-crm"))
        .args(["--db", db.to_str().expect("utf-8 path"), "org"])
        .args(args)
        .output()
        .expect("run aio-crm")
}

#[test]
fn the_team_is_managed_from_the_cli_and_a_removed_member_stops_at_once() {
    let dir = tempfile::tempdir().expect("dir");
    let server = Server::start(&dir.path().join("server.sqlite3"), "127.0.0.1:0");
    let devices = sign_up_team(dir.path(), &server, 2);
    team_managed_from_the_cli(dir.path(), devices);
}

/// The owner's device (`d0.sqlite3` in `dir`) manages the team of `devices` (the owner
/// and one member, each on whichever server process): invitations, roles, and the
/// member's removal told at once on their notice socket.
pub(super) fn team_managed_from_the_cli(dir: &Path, mut devices: Vec<Device>) {
    for d in devices.iter_mut() {
        d.sync().expect("first round");
    }
    let owner_db = dir.join("d0.sqlite3");

    let members = org(&owner_db, &["members"]);
    assert_eq!(
        members.lines().count(),
        2,
        "the owner and the member: {members}"
    );
    let member_email = members
        .lines()
        .find(|l| l.contains("\tmember\t"))
        .and_then(|l| l.split('\t').nth(1))
        .expect("the member's line")
        .to_string();

    let code = org(
        &owner_db,
        &["invite", "--email", "cleo@client.test", "--role", "client"],
    );
    assert!(code.trim().len() > 20, "an invitation code: {code}");
    let pending = org(&owner_db, &["invitations"]);
    let line = pending
        .lines()
        .find(|l| l.contains("cleo@client.test"))
        .unwrap_or_else(|| panic!("the invitation is pending: {pending}"));
    assert!(line.contains("\tclient\tOlivia Owner\t"), "{line}");
    let id = line.split('\t').next().expect("its id");
    org(&owner_db, &["revoke", id]);
    assert!(
        !org(&owner_db, &["invitations"]).contains("cleo@client.test"),
        "revoked: no longer pending"
    );

    org(&owner_db, &["role", &member_email, "viewer"]);
    assert!(
        org(&owner_db, &["members"]).contains(&format!("{member_email}\tviewer\t")),
        "the member is a viewer now"
    );
    let refused = run(&owner_db, &["role", &member_email, "boss"]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr)
            .contains("role: must be owner, admin, member, viewer or client"),
        "names the field: {}",
        String::from_utf8_lossy(&refused.stderr)
    );

    // Removed: the member's notice socket (one for all their workspaces) tells their device
    // at once, and its next round ends the membership.
    let socket = aio_sync::watch(&devices[1].conn).expect("the member's notice socket");
    org(&owner_db, &["remove", &member_email]);
    assert!(
        told_of(socket, devices[0].actor.organization_id),
        "the removed member's device is told"
    );
    // Their device stops syncing the organisation at once and keeps its copy read-only.
    let round = devices[1].sync().expect("the removed member's round");
    assert_eq!(round.ended.len(), 1, "the membership ended: {round:?}");
    let link = aio_sync::link(&devices[1].conn)
        .expect("link")
        .expect("signed in");
    assert!(
        !link.syncs(round.ended[0].organization_id),
        "no longer synced"
    );
    devices[0].sync().expect("the owner still syncs");
}

#[test]
fn a_snapshot_copies_a_template_workspace_from_the_cli() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("agency.sqlite3");
    let cli = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_aio-crm"))
            .args(["--db", db.to_str().expect("utf-8 path")])
            .args(args)
            .output()
            .expect("run aio-crm");
        assert!(
            out.status.success(),
            "aio-crm {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    cli(&["migrate"]);
    cli(&["demo", "--contacts", "20"]);
    cli(&["org", "create", "--name", "Client B", "--slug", "client-b"]);
    let template = cli(&["org", "list"])
        .lines()
        .find(|l| !l.contains("client-b"))
        .and_then(|l| l.split_whitespace().nth(1))
        .expect("the demo workspace")
        .to_string();
    let copied = org(&db, &["snapshot", "--from", &template, "--to", "client-b"]);
    for table in ["pipelines", "pipeline_stages", "forms", "automations"] {
        assert!(
            copied.lines().any(|l| l.starts_with(&format!("{table} "))),
            "{table} copied: {copied}"
        );
    }
    let again = run(&db, &["snapshot", "--from", &template, "--to", "client-b"]);
    assert!(!again.status.success(), "a second snapshot is refused");
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("to: already has its own setup"),
        "says why: {}",
        String::from_utf8_lossy(&again.stderr)
    );
}

/// Whether the notice socket brings a catch-up notice (head -1) of `org` within 10 s.
fn told_of(
    mut socket: tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<std::net::TcpStream>>,
    org: uuid::Uuid,
) -> bool {
    if let tungstenite::stream::MaybeTlsStream::Plain(stream) = socket.get_mut() {
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .expect("timeout");
    }
    while let Ok(message) = socket.read() {
        let Ok(text) = message.to_text() else {
            continue;
        };
        if let Ok(notice) = serde_json::from_str::<aio_core::sync::wire::Notice>(text) {
            if notice.organization_id == org && notice.head == -1 {
                return true;
            }
        }
    }
    false
}
