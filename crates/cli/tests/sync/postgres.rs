//! The shared server on PostgreSQL 15 (a throwaway cluster, tests/common/postgres.rs):
//! the SQLite scenarios again on it, and two `aio-crm serve` processes on one database —
//! a notice crosses from one process to the other's device, concurrent pushes through
//! both keep the log gap-free, and a process killed mid-run loses no acknowledged update.

use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use aio_core::records;
use aio_core::tables::CONTACTS;
use serde_json::json;
use uuid::Uuid;

use super::{obj, Device, Server};

#[path = "../common/postgres.rs"]
mod cluster;
use cluster::Cluster;

#[test]
fn what_the_server_acknowledged_survives_a_crash_on_postgres() {
    let pg = Cluster::shared();
    let dir = tempfile::tempdir().expect("dir");
    let server = Server::on_postgres(&pg.database(), &dir.path().join("replicas"), "127.0.0.1:0");
    super::acknowledged_survives_a_crash(dir.path(), server);
}

#[test]
fn a_second_device_gets_everything_on_postgres() {
    let pg = Cluster::shared();
    let dir = tempfile::tempdir().expect("dir");
    let server = Server::on_postgres(&pg.database(), &dir.path().join("replicas"), "127.0.0.1:0");
    super::second_device_gets_everything(dir.path(), &server);
}

/// Two server processes on one database, each with its own replica folder.
fn two_servers(url: &str, dir: &Path) -> [Server; 2] {
    [
        Server::on_postgres(url, &dir.join("replicas-a"), "127.0.0.1:0"),
        Server::on_postgres(url, &dir.join("replicas-b"), "127.0.0.1:0"),
    ]
}

/// An owner signed up through `servers[0]` and `members` more people, the i-th through
/// `servers[i % 2]`, so both processes have devices; each has synced once.
fn team_across(dir: &Path, servers: &[Server; 2], members: usize) -> Vec<Device> {
    let mut devices = super::sign_up_team_across(dir, servers, members + 1);
    for d in devices.iter_mut() {
        d.sync().expect("first sync");
    }
    devices
}

fn new_contact(d: &mut Device, name: &str) -> Uuid {
    let actor = d.actor;
    let row = records::create(
        &mut d.conn,
        &actor,
        &CONTACTS,
        obj(json!({"first_name": name, "last_name": "P", "email": format!("{name}@client.test")})),
    )
    .expect("a contact");
    Uuid::parse_str(row["id"].as_str().expect("id")).expect("uuid")
}

/// The organisation's log numbers, in order, and its head.
fn log_of(url: &str, org: Uuid) -> (Vec<i64>, i64) {
    let mut pg = postgres::Client::connect(url, postgres::NoTls).expect("connect");
    let seqs = pg
        .query(
            "SELECT seq FROM updates WHERE organization_id = $1 ORDER BY seq",
            &[&org.to_string()],
        )
        .expect("the log")
        .iter()
        .map(|r| r.get(0))
        .collect();
    let head = pg
        .query_one(
            "SELECT head FROM organizations WHERE id = $1",
            &[&org.to_string()],
        )
        .expect("the organisation")
        .get(0);
    (seqs, head)
}

fn assert_gap_free(url: &str, org: Uuid) -> i64 {
    let (seqs, head) = log_of(url, org);
    let expected: Vec<i64> = (1..=head).collect();
    assert_eq!(
        seqs, expected,
        "the log is 1..={head} with no gap or repeat"
    );
    head
}

#[test]
fn a_push_through_one_process_reaches_a_device_on_the_other_by_its_socket() {
    let pg = Cluster::shared();
    let url = pg.database();
    let dir = tempfile::tempdir().expect("dir");
    let servers = two_servers(&url, dir.path());
    let mut devices = team_across(dir.path(), &servers, 1);
    // The member's device is linked to the second process and watches it.
    let mut socket = aio_sync::watch(&devices[1].conn).expect("the member's notice socket");
    if let tungstenite::stream::MaybeTlsStream::Plain(stream) = socket.get_mut() {
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
    }
    let id = new_contact(&mut devices[0], "Ada");
    let round = devices[0]
        .sync()
        .expect("the push through the first process");
    assert_eq!(round.pushed, 2, "the contact and its event went up");
    let started = Instant::now();
    let notice = socket.read().expect("a notice through the second process");
    assert!(notice.is_text(), "a notice: {notice:?}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the notice came at once: {:?}",
        started.elapsed()
    );
    devices[1].sync().expect("the member pulls");
    assert!(
        devices[1].ids("contacts").contains(&id),
        "the contact pushed through the first process is on the second's device"
    );
}

