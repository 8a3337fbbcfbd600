//! The server in-process: every request goes through the real router (`oneshot`), on a
//! server file in a temporary folder. The end-to-end tests against a running
//! `aio-crm serve` are in crates/cli/tests/sync.rs.

mod fuzz;
// The PostgreSQL cluster the CLI's tests start, shared as a file, not copied.
#[path = "../../../cli/tests/common/postgres.rs"]
mod postgres_cluster;

use std::net::SocketAddr;

use aio_server::mail::MailSettings;
use aio_server::store;
use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{Method, Request, StatusCode};
use axum::Router;
use base64::Engine;
use serde_json::{json, Value};
use tower::ServiceExt;
use uuid::Uuid;
use yrs::{Doc, Map, ReadTxn, StateVector, Transact};

/// A server on a fresh file (or a fresh PostgreSQL database), as one address sees it.
struct Hub {
    router: Router,
    _dir: tempfile::TempDir,
    _cluster: Option<std::sync::Arc<postgres_cluster::Cluster>>,
}

impl Hub {
    fn new() -> Hub {
        let dir = tempfile::tempdir().expect("temp dir");
        let conn = store::open(&dir.path().join("server.sqlite3")).expect("server file");
        Hub::on(store::sql::Store::sqlite(conn), dir, None)
    }

    /// The same server on a new database of the binary's PostgreSQL cluster.
    fn postgres() -> Hub {
        // The PostgreSQL client blocks on a runtime of its own: not on this test's.
        let (cluster, store) = std::thread::spawn(|| {
            let cluster = postgres_cluster::Cluster::shared();
            let store = store::sql::Store::open(&cluster.database());
            (cluster, store)
        })
        .join()
        .expect("open");
        let store = store.expect("the PostgreSQL store");
        Hub::on(store, tempfile::tempdir().expect("temp dir"), Some(cluster))
    }

    fn on(
        store: store::sql::Store,
        dir: tempfile::TempDir,
        cluster: Option<std::sync::Arc<postgres_cluster::Cluster>>,
    ) -> Hub {
        // No SMTP URL: no mail is sent and no background job starts.
        let mail = MailSettings::from_flags(None, "Bookings <bookings@localhost>", None, "24h")
            .expect("mail settings");
        let router = aio_server::router_on(
            store,
            dir.path().join("replicas"),
            mail,
            aio_server::FormLimits::default(),
        )
        .expect("router")
        .layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));
        Hub {
            router,
            _dir: dir,
            _cluster: cluster,
        }
    }

    /// One request; the answer's status and its JSON body (Null when it has none).
    async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        let request = match body {
            Some(body) => request
                .header("content-type", "application/json")
                .body(Body::from(body.to_string())),
            None => request.body(Body::empty()),
        }
        .expect("request");
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router answers");
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("body");
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    async fn post(&self, path: &str, token: Option<&str>, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, path, token, Some(body)).await
    }

    async fn get(&self, path: &str, token: Option<&str>) -> (StatusCode, Value) {
        self.call(Method::GET, path, token, None).await
    }

    /// Signs `name` up (with a new organisation, or by invitation); the session.
    async fn sign_up(&self, name: &str, organization: Option<&str>, invite: Option<&str>) -> Value {
        let (status, session) = self
            .post(
                "/v1/signup",
                None,
                json!({
                    "email": format!("{name}@server.test"),
                    "password": "correct horse battery",
                    "name": name,
                    "device_name": format!("{name}'s laptop"),
                    "client_id": 0,
                    "account_id": null,
                    "organization": organization.map(|o| json!({
                        "id": null, "name": o, "slug": o.to_lowercase().replace(' ', "-"),
                    })),
                    "invite": invite,
                }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "sign-up of {name}: {session}");
        session
    }
}

fn token(session: &Value) -> &str {
    session["token"].as_str().expect("a session has a token")
}

fn org_of(session: &Value) -> String {
    session["organizations"][0]["id"]
        .as_str()
        .expect("a member of one organisation")
        .to_string()
}

