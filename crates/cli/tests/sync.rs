//! Sync end to end: devices talk HTTP to a real `aio-crm serve` process on loopback, which
//! is killed and restarted; session tokens go to the real OS keyring (Secret Service in
//! the test command's D-Bus session). Convergence and permission cases, and the seeded
//! fault simulation over every synced table, run in-process and faster in
//! crates/client/tests/sync.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use aio_core::db::{self, Connection, OpenMode};
use aio_core::records::{self, Row};
use aio_core::tables::CONTACTS;
use aio_core::team::profile;
use aio_core::Actor;
use aio_sync::Join;
use serde_json::{json, Value};
use uuid::Uuid;

#[path = "common/secrets.rs"]
mod secrets;

const PASSWORD: &str = "a long enough password";

struct Server {
    child: Child,
    db: PathBuf,
    /// Where it keeps its data: `--db FILE`, or `--database URL --replicas DIR`.
    storage: Vec<String>,
    addr: String,
}

impl Server {
    fn start(db: &Path, bind: &str) -> Server {
        Server::start_with(db, bind, &[])
    }

    /// `aio-crm serve` with more flags (mail settings).
    fn start_with(db: &Path, bind: &str, flags: &[&str]) -> Server {
        Server::start_with_env(db, bind, flags, &[])
    }

    /// `aio-crm serve` with flags and environment variables (its clock's offset).
    fn start_with_env(db: &Path, bind: &str, flags: &[&str], env: &[(&str, &str)]) -> Server {
        Server::spawn(db, bind, flags, env, Stdio::inherit())
    }

    /// `aio-crm serve` logging at debug level into `log`, for the tests that search the
    /// logs for secrets.
    fn start_logging(db: &Path, bind: &str, flags: &[&str], log: &Path) -> Server {
        let file = std::fs::File::create(log).expect("a log file");
        Server::spawn(db, bind, flags, &[("RUST_LOG", "debug")], file.into())
    }

    fn spawn(db: &Path, bind: &str, flags: &[&str], env: &[(&str, &str)], stderr: Stdio) -> Server {
        let storage = vec![
            "--db".to_string(),
            db.to_str().expect("utf-8 path").to_string(),
        ];
        Server::spawn_on(storage, db, bind, flags, env, stderr)
    }

    /// `aio-crm serve` on a PostgreSQL database, with a replica folder of its own.
    fn on_postgres(url: &str, replicas: &Path, bind: &str) -> Server {
        let storage = vec![
            "--database".to_string(),
            url.to_string(),
            "--replicas".to_string(),
            replicas.to_str().expect("utf-8 path").to_string(),
        ];
        Server::spawn_on(storage, replicas, bind, &[], &[], Stdio::inherit())
    }

    fn spawn_on(
        storage: Vec<String>,
        db: &Path,
        bind: &str,
        flags: &[&str],
        env: &[(&str, &str)],
        stderr: Stdio,
    ) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_aio-crm"))
            .envs(env.iter().copied())
            .arg("serve")
            .args(&storage)
            .args(["--bind", bind])
            .args(flags)
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("start aio-crm serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("read");
        let addr = line
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("unexpected: {line}"))
            .to_string();
        Server {
            child,
            db: db.to_owned(),
            storage,
            addr,
        }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Kills the process without warning (a crash) and starts it again on the same file
    /// and address.
    fn crash_and_restart(&mut self) {
        self.child.kill().expect("kill");
        self.child.wait().expect("wait");
        let again = Server::spawn_on(
            self.storage.clone(),
            &self.db,
            &self.addr.clone(),
            &[],
            &[],
            Stdio::inherit(),
        );
        *self = again;
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Device {
    conn: Connection,
    actor: Actor,
}

impl Device {
    fn new(dir: &Path, name: &str) -> Device {
        let (mut conn, _) = db::open(
            &dir.join(format!("{name}.sqlite3")),
            OpenMode::CreateIfMissing,
        )
        .expect("open");
        let actor = profile::ensure(&mut conn).expect("profile");
        Device { conn, actor }
    }

    fn refresh_actor(&mut self) {
        self.actor = profile::actor(&self.conn, None).expect("actor");
    }

    fn sync(&mut self) -> Result<aio_sync::Round, aio_sync::Error> {
        aio_sync::sync_now(&mut self.conn)
    }

    fn ids(&self, table: &str) -> Vec<Uuid> {
        let scope = if table == "contact_notes" {
            "contact_id IN (SELECT id FROM contacts WHERE organization_id = ?1)"
        } else {
            "organization_id = ?1"
        };
        self.conn
            .prepare(&format!("SELECT id FROM {table} WHERE {scope} ORDER BY id"))
            .expect("select")
            .query_map([self.actor.organization_id.to_string()], |r| {
                r.get::<_, String>(0)
            })
            .expect("query")
            .filter_map(|r| r.ok().and_then(|s| Uuid::parse_str(&s).ok()))
            .collect()
    }
}

fn obj(v: Value) -> Row {
    v.as_object().cloned().expect("object")
}

/// Every row of the synced tables an organisation's user sees, as JSON text, sorted;
/// with the columns a replica derives itself left out.
fn rows(conn: &Connection, table: &str) -> Vec<String> {
    let def = records::table(table).expect("table");
    let columns: Vec<&str> = def
        .columns
        .iter()
        .map(|c| c.name)
        .filter(|c| *c != "usage_count")
        .collect();
    let object = columns
        .iter()
        .map(|c| format!("'{c}', {c}"))
        .collect::<Vec<_>>()
        .join(", ");
    conn.prepare(&format!(
        "SELECT json_object({object}) FROM {table} ORDER BY id"
    ))
    .expect("select")
    .query_map([], |r| r.get(0))
    .expect("query")
    .collect::<Result<_, _>>()
    .expect("rows")
}

fn sign_up_team(dir: &Path, server: &Server, n: usize) -> Vec<Device> {
    sign_up_team_across(dir, std::slice::from_ref(server), n)
}

/// An owner and `n - 1` members, the i-th device signed in through `servers[i % len]`
/// (processes of one PostgreSQL database, or one server).
fn sign_up_team_across(dir: &Path, servers: &[Server], n: usize) -> Vec<Device> {
    let mut owner = Device::new(dir, "d0");
    let email0 = format!("owner-{}@agency.test", Uuid::new_v4().simple());
    aio_sync::sign_in(
        &mut owner.conn,
        &servers[0].url(),
        &email0,
        PASSWORD,
        Join::SignUpWithOrganization {
            name: "Olivia Owner",
            organization_name: "Sim Agency",
        },
    )
    .expect("sign up");
    owner.refresh_actor();
    let mut devices = vec![owner];
    for i in 1..n {
        let email = format!("member{i}-{}@agency.test", Uuid::new_v4().simple());
        let invite = aio_sync::invite(&devices[0].conn, None, &email, "member").expect("invite");
        let mut d = Device::new(dir, &format!("d{i}"));
        aio_sync::sign_in(
            &mut d.conn,
            &servers[i % servers.len()].url(),
            &email,
            PASSWORD,
            Join::SignUpWithInvite {
                name: "Max Member",
                invite: &invite.code,
            },
        )
        .expect("join");
        d.refresh_actor();
        devices.push(d);
    }
    devices
}

#[test]
fn what_the_server_acknowledged_survives_a_crash() {
    let dir = tempfile::tempdir().expect("dir");
    let server = Server::start(&dir.path().join("server.sqlite3"), "127.0.0.1:0");
    acknowledged_survives_a_crash(dir.path(), server);
}

/// On either storage (the PostgreSQL run is in sync/postgres.rs).
fn acknowledged_survives_a_crash(dir: &Path, mut server: Server) {
    let mut devices = sign_up_team(dir, &server, 2);
    for d in devices.iter_mut() {
        d.sync().expect("first sync");
    }
    let actor = devices[0].actor;
    let contact = records::create(
        &mut devices[0].conn,
        &actor,
        &CONTACTS,
        obj(json!({"first_name": "Ada", "last_name": "L", "email": "ada@client.test"})),
    )
    .expect("a contact");
    let pushed = devices[0].sync().expect("the push");
    assert_eq!(
        pushed.pushed, 2,
        "the contact went up, with its contact_created event"
    );
    // Killed without warning right after it answered: the push was on disk.
    server.crash_and_restart();
    let id = Uuid::parse_str(contact["id"].as_str().expect("id")).expect("uuid");
    devices[1].sync().expect("a round after the crash");
    assert!(
        devices[1].ids("contacts").contains(&id),
        "the acknowledged contact is on the restarted server"
    );
    // Sessions survived too: the owner's next edit goes through the restarted server.
    records::update(
        &mut devices[0].conn,
        &actor,
        &CONTACTS,
        id,
        obj(json!({"title": "After the crash"})),
    )
    .expect("an edit");
    devices[0].sync().expect("a push after the crash");
    devices[1].sync().expect("a pull");
    let d = &devices[1];
    assert_eq!(
        records::get(&d.conn, &d.actor, &CONTACTS, id).expect("the contact")["title"],
        "After the crash",
        "the edit made after the crash arrived"
    );
}

#[test]
fn without_a_keyring_a_sign_up_stops_before_the_server_and_says_why() {
    let dir = tempfile::tempdir().expect("dir");
    let server = Server::start(&dir.path().join("server.sqlite3"), "127.0.0.1:0");
    let laptop = dir.path().join("laptop.sqlite3");
    let email = "no-keyring@agency.test";
    let out = Command::new(env!("CARGO_BIN_EXE_aio-crm"))
        .args(["--db", laptop.to_str().expect("utf-8 path"), "login"])
        .args(["--server", &server.url(), "--email", email])
        .args(["--signup", "Nora", "--org-name", "No Keyring Agency"])
        .env("AIO_CRM_PASSWORD", PASSWORD)
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/aio-crm-bus",
        )
        .output()
        .expect("run aio-crm login");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("OS keyring is not available"), "{stderr}");
    // No account was made that this profile could not use, and the profile is not linked.
    let accounts: i64 = Connection::open(dir.path().join("server.sqlite3"))
        .expect("server db")
        .query_row(
            "SELECT count(*) FROM accounts WHERE email = ?1",
            [email],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(accounts, 0);
    let (conn, _) = db::open(&laptop, OpenMode::Existing).expect("laptop db");
    assert!(aio_sync::link(&conn).expect("link").is_none());
}

#[test]
fn a_second_device_gets_everything_and_edits_travel_both_ways() {
    let dir = tempfile::tempdir().expect("dir");
    let server = Server::start(&dir.path().join("server.sqlite3"), "127.0.0.1:0");
    second_device_gets_everything(dir.path(), &server);
}

/// On either storage (the PostgreSQL run is in sync/postgres.rs).
fn second_device_gets_everything(dir: &Path, server: &Server) {
    let mut a = Device::new(dir, "laptop");
    let anchor = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
    aio_core::demo::generate(
        &mut a.conn,
        &a.actor,
        &aio_core::demo::Options {
            contacts: 200,
            seed: 7,
            anchor,
        },
    )
    .expect("demo");
    let email = format!("owner-{}@agency.test", Uuid::new_v4().simple());
    aio_sync::sign_in(
        &mut a.conn,
        &server.url(),
        &email,
        PASSWORD,
        Join::SignUpWithOrganization {
            name: "Olivia Owner",
            organization_name: "Demo Agency",
        },
    )
    .expect("sign up");
    a.refresh_actor();
    let up = a.sync().expect("upload");
    assert!(up.refused.is_empty(), "{:?}", up.refused);
    assert!(up.pushed > 200, "the demo data went up: {}", up.pushed);

    // The same person on a second machine.
    let mut b = Device::new(dir, "desktop");
    aio_sync::sign_in(
        &mut b.conn,
        &server.url(),
        &email,
        PASSWORD,
        Join::LogIn { invite: None },
    )
    .expect("log in");
    b.refresh_actor();
    let down = b.sync().expect("bootstrap");
    assert!(
        down.bootstrapped_rows >= up.pushed,
        "{} of {}",
        down.bootstrapped_rows,
        up.pushed
    );
    let waiting: Vec<String> = b
        .conn
        .prepare("SELECT table_name || ' ' || row_id || ': ' || reason FROM sync_pending")
        .expect("pending")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert!(
        waiting.is_empty(),
        "rows the new device could not store: {waiting:?}"
    );
    for table in [
        "contacts",
        "companies",
        "contact_notes",
        "pipelines",
        "orders",
        "invoices",
        "forms",
    ] {
        assert_eq!(
            rows(&a.conn, table),
            rows(&b.conn, table),
            "{table} differ after bootstrap"
        );
    }

    // The new device's search index holds what it received, once the indexing the
    // bootstrap left is finished (as the app and the CLI do right after it).
    assert!(
        aio_core::deferred::pending(&b.conn).expect("pending"),
        "the bootstrap leaves indexing to finish"
    );
    aio_core::deferred::finish(&mut b.conn).expect("finish");
    let some = records::get(&a.conn, &a.actor, &CONTACTS, a.ids("contacts")[0]).expect("contact");
    let name = format!(
        "{} {}",
        some["first_name"].as_str().unwrap_or_default(),
        some["last_name"].as_str().unwrap_or_default()
    );
    let hits = aio_core::crm::search::search(&b.conn, &b.actor, &name, 50).expect("search");
    assert!(
        hits.iter()
            .any(|h| h.id.to_string() == some["id"].as_str().unwrap_or_default()),
        "{name} is found on the new device"
    );

    let id = a.ids("contacts")[0];
    let actor = b.actor;
    records::update(
        &mut b.conn,
        &actor,
        &CONTACTS,
        id,
        obj(json!({"title": "Edited on the desktop"})),
    )
    .expect("edit");
    b.sync().expect("push");
    a.sync().expect("pull");
    assert_eq!(
        records::get(&a.conn, &a.actor, &CONTACTS, id).expect("get")["title"],
        "Edited on the desktop"
    );

    // Signed out, the token is gone from the keyring and syncing asks to sign in.
    aio_sync::sign_out(&b.conn).expect("sign out");
    assert!(matches!(
        aio_sync::sync_now(&mut b.conn),
        Err(aio_sync::Error::NotSignedIn)
    ));
}

// --- permissions, over raw HTTP ------------------------------------------------------------

mod permissions {
    use super::*;
    use aio_core::sync::wire::*;
    use base64::Engine;
    use reqwest::blocking::Client;
    use yrs::{Doc, Map, ReadTxn, StateVector, Transact};