#[test]
fn signing_out_through_one_process_closes_the_sockets_on_the_other() {
    let pg = Cluster::shared();
    let url = pg.database();
    let dir = tempfile::tempdir().expect("dir");
    let servers = two_servers(&url, dir.path());
    let email = format!("owner-{}@agency.test", Uuid::new_v4().simple());
    let mut laptop = Device::new(dir.path(), "laptop");
    aio_sync::sign_in(
        &mut laptop.conn,
        &servers[0].url(),
        &email,
        super::PASSWORD,
        aio_sync::Join::SignUpWithOrganization {
            name: "Olivia Owner",
            organization_name: "Sign-out Agency",
        },
    )
    .expect("sign up");
    let mut phone = Device::new(dir.path(), "phone");
    aio_sync::sign_in(
        &mut phone.conn,
        &servers[1].url(),
        &email,
        super::PASSWORD,
        aio_sync::Join::LogIn { invite: None },
    )
    .expect("the phone signs in on the other process");
    let socket = aio_sync::watch(&phone.conn).expect("the phone's socket on the second process");
    let phone_id = aio_sync::link(&phone.conn)
        .expect("link")
        .expect("signed in")
        .device_id;
    let signed_out =
        aio_sync::sign_out_devices(&laptop.conn, Some(phone_id)).expect("sign the phone out");
    assert_eq!(signed_out, vec![phone_id]);
    assert!(
        super::closes(socket),
        "the phone's socket on the other process closed"
    );
}

#[test]
fn concurrent_pushes_through_two_processes_keep_the_log_gap_free() {
    let pg = Cluster::shared();
    let url = pg.database();
    let dir = tempfile::tempdir().expect("dir");
    let servers = two_servers(&url, dir.path());
    let devices = team_across(dir.path(), &servers, 5);
    let org = devices[0].actor.organization_id;
    const EDITS: usize = 15;
    let mut made: Vec<Uuid> = Vec::new();
    let handles: Vec<_> = devices
        .into_iter()
        .enumerate()
        .map(|(i, mut d)| {
            std::thread::spawn(move || {
                let mut mine = Vec::new();
                for n in 0..EDITS {
                    mine.push(new_contact(&mut d, &format!("c{i}-{n}")));
                    let round = d.sync().expect("a push");
                    assert!(round.refused.is_empty(), "{:?}", round.refused);
                }
                (d, mine)
            })
        })
        .collect();
    let mut devices = Vec::new();
    for h in handles {
        let (d, mine) = h.join().expect("a device's thread");
        made.extend(mine);
        devices.push(d);
    }
    let head = assert_gap_free(&url, org);
    assert!(
        head >= (made.len() * 2) as i64,
        "every contact and its event is in the log: head {head}, {} contacts",
        made.len()
    );
    made.sort();
    for d in devices.iter_mut() {
        d.sync().expect("a last pull");
        assert_eq!(d.ids("contacts"), made, "every device has every contact");
    }
}