/// A device's update of a `contacts` row setting `fields`, as its yrs client `client`
/// writes it, after `before` (the row's earlier updates, none for a new row).
fn update(client: u64, before: &[&str], fields: &[(&str, &str)]) -> String {
    use yrs::updates::decoder::Decode;
    let doc = Doc::with_client_id(client);
    for earlier in before {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(earlier)
            .expect("base64");
        doc.transact_mut()
            .apply_update(yrs::Update::decode_v1(&bytes).expect("update"))
            .expect("apply");
    }
    let seen = doc.transact().state_vector();
    let map = doc.get_or_insert_map("row");
    {
        let mut txn = doc.transact_mut();
        for (k, v) in fields {
            map.insert(&mut txn, *k, *v);
        }
    }
    let diff = if before.is_empty() {
        doc.transact()
            .encode_state_as_update_v1(&StateVector::default())
    } else {
        doc.transact().encode_diff_v1(&seen)
    };
    base64::engine::general_purpose::STANDARD.encode(diff)
}

fn push_body(row: Uuid, data: &str) -> Value {
    json!({"updates": [{"table": "contacts", "row_id": row.to_string(), "data": data}]})
}

#[tokio::test]
async fn sign_up_log_in_and_a_wrong_password() {
    sign_up_log_in_and_a_wrong_password_on(Hub::new()).await;
}

#[tokio::test]
async fn sign_up_log_in_and_a_wrong_password_on_postgres() {
    sign_up_log_in_and_a_wrong_password_on(Hub::postgres()).await;
}