    fn post<B: serde::Serialize>(
        http: &Client,
        url: &str,
        token: Option<&str>,
        body: &B,
    ) -> (u16, Value) {
        let mut req = http.post(url).json(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().expect("send");
        (res.status().as_u16(), res.json().unwrap_or(Value::Null))
    }

    fn get(http: &Client, url: &str, token: &str) -> (u16, Value) {
        let res = http.get(url).bearer_auth(token).send().expect("send");
        (res.status().as_u16(), res.json().unwrap_or(Value::Null))
    }

    fn sign_up(
        http: &Client,
        base: &str,
        who: &str,
        org: Option<&str>,
        invite: Option<&str>,
    ) -> Session {
        let body = SignUp {
            email: format!("{who}@perm.test"),
            password: PASSWORD.into(),
            name: who.into(),
            device_name: format!("{who}'s laptop"),
            client_id: 0,
            account_id: None,
            organization: org.map(|name| NewOrganization {
                id: None,
                name: name.into(),
                slug: name.to_lowercase().replace(' ', "-"),
                parent_id: None,
            }),
            invite: invite.map(Into::into),
        };
        let (status, value) = post(http, &format!("{base}/v1/signup"), None, &body);
        assert_eq!(status, 200, "{value}");
        serde_json::from_value(value).expect("session")
    }

    /// A contact document written by `client`, with `fields` set.
    fn contact_update(client: u64, fields: &[(&str, &str)]) -> String {
        let doc = Doc::with_client_id(client);
        let map = doc.get_or_insert_map("row");
        {
            let mut txn = doc.transact_mut();
            for (k, v) in fields {
                map.insert(&mut txn, *k, *v);
            }
        }
        let bytes = doc
            .transact()
            .encode_state_as_update_v1(&StateVector::default());
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }

    fn push(
        http: &Client,
        base: &str,
        s: &Session,
        org: Uuid,
        table: &str,
        row: Uuid,
        data: String,
    ) -> (u16, Value) {
        let body = Push {
            updates: vec![RowUpdate {
                table: table.into(),
                row_id: row.to_string(),
                data,
                seq: None,
            }],
        };
        post(
            http,
            &format!("{base}/v1/orgs/{org}/push"),
            Some(&s.token),
            &body,
        )
    }

    /// A later edit of the row `base` describes, by the same client.
    fn follow_up(client: u64, base: &str, fields: &[(&str, &str)]) -> String {
        use yrs::updates::decoder::Decode;
        let doc = Doc::with_client_id(client);
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(base)
            .expect("base64");
        doc.transact_mut()
            .apply_update(yrs::Update::decode_v1(&bytes).expect("update"))
            .expect("apply");
        let before = doc.transact().state_vector();
        let map = doc.get_or_insert_map("row");
        {
            let mut txn = doc.transact_mut();
            for (k, v) in fields {
                map.insert(&mut txn, *k, *v);
            }
        }
        let diff = doc.transact().encode_diff_v1(&before);
        base64::engine::general_purpose::STANDARD.encode(diff)
    }

    /// The refusal of a single-update push: HTTP status, then the update's own error.
    fn refusal(answer: (u16, Value)) -> String {
        match answer {
            (200, v) => v["results"][0]["error"]
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| format!("accepted: {v}")),
            (status, v) => format!("{status} {}", v["error"].as_str().unwrap_or_default()),
        }
    }