#[test]
fn killing_one_process_mid_run_loses_no_acknowledged_update() {
    let pg = Cluster::shared();
    let url = pg.database();
    let dir = tempfile::tempdir().expect("dir");
    let mut servers = two_servers(&url, dir.path());
    let devices = team_across(dir.path(), &servers, 3);
    let org = devices[0].actor.organization_id;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let handles: Vec<_> = devices
        .into_iter()
        .enumerate()
        .map(|(i, mut d)| {
            let stop = stop.clone();
            std::thread::spawn(move || {
                // Contacts the server acknowledged (a round that went through), and all.
                let (mut acknowledged, mut pending, mut failed) = (Vec::new(), Vec::new(), 0);
                let mut n = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    pending.push(new_contact(&mut d, &format!("k{i}-{n}")));
                    n += 1;
                    match d.sync() {
                        Ok(round) => {
                            assert!(round.refused.is_empty(), "{:?}", round.refused);
                            acknowledged.append(&mut pending);
                        }
                        Err(_) => failed += 1,
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                (d, acknowledged, pending, failed)
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(2));
    // The first process dies without warning while its devices push; the second carries
    // on. Then the first comes back on the same address.
    servers[0].child.kill().expect("kill");
    servers[0].child.wait().expect("wait");
    std::thread::sleep(Duration::from_secs(2));
    servers[0].crash_and_restart();
    std::thread::sleep(Duration::from_secs(2));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (mut devices, mut acknowledged, mut failed) = (Vec::new(), Vec::new(), 0);
    for h in handles {
        let (d, acked, _, f) = h.join().expect("a device's thread");
        acknowledged.extend(acked);
        failed += f;
        devices.push(d);
    }
    assert!(
        failed > 0,
        "some rounds of the killed process's devices failed while it was down"
    );
    // Every device finishes its outbox and pulls: all converge, and nothing acknowledged
    // is missing.
    for d in devices.iter_mut() {
        d.sync().expect("a round after the restart");
    }
    for d in devices.iter_mut() {
        d.sync().expect("a last pull");
    }
    let all = devices[0].ids("contacts");
    for d in &devices {
        assert_eq!(d.ids("contacts"), all, "every device converged");
    }
    let lost: Vec<&Uuid> = acknowledged.iter().filter(|id| !all.contains(id)).collect();
    assert!(lost.is_empty(), "acknowledged and lost: {lost:?}");
    assert!(
        acknowledged.len() > 20,
        "the run pushed something: {}",
        acknowledged.len()
    );
    assert_gap_free(&url, org);
    // The survivor took pushes while the other was down: both processes still answer.
    for s in &servers {
        assert!(TcpStream::connect(&s.addr).is_ok(), "{} answers", s.addr);
    }
}

#[test]
fn a_server_on_postgres_stops_cleanly_on_sigterm() {
    let pg = Cluster::shared();
    let url = pg.database();
    let dir = tempfile::tempdir().expect("dir");
    let mut servers = two_servers(&url, dir.path());
    // Both processes have served (pool connections, the notice listener) before the stop.
    let mut devices = team_across(dir.path(), &servers, 1);
    new_contact(&mut devices[1], "Before");
    devices[1]
        .sync()
        .expect("a push through the second process");
    let server = &mut servers[0];
    let stopped = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .expect("kill -TERM");
    assert!(stopped.success());
    let status = server.child.wait().expect("wait");
    assert!(status.success(), "the server exits cleanly: {status:?}");
}

/// The soak, short (the full one: `aio-crm bench soak --devices 200 --minutes 10`).
#[test]
fn a_short_soak_of_two_processes_loses_nothing_and_every_device_converges() {
    let pg = Cluster::shared();
    let out = Command::new(env!("CARGO_BIN_EXE_aio-crm"))
        .args(["bench", "soak", "--database", &pg.database()])
        .args(["--devices", "20", "--minutes", "0.3"])
        .output()
        .expect("run the soak");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains(" lost 0;"), "{stdout}");
    assert!(stdout.contains("20/20 devices at the head"), "{stdout}");
}

/// The team managed from the CLI with the owner on one process and the member on the
/// other: the removal, committed through the first, closes the member's notice socket
/// on the second at once.
#[test]
fn the_team_across_two_processes_and_a_removal_told_on_the_other() {
    let pg = Cluster::shared();
    let dir = tempfile::tempdir().expect("dir");
    let servers = two_servers(&pg.database(), dir.path());
    let devices = super::sign_up_team_across(dir.path(), &servers, 2);
    super::team::team_managed_from_the_cli(dir.path(), devices);
}

/// The agency, its client workspaces and staff with every person's second device on the
/// other process: workspaces created, joined and left through one reach the other.
#[test]
fn an_agency_and_its_staff_across_two_processes() {
    let pg = Cluster::shared();
    let dir = tempfile::tempdir().expect("dir");
    let [a, b] = two_servers(&pg.database(), dir.path());
    super::agency::agency_with_staff(dir.path(), &a.url(), &b.url());
}