async fn sign_up_log_in_and_a_wrong_password_on(hub: Hub) {
    let ada = hub.sign_up("ada", Some("Alpha Agency"), None).await;
    assert_eq!(
        ada["organizations"][0]["role"], "owner",
        "the founder owns the new organisation"
    );
    let (status, again) = hub
        .post(
            "/v1/signup",
            None,
            json!({"email": "ADA@server.test", "password": "another password", "name": "Ada 2",
                   "device_name": "phone", "client_id": 0}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "an email signs up once, whatever its case: {again}"
    );

    let login = |password: &str| {
        json!({"email": "ada@server.test", "password": password,
               "device_name": "desktop", "client_id": 0})
    };
    let (status, session) = hub
        .post("/v1/login", None, login("correct horse battery"))
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the right password signs in: {session}"
    );
    let (status, me) = hub.get("/v1/me", Some(token(&session))).await;
    assert_eq!(
        (status, me["account"]["email"].as_str()),
        (StatusCode::OK, Some("ada@server.test")),
        "the new session is Ada's: {me}"
    );

    let (status, wrong) = hub.post("/v1/login", None, login("wrong password!")).await;
    assert_eq!(
        (status, wrong["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("wrong email or password")),
        "a wrong password is refused without saying which part was wrong"
    );
    let (status, short) = hub
        .post(
            "/v1/signup",
            None,
            json!({"email": "bo@server.test", "password": "short", "name": "Bo",
                   "device_name": "laptop", "client_id": 0}),
        )
        .await;
    assert_eq!(
        (status, short["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("password")),
        "a short password is refused, naming the field: {short}"
    );

    let (status, _) = hub
        .post("/v1/logout", Some(token(&session)), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "signs out");
    let (status, _) = hub.get("/v1/me", Some(token(&session))).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a signed-out token no longer works"
    );
    let (status, _) = hub.get("/v1/me", Some(token(&ada))).await;
    assert_eq!(status, StatusCode::OK, "the other session still works");
}

#[tokio::test]
async fn a_viewer_pulls_but_cannot_push_and_no_row_moves_to_another_organisation() {
    a_viewer_pulls_but_cannot_push_and_no_row_moves_to_another_organisation_on(Hub::new()).await;
}

#[tokio::test]
async fn a_viewer_pulls_but_cannot_push_and_no_row_moves_to_another_organisation_on_postgres() {
    a_viewer_pulls_but_cannot_push_and_no_row_moves_to_another_organisation_on(Hub::postgres())
        .await;
}

async fn a_viewer_pulls_but_cannot_push_and_no_row_moves_to_another_organisation_on(hub: Hub) {
    let ada = hub.sign_up("ada", Some("Alpha Agency"), None).await;
    let bob = hub.sign_up("bob", Some("Beta Agency"), None).await;
    let (org_a, org_b) = (org_of(&ada), org_of(&bob));
    let (status, invite) = hub
        .post(
            &format!("/v1/orgs/{org_a}/invitations"),
            Some(token(&ada)),
            json!({"email": "vera@server.test", "role": "viewer"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "the owner invites: {invite}");
    let vera = hub.sign_up("vera", None, invite["code"].as_str()).await;
    assert_eq!(
        vera["organizations"][0]["role"], "viewer",
        "the invitation's role"
    );

    let client = ada["client_id"].as_u64().expect("client id");
    let owner = ada["account"]["id"].as_str().expect("account id");
    let row = Uuid::now_v7();
    let created = update(
        client,
        &[],
        &[
            ("organization_id", &org_a),
            ("first_name", "Ada"),
            ("last_name", "L"),
            ("email", "ada@x.test"),
            ("owner_id", owner),
        ],
    );
    let push = format!("/v1/orgs/{org_a}/push");
    let (status, pushed) = hub
        .post(&push, Some(token(&ada)), push_body(row, &created))
        .await;
    assert_eq!(
        (status, pushed["results"][0]["ok"].as_bool()),
        (StatusCode::OK, Some(true)),
        "the owner's new contact is accepted: {pushed}"
    );

    let pull = format!("/v1/orgs/{org_a}/pull?after=0");
    let (status, pulled) = hub.get(&pull, Some(token(&vera))).await;
    assert_eq!(
        (status, pulled["updates"].as_array().map(Vec::len)),
        (StatusCode::OK, Some(1)),
        "the viewer pulls the contact: {pulled}"
    );
    let vera_client = vera["client_id"].as_u64().expect("client id");
    let (status, refused) = hub
        .post(
            &push,
            Some(token(&vera)),
            push_body(
                Uuid::now_v7(),
                &update(vera_client, &[], &[("first_name", "V")]),
            ),
        )
        .await;
    let error = refused["results"][0]["error"].as_str().unwrap_or_default();
    assert_eq!(
        (status, refused["results"][0]["ok"].as_bool()),
        (StatusCode::OK, Some(false)),
        "a viewer's update is refused as an update of the push: {refused}"
    );
    assert!(
        error.contains("viewers can read but not change"),
        "the refusal says why: {error}"
    );
    assert!(
        refused["results"][0].get("state").is_none(),
        "a new row has no state on the server to go back to: {refused}"
    );
    let (status, _) = hub.get(&pull, Some(token(&bob))).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "another organisation's member cannot pull it"
    );

    // The owner's own edit that would move the row to Bob's organisation.
    let moved = update(client, &[&created], &[("organization_id", &org_b)]);
    let (status, answer) = hub
        .post(&push, Some(token(&ada)), push_body(row, &moved))
        .await;
    let error = answer["results"][0]["error"].as_str().unwrap_or_default();
    assert_eq!(
        (status, answer["results"][0]["ok"].as_bool()),
        (StatusCode::OK, Some(false)),
        "the move is refused as an update of the push: {answer}"
    );
    assert!(
        error.contains("organization_id: cannot move a row to another organization"),
        "the refusal names organization_id: {error}"
    );
    let state = answer["results"][0]["state"].as_str().unwrap_or_default();
    let back = aio_core::sync::wire::decode("state", state).expect("the server's state");
    let (_, row_back, _) =
        aio_core::sync::check_update(&aio_core::tables::CONTACTS, None, &back).expect("a row");
    assert_eq!(
        row_back["organization_id"],
        json!(org_a),
        "the refusal carries the row as the server has it, to go back to: {answer}"
    );
    let (_, pulled) = hub.get(&pull, Some(token(&vera))).await;
    assert_eq!(
        pulled["updates"].as_array().map(Vec::len),
        Some(1),
        "the refused update is not in the log: {pulled}"
    );
}

/// A viewer or a client may not change an organisation through its other endpoints
/// either: invoice numbers, sending an invoice and refunding one are refused before
/// anything happens.
#[tokio::test]
async fn a_viewer_or_client_reserves_no_numbers_and_sends_or_refunds_no_invoice() {
    a_viewer_or_client_reserves_no_numbers_and_sends_or_refunds_no_invoice_on(Hub::new()).await;
}

#[tokio::test]
async fn a_viewer_or_client_reserves_no_numbers_and_sends_or_refunds_no_invoice_on_postgres() {
    a_viewer_or_client_reserves_no_numbers_and_sends_or_refunds_no_invoice_on(Hub::postgres())
        .await;
}

async fn a_viewer_or_client_reserves_no_numbers_and_sends_or_refunds_no_invoice_on(hub: Hub) {
    let ada = hub.sign_up("ada", Some("Alpha Agency"), None).await;
    let org = org_of(&ada);
    for role in ["viewer", "client"] {
        let (status, invite) = hub
            .post(
                &format!("/v1/orgs/{org}/invitations"),
                Some(token(&ada)),
                json!({"email": format!("{role}@server.test"), "role": role}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "the owner invites: {invite}");
        let reader = hub.sign_up(role, None, invite["code"].as_str()).await;
        let invoice = Uuid::now_v7();
        for (path, body, what) in [
            (
                format!("/v1/orgs/{org}/numbers"),
                json!({"series": "INV-{YYYY}-{seq}", "count": 10}),
                "finalise invoices or orders",
            ),
            (
                format!("/v1/orgs/{org}/invoices/{invoice}/send"),
                json!({"request_id": Uuid::now_v7()}),
                "send invoices",
            ),
            (
                format!("/v1/orgs/{org}/invoices/{invoice}/refund"),
                json!({"amount": "10.00", "request_id": Uuid::now_v7()}),
                "refund payments",
            ),
        ] {
            let (status, refused) = hub.post(&path, Some(token(&reader)), body).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{path}: {refused}");
            assert!(
                refused
                    .to_string()
                    .contains(&format!("{role}s do not {what}")),
                "{path}: {refused}"
            );
        }
    }
}

#[tokio::test]
async fn the_public_booking_page_names_the_field_it_refuses() {
    let hub = Hub::new();
    let good = json!({"start": "2026-03-09T10:00:00Z", "name": "Ada Lovelace",
                      "email": "ada@example.com", "tz": "Europe/Berlin"});
    for (change, field) in [
        (json!({"name": ""}), "name"),
        (json!({"email": "not an address"}), "email"),
        (json!({"phone": "1".repeat(41)}), "phone"),
        (json!({"start": "next tuesday"}), "start"),
        (json!({"tz": "Mars/Olympus"}), "tz"),
        (json!({"answers": {"q": "x".repeat(5001)}}), "answers"),
        (json!({"email": null}), "body"),
    ] {
        let mut body = good.clone();
        for (k, v) in change.as_object().expect("object") {
            body[k] = v.clone();
        }
        let (status, refused) = hub.post("/book/alpha/intro", None, body).await;
        assert_eq!(
            (status, refused["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field)),
            "a booking with a bad {field} is refused naming it: {refused}"
        );
    }
    for (query, field) in [
        ("from=soon&tz=UTC", "from"),
        ("from=2026-03-09&days=90&tz=UTC", "days"),
        ("from=2026-03-09&tz=Nowhere", "tz"),
    ] {
        let (status, refused) = hub
            .get(&format!("/book/alpha/intro/slots?{query}"), None)
            .await;
        assert_eq!(
            (status, refused["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field)),
            "slots with a bad {field} are refused naming it: {refused}"
        );
    }
    let (status, _) = hub.post("/book/alpha/intro", None, good).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a valid booking on an organisation that does not exist finds no page"
    );
}

#[tokio::test]
async fn form_pages_of_unknown_forms_are_404_and_the_page_script_is_served_as_script() {
    let hub = Hub::new();
    let response = |path: &'static str| {
        let router = hub.router.clone();
        async move {
            router
                .oneshot(Request::get(path).body(Body::empty()).expect("request"))
                .await
                .expect("an answer")
        }
    };
    let missing = response("/form/nobody/contact").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(missing.headers()["x-content-type-options"], "nosniff");
    assert_eq!(
        missing.headers()["content-security-policy"],
        "default-src 'none'"
    );
    let embed = response("/form/nobody/contact/embed.js").await;
    assert_eq!(embed.status(), StatusCode::NOT_FOUND);
    let script = response("/form-assets/form.js").await;
    assert_eq!(script.status(), StatusCode::OK);
    assert_eq!(script.headers()["x-content-type-options"], "nosniff");
    assert!(script.headers()["content-type"]
        .to_str()
        .unwrap_or_default()
        .starts_with("text/javascript"));
    let body = axum::body::to_bytes(script.into_body(), usize::MAX)
        .await
        .expect("body");
    assert!(
        String::from_utf8_lossy(&body).contains("data-show-if"),
        "the script evaluates the fields' conditions"
    );
    let (status, refused) = hub
        .post("/form/nobody/contact", None, json!({"email": "a@b.test"}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{refused}");
}

/// A real SMTP server (python3-aiosmtpd) storing each message in a Maildir.
struct Smtp(std::process::Child);

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn maildir_count(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir.join("new"))
        .map(|d| d.count())
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread")]
async fn an_automation_step_queued_again_after_a_crash_is_sent_once() {
    use aio_server::mail::{self, Mail};
    use std::sync::Arc;
    let dir = tempfile::tempdir().expect("temp dir");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let maildir = dir.path().join("mail");
    let _smtp = Smtp(
        std::process::Command::new("/usr/bin/python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .spawn()
            .expect("python3-aiosmtpd"),
    );
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let conn = store::open(&dir.path().join("server.sqlite3")).expect("server file");
    let db = Arc::new(store::sql::Store::sqlite(conn));
    let from = mail::mailbox("from", Some("Agency"), "hello@agency.test").expect("from");
    let letter = Mail {
        to: mail::mailbox("to", Some("Vera Ip"), "vera@client.test").expect("to"),
        subject: "Welcome Vera".into(),
        text: "Hello Vera".into(),
        calendar: None,
        html: Some("<p>Hello Vera</p>".into()),
        attachment: None,
    };
    // The runner took the step and the log committed it with its mail; the replica's own
    // commit was lost in a crash, so the step is taken again and asks for the same mail
    // under the same key. And a second step's mail, under its own key.
    for key in [
        "automation:run-1:0",
        "automation:run-1:0",
        "automation:run-1:2",
    ] {
        let mut conn = db.conn().expect("connection");
        let mut tx = conn.transaction().expect("tx");
        mail::enqueue_keyed(&mut *tx, &from, letter.clone(), Some(key), None).expect("queue");
        tx.commit().expect("commit");
    }
    mail::spawn_sender(
        db.clone(),
        &format!("smtp://127.0.0.1:{port}"),
        Arc::default(),
        Arc::new(|_| {}),
    )
    .expect("sender");
    for _ in 0..100 {
        if maildir_count(&maildir) >= 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(
        maildir_count(&maildir),
        2,
        "each key's mail reached the SMTP server once"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn pushes_of_an_organisation_without_automations_build_no_replica() {
    let hub = Hub::new();
    let ada = hub.sign_up("ada", Some("Alpha Agency"), None).await;
    let org = org_of(&ada);
    let row = Uuid::new_v4();
    let data = update(7, &[], &[("first_name", "Vera"), ("organization_id", &org)]);
    let (status, body) = hub
        .post(
            &format!("/v1/orgs/{org}/push"),
            Some(token(&ada)),
            push_body(row, &data),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "the push is taken: {body}");
    // The runner is woken by every push and looks twice a second.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let replica = hub
        ._dir
        .path()
        .join("replicas")
        .join(format!("{org}.sqlite3"));
    assert!(
        !replica.exists(),
        "no automations and no pages: nothing to catch up, so no replica (a big upload \
         would otherwise be applied page by page as it arrives)"
    );
}
