//! Stripe, reached over its HTTP API with reqwest (form-encoded, basic auth with the
//! secret key, `Idempotency-Key` on every create), for each organisation with its own keys
//! in the OS keyring. What happens once and where (DESIGN.md §8): the server creates one
//! PaymentIntent per invoice and amount due (`stripe_intents`, the idempotency key made
//! from the same), acts on each webhook event once (`stripe_events`, written in the log's
//! transaction that records the payment), and records payments and refunds as
//! `transactions` on the organisation's replica, pushed like a device's, so they sync.

use crate::args;
use crate::store::sql::{Sql, SqlExt, Store};
use std::str::FromStr;

use aio_core::modules::commerce::invoices::{self, Payment};
use aio_core::modules::commerce::money::Currency;
use aio_core::records::{self, Actor, Row};
use aio_core::schema::Decimal;
use aio_core::tables::TRANSACTIONS;
use aio_secrets::{Secret, Secrets};
use base64::Engine;
use hmac::{Hmac, Mac};
use rusqlite::OptionalExtension;
use serde::Serialize;
use serde_json::Value;
use sha2::Sha256;
use uuid::Uuid;

use crate::store::replicas::{commit, public_pages, ready, PublicPages, Replicas};
use crate::store::{self, Refusal, Result};

/// How old a webhook's signed timestamp may be (Stripe's own libraries use 5 minutes).
pub const TOLERANCE_SECONDS: i64 = 300;
const SECRET_KEY: &str = "stripe-secret-key";
const WEBHOOK_SECRET: &str = "stripe-webhook-secret";

/// Where Stripe's API is: `AIO_STRIPE_API` (a Stripe-compatible server), else Stripe's.
pub fn api_base() -> String {
    std::env::var("AIO_STRIPE_API")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "https://api.stripe.com".into())
        .trim_end_matches('/')
        .to_string()
}

/// An organisation's Stripe keys.
pub struct Keys {
    pub secret: Secret,
    pub webhook: Secret,
    pub publishable: String,
}

/// Stores an organisation's keys: the secrets in the OS keyring, the rest in the database.
pub fn set_keys(
    conn: &mut dyn Sql,
    org: &str,
    secret: &str,
    webhook: &str,
    publishable: &str,
) -> Result<()> {
    let bad = |field: &str, why: &str| Refusal::invalid(field, why);
    if !secret.starts_with("sk_") {
        return Err(bad("secret_key", "is a Stripe secret key (sk_...)"));
    }
    if !webhook.starts_with("whsec_") {
        return Err(bad(
            "webhook_secret",
            "is a webhook signing secret (whsec_...)",
        ));
    }
    if !publishable.starts_with("pk_") {
        return Err(bad(
            "publishable_key",
            "is a Stripe publishable key (pk_...)",
        ));
    }
    let key: String = conn
        .query_opt(
            "SELECT keyring_key FROM stripe_accounts WHERE organization_id = ?1",
            args![org],
            |r| r.get(0),
        )?
        .unwrap_or_else(|| Uuid::new_v4().to_string());
    let secrets = Secrets::named(&key);
    let keyring = |e: aio_secrets::Error| Refusal::Internal(e.to_string());
    secrets
        .set(&format!("{SECRET_KEY}:{org}"), &Secret::new(secret))
        .map_err(keyring)?;
    secrets
        .set(&format!("{WEBHOOK_SECRET}:{org}"), &Secret::new(webhook))
        .map_err(keyring)?;
    conn.execute(
        "INSERT INTO stripe_accounts (organization_id, publishable_key, keyring_key, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (organization_id) DO UPDATE SET publishable_key = excluded.publishable_key, updated_at = excluded.updated_at",
        args![org, publishable, key, store::now()],
    )?;
    Ok(())
}

