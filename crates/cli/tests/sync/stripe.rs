//! Card payments against `localstripe` (PyPI; a Stripe API server, installed by
//! scripts/setup.sh --test): a real `aio-crm serve` makes PaymentIntents for an invoice's
//! payment link and takes localstripe's signed webhooks; the transactions reach the
//! device by sync. A declined card, a partial payment then the rest by card, a refund, a
//! replayed webhook, a webhook with a bad signature.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use aio_core::modules::commerce::invoices::{self, NewInvoice, NewInvoiceLine, Payment};
use aio_core::schema::Decimal;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::str::FromStr;
use uuid::Uuid;

use super::{sign_up_team, Device, Server};

const SECRET: &str = "sk_test_aio0123456789";
const WEBHOOK: &str = "whsec_aio_test_signing_secret";
const PUBLISHABLE: &str = "pk_test_aio0123456789";

struct LocalStripe {
    child: Child,
    url: String,
}

impl Drop for LocalStripe {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn localstripe_bin() -> String {
    if let Ok(bin) = std::env::var("LOCALSTRIPE") {
        return bin;
    }
    let venv = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../target/test-venv/bin/localstripe"
    );
    if std::path::Path::new(venv).exists() {
        return venv.into();
    }
    "localstripe".into()
}

fn start_localstripe() -> LocalStripe {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let child = Command::new(localstripe_bin())
        .args(["--port", &port.to_string(), "--from-scratch"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect(
            "localstripe (PyPI) is installed by scripts/setup.sh --test, or named by $LOCALSTRIPE",
        );
    let url = format!("http://127.0.0.1:{port}");
    let stripe = LocalStripe { child, url };
    let started = Instant::now();
    while reqwest::blocking::get(format!("{}/v1/customers", stripe.url)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "localstripe did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    stripe
}

fn stripe_post(stripe: &LocalStripe, path: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let response = reqwest::blocking::Client::new()
        .post(format!("{}{path}", stripe.url))
        .basic_auth(SECRET, Some(""))
        .form(form)
        .send()
        .expect("localstripe answers");
    let status = response.status().as_u16();
    (status, response.json().unwrap_or(Value::Null))
}

/// Pays a PaymentIntent as Stripe.js would: a card PaymentMethod, attached, confirmed.
fn pay_with_card(stripe: &LocalStripe, intent: &str, number: &str) -> (u16, Value) {
    let (status, method) = stripe_post(
        stripe,
        "/v1/payment_methods",
        &[
            ("type", "card"),
            ("card[number]", number),
            ("card[exp_month]", "12"),
            ("card[exp_year]", "2030"),
            ("card[cvc]", "123"),
        ],
    );
    assert_eq!(status, 200, "a payment method: {method}");
    let pm = method["id"].as_str().expect("pm id");
    let (status, updated) = stripe_post(
        stripe,
        &format!("/v1/payment_intents/{intent}"),
        &[("payment_method", pm)],
    );
    assert_eq!(status, 200, "the method on the intent: {updated}");
    stripe_post(
        stripe,
        &format!("/v1/payment_intents/{intent}/confirm"),
        &[],
    )
}

fn hmac_hex(key: &[u8], message: &[u8]) -> String {
    let mut block = [0u8; 64];
    block[..key.len()].copy_from_slice(key);
    let inner: Vec<u8> = block
        .iter()
        .map(|b| b ^ 0x36)
        .chain(message.iter().copied())
        .collect();
    let inner = Sha256::digest(&inner);
    let outer: Vec<u8> = block
        .iter()
        .map(|b| b ^ 0x5c)
        .chain(inner.iter().copied())
        .collect();
    Sha256::digest(&outer)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn page(url: &str) -> Value {
    let response = reqwest::blocking::Client::new()
        .get(url)
        .header("Accept", "application/json")
        .send()
        .expect("the pay page");
    let status = response.status();
    let body: Value = response.json().expect("JSON");
    assert!(status.is_success(), "pay page: {status} {body}");
    body
}

/// Syncs until `check` holds on the device (webhooks arrive about a second later).
fn wait_for(device: &mut Device, what: &str, check: impl Fn(&Device) -> bool) {
    let started = Instant::now();
    loop {
        device.sync().expect("sync");
        if check(device) {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "waited in vain for {what}"
        );
        std::thread::sleep(Duration::from_millis(250));
    }
}

fn invoice_state(device: &Device, id: &str) -> (String, String, String) {
    device
        .conn
        .query_row(
            "SELECT status, payment_status, amount_paid FROM invoices WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("the invoice")
}

fn count(device: &Device, sql: &str, id: &str) -> i64 {
    device
        .conn
        .query_row(sql, [id], |r| r.get(0))
        .expect("count")
}

fn new_invoice(device: &mut Device, contact: Uuid, price: &str) -> String {
    let actor = device.actor;
    let draft = invoices::create(
        &mut device.conn,
        &actor,
        &NewInvoice {
            contact_id: contact,
            lines: vec![NewInvoiceLine {
                description: Some("Website redesign <b>phase 1</b>".into()),
                product: None,
                quantity: Decimal::from(1),
                unit_price: Some(Decimal::from_str(price).expect("a price")),
                discount: None,
                tax: None,
            }],
            currency: Some("EUR".into()),
            discount: None,
            shipping: None,
            tax: None,
            payment_terms_days: Some(14),
            notes: None,
        },
    )
    .expect("a draft");
    let id = draft["invoice"]["id"].as_str().expect("id").to_string();
    invoices::finalize(&mut device.conn, &actor, &id).expect("finalised");
    id
}

#[test]
fn card_payments_webhooks_and_refunds_against_localstripe() {
    let stripe = start_localstripe();
    let dir = tempfile::tempdir().expect("dir");
    let server_db = dir.path().join("server.sqlite3");
    let server_log = dir.path().join("server.log");
    let server = Server::start_logging(
        &server_db,
        "127.0.0.1:0",
        &["--stripe-api", &stripe.url],
        &server_log,
    );
    let mut devices = sign_up_team(dir.path(), &server, 1);
    let owner = &mut devices[0];
    // The first round reserves this device's invoice numbers.
    owner.sync().expect("the first sync");
    let org = owner.actor.organization_id.to_string();
    let keys = Command::new(env!("CARGO_BIN_EXE_aio-crm"))
        .args([
            "stripe-keys",
            "--db",
            server_db.to_str().expect("path"),
            "--org",
            &org,
            "--publishable-key",
            PUBLISHABLE,
        ])
        .env("AIO_STRIPE_SECRET_KEY", SECRET)
        .env("AIO_STRIPE_WEBHOOK_SECRET", WEBHOOK)
        .output()
        .expect("stripe-keys");
    assert!(
        keys.status.success(),
        "{}",
        String::from_utf8_lossy(&keys.stderr)
    );
    let webhook_url = format!("{}/webhooks/stripe/{org}", server.url());
    let (status, _) = stripe_post(
        &stripe,
        "/_config/webhooks/aio",
        &[("url", &webhook_url), ("secret", WEBHOOK)],
    );
    assert_eq!(status, 200, "localstripe takes the webhook endpoint");
    // No key reached the server's database.
    let dump: String = rusqlite::Connection::open(&server_db)
        .expect("server db")
        .query_row(
            "SELECT group_concat(publishable_key || keyring_key) FROM stripe_accounts",
            [],
            |r| r.get(0),
        )
        .expect("accounts");
    assert!(
        dump.contains(PUBLISHABLE) && !dump.contains(SECRET) && !dump.contains(WEBHOOK),
        "{dump}"
    );

    let actor = owner.actor;
    let contact = aio_core::records::create(
        &mut owner.conn,
        &actor,
        &aio_core::tables::CONTACTS,
        json!({"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"})
            .as_object()
            .cloned()
            .expect("obj"),
    )
    .expect("contact");
    let contact = Uuid::parse_str(contact["id"].as_str().expect("id")).expect("uuid");
    let invoice = new_invoice(owner, contact, "300");
    owner.sync().expect("sync");

    // The link and its page: a PaymentIntent for what is due, the same on a reload.
    let url = aio_sync::pay_link(&owner.conn, Uuid::parse_str(&invoice).expect("uuid"))
        .expect("a pay link");
    assert!(url.starts_with(&format!("{}/pay/", server.url())), "{url}");
    let first = page(&url);
    assert_eq!(first["amount_due"], "300.00");
    assert_eq!(first["currency"], "EUR");
    let intent = first["intent_id"].as_str().expect("an intent").to_string();
    let client_secret = first["client_secret"]
        .as_str()
        .expect("the intent's client secret, for Stripe.js")
        .to_string();
    assert_eq!(
        page(&url)["intent_id"],
        intent.as_str(),
        "a reload makes no second PaymentIntent"
    );
    let html = reqwest::blocking::get(&url).expect("the HTML page");
    let csp = html.headers()["content-security-policy"]
        .to_str()
        .expect("csp")
        .to_string();
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    let text = html.text().expect("html");
    assert!(
        text.contains(first["invoice_number"].as_str().expect("number"))
            && text.contains("300.00 EUR"),
        "{text}"
    );
    // One character of the token changed (mid-token: the last one may carry only padding
    // bits, and may already be the character it would be changed to).
    let at = url.len() - 10;
    let swap = if &url[at..=at] == "A" { "B" } else { "A" };
    let tampered = format!("{}{swap}{}", &url[..at], &url[at + 1..]);
    assert_eq!(
        reqwest::blocking::get(&tampered)
            .expect("tampered")
            .status()
            .as_u16(),
        404,
        "a forged token"
    );

    // A declined card: recorded as a failed attempt, nothing paid; the next visit gets a
    // new PaymentIntent.
    let (status, declined) = pay_with_card(&stripe, &intent, "4000000000000341");
    assert_ne!(status, 200, "the card is declined: {declined}");
    wait_for(owner, "the failed attempt", |d| {
        count(
            d,
            "SELECT count(*) FROM transactions WHERE invoice_id = ?1 AND status = 'failed'",
            &invoice,
        ) == 1
    });
    assert_eq!(invoice_state(owner, &invoice).1, "unpaid");

    // A partial payment by bank transfer, then the rest by card.
    let actor = owner.actor;
    invoices::record_payment(
        &mut owner.conn,
        &actor,
        &invoice,
        &Payment {
            amount: Decimal::from(100),
            method: "bank_transfer".into(),
            gateway: None,
            gateway_transaction_id: None,
            request_id: None,
        },
    )
    .expect("a partial payment");
    owner.sync().expect("sync");
    let rest = page(&url);
    assert_eq!(rest["amount_due"], "200.00");
    let second = rest["intent_id"].as_str().expect("an intent").to_string();
    assert_ne!(second, intent, "a new amount, a new PaymentIntent");
    let (status, paid) = pay_with_card(&stripe, &second, "4242424242424242");
    assert_eq!(status, 200, "{paid}");
    wait_for(owner, "the card payment", |d| {
        invoice_state(d, &invoice).0 == "paid"
    });
    assert_eq!(
        invoice_state(owner, &invoice),
        ("paid".into(), "paid".into(), "300".into())
    );
    assert_eq!(
        count(owner, "SELECT count(*) FROM transactions WHERE invoice_id = ?1 AND payment_gateway = 'stripe' AND status = 'completed'", &invoice),
        1
    );

    // A partial refund back to the card: a credit note and the refund, through the server.
    // The same request sent again (an answer lost on the way) refunds nothing more.
    let request = Uuid::new_v4();
    for _ in 0..2 {
        aio_sync::card_refund_as(
            &owner.conn,
            Uuid::parse_str(&invoice).expect("uuid"),
            "50",
            request,
        )
        .expect("a refund");
    }
    owner.sync().expect("sync");
    // The credit note takes the 50 off what is owed: settled, 250 kept.
    assert_eq!(
        invoice_state(owner, &invoice),
        ("paid".into(), "paid".into(), "250".into())
    );
    assert_eq!(
        count(
            owner,
            "SELECT count(*) FROM invoices WHERE credit_for_id = ?1 AND kind = 'credit_note'",
            &invoice
        ),
        1
    );
    let too_much =
        aio_sync::card_refund(&owner.conn, Uuid::parse_str(&invoice).expect("uuid"), "500");
    assert!(too_much.is_err(), "more than was received is refused");

    // A replayed webhook acts once; a bad signature is refused and records nothing.
    let other = new_invoice(owner, contact, "80");
    owner.sync().expect("sync");
    let now = chrono::Utc::now().timestamp();
    let body = json!({
        "id": "evt_aio_replayed", "type": "payment_intent.succeeded", "created": now,
        "data": {"object": {"id": "pi_aio_manual", "object": "payment_intent", "amount": 8000, "currency": "eur",
                             "metadata": {"organization_id": org, "invoice_id": other}}}
    })
    .to_string();
    let signature = format!(
        "t={now},v1={}",
        hmac_hex(WEBHOOK.as_bytes(), format!("{now}.{body}").as_bytes())
    );
    let send = |signature: &str| {
        let response = reqwest::blocking::Client::new()
            .post(&webhook_url)
            .header("Stripe-Signature", signature)
            .header("Content-Type", "application/json")
            .body(body.clone())
            .send()
            .expect("the webhook");
        (
            response.status().as_u16(),
            response.json::<Value>().unwrap_or(Value::Null),
        )
    };
    let forged = format!(
        "t={now},v1={}",
        hmac_hex(b"whsec_someone_else", format!("{now}.{body}").as_bytes())
    );
    let (status, _) = send(&forged);
    assert_eq!(status, 422, "a bad signature is refused");
    let stale = now - 3600;
    let (status, _) = send(&format!(
        "t={stale},v1={}",
        hmac_hex(WEBHOOK.as_bytes(), format!("{stale}.{body}").as_bytes())
    ));
    assert_eq!(
        status, 422,
        "a signature older than the tolerance is refused"
    );
    owner.sync().expect("sync");
    assert_eq!(
        count(
            owner,
            "SELECT count(*) FROM transactions WHERE invoice_id = ?1",
            &other
        ),
        0,
        "nothing recorded"
    );
    let (status, first) = send(&signature);
    assert_eq!(
        (status, first["outcome"].as_str()),
        (200, Some("recorded")),
        "{first}"
    );
    let (status, again) = send(&signature);
    assert_eq!(
        (status, again["outcome"].as_str()),
        (200, Some("duplicate")),
        "{again}"
    );
    wait_for(owner, "the webhook's payment", |d| {
        invoice_state(d, &other).0 == "paid"
    });
    assert_eq!(
        count(
            owner,
            "SELECT count(*) FROM transactions WHERE invoice_id = ?1",
            &other
        ),
        1,
        "recorded once"
    );

    // Secrets stay secret: the API key, the webhook's signing secret and the intent's
    // client secret are in no log line (at debug level) and no database; the pay link's
    // token is in no log line.
    drop(server);
    let log = std::fs::read(&server_log).expect("server log");
    assert!(!log.is_empty(), "the server logged at debug level");
    let mut places = vec![("server log".to_string(), log.clone())];
    places.extend(super::secrets::database_files(dir.path()));
    super::secrets::assert_nowhere(
        &[
            (SECRET, "the Stripe API key"),
            (WEBHOOK, "the webhook signing secret"),
            (&client_secret, "the PaymentIntent's client secret"),
        ],
        &places,
    );
    let token = url.rsplit('/').next().expect("the pay link's token");
    super::secrets::assert_nowhere(
        &[(token, "the pay link's token")],
        &[("server log".into(), log)],
    );
}
