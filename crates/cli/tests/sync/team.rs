//! The team through `aio-crm org` against a real `aio-crm serve`: invitations listed and
//! revoked, roles changed, a member removed (their notice socket closes at once and
//! their next round is refused), and a snapshot of a template workspace.

use std::path::Path;
use std::process::Command;

use super::{closes, sign_up_team, Server};

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
    let mut devices = sign_up_team(dir.path(), &server, 2);
    for d in devices.iter_mut() {
        d.sync().expect("first round");
    }
    let owner_db = dir.path().join("d0.sqlite3");

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

    // Removed: the member's notice socket closes at once, their next round is refused.
    let socket = aio_sync::watch(&devices[1].conn).expect("the member's notice socket");
    org(&owner_db, &["remove", &member_email]);
    assert!(closes(socket), "the removed member's socket closes");
    let refused = devices[1].sync().expect_err("removed").to_string();
    assert!(refused.contains("among yours"), "says why: {refused}");
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
    cli(&["org", "create", "Client B", "--slug", "client-b"]);
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