/// An organisation's keys, or `None` when it has not connected Stripe.
pub fn keys(conn: &mut dyn Sql, org: &str) -> Result<Option<Keys>> {
    let Some((publishable, key)): Option<(String, String)> = conn.query_opt(
        "SELECT publishable_key, keyring_key FROM stripe_accounts WHERE organization_id = ?1",
        args![org],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?
    else {
        return Ok(None);
    };
    let secrets = Secrets::named(key);
    let keyring = |e: aio_secrets::Error| Refusal::Internal(format!("the OS keyring: {e}"));
    let secret = secrets
        .get(&format!("{SECRET_KEY}:{org}"))
        .map_err(keyring)?;
    let webhook = secrets
        .get(&format!("{WEBHOOK_SECRET}:{org}"))
        .map_err(keyring)?;
    match (secret, webhook) {
        (Some(secret), Some(webhook)) => Ok(Some(Keys {
            secret,
            webhook,
            publishable,
        })),
        _ => Err(Refusal::Internal(format!(
            "Stripe keys of {org} are missing from the OS keyring"
        ))),
    }
}

/// Checks a `Stripe-Signature` header (`t=...,v1=...`) against the raw body, as Stripe
/// documents: HMAC-SHA256 of `"{t}.{body}"` with the endpoint's secret, any `v1` matching,
/// `t` within the tolerance of `now`.
pub fn verify(header: &str, body: &[u8], secret: &str, now: i64) -> Result<()> {
    let refuse = |why: &str| Refusal::invalid("Stripe-Signature", why);
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => timestamp = t.parse::<i64>().ok(),
            Some(("v1", s)) => signatures.push(s.to_string()),
            _ => {}
        }
    }
    let t = timestamp.ok_or_else(|| refuse("has no timestamp"))?;
    if (now - t).abs() > TOLERANCE_SECONDS {
        return Err(refuse("is too old or from the future"));
    }
    for signature in signatures {
        let Ok(expected) = hex(&signature) else {
            continue;
        };
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
            .map_err(|e| Refusal::Internal(e.to_string()))?;
        mac.update(format!("{t}.").as_bytes());
        mac.update(body);
        if mac.verify_slice(&expected).is_ok() {
            return Ok(());
        }
    }
    Err(refuse("does not match"))
}

fn hex(s: &str) -> std::result::Result<Vec<u8>, ()> {
    if !s.len().is_multiple_of(2) {
        return Err(());
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).map_err(|_| ()))
        .collect()
}

/// An amount in the currency's smallest unit (cents).
fn minor(c: &Currency, amount: &Decimal) -> i64 {
    let scaled = c.round(amount) * Decimal::from(10_i64.pow(u32::from(c.minor_units())));
    scaled.with_scale(0).to_string().parse().unwrap_or(0)
}

fn from_minor(c: &Currency, amount: i64) -> Decimal {
    Decimal::from(amount) / Decimal::from(10_i64.pow(u32::from(c.minor_units())))
}

fn post(keys: &Keys, path: &str, form: &[(&str, String)], idempotency: &str) -> Result<Value> {
    let request = client()?
        .post(format!("{}{path}", api_base()))
        .header("Idempotency-Key", idempotency)
        .form(form);
    answer(keys, request)
}

fn get(keys: &Keys, path: &str) -> Result<Value> {
    answer(keys, client()?.get(format!("{}{path}", api_base())))
}

fn client() -> Result<reqwest::blocking::Client> {
    reqwest::blocking::Client::builder()
        .timeout(std::time::Duration::from_secs(20))
        .build()
        .map_err(|e| Refusal::Internal(e.to_string()))
}

fn answer(keys: &Keys, request: reqwest::blocking::RequestBuilder) -> Result<Value> {
    let response = request
        .basic_auth(keys.secret.expose(), Some(""))
        .send()
        .map_err(|e| Refusal::Internal(format!("Stripe is unreachable: {e}")))?;
    let status = response.status();
    let body: Value = response
        .json()
        .map_err(|e| Refusal::Internal(format!("Stripe's answer: {e}")))?;
    if !status.is_success() {
        let message = body["error"]["message"]
            .as_str()
            .unwrap_or("refused")
            .to_string();
        return Err(Refusal::Conflict(format!("Stripe: {message}")));
    }
    Ok(body)
}

/// What the payment page shows and its script needs.
#[derive(Debug, Clone, Serialize)]
pub struct PayPage {
    pub organization: String,
    pub invoice_number: String,
    pub currency: String,
    pub amount_due: String,
    pub due_date: String,
    pub status: String,
    /// None when nothing is due.
    pub intent_id: Option<String>,
    pub client_secret: Option<String>,
    pub publishable_key: String,
}