    #[test]
    fn organisations_are_walled_off_and_every_update_is_checked() {
        let dir = tempfile::tempdir().expect("dir");
        let server = Server::start(&dir.path().join("server.sqlite3"), "127.0.0.1:0");
        let base = server.url();
        let http = Client::new();
        let alice = sign_up(&http, &base, "alice", Some("Alpha Agency"), None);
        let bob = sign_up(&http, &base, "bob", Some("Beta Agency"), None);
        let org_a = alice.organizations[0].id;
        let org_b = bob.organizations[0].id;
        let (status, invite) = post(
            &http,
            &format!("{base}/v1/orgs/{org_a}/invitations"),
            Some(&alice.token),
            &json!({"email": "vera@perm.test", "role": "viewer"}),
        );
        assert_eq!(status, 200, "{invite}");
        let vera = sign_up(&http, &base, "vera", None, invite["code"].as_str());
        assert_eq!(vera.organizations[0].role, "viewer");

        let row = Uuid::now_v7();
        let a = alice.account.id.to_string();
        let org_a_text = org_a.to_string();
        let good = contact_update(
            alice.client_id,
            &[
                ("organization_id", &org_a_text),
                ("first_name", "Ada"),
                ("last_name", "L"),
                ("email", "ada@x.test"),
                ("owner_id", &a),
            ],
        );
        let (status, accepted) = push(&http, &base, &alice, org_a, "contacts", row, good.clone());
        assert_eq!(
            (status, accepted["results"][0]["ok"].as_bool()),
            (200, Some(true)),
            "{accepted}"
        );

        // Another organisation's member sees nothing of it, by any route.
        for path in ["pull?after=0", "bootstrap", "members"] {
            let (status, _) = get(&http, &format!("{base}/v1/orgs/{org_a}/{path}"), &bob.token);
            assert_eq!(status, 404, "bob reads {path} of alpha");
        }
        let ws = tungstenite::connect({
            use tungstenite::client::IntoClientRequest;
            let mut r = format!("{}/v1/orgs/{org_a}/ws", base.replacen("http", "ws", 1))
                .into_client_request()
                .expect("request");
            r.headers_mut().insert(
                "authorization",
                format!("Bearer {}", bob.token).parse().expect("header"),
            );
            r
        });
        assert!(ws.is_err(), "bob cannot watch alpha");
        assert!(refusal(push(
            &http,
            &base,
            &bob,
            org_a,
            "contacts",
            Uuid::now_v7(),
            contact_update(bob.client_id, &[("first_name", "X")])
        ))
        .starts_with("404"));
        // Nor can he take alpha's row into his own organisation.
        let b_text = org_b.to_string();
        let stolen = refusal(push(
            &http,
            &base,
            &bob,
            org_b,
            "contacts",
            row,
            contact_update(bob.client_id, &[("organization_id", &b_text)]),
        ));
        assert!(
            stolen.contains("belongs to another organization"),
            "{stolen}"
        );

        // A viewer reads but cannot write.
        let (status, pulled) = get(
            &http,
            &format!("{base}/v1/orgs/{org_a}/pull?after=0"),
            &vera.token,
        );
        assert_eq!(
            (status, pulled["updates"].as_array().map(Vec::len)),
            (200, Some(1))
        );
        let viewer = refusal(push(
            &http,
            &base,
            &vera,
            org_a,
            "contacts",
            Uuid::now_v7(),
            contact_update(vera.client_id, &[("first_name", "V")]),
        ));
        // Refused update by update (so the viewer's device can undo each), not as a whole.
        assert!(
            viewer.contains("viewers can read but not change"),
            "{viewer}"
        );

        // Alice's own bad updates, each refused with the field and the reason.
        let cases: Vec<(&str, Uuid, String, &str)> = vec![
            (
                "contacts",
                row,
                contact_update(alice.client_id + 1, &[("first_name", "Forged")]),
                "carries changes of client",
            ),
            (
                "contacts",
                row,
                follow_up(alice.client_id, &good, &[("organization_id", &b_text)]),
                "organization_id",
            ),
            (
                "contacts",
                Uuid::now_v7(),
                contact_update(
                    alice.client_id,
                    &[("owner_id", &bob.account.id.to_string())],
                ),
                "owner_id",
            ),
            (
                "contacts",
                Uuid::now_v7(),
                contact_update(alice.client_id, &[("status", "vip")]),
                "status",
            ),
            (
                "contacts",
                Uuid::now_v7(),
                contact_update(alice.client_id, &[("password_hash", "x")]),
                "password_hash",
            ),
            (
                "users",
                Uuid::now_v7(),
                contact_update(alice.client_id, &[("first_name", "Eve")]),
                "not synced",
            ),
            ("contacts", Uuid::now_v7(), "not base64!".into(), "base64"),
            (
                "contacts",
                Uuid::now_v7(),
                base64::engine::general_purpose::STANDARD.encode([7u8, 7, 7]),
                "Yjs",
            ),
        ];
        for (table, id, data, reason) in cases {
            let refused = refusal(push(&http, &base, &alice, org_a, table, id, data));
            assert!(
                refused.contains(reason),
                "expected a refusal naming {reason}, got {refused}"
            );
        }
        // None of them changed anything: the log still holds the one good update.
        let (_, pulled) = get(
            &http,
            &format!("{base}/v1/orgs/{org_a}/pull?after=0"),
            &alice.token,
        );
        assert_eq!(pulled["head"], 1, "{pulled}");

        // Secrets stay on the server.
        let (_, members) = get(
            &http,
            &format!("{base}/v1/orgs/{org_a}/members"),
            &alice.token,
        );
        let text = members.to_string();
        assert!(
            text.contains("vera@perm.test")
                && !text.contains("argon2")
                && !text.contains("password"),
            "{text}"
        );

        // A stranger guessing Alice's password from another address is cut off there,
        // and slowed down on her account, but never locks Alice out.
        let stranger = Client::builder()
            .local_address(std::net::IpAddr::from([127, 0, 0, 2]))
            .build()
            .expect("a client on another loopback address");
        let wrong = Login {
            email: "alice@perm.test".into(),
            password: "wrong password".into(),
            device_name: "x".into(),
            client_id: 0,
        };
        let started = std::time::Instant::now();
        let statuses: Vec<u16> = (0..11)
            .map(|_| post(&stranger, &format!("{base}/v1/login"), None, &wrong).0)
            .collect();
        assert_eq!(&statuses[..10], &[401; 10]);
        assert_eq!(
            statuses[10], 403,
            "the address's eleventh try within five minutes is refused"
        );
        assert!(
            started.elapsed() >= std::time::Duration::from_millis(1500),
            "guesses at one account slow down: {:?}",
            started.elapsed()
        );
        let right = Login {
            password: PASSWORD.into(),
            ..wrong
        };
        assert_eq!(
            post(&stranger, &format!("{base}/v1/login"), None, &right).0,
            403,
            "the guessing address stays shut, even with the right password"
        );
        let (status, session) = post(&http, &format!("{base}/v1/login"), None, &right);
        assert_eq!(
            status, 200,
            "Alice signs in with her password from her own address: {session}"
        );
        // An unknown email answers as a wrong password does, not "no such account".
        let (status, unknown) = post(
            &http,
            &format!("{base}/v1/login"),
            None,
            &Login {
                email: "nobody@perm.test".into(),
                ..right
            },
        );
        let (wrong_status, wrong_answer) = post(
            &http,
            &format!("{base}/v1/login"),
            None,
            &Login {
                email: "alice@perm.test".into(),
                password: "wrong again".into(),
                device_name: "x".into(),
                client_id: 0,
            },
        );
        assert_eq!((status, &unknown), (wrong_status, &wrong_answer));

        // A signed-out token opens nothing.
        assert_eq!(
            post(
                &http,
                &format!("{base}/v1/logout"),
                Some(&bob.token),
                &json!({})
            )
            .0,
            200
        );
        assert_eq!(get(&http, &format!("{base}/v1/me"), &bob.token).0, 401);
    }
}

// --- the public booking page, served from the organisation's replica on the server ----------

mod booking {
    use super::*;
    use aio_core::tables::{AVAILABILITY_RULES, BOOKING_SETTINGS, BOOKING_TYPES, EVENTS};
    use chrono::{Datelike, Duration as Days, Utc};
    use reqwest::blocking::Client;

    fn create(d: &mut Device, table: &aio_core::schema::TableDef, v: Value) -> Row {
        records::create(&mut d.conn, &d.actor, table, obj(v)).expect("create")
    }