/// The server's key for payment links (`server_secrets`), made on first use.
fn link_key(conn: &mut dyn Sql) -> Result<Vec<u8>> {
    let found: Option<Vec<u8>> = conn.query_opt(
        "SELECT value FROM server_secrets WHERE name = 'pay_links'",
        args![],
        |r| r.get(0),
    )?;
    if let Some(found) = found {
        return Ok(found);
    }
    let key: Vec<u8> = (0..2).flat_map(|_| *Uuid::new_v4().as_bytes()).collect();
    conn.execute(
        "INSERT INTO server_secrets (name, value, created_at) VALUES ('pay_links', ?1, ?2)",
        args![key, store::now()],
    )?;
    Ok(key)
}

fn sign(key: &[u8], payload: &[u8]) -> Result<Vec<u8>> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(key).map_err(|e| Refusal::Internal(e.to_string()))?;
    mac.update(payload);
    Ok(mac.finalize().into_bytes()[..16].to_vec())
}

/// A payment link's token: the organisation and the invoice, signed by the server.
pub fn link_token(conn: &mut dyn Sql, org: Uuid, invoice: Uuid) -> Result<String> {
    let mut payload = org.as_bytes().to_vec();
    payload.extend_from_slice(invoice.as_bytes());
    let mac = sign(&link_key(conn)?, &payload)?;
    payload.extend_from_slice(&mac);
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(payload))
}

/// The organisation and invoice of a token this server signed.
pub fn read_token(conn: &mut dyn Sql, token: &str) -> Result<(Uuid, Uuid)> {
    let gone = || Refusal::NotFound("no such payment link".into());
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token)
        .map_err(|_| gone())?;
    if bytes.len() != 48 {
        return Err(gone());
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(&link_key(conn)?)
        .map_err(|e| Refusal::Internal(e.to_string()))?;
    mac.update(&bytes[..32]);
    mac.verify_truncated_left(&bytes[32..])
        .map_err(|_| gone())?;
    let org = Uuid::from_slice(&bytes[..16]).map_err(|_| gone())?;
    let invoice = Uuid::from_slice(&bytes[16..32]).map_err(|_| gone())?;
    Ok((org, invoice))
}

fn pages_actor(pages: &PublicPages) -> Actor {
    Actor::new(pages.owner.id, pages.organization.id)
}

/// The payment page of a link: the invoice as it stands, and a PaymentIntent for what is
/// due (made once per amount due).
pub fn pay_page(replicas: &Replicas, server: &Store, token: &str) -> Result<PayPage> {
    let (org, invoice) = { read_token(&mut *server.conn()?, token)? };
    let pages = public_pages(server, &org.to_string())?;
    let replica = replicas.get(org)?;
    let shown = {
        let conn = ready(server, &pages, &replica)?;
        invoices::show(&conn, &pages_actor(&pages), &invoice.to_string())
            .map_err(|_| Refusal::NotFound("no such invoice".into()))?
    };
    let inv = &shown["invoice"];
    let text = |k: &str| inv[k].as_str().unwrap_or_default().to_string();
    if matches!(text("status").as_str(), "draft" | "cancelled") || text("kind") == "credit_note" {
        return Err(Refusal::NotFound(
            "this invoice is not open for payment".into(),
        ));
    }
    let currency = Currency::parse("currency", &text("currency"))?;
    let due = Decimal::from_str(shown["amount_due"].as_str().unwrap_or("0")).unwrap_or_default();
    let amount = minor(&currency, &due);
    // Stripe is called with the server's database free: other pages and pushes go on.
    let (keys, found, attempts) = {
        let mut conn = server.conn()?;
        let keys = keys(&mut *conn, &org.to_string())?
            .ok_or_else(|| Refusal::NotFound("this organisation takes no card payments".into()))?;
        let found: Option<String> = conn
            .query_opt(
                "SELECT intent_id FROM stripe_intents
                 WHERE organization_id = ?1 AND invoice_id = ?2 AND amount_minor = ?3 AND state = 'open'",
                args![org.to_string(), invoice.to_string(), amount],
                |r| r.get(0),
            )?;
        let attempts: i64 = conn.query_row(
            "SELECT count(*) FROM stripe_intents WHERE organization_id = ?1 AND invoice_id = ?2",
            args![org.to_string(), invoice.to_string()],
            |r| r.get(0),
        )?;
        (keys, found, attempts)
    };
    let mut page = PayPage {
        organization: pages.organization.name.clone(),
        invoice_number: text("invoice_number"),
        currency: currency.code().to_string(),
        amount_due: currency.text(&due),
        due_date: text("due_date"),
        status: text("status"),
        intent_id: None,
        client_secret: None,
        publishable_key: keys.publishable.clone(),
    };
    if amount <= 0 {
        return Ok(page);
    }
    // The intent's client secret is kept nowhere (Stripe asks that it be neither stored
    // nor logged): a reload asks Stripe for the open intent again.
    let intent = match found {
        Some(id) => get(&keys, &format!("/v1/payment_intents/{id}"))?,
        None => {
            let created = post(
                &keys,
                "/v1/payment_intents",
                &[
                    ("amount", amount.to_string()),
                    ("currency", currency.code().to_lowercase()),
                    ("metadata[invoice_number]", page.invoice_number.clone()),
                    ("metadata[organization_id]", org.to_string()),
                    ("metadata[invoice_id]", invoice.to_string()),
                ],
                // The same request again (a retry after a lost answer, or two visitors at
                // once) makes no second one.
                &format!("pi-{org}-{invoice}-{amount}-{attempts}"),
            )?;
            let id = created["id"].as_str().unwrap_or_default();
            if !id.is_empty() {
                server.conn()?.execute(
                    "INSERT INTO stripe_intents (organization_id, invoice_id, amount_minor, currency, intent_id, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
                    args![org.to_string(), invoice.to_string(), amount, currency.code(), id, store::now()],
                )?;
            }
            created
        }
    };
    let id = intent["id"].as_str().unwrap_or_default();
    let secret = intent["client_secret"].as_str().unwrap_or_default();
    if id.is_empty() || secret.is_empty() {
        return Err(Refusal::Internal("Stripe made no PaymentIntent".into()));
    }
    page.intent_id = Some(id.to_string());
    page.client_secret = Some(secret.to_string());
    Ok(page)
}

/// What a webhook call did.
#[derive(Debug, Clone, Serialize)]
pub struct Handled {
    pub event_id: String,
    /// recorded, duplicate or ignored
    pub outcome: &'static str,
}

/// A webhook event, read as far as it is acted on.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub id: String,
    pub kind: String,
    /// A PaymentIntent of an invoice that succeeded or failed; None for anything else.
    pub payment: Option<IntentOutcome>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IntentOutcome {
    pub succeeded: bool,
    pub intent: String,
    pub invoice: Uuid,
    pub organization: Uuid,
    /// In the currency's smallest unit, never negative.
    pub amount_minor: i64,
    /// Why a card was declined, as Stripe says it.
    pub reason: Option<String>,
}

impl Event {
    /// Reads a webhook's body (after its signature was checked); an error names the
    /// field. Events of other kinds, or of intents no invoice of ours made, read as no
    /// payment (acknowledged and ignored, as Stripe expects).
    pub fn parse(body: &[u8]) -> Result<Event> {
        let event: Value =
            serde_json::from_slice(body).map_err(|e| Refusal::invalid("body", e.to_string()))?;
        let text = |v: &Value, field: &str| -> Result<String> {
            match v.as_str() {
                Some(s) if !s.is_empty() && s.len() <= 255 => Ok(s.to_string()),
                _ => Err(Refusal::invalid(field, "is missing or not a short text")),
            }
        };
        let id = text(&event["id"], "id")?;
        let kind = text(&event["type"], "type")?;
        let succeeded = match kind.as_str() {
            "payment_intent.succeeded" => true,
            "payment_intent.payment_failed" => false,
            _ => {
                return Ok(Event {
                    id,
                    kind,
                    payment: None,
                })
            }
        };
        let object = &event["data"]["object"];
        let metadata = &object["metadata"];
        let uuid = |field: &str| {
            metadata[field]
                .as_str()
                .and_then(|s| Uuid::parse_str(s).ok())
        };
        let (Some(invoice), Some(organization)) = (uuid("invoice_id"), uuid("organization_id"))
        else {
            return Ok(Event {
                id,
                kind,
                payment: None,
            });
        };
        let amount_minor = object["amount"]
            .as_i64()
            .filter(|a| *a >= 0)
            .ok_or_else(|| {
                Refusal::invalid("data.object.amount", "is not a whole amount of at least 0")
            })?;
        let reason = object["last_payment_error"]["message"]
            .as_str()
            .map(|m| m.chars().take(500).collect());
        Ok(Event {
            id,
            kind,
            payment: Some(IntentOutcome {
                succeeded,
                intent: text(&object["id"], "data.object.id")?,
                invoice,
                organization,
                amount_minor,
                reason,
            }),
        })
    }
}