    #[test]
    fn a_visitor_books_a_free_slot_once_and_the_booking_reaches_the_laptop() {
        let dir = tempfile::tempdir().expect("dir");
        let server = Server::start(&dir.path().join("server.sqlite3"), "127.0.0.1:0");
        let mut laptop = sign_up_team(dir.path(), &server, 1).remove(0);
        create(
            &mut laptop,
            &BOOKING_SETTINGS,
            json!({"booking_page_title": "Book with Olivia", "background_color": "#f8fafc",
                   "primary_color": "#7c3aed", "text_color": "#0f172a", "timezone": "Europe/Berlin",
                   "custom_css": "header { letter-spacing: 0.02em } .x { background: url(https://evil.example/t.png) } </style><script>alert('css')</script>"}),
        );
        create(
            &mut laptop,
            &BOOKING_TYPES,
            json!({"name": "Consultation", "slug": "consultation", "description": "Thirty minutes",
                   "duration_minutes": 30, "color": "#7c3aed", "minimum_notice_minutes": 60,
                   "questions": [{"label": "What is your website?", "required": true}]}),
        );
        for weekday in 1..=5 {
            create(
                &mut laptop,
                &AVAILABILITY_RULES,
                json!({"day_of_week": weekday, "start_time": "09:00", "end_time": "12:00"}),
            );
        }
        laptop.sync().expect("upload");
        let org: String = rusqlite::Connection::open(dir.path().join("server.sqlite3"))
            .expect("server db")
            .query_row("SELECT slug FROM organizations", [], |r| r.get(0))
            .expect("slug");
        let base = format!("{}/book/{org}/consultation", server.url());
        let http = Client::new();

        // The page wears the owner's look, custom CSS included once made safe.
        let page = http.get(&base).send().expect("page").text().expect("html");
        assert!(page.contains("<title>Book with Olivia</title>"), "{page}");
        assert!(page.contains("--primary: #7c3aed"), "{page}");
        assert!(
            page.contains("header { letter-spacing: 0.02em; }"),
            "{page}"
        );
        assert!(!page.contains("evil.example"), "{page}");
        assert!(!page.contains("<script>alert"), "{page}");

        // A Monday at least a week ahead: 09:00-12:00 Berlin is six half-hour slots.
        let mut monday = Utc::now().date_naive() + Days::days(7);
        while monday.weekday().num_days_from_sunday() != 1 {
            monday += Days::days(1);
        }
        let monday_slots = || -> Value {
            http.get(format!(
                "{base}/slots?from={monday}&days=1&tz=Europe/Berlin"
            ))
            .send()
            .expect("slots")
            .json()
            .expect("json")
        };
        let listed = monday_slots();
        let slots: Vec<String> = serde_json::from_value(listed["slots"].clone()).expect("slots");
        assert_eq!(slots.len(), 6, "{listed}");
        assert!(
            slots[0].starts_with(&format!("{monday}T09:00:00+01:00"))
                || slots[0].starts_with(&format!("{monday}T09:00:00+02:00")),
            "{slots:?}"
        );

        // Two visitors take the same slot at once: exactly one gets it.
        let start = slots[0].clone();
        let answers: Vec<(u16, Value)> = std::thread::scope(|s| {
            let tries: Vec<_> = (1..=2)
                .map(|i| {
                    let (http, base, start) = (&http, &base, &start);
                    s.spawn(move || {
                        let res = http
                            .post(base.as_str())
                            .json(&json!({"start": start, "name": format!("Vera Visitor{i}"),
                                          "email": format!("vera{i}@example.com"),
                                          "answers": {"What is your website?": "vera.example"}}))
                            .send()
                            .expect("book");
                        (
                            res.status().as_u16(),
                            res.json::<Value>().unwrap_or(Value::Null),
                        )
                    })
                })
                .collect();
            tries
                .into_iter()
                .map(|t| t.join().expect("thread"))
                .collect()
        });
        let statuses: Vec<u16> = answers.iter().map(|(s, _)| *s).collect();
        assert!(
            statuses.contains(&201) && statuses.contains(&409),
            "{answers:?}"
        );
        let (_, booked) = answers.iter().find(|(s, _)| *s == 201).expect("booked");
        // Without --smtp-url no mail goes out, and the page and the answer say so.
        assert_eq!(booked["mail"], false, "{booked}");
        assert!(page.contains(r#""mail":false"#), "{page}");
        assert!(booked["manage_url"]
            .as_str()
            .is_some_and(|u| u.starts_with(&format!("{}/booking/", server.url()))));
        let event_id =
            Uuid::parse_str(booked["event_id"].as_str().expect("event id")).expect("uuid");

        // The slot is gone from the list; the page shows the type.
        let again = monday_slots();
        assert_eq!(again["slots"].as_array().map(Vec::len), Some(5), "{again}");
        let page = http.get(&base).send().expect("page");
        assert_eq!(page.status().as_u16(), 200);
        let html = page.text().expect("html");
        for shown in ["Consultation", "Book with Olivia", "--primary: #7c3aed"] {
            assert!(html.contains(shown), "the page lacks {shown}");
        }

        // The server's replica was bootstrapped like a new device (indexes put off while
        // its rows went in) and was finished before serving: it has every index a fresh
        // database has but the lists' sort indexes (nobody lists there), and no deferred
        // work is left.
        let org_id: String = rusqlite::Connection::open(dir.path().join("server.sqlite3"))
            .expect("server db")
            .query_row("SELECT id FROM organizations", [], |r| r.get(0))
            .expect("org id");
        let replica = db::open_read_only(
            &dir.path()
                .join("server.sqlite3.replicas")
                .join(format!("{org_id}.sqlite3")),
        )
        .expect("replica");
        let (fresh, _) =
            db::open(&dir.path().join("fresh.sqlite3"), OpenMode::CreateIfMissing).expect("fresh");
        let indexes = |conn: &Connection| -> Vec<String> {
            conn.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
                .expect("prepare")
                .query_map([], |r| r.get(0))
                .expect("indexes")
                .collect::<rusqlite::Result<_>>()
                .expect("names")
        };
        let all = indexes(&fresh);
        assert!(aio_core::records::keep_no_list_indexes(&fresh).expect("drop") > 0);
        assert!(indexes(&fresh).len() < all.len());
        assert_eq!(indexes(&replica), indexes(&fresh));
        assert!(!aio_core::deferred::pending(&replica).expect("pending"));

        // Nobody searches on the server: its replica keeps no search index, though the
        // booking made a contact there.
        assert!(!aio_core::crm::search::kept(&replica).expect("kept"));
        let counts = |sql: &str| -> i64 { replica.query_row(sql, [], |r| r.get(0)).expect(sql) };
        assert!(counts("SELECT count(*) FROM contacts") > 0);
        assert_eq!(counts("SELECT count(*) FROM contact_search"), 0);

        // The replica adopts the team only when it changes: a member who joins now is
        // among its users by the next page view.
        let email = format!("joiner-{}@agency.test", Uuid::new_v4().simple());
        let users_named = |email: &str| {
            replica
                .query_row(
                    "SELECT count(*) FROM users WHERE email = ?1",
                    [email],
                    |r| r.get::<_, i64>(0),
                )
                .expect("users")
        };
        assert_eq!(users_named(&email), 0);
        let invite = aio_sync::invite(&laptop.conn, None, &email, "member").expect("invite");
        let mut joiner = Device::new(dir.path(), "joiner");
        aio_sync::sign_in(
            &mut joiner.conn,
            &server.url(),
            &email,
            PASSWORD,
            Join::SignUpWithInvite {
                name: "Jo Joiner",
                invite: &invite.code,
            },
        )
        .expect("join");
        assert_eq!(http.get(&base).send().expect("page").status().as_u16(), 200);
        assert_eq!(users_named(&email), 1, "the replica adopted the new member");

        // Bad input names its field and books nothing; unknown pages are 404.
        for (body, field) in [
            (
                json!({"start": slots[1], "name": "X", "email": "not-an-email"}),
                "email",
            ),
            (
                json!({"start": "tomorrow", "name": "X", "email": "x@example.com"}),
                "start",
            ),
            (
                json!({"start": slots[1], "name": "  ", "email": "x@example.com"}),
                "name",
            ),
        ] {
            let res = http.post(&base).json(&body).send().expect("book");
            assert_eq!(res.status().as_u16(), 422);
            let err: Value = res.json().expect("json");
            assert_eq!(err["field"], field, "{err}");
        }
        let missing = http
            .get(format!(
                "{}/book/{org}/no-such-type/slots?from={monday}&tz=UTC",
                server.url()
            ))
            .send()
            .expect("slots");
        assert_eq!(missing.status().as_u16(), 404);

        // The laptop pulls the booking: the event, its contact (created from the email)
        // and a timeline entry.
        laptop.sync().expect("pull");
        let event = records::get(&laptop.conn, &laptop.actor, &EVENTS, event_id).expect("event");
        assert_eq!(event["status"], "confirmed");
        assert_eq!(
            event["start_time"].as_str().map(|s| &s[..16]),
            Some(&booked["start"].as_str().expect("start")[..16])
        );
        assert!(event["description"]
            .as_str()
            .expect("text")
            .contains("vera.example"));
        let contact_id =
            Uuid::parse_str(event["contact_id"].as_str().expect("contact")).expect("uuid");
        let contact =
            records::get(&laptop.conn, &laptop.actor, &CONTACTS, contact_id).expect("contact");
        assert!(contact["email"]
            .as_str()
            .expect("email")
            .starts_with("vera"));
        let timeline: i64 = laptop
            .conn
            .query_row(
                "SELECT count(*) FROM contact_activities WHERE contact_id = ?1 AND activity_type = 'meeting'",
                [contact_id.to_string()],
                |r| r.get(0),
            )
            .expect("count");
        assert_eq!(timeline, 1);
    }
}

// --- booking mail: confirmations, the guest's link, reminders, over a real SMTP server -------

mod booking_mail {
    use super::*;
    use aio_core::tables::{AVAILABILITY_RULES, BOOKING_TYPES, EVENTS};
    use chrono::{DateTime, Datelike, Duration as Days, NaiveDate, Utc};
    use reqwest::blocking::Client;

    /// A real SMTP server (Debian's python3-aiosmtpd) storing each message in a Maildir.
    pub(super) struct Smtp {
        child: Child,
    }

    impl Smtp {
        pub(super) fn start(maildir: &Path, port: u16) -> Smtp {
            let mut command = Command::new("/usr/bin/python3");
            command
                .args(["-m", "aiosmtpd", "-n", "-l"])
                .arg(format!("127.0.0.1:{port}"))
                .args(["-c", "aiosmtpd.handlers.Mailbox"])
                .arg(maildir);
            Smtp::launch(command, port)
        }

        /// One that refuses (550) the addresses listed in the file `refused`, and stores
        /// the rest in `maildir`.
        pub(super) fn refusing(maildir: &Path, port: u16, refused: &Path) -> Smtp {
            let mut command = Command::new("/usr/bin/python3");
            command
                .arg(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/../../tests/mail/refusing_smtp.py"
                ))
                .arg(maildir)
                .arg(port.to_string())
                .arg(refused);
            Smtp::launch(command, port)
        }

        fn launch(mut command: Command, port: u16) -> Smtp {
            let mut child = command
                .stdout(Stdio::null())
                .spawn()
                .expect("python3-aiosmtpd (scripts/setup.sh --test installs it)");
            for _ in 0..100 {
                if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return Smtp { child };
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            let _ = child.kill();
            let _ = child.wait();
            panic!("the SMTP server did not start on port {port}");
        }
    }

    impl Drop for Smtp {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    pub(super) fn free_port() -> u16 {
        TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("port")
            .port()
    }

    /// The messages received so far, read by tests/mail/read_maildir.py (Python's email
    /// and icalendar packages).
    pub(super) fn messages(maildir: &Path) -> Vec<Value> {
        if !maildir.join("new").exists() {
            return Vec::new();
        }
        let out = Command::new("/usr/bin/python3")
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../tests/mail/read_maildir.py"
            ))
            .arg(maildir)
            .output()
            .expect("python3");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("json")
    }

    /// The messages whose subject starts with `prefix`, once there are `count` of them.
    pub(super) fn wait_for(maildir: &Path, prefix: &str, count: usize) -> Vec<Value> {
        let mut found = Vec::new();
        for _ in 0..300 {
            found = messages(maildir)
                .into_iter()
                .filter(|m| m["subject"].as_str().is_some_and(|s| s.starts_with(prefix)))
                .collect();
            if found.len() >= count {
                return found;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!(
            "{count} mail(s) \"{prefix}…\" expected, got {}: {:#?}",
            found.len(),
            messages(maildir)
        );
    }

    /// The guest's link in a mail's text.
    fn link_in(mail: &Value) -> String {
        let text = mail["text"].as_str().expect("text");
        let start = text
            .find("http")
            .unwrap_or_else(|| panic!("no link in {text}"));
        text[start..]
            .split_whitespace()
            .next()
            .expect("link")
            .to_string()
    }

    fn instant(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap_or_else(|_| panic!("not a time: {text}"))
            .with_timezone(&Utc)
    }

    /// A signed-up laptop offering "intro" (30 minutes, weekdays 09:00-12:00 UTC); the
    /// organisation's slug.
    fn host(dir: &Path, server: &Server) -> (Device, String) {
        let mut laptop = sign_up_team(dir, server, 1).remove(0);
        records::create(
            &mut laptop.conn,
            &laptop.actor,
            &BOOKING_TYPES,
            obj(
                json!({"name": "Intro call", "slug": "intro", "description": "Getting to know you",
                       "duration_minutes": 30, "color": "#2563eb", "location": "Video call"}),
            ),
        )
        .expect("type");
        for weekday in 1..=5 {
            records::create(
                &mut laptop.conn,
                &laptop.actor,
                &AVAILABILITY_RULES,
                obj(json!({"day_of_week": weekday, "start_time": "09:00", "end_time": "12:00"})),
            )
            .expect("rule");
        }
        laptop.sync().expect("upload");
        let org: String = rusqlite::Connection::open(&server.db)
            .expect("server db")
            .query_row("SELECT slug FROM organizations", [], |r| r.get(0))
            .expect("slug");
        (laptop, org)
    }

    /// A Monday at least a week ahead.
    fn monday() -> NaiveDate {
        let mut day = Utc::now().date_naive() + Days::days(7);
        while day.weekday().num_days_from_sunday() != 1 {
            day += Days::days(1);
        }
        day
    }

    fn slots(http: &Client, url: &str, day: NaiveDate) -> Vec<DateTime<Utc>> {
        let listed: Value = http
            .get(format!("{url}/slots?from={day}&days=1&tz=UTC"))
            .send()
            .expect("slots")
            .json()
            .expect("json");
        listed["slots"]
            .as_array()
            .unwrap_or_else(|| panic!("{listed}"))
            .iter()
            .map(|s| instant(s.as_str().expect("slot")))
            .collect()
    }

    fn book(http: &Client, base: &str, start: DateTime<Utc>, email: &str) -> Value {
        let res = http
            .post(base)
            .json(
                &json!({"start": start.to_rfc3339(), "name": "Gina Guest", "email": email,
                          "tz": "Europe/Berlin"}),
            )
            .send()
            .expect("book");
        assert_eq!(res.status().as_u16(), 201);
        res.json().expect("json")
    }

    fn event(laptop: &mut Device, id: &Value) -> Row {
        laptop.sync().expect("pull");
        let id = Uuid::parse_str(id.as_str().expect("id")).expect("uuid");
        records::get(&laptop.conn, &laptop.actor, &EVENTS, id).expect("event")
    }

    #[test]
    fn the_guest_gets_an_invitation_and_moves_then_cancels_through_the_link() {
        let dir = tempfile::tempdir().expect("dir");
        let maildir = dir.path().join("mail");
        let port = free_port();
        let _smtp = Smtp::start(&maildir, port);
        let smtp_url = format!("smtp://127.0.0.1:{port}");
        let server_log = dir.path().join("server.log");
        let server = Server::start_logging(
            &dir.path().join("server.sqlite3"),
            "127.0.0.1:0",
            &[
                "--smtp-url",
                &smtp_url,
                "--mail-from",
                "Agency <bookings@agency.test>",
            ],
            &server_log,
        );
        let (mut laptop, org) = host(dir.path(), &server);
        let owner_email: String = laptop
            .conn
            .query_row(
                "SELECT email FROM users WHERE id = ?1",
                [laptop.actor.user_id.to_string()],
                |r| r.get(0),
            )
            .expect("owner");
        let base = format!("{}/book/{org}/intro", server.url());
        let http = Client::new();
        let page = http.get(&base).send().expect("page").text().expect("html");
        assert!(page.contains(r#""mail":true"#), "{page}");

        let day = monday();
        let free = slots(&http, &base, day);
        assert_eq!(free.len(), 6, "{free:?}");
        let booked = book(&http, &base, free[0], "gina@example.com");
        assert_eq!(booked["mail"], true);
        let event_id = booked["event_id"].as_str().expect("id").to_string();

        // The guest's invitation: to them, with an .ics that icalendar reads back.
        let guest = wait_for(&maildir, "Confirmed:", 1).remove(0);
        assert!(
            guest["rcpt"]
                .as_str()
                .expect("rcpt")
                .contains("gina@example.com"),
            "{guest}"
        );
        assert!(
            guest["to"].as_str().expect("to").contains("Gina Guest"),
            "{guest}"
        );
        assert!(guest["from"]
            .as_str()
            .expect("from")
            .contains("bookings@agency.test"));
        let subject = guest["subject"].as_str().expect("subject");
        assert!(subject.contains("Intro call"), "{subject}");
        // Times in the guest's zone: 09:00 UTC is 10:00 in Berlin in winter, 11:00 in summer.
        assert!(subject.contains("(Europe/Berlin)"), "{subject}");
        let ics = &guest["calendar"];
        assert_eq!(ics["method"], "REQUEST", "{ics}");
        assert_eq!(ics["content_type"], "text/calendar", "{ics}");
        assert_eq!(ics["type_method"], "REQUEST", "{ics}");
        assert_eq!(ics["uid"], format!("{event_id}@aio-agency-crm"));
        assert_eq!(instant(ics["dtstart"].as_str().expect("start")), free[0]);
        assert_eq!(ics["sequence"], 0);
        assert!(ics["attendees"]
            .to_string()
            .contains("mailto:gina@example.com"));
        // The host hears of it too.
        let notice = wait_for(&maildir, "New booking:", 1).remove(0);
        assert!(
            notice["rcpt"]
                .as_str()
                .expect("rcpt")
                .contains(&owner_email),
            "{notice}"
        );
        assert!(notice["text"]
            .as_str()
            .expect("text")
            .contains("gina@example.com"));

        // The link from the mail opens the booking; its own time is free for it to keep,
        // not for others.
        let link = link_in(&guest);
        assert!(
            link.starts_with(&format!("{}/booking/", server.url())),
            "{link}"
        );
        let page = http.get(&link).send().expect("page");
        assert_eq!(page.status().as_u16(), 200);
        assert!(page.text().expect("html").contains(r#""manage":{"#));
        assert!(slots(&http, &link, day).contains(&free[0]));
        assert!(!slots(&http, &base, day).contains(&free[0]));

        // Moving it: the old time is free again, the new one taken, a new invitation
        // (a higher SEQUENCE) goes out, and the laptop sees the new time.
        let bad = http
            .post(format!("{link}/reschedule"))
            .json(&json!({"start": "soon"}))
            .send()
            .expect("reschedule");
        assert_eq!(bad.status().as_u16(), 422);
        assert_eq!(bad.json::<Value>().expect("json")["field"], "start");
        let moved = http
            .post(format!("{link}/reschedule"))
            .json(&json!({"start": free[2].to_rfc3339(), "tz": "Europe/Berlin"}))
            .send()
            .expect("reschedule");
        assert_eq!(moved.status().as_u16(), 200);
        let moved: Value = moved.json().expect("json");
        assert_eq!(
            instant(moved["booking"]["start"].as_str().expect("start")),
            free[2]
        );
        let public = slots(&http, &base, day);
        assert!(
            public.contains(&free[0]) && !public.contains(&free[2]),
            "{public:?}"
        );
        let update = wait_for(&maildir, "Rescheduled:", 1).remove(0);
        assert_eq!(update["calendar"]["sequence"], 1, "{update}");
        assert_eq!(
            update["calendar"]["uid"],
            format!("{event_id}@aio-agency-crm")
        );
        assert_eq!(
            instant(update["calendar"]["dtstart"].as_str().expect("start")),
            free[2]
        );
        let row = event(&mut laptop, &booked["event_id"]);
        assert_eq!(instant(row["start_time"].as_str().expect("start")), free[2]);

        // Cancelling (with the link the booking page gave): a METHOD:CANCEL to the guest,
        // the event cancelled on the laptop, its time free, and the links dead.
        let manage = booked["manage_url"].as_str().expect("manage url");
        let cancelled = http
            .post(format!("{manage}/cancel"))
            .send()
            .expect("cancel");
        assert_eq!(cancelled.status().as_u16(), 200);
        let cancel = wait_for(&maildir, "Cancelled:", 1).remove(0);
        assert_eq!(cancel["calendar"]["method"], "CANCEL", "{cancel}");
        assert_eq!(cancel["calendar"]["type_method"], "CANCEL");
        assert_eq!(cancel["calendar"]["status"], "CANCELLED");
        assert_eq!(cancel["calendar"]["sequence"], 2);
        assert_eq!(
            event(&mut laptop, &booked["event_id"])["status"],
            "cancelled"
        );
        assert!(slots(&http, &base, day).contains(&free[2]));
        for url in [link.as_str(), manage] {
            assert_eq!(http.get(url).send().expect("page").status().as_u16(), 410);
            let again = http.post(format!("{url}/cancel")).send().expect("cancel");
            assert_eq!(again.status().as_u16(), 410);
        }
        let unknown = http
            .get(format!("{}/booking/not-a-real-token", server.url()))
            .send()
            .expect("page");
        assert_eq!(unknown.status().as_u16(), 404);
        assert!(unknown.text().expect("html").contains("not valid"));
        // Guest and host heard of each of the three steps, nothing more.
        assert_eq!(messages(&maildir).len(), 6, "{:#?}", messages(&maildir));

        // The guest's links are theirs alone: no log line (at debug level) and no
        // database holds them (the server keeps their digests).
        let token_of = |url: &str| url.rsplit('/').next().expect("a token").to_string();
        let mut places = vec![(
            "server log".to_string(),
            std::fs::read(&server_log).expect("server log"),
        )];
        places.extend(super::secrets::database_files(dir.path()));
        assert!(
            places.len() >= 3,
            "logs and databases read: {}",
            places.len()
        );
        super::secrets::assert_nowhere(
            &[
                (&token_of(&link), "the link in the guest's mail"),
                (&token_of(manage), "the link the booking page gave"),
            ],
            &places,
        );
    }

    #[test]
    fn with_the_smtp_server_down_a_booking_succeeds_and_its_mail_follows_later() {
        let dir = tempfile::tempdir().expect("dir");
        let maildir = dir.path().join("mail");
        let port = free_port();
        let smtp_url = format!("smtp://127.0.0.1:{port}");
        let server = Server::start_with(
            &dir.path().join("server.sqlite3"),
            "127.0.0.1:0",
            &["--smtp-url", &smtp_url],
        );
        let (_laptop, org) = host(dir.path(), &server);
        let base = format!("{}/book/{org}/intro", server.url());
        let http = Client::new();
        let free = slots(&http, &base, monday());
        let booked = book(&http, &base, free[1], "late@example.com");
        assert_eq!(booked["mail"], true);

        // The sender tried, failed, and keeps the mail.
        let log = rusqlite::Connection::open(&server.db).expect("server db");
        let failed = || -> (i64, i64) {
            log.query_row(
                "SELECT count(*), coalesce(min(attempts), 0) FROM mail_outbox
                 WHERE sent_at IS NULL AND last_error IS NOT NULL",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("outbox")
        };
        for _ in 0..100 {
            if failed().1 >= 2 {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        assert_eq!(failed().0, 2, "guest and host mail wait in the queue");
        assert!(failed().1 >= 2, "retried: {:?}", failed());

        // The SMTP server comes up: both arrive.
        let _smtp = Smtp::start(&maildir, port);
        let guest = wait_for(&maildir, "Confirmed:", 1).remove(0);
        assert!(guest["rcpt"]
            .as_str()
            .expect("rcpt")
            .contains("late@example.com"));
        assert_eq!(
            instant(guest["calendar"]["dtstart"].as_str().expect("start")),
            free[1]
        );
        wait_for(&maildir, "New booking:", 1);
        let unsent: i64 = log
            .query_row(
                "SELECT count(*) FROM mail_outbox WHERE sent_at IS NULL",
                [],
                |r| r.get(0),
            )
            .expect("count");
        assert_eq!(unsent, 0);
    }

    #[test]
    fn a_reminder_goes_out_once_and_reminder_sent_syncs() {
        let dir = tempfile::tempdir().expect("dir");
        let maildir = dir.path().join("mail");
        let port = free_port();
        let _smtp = Smtp::start(&maildir, port);
        let smtp_url = format!("smtp://127.0.0.1:{port}");
        let db = dir.path().join("server.sqlite3");
        // First a lead of one minute: the meeting a week ahead is not due.
        let server = Server::start_with(
            &db,
            "127.0.0.1:0",
            &["--smtp-url", &smtp_url, "--reminder-lead", "1m"],
        );
        let (mut laptop, org) = host(dir.path(), &server);
        let base = format!("{}/book/{org}/intro", server.url());
        let http = Client::new();
        let free = slots(&http, &base, monday());
        let booked = book(&http, &base, free[0], "remind@example.com");
        wait_for(&maildir, "Confirmed:", 1);
        assert_eq!(
            event(&mut laptop, &booked["event_id"])["reminder_sent"],
            false
        );

        // Restarted with a lead of 20 days (the job runs at start, then every minute):
        // the reminder goes out, with a working link, and reminder_sent syncs.
        let addr = server.addr.clone();
        drop(server);
        let flags = ["--smtp-url", smtp_url.as_str(), "--reminder-lead", "480h"];
        let server = Server::start_with(&db, &addr, &flags);
        let reminder = wait_for(&maildir, "Reminder:", 1).remove(0);
        assert!(reminder["rcpt"]
            .as_str()
            .expect("rcpt")
            .contains("remind@example.com"));
        assert_eq!(
            http.get(link_in(&reminder))
                .send()
                .expect("page")
                .status()
                .as_u16(),
            200
        );
        assert_eq!(
            event(&mut laptop, &booked["event_id"])["reminder_sent"],
            true
        );

        // Another restart sends nothing again.
        drop(server);
        let server = Server::start_with(&db, &addr, &flags);
        std::thread::sleep(Duration::from_secs(3));
        assert_eq!(wait_for(&maildir, "Reminder:", 1).len(), 1);
        drop(server);
    }
}

/// Secrets stay secret: a sign-up, a sync, a second device's sign-in and pull, and a public
/// booking page, with the server and the CLI logging at debug level; then no log line and
/// no byte of either database (or the server's replicas) holds the password or a session
/// token.
#[test]
fn no_log_or_database_holds_a_password_or_a_session_token() {
    let dir = tempfile::tempdir().expect("dir");
    let server_db = dir.path().join("server.sqlite3");
    let server_log = dir.path().join("server.log");
    let mut server = Command::new(env!("CARGO_BIN_EXE_aio-crm"))
        .args([
            "serve",
            "--db",
            server_db.to_str().expect("utf-8"),
            "--bind",
            "127.0.0.1:0",
        ])
        .env("RUST_LOG", "debug")
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&server_log).expect("log file"))
        .spawn()
        .expect("start aio-crm serve");
    let mut line = String::new();
    BufReader::new(server.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read");
    let url = format!(
        "http://{}",
        line.trim()
            .strip_prefix("listening on http://")
            .expect("address")
    );
    let password = "a secret password 7f3a9c";
    let laptop = dir.path().join("laptop.sqlite3");
    let laptop_path = laptop.to_str().expect("utf-8");
    let mut client_log = String::new();
    let mut cli = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_aio-crm"))
            .args(["--db", laptop_path])
            .args(args)
            .env("AIO_CRM_PASSWORD", password)
            .env("RUST_LOG", "debug")
            .output()
            .expect("run aio-crm");
        client_log.push_str(&String::from_utf8_lossy(&out.stdout));
        client_log.push_str(&String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "aio-crm {args:?}: {client_log}");
    };
    cli(&["migrate"]);
    cli(&[
        "records",
        "create",
        "--table",
        "contacts",
        "--json",
        r#"{"first_name":"Ada","last_name":"L","email":"ada@secret.test"}"#,
    ]);
    cli(&[
        "login",
        "--server",
        &url,
        "--email",
        "owner@secret.test",
        "--signup",
        "Olive",
        "--org-name",
        "Secret Agency",
    ]);
    cli(&["sync"]);

    // A second device signs in over HTTP and pulls with its token; a visitor opens the
    // organisation's booking page.
    let http = reqwest::blocking::Client::new();
    let session: Value = http
        .post(format!("{url}/v1/login"))
        .json(&json!({"email": "owner@secret.test", "password": password,
                      "device_name": "phone", "client_id": 0}))
        .send()
        .and_then(|r| r.json())
        .expect("a session");
    let token = session["token"].as_str().expect("a token").to_string();
    let org = session["organizations"][0]["id"]
        .as_str()
        .expect("org")
        .to_string();
    let pulled = http
        .get(format!("{url}/v1/orgs/{org}/pull?after=0"))
        .bearer_auth(&token)
        .send()
        .expect("pull");
    assert_eq!(pulled.status().as_u16(), 200);
    let _ = http.get(format!("{url}/book/{org}/nothing-here")).send();
    let _ = http
        .post(format!("{url}/v1/login"))
        .json(
            &json!({"email": "owner@secret.test", "password": "wrong guess",
                      "device_name": "x", "client_id": 0}),
        )
        .send();
    server.kill().expect("stop the server");
    server.wait().expect("wait");

    let mut places: Vec<(String, Vec<u8>)> = vec![
        (
            "server log".into(),
            std::fs::read(&server_log).expect("server log"),
        ),
        ("client log".into(), client_log.into_bytes()),
    ];
    places.extend(secrets::database_files(dir.path()));
    assert!(
        places.len() >= 4,
        "logs and databases read: {}",
        places.len()
    );
    let debug_lines = String::from_utf8_lossy(&places[0].1).lines().count();
    assert!(debug_lines > 0, "the server logged at debug level");
    secrets::assert_nowhere(
        &[
            (password, "the password"),
            (token.as_str(), "a session token"),
        ],
        &places,
    );
}

// --- automations: the server runs them once for every device ---------------------------

mod automations {
    use super::booking_mail::{free_port, messages, wait_for, Smtp};
    use super::*;
    use aio_core::tables::{AUTOMATIONS, AUTOMATION_RUNS, TEMPLATES};
    use reqwest::blocking::Client;

    fn create(d: &mut Device, table: &aio_core::schema::TableDef, v: Value) -> Row {
        records::create(&mut d.conn, &d.actor, table, obj(v)).expect("create")
    }

    fn id(row: &Row) -> String {
        row["id"].as_str().expect("id").to_string()
    }

    /// Syncs `d` until `check` holds (the server's runner works in the background).
    fn until(d: &mut Device, what: &str, check: impl Fn(&Device) -> bool) {
        for _ in 0..100 {
            d.sync().expect("sync");
            if check(d) {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!("never saw: {what}");
    }

    fn run_rows(d: &Device) -> Vec<String> {
        rows(&d.conn, AUTOMATION_RUNS.name)
    }

    fn tags(d: &Device, email: &str) -> Vec<String> {
        let text: Option<String> = d
            .conn
            .query_row("SELECT tags FROM contacts WHERE email = ?1", [email], |r| {
                r.get(0)
            })
            .ok();
        text.map(|t| serde_json::from_str(&t).expect("tags"))
            .unwrap_or_default()
    }

    #[test]
    fn the_server_fires_a_birthday_schedule_once_by_its_clock_and_both_devices_see_the_run() {
        let dir = tempfile::tempdir().expect("dir");
        let db = dir.path().join("server.sqlite3");
        // The server's clock a day ahead of the devices' (the injected clock): a contact
        // whose birthday is tomorrow here has it today on the server.
        let env = [("AIO_CLOCK_OFFSET_MINUTES", "1440")];
        let mut server = Server::start_with_env(&db, "127.0.0.1:0", &[], &env);
        let mut devices = sign_up_team(dir.path(), &server, 2);
        for d in devices.iter_mut() {
            d.sync().expect("first sync");
        }
        let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1)).date_naive();
        let dob = format!("1992-{}", tomorrow.format("%m-%d"));
        create(
            &mut devices[1],
            &CONTACTS,
            json!({ "first_name": "Bea", "last_name": "Day", "email": "bea@client.test", "dob": dob }),
        );
        create(
            &mut devices[1],
            &CONTACTS,
            json!({ "first_name": "Ned", "last_name": "Other", "email": "ned@client.test", "dob": "1992-01-01" }),
        );
        devices[1].sync().expect("push the contacts");
        create(
            &mut devices[0],
            &AUTOMATIONS,
            json!({ "name": "Birthdays", "trigger_type": "schedule",
                    "trigger_config": { "date_field": "dob", "yearly": true, "at": "00:00" },
                    "actions": [{ "type": "add_tag", "tag": "Birthday" }] }),
        );
        devices[0].sync().expect("push the automation");
        for d in devices.iter_mut() {
            until(d, "the birthday run and its tag", |d| {
                tags(d, "bea@client.test") == ["Birthday"]
                    && run_rows(d)
                        .iter()
                        .any(|r| r.contains(r#""status":"completed""#))
            });
        }
        assert_eq!(
            run_rows(&devices[0]),
            run_rows(&devices[1]),
            "both devices hold the same run"
        );
        assert_eq!(
            run_rows(&devices[0]).len(),
            1,
            "one run: Ned's birthday is not today"
        );
        // Started again (its jobs and cursors kept): the occurrence does not fire twice.
        let addr = server.addr.clone();
        drop(server);
        server = Server::start_with_env(&db, &addr, &[], &env);
        std::thread::sleep(Duration::from_secs(2));
        devices[0]
            .sync()
            .expect("a round with the restarted server");
        assert_eq!(run_rows(&devices[0]).len(), 1, "still one run");
        drop(server);
    }

    #[test]
    fn an_automations_mail_waits_out_a_down_smtp_server_and_arrives_once() {
        let dir = tempfile::tempdir().expect("dir");
        let maildir = dir.path().join("mail");
        let port = free_port();
        let smtp_url = format!("smtp://127.0.0.1:{port}");
        let db = dir.path().join("server.sqlite3");
        let server = Server::start_with(&db, "127.0.0.1:0", &["--smtp-url", &smtp_url]);
        let mut devices = sign_up_team(dir.path(), &server, 1);
        devices[0].sync().expect("first sync");
        let template = create(
            &mut devices[0],
            &TEMPLATES,
            json!({ "name": "Hello {{contact.first_name}}", "type": "email", "html_content": "<p>Hello</p>" }),
        );
        create(
            &mut devices[0],
            &AUTOMATIONS,
            json!({ "name": "Hello", "trigger_type": "contact_created",
                    "actions": [{ "type": "send_email", "template_id": id(&template) }] }),
        );
        create(
            &mut devices[0],
            &CONTACTS,
            json!({ "first_name": "Lou", "last_name": "Late", "email": "lou@client.test" }),
        );
        devices[0].sync().expect("push");
        // The run completes at once (its mail is queued with its record); the SMTP server
        // is down, so the queue tries again and again.
        let log = rusqlite::Connection::open(&db).expect("server db");
        let attempts = || -> i64 {
            log.query_row(
                "SELECT coalesce(max(attempts), 0) FROM mail_outbox WHERE key LIKE 'automation:%' AND sent_at IS NULL",
                [],
                |r| r.get(0),
            )
            .expect("outbox")
        };
        for _ in 0..150 {
            if attempts() >= 2 {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        assert!(attempts() >= 2, "the mail was tried again: {}", attempts());
        until(&mut devices[0], "the completed run", |d| {
            run_rows(d)
                .iter()
                .any(|r| r.contains(r#""status":"completed""#))
        });
        let _smtp = Smtp::start(&maildir, port);
        wait_for(&maildir, "Hello Lou", 1);
        std::thread::sleep(Duration::from_secs(2));
        assert_eq!(messages(&maildir).len(), 1, "{:#?}", messages(&maildir));
        drop(server);
    }

    #[test]
    fn mail_the_receiver_refuses_fails_its_run_on_every_device_and_a_retry_sends_it_once() {
        let dir = tempfile::tempdir().expect("dir");
        let maildir = dir.path().join("mail");
        let refused = dir.path().join("refused");
        std::fs::write(&refused, "gone@client.test\n").expect("refused list");
        let port = free_port();
        let _smtp = Smtp::refusing(&maildir, port, &refused);
        let smtp_url = format!("smtp://127.0.0.1:{port}");
        let db = dir.path().join("server.sqlite3");
        let server = Server::start_with(&db, "127.0.0.1:0", &["--smtp-url", &smtp_url]);
        let mut devices = sign_up_team(dir.path(), &server, 2);
        for d in devices.iter_mut() {
            d.sync().expect("first sync");
        }
        let template = create(
            &mut devices[0],
            &TEMPLATES,
            json!({ "name": "Hello {{contact.first_name}}", "type": "email", "html_content": "<p>Hello</p>" }),
        );
        create(
            &mut devices[0],
            &AUTOMATIONS,
            json!({ "name": "Hello", "trigger_type": "contact_created",
                    "actions": [{ "type": "send_email", "template_id": id(&template) }, { "type": "add_tag", "tag": "Greeted" }] }),
        );
        devices[0].sync().expect("push the automation");
        create(
            &mut devices[1],
            &CONTACTS,
            json!({ "first_name": "Gus", "last_name": "Gone", "email": "gone@client.test" }),
        );
        devices[1].sync().expect("push the contact");
        // The receiving server says no for good: both devices see the run failed, with
        // the receiver's answer, and the steps after the mail taken.
        let failed = |d: &Device| -> Option<(String, String)> {
            d.conn
                .query_row(
                    "SELECT id, error_message FROM automation_runs WHERE status = 'failed'",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .ok()
        };
        for d in devices.iter_mut() {
            until(d, "the run failed with the refusal", |d| {
                failed(d).is_some()
            });
            let (_, why) = failed(d).expect("failed");
            assert!(
                why.starts_with("step 0: the mail to gone@client.test was not delivered:")
                    && why.contains("550"),
                "{why}"
            );
            assert_eq!(tags(d, "gone@client.test"), ["Greeted"]);
        }
        assert!(messages(&maildir).is_empty(), "nothing was delivered");
        // The mailbox is made; a person on the member's laptop retries the run.
        std::fs::write(&refused, "").expect("refused list");
        let (run, _) = failed(&devices[1]).expect("failed");
        let run = Uuid::parse_str(&run).expect("uuid");
        let d = &mut devices[1];
        aio_core::modules::automations::runner::request_retry(&mut d.conn, &d.actor, run)
            .expect("retry");
        d.sync().expect("push the request");
        let mail = wait_for(&maildir, "Hello Gus", 1).remove(0);
        assert!(
            mail["rcpt"]
                .as_str()
                .expect("rcpt")
                .contains("gone@client.test"),
            "{mail}"
        );
        for d in devices.iter_mut() {
            until(d, "the run completed again", |d| {
                run_rows(d)
                    .iter()
                    .any(|r| r.contains(r#""status":"completed""#) && r.contains("resent"))
            });
        }
        std::thread::sleep(Duration::from_secs(2));
        assert_eq!(messages(&maildir).len(), 1, "{:#?}", messages(&maildir));
        assert_eq!(run_rows(&devices[0]), run_rows(&devices[1]));
        drop(server);
    }

    #[test]
    fn the_server_runs_an_automation_once_and_both_devices_see_the_run() {
        let dir = tempfile::tempdir().expect("dir");
        let maildir = dir.path().join("mail");
        let port = free_port();
        let _smtp = Smtp::start(&maildir, port);
        let smtp_url = format!("smtp://127.0.0.1:{port}");
        let flags = [
            "--smtp-url",
            smtp_url.as_str(),
            "--mail-from",
            "Agency <hello@agency.test>",
        ];
        let db = dir.path().join("server.sqlite3");
        let mut server = Server::start_with(&db, "127.0.0.1:0", &flags);
        let mut devices = sign_up_team(dir.path(), &server, 2);
        for d in devices.iter_mut() {
            d.sync().expect("first sync");
        }
        let template = create(
            &mut devices[0],
            &TEMPLATES,
            json!({ "name": "Welcome {{contact.first_name}}", "type": "email", "html_content": "<p>Hello {{contact.first_name}}, welcome aboard.</p>" }),
        );
        create(
            &mut devices[0],
            &AUTOMATIONS,
            json!({ "name": "Welcome VIPs", "trigger_type": "contact_created", "trigger_config": { "tags": ["VIP"] },
                    "actions": [{ "type": "send_email", "template_id": id(&template) }, { "type": "add_tag", "tag": "Welcomed" }] }),
        );
        devices[0].sync().expect("push the automation");
        // The member's laptop adds a VIP contact; the server's runner acts on its event.
        create(
            &mut devices[1],
            &CONTACTS,
            json!({ "first_name": "Vera", "last_name": "Ip", "email": "vera@client.test", "tags": ["VIP"] }),
        );
        devices[1].sync().expect("push the contact");
        let mail = wait_for(&maildir, "Welcome Vera", 1).remove(0);
        assert!(
            mail["rcpt"]
                .as_str()
                .expect("rcpt")
                .contains("vera@client.test"),
            "{mail}"
        );
        assert!(
            mail["text"]
                .as_str()
                .expect("text")
                .contains("Hello Vera, welcome aboard."),
            "{mail}"
        );
        for d in devices.iter_mut() {
            until(d, "the completed run and the Welcomed tag", |d| {
                tags(d, "vera@client.test").contains(&"Welcomed".to_string())
                    && run_rows(d)
                        .iter()
                        .any(|r| r.contains(r#""status":"completed""#))
            });
        }
        assert_eq!(
            run_rows(&devices[0]),
            run_rows(&devices[1]),
            "both devices hold the same run"
        );
        assert_eq!(run_rows(&devices[0]).len(), 1, "one run");
        // Killed and started again: the runner reads nothing twice and sends nothing more.
        let addr = server.addr.clone();
        drop(server);
        server = Server::start_with(&db, &addr, &flags);
        devices[1]
            .sync()
            .expect("a round with the restarted server");
        std::thread::sleep(Duration::from_secs(2));
        assert_eq!(messages(&maildir).len(), 1, "{:#?}", messages(&maildir));
        // Every trigger delivered again: the organisation's replica (its event cursor and
        // its job queue) is lost and built afresh from the log, so the runner reads each
        // event a second time. The runs are keyed by (automation, event): no second mail.
        drop(server);
        let mut replicas = db.as_os_str().to_owned();
        replicas.push(".replicas");
        std::fs::remove_dir_all(&replicas).expect("drop the replicas");
        server = Server::start_with(&db, &addr, &flags);
        create(
            &mut devices[1],
            &CONTACTS,
            json!({ "first_name": "Pat", "last_name": "Plain", "email": "pat@client.test" }),
        );
        devices[1].sync().expect("a push that wakes the runner");
        until(&mut devices[0], "the second contact", |d| {
            tags(d, "pat@client.test").is_empty() && !run_rows(d).is_empty()
        });
        std::thread::sleep(Duration::from_secs(2));
        assert_eq!(messages(&maildir).len(), 1, "{:#?}", messages(&maildir));
        devices[0].sync().expect("pull");
        assert_eq!(run_rows(&devices[0]).len(), 1, "still one run");

        // An inbound webhook: a wrong secret is refused and writes nothing.
        let hook = create(
            &mut devices[0],
            &AUTOMATIONS,
            json!({ "name": "From the site", "trigger_type": "webhook", "trigger_config": { "secret": "hook-secret-0123456789" },
                    "actions": [{ "type": "add_tag", "tag": "FromHook" }] }),
        );
        devices[0].sync().expect("push the webhook automation");
        let url = format!(
            "{}/hooks/{}/{}",
            server.url(),
            devices[0].actor.organization_id,
            id(&hook)
        );
        let http = Client::new();
        let body = json!({ "email": "hank@client.test", "first_name": "Hank" });
        let refused = http
            .post(&url)
            .header("x-aio-secret", "guess-guess-guess")
            .json(&body)
            .send()
            .expect("post");
        assert_eq!(refused.status().as_u16(), 403);
        let unknown = format!(
            "{}/hooks/{}/{}",
            server.url(),
            devices[0].actor.organization_id,
            Uuid::new_v4()
        );
        let missing = http
            .post(&unknown)
            .header("x-aio-secret", "hook-secret-0123456789")
            .json(&body)
            .send()
            .expect("post");
        assert_eq!(missing.status().as_u16(), 404);
        devices[0].sync().expect("pull");
        assert!(tags(&devices[0], "hank@client.test").is_empty());
        assert_eq!(
            devices[0]
                .conn
                .query_row(
                    "SELECT count(*) FROM contacts WHERE email = 'hank@client.test'",
                    [],
                    |r| r.get::<_, i64>(0)
                )
                .expect("count"),
            0,
            "a refused call makes no contact"
        );
        let taken = http
            .post(&url)
            .header("x-aio-secret", "hook-secret-0123456789")
            .json(&body)
            .send()
            .expect("post");
        assert_eq!(taken.status().as_u16(), 202);
        until(
            &mut devices[0],
            "the webhook's contact, tagged by its run",
            |d| tags(d, "hank@client.test") == ["FromHook"],
        );
    }
}

/// Whether the notice socket closes within ten seconds (a timeout means it stayed open).
fn closes(
    mut socket: tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>,
) -> bool {
    if let tungstenite::stream::MaybeTlsStream::Plain(stream) = socket.get_mut() {
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
    }
    loop {
        match socket.read() {
            Ok(tungstenite::Message::Close(_)) => return true,
            Ok(_) => {}
            Err(tungstenite::Error::Io(e))
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return false
            }
            Err(_) => return true,
        }
    }
}

#[test]
fn signed_out_devices_stop_at_once_and_unused_sessions_expire() {
    let dir = tempfile::tempdir().expect("dir");
    let server = Server::start(&dir.path().join("server.sqlite3"), "127.0.0.1:0");
    let email = format!("owner-{}@agency.test", Uuid::new_v4().simple());
    let mut laptop = Device::new(dir.path(), "laptop");
    aio_sync::sign_in(
        &mut laptop.conn,
        &server.url(),
        &email,
        PASSWORD,
        Join::SignUpWithOrganization {
            name: "Olivia Owner",
            organization_name: "Device Agency",
        },
    )
    .expect("sign up");
    let log_in = |name: &str| {
        let mut d = Device::new(dir.path(), name);
        aio_sync::sign_in(
            &mut d.conn,
            &server.url(),
            &email,
            PASSWORD,
            Join::LogIn { invite: None },
        )
        .expect("log in");
        d.sync().expect("first round");
        d
    };
    let mut phone = log_in("phone");

    let listed = aio_sync::devices(&laptop.conn).expect("devices");
    assert_eq!(listed.len(), 2, "two devices: {listed:?}");
    assert!(
        listed.iter().all(|d| d.signed_in),
        "both signed in: {listed:?}"
    );
    let this: Vec<bool> = listed.iter().map(|d| d.this_device).collect();
    assert_eq!(
        this.iter().filter(|t| **t).count(),
        1,
        "one is the laptop itself: {listed:?}"
    );
    let phone_id = listed
        .iter()
        .find(|d| !d.this_device)
        .expect("the phone")
        .id;

    // The laptop signs the phone out: its socket closes at once and its next round is refused.
    let socket = aio_sync::watch(&phone.conn).expect("the phone's notice socket");
    let gone =
        aio_sync::sign_out_devices(&laptop.conn, Some(phone_id)).expect("sign out the phone");
    assert_eq!(gone, vec![phone_id]);
    assert!(
        closes(socket),
        "the signed-out phone's notice socket closes"
    );
    let refused = phone
        .sync()
        .expect_err("the phone is signed out")
        .to_string();
    assert!(refused.contains("sign in again"), "says why: {refused}");
    laptop.sync().expect("the laptop still syncs");
    let listed = aio_sync::devices(&laptop.conn).expect("devices");
    assert_eq!(
        listed
            .iter()
            .find(|d| d.id == phone_id)
            .map(|d| d.signed_in),
        Some(false),
        "the list shows the phone signed out: {listed:?}"
    );

    // Sign out everywhere: every device of the account, the laptop included.
    let tablet = log_in("tablet");
    let gone = aio_sync::sign_out_devices(&laptop.conn, None).expect("sign out everywhere");
    assert_eq!(gone.len(), 2, "the laptop and the tablet: {gone:?}");
    assert!(
        aio_sync::status(&laptop.conn)
            .expect("status")
            .link
            .is_none(),
        "the laptop forgot its link"
    );
    let mut tablet = tablet;
    assert!(tablet.sync().is_err(), "the tablet is signed out too");

    // A session unused for longer than the idle limit is refused, saying so.
    let mut desk = log_in("desk");
    let server_db = rusqlite::Connection::open(&server.db).expect("server file");
    server_db
        .execute(
            "UPDATE sessions SET last_used_at = '2020-01-01T00:00:00.000Z' WHERE revoked_at IS NULL",
            [],
        )
        .expect("age the session");
    let expired = desk
        .sync()
        .expect_err("an idle session expires")
        .to_string();
    assert!(
        expired.contains("expired after 30 days"),
        "says why: {expired}"
    );
}
#[path = "sync/stripe.rs"]
mod stripe;

#[path = "sync/invoice_mail.rs"]
mod invoice_mail;

#[path = "sync/agency.rs"]
mod agency;
#[path = "sync/postgres.rs"]
mod postgres;
#[path = "sync/team.rs"]
mod team;