/// Verifies and acts on a webhook event for `org`; returns the log's new head when it
/// recorded something.
pub fn webhook(
    replicas: &Replicas,
    server: &Store,
    org: Uuid,
    signature: &str,
    body: &[u8],
    now: i64,
) -> Result<(Handled, Option<i64>)> {
    let keys = {
        keys(&mut *server.conn()?, &org.to_string())?
            .ok_or_else(|| Refusal::NotFound("no Stripe account here".into()))?
    };
    verify(signature, body, keys.webhook.expose(), now)?;
    let Event {
        id: event_id,
        kind,
        payment,
    } = Event::parse(body)?;
    {
        let seen: i64 = server.conn()?.one(
            "SELECT count(*) FROM stripe_events WHERE event_id = ?1",
            args![event_id],
        )?;
        if seen > 0 {
            return Ok((
                Handled {
                    event_id,
                    outcome: "duplicate",
                },
                None,
            ));
        }
    }
    let Some(payment) = payment.filter(|p| p.organization == org) else {
        return Ok((
            Handled {
                event_id,
                outcome: "ignored",
            },
            None,
        ));
    };
    let pages = public_pages(server, &org.to_string())?;
    let replica = replicas.get(org)?;
    let mut conn = ready(server, &pages, &replica)?;
    let actor = pages_actor(&pages);
    let succeeded = payment.succeeded;
    let invoice = payment.invoice.to_string();
    let intent_id = payment.intent.clone();
    let shown = invoices::show(&conn, &actor, &invoice)
        .map_err(|_| Refusal::NotFound("no such invoice".into()))?;
    let currency = Currency::parse(
        "currency",
        shown["invoice"]["currency"].as_str().unwrap_or("USD"),
    )?;
    let amount = from_minor(&currency, payment.amount_minor);
    let tx = conn.transaction()?;
    // What Stripe says was paid is recorded as it is (even past what is due: the money
    // came in, and a person refunds it); a decline is recorded too, settling nothing.
    let mut row = Row::new();
    for (k, v) in [
        ("invoice_id", Value::from(invoice.clone())),
        ("transaction_type", Value::from("payment")),
        ("amount", Value::from(amount.normalized().to_plain_string())),
        (
            "status",
            Value::from(if succeeded { "completed" } else { "failed" }),
        ),
        ("payment_method", Value::from("card")),
        ("payment_gateway", Value::from("stripe")),
        ("gateway_transaction_id", Value::from(payment.intent)),
    ] {
        row.insert(k.into(), v);
    }
    if !succeeded {
        let reason = payment.reason.as_deref().unwrap_or("declined");
        row.insert("metadata".into(), serde_json::json!({ "reason": reason }));
    }
    let stored = records::create_in(&tx, &actor, &TRANSACTIONS, row, None)?;
    TRANSACTIONS
        .rules
        .hooks
        .after_write(&tx, &actor, &TRANSACTIONS, &stored)?;
    let head = commit(tx, server, &pages, |log| {
        log.execute(
            "INSERT INTO stripe_events (event_id, organization_id, type, received_at) VALUES (?1, ?2, ?3, ?4)",
            args![event_id, org.to_string(), kind, store::now()],
        )?;
        log.execute(
            "UPDATE stripe_intents SET state = ?1 WHERE intent_id = ?2",
            args![if succeeded { "succeeded" } else { "failed" }, intent_id],
        )?;
        Ok(())
    })?;
    Ok((
        Handled {
            event_id,
            outcome: "recorded",
        },
        Some(head),
    ))
}

/// Refunds `amount` of an invoice paid by card through Stripe (the latest card payment's
/// PaymentIntent), then records the credit note and the refund on the replica. Returns
/// the log's new head. Once per device `request`: a request already recorded refunds
/// nothing more, and Stripe's idempotency key is the request, so a crash between
/// Stripe's answer and the record gets the same refund back from Stripe on the retry.
pub fn refund(
    replicas: &Replicas,
    server: &Store,
    org: Uuid,
    invoice: Uuid,
    amount: &Decimal,
    request: Uuid,
) -> Result<i64> {
    let pages = public_pages(server, &org.to_string())?;
    let replica = replicas.get(org)?;
    let mut conn = ready(server, &pages, &replica)?;
    let actor = pages_actor(&pages);
    let invoice = invoice.to_string();
    let shown = invoices::show(&conn, &actor, &invoice)
        .map_err(|_| Refusal::NotFound("no such invoice".into()))?;
    let currency = Currency::parse(
        "currency",
        shown["invoice"]["currency"].as_str().unwrap_or("USD"),
    )?;
    let intent: Option<String> = conn
        .query_row(
            "SELECT gateway_transaction_id FROM transactions WHERE invoice_id = ?1 AND payment_gateway = 'stripe'
               AND transaction_type = 'payment' AND status = 'completed' AND deleted_at IS NULL
             ORDER BY created_at DESC LIMIT 1",
            [&invoice],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    let intent = intent
        .ok_or_else(|| Refusal::invalid("id", "the invoice has no card payment to refund"))?;
    let paid = Decimal::from_str(shown["invoice"]["amount_paid"].as_str().unwrap_or("0"))
        .unwrap_or_default();
    let zero = Decimal::default();
    if *amount > paid || *amount <= zero {
        return Err(Refusal::invalid(
            "amount",
            format!(
                "must be more than 0 and at most the {} received",
                currency.text(&paid)
            ),
        ));
    }
    let recorded: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM transactions WHERE transaction_type = 'refund'
           AND json_extract(metadata, '$.request_id') = ?1)",
        [request.to_string()],
        |r| r.get(0),
    )?;
    if recorded {
        // This request was refunded and recorded already: nothing more.
        return server.conn()?.one(
            "SELECT head FROM organizations WHERE id = ?1",
            args![org.to_string()],
        );
    }
    let keys = {
        keys(&mut *server.conn()?, &org.to_string())?
            .ok_or_else(|| Refusal::NotFound("no Stripe account here".into()))?
    };
    let refund = post(
        &keys,
        "/v1/refunds",
        &[
            ("payment_intent", intent),
            ("amount", minor(&currency, amount).to_string()),
        ],
        &format!("refund-{request}"),
    )?;
    let refund_id = refund["id"].as_str().map(str::to_string);
    let tx = conn.transaction()?;
    invoices::refund_in(
        &tx,
        &actor,
        &invoice,
        &Payment {
            amount: amount.clone(),
            method: "card".into(),
            gateway: Some("stripe".into()),
            gateway_transaction_id: refund_id,
            request_id: Some(request),
        },
    )?;
    commit(tx, server, &pages, |_| Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed(secret: &str, t: i64, body: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("key");
        mac.update(format!("{t}.{body}").as_bytes());
        let hex: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("t={t},v1={hex}")
    }

    #[test]
    fn signatures_are_checked_with_a_tolerance() {
        let body = r#"{"id":"evt_1"}"#;
        let header = signed("whsec_test", 1_000_000, body);
        verify(&header, body.as_bytes(), "whsec_test", 1_000_100).expect("a good signature");
        assert!(
            verify(&header, body.as_bytes(), "whsec_other", 1_000_100).is_err(),
            "another secret"
        );
        assert!(
            verify(&header, b"{\"id\":\"evt_2\"}", "whsec_test", 1_000_100).is_err(),
            "another body"
        );
        assert!(
            verify(
                &header,
                body.as_bytes(),
                "whsec_test",
                1_000_000 + TOLERANCE_SECONDS + 1
            )
            .is_err(),
            "too old"
        );
        assert!(
            verify("v1=abc", body.as_bytes(), "whsec_test", 1_000_000).is_err(),
            "no timestamp"
        );
    }

    #[test]
    fn amounts_go_to_minor_units_and_back() {
        let usd = Currency::parse("c", "USD").expect("USD");
        assert_eq!(minor(&usd, &Decimal::from_str("64.92").expect("d")), 6492);
        assert_eq!(from_minor(&usd, 6492).to_string(), "64.92");
        let jpy = Currency::parse("c", "JPY").expect("JPY");
        assert_eq!(minor(&jpy, &Decimal::from(1001)), 1001);
    }
}
