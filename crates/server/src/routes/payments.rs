//! Card payments through Stripe: a member asks for an invoice's payment link and may
//! refund; the customer's `/pay/{token}` page (a PaymentIntent for what is due, paid with
//! Stripe.js); Stripe's signed webhooks at `/webhooks/stripe/{org}`.

use std::str::FromStr;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use uuid::Uuid;

use super::{Body, Reply};
use crate::store::{accounts, Refusal};
use crate::stripe::{self, PayPage};
use crate::App;

pub(crate) fn routes() -> Router<App> {
    Router::new()
        .route("/v1/orgs/{org}/invoices/{invoice}/pay-link", post(pay_link))
        .route("/v1/orgs/{org}/invoices/{invoice}/refund", post(refund))
        .route("/v1/orgs/{org}/invoices/{invoice}/send", post(send))
        .route("/pay/{token}", get(pay_page))
        .route("/pay.js", get(pay_script))
        .route("/webhooks/stripe/{org}", post(webhook))
}

async fn pay_link(
    State(app): State<App>,
    headers: HeaderMap,
    Path((org, invoice)): Path<(Uuid, Uuid)>,
) -> Reply<Value> {
    let (caller, _) = app.caller(&headers).await?;
    let base = app.mail.public_url.trim_end_matches('/').to_string();
    let token = app
        .db(move |conn| {
            accounts::role(conn, &caller, org)?;
            stripe::link_token(conn, org, invoice)
        })
        .await?;
    Ok(Json(json!({ "url": format!("{base}/pay/{token}") })))
}

#[derive(Deserialize)]
struct SendRequest {
    /// The device's id for this request: a retry sends nothing new.
    request_id: Uuid,
}

async fn send(
    State(app): State<App>,
    headers: HeaderMap,
    Path((org, invoice)): Path<(Uuid, Uuid)>,
    Body(input): Body<SendRequest>,
) -> Reply<Value> {
    let (caller, _) = app.caller(&headers).await?;
    app.db(move |conn| accounts::may_change(conn, &caller, org, "send invoices"))
        .await?;
    let settings = app.mail.clone();
    let now = aio_core::clock::Clock::System.now();
    let head = app
        .public(move |replicas, db| {
            crate::commerce::send_invoice(
                replicas,
                db,
                &settings,
                org,
                invoice,
                input.request_id,
                now,
            )
        })
        .await?;
    app.changed(org, head);
    Ok(Json(json!({ "queued": true })))
}

#[derive(Deserialize)]
struct RefundRequest {
    amount: String,
    /// The device's id for this refund: the same request again refunds nothing more.
    request_id: Uuid,
}

async fn refund(
    State(app): State<App>,
    headers: HeaderMap,
    Path((org, invoice)): Path<(Uuid, Uuid)>,
    Body(input): Body<RefundRequest>,
) -> Reply<Value> {
    let (caller, _) = app.caller(&headers).await?;
    app.db(move |conn| accounts::may_change(conn, &caller, org, "refund payments"))
        .await?;
    let amount = aio_core::schema::Decimal::from_str(input.amount.trim())
        .map_err(|_| Refusal::invalid("amount", "is a decimal number such as \"19.99\""))?;
    let head = app
        .public(move |replicas, db| {
            stripe::refund(replicas, db, org, invoice, &amount, input.request_id)
        })
        .await?;
    app.changed(org, head);
    Ok(Json(json!({ "refunded": input.amount })))
}

async fn pay_page(
    State(app): State<App>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Response {
    let page = app
        .public(move |replicas, db| stripe::pay_page(replicas, db, &token))
        .await;
    let wants_json = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    match page {
        Ok(page) if wants_json => Json(page).into_response(),
        Ok(page) => html(&page),
        Err(e) if wants_json => e.into_response(),
        Err(e) => {
            let status = match e {
                Refusal::NotFound(_) => StatusCode::NOT_FOUND,
                _ => StatusCode::BAD_GATEWAY,
            };
            let body = render(
                "<!doctype html><meta charset=utf-8><title>Payment</title><p>{{ message }}</p>",
                minijinja::context! { message => e.to_string() },
            );
            secure((status, Html(body)).into_response(), "")
        }
    }
}

/// Where Stripe.js comes from: Stripe's own, or the configured Stripe-compatible API's.
fn stripe_js() -> String {
    let api = stripe::api_base();
    if api == "https://api.stripe.com" {
        "https://js.stripe.com/v3/".into()
    } else {
        format!("{api}/js.stripe.com/v3/")
    }
}

fn origin(url: &str) -> String {
    url.split('/').take(3).collect::<Vec<_>>().join("/")
}

/// The page's Content-Security-Policy: its own script and Stripe.js, Stripe's frames and
/// API, nothing else; never framed itself.
fn secure(mut response: Response, stripe: &str) -> Response {
    let csp = if stripe.is_empty() {
        "default-src 'none'; base-uri 'none'; frame-ancestors 'none'".to_string()
    } else {
        format!(
            "default-src 'none'; script-src 'self' {stripe}; frame-src {stripe}; connect-src 'self' {stripe}; \
             style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        )
    };
    let headers = response.headers_mut();
    if let Ok(csp) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // The link's token is in the path: it never leaves in a Referer.
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

const PAGE: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Invoice {{ page.invoice_number }} · {{ page.organization }}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#111}
.amount{font-size:2rem;font-weight:700}#card{padding:.75rem;border:1px solid #ccc;border-radius:.5rem;margin:1rem 0}
button{width:100%;padding:.75rem;border:0;border-radius:.5rem;background:#1d4ed8;color:#fff;font-size:1rem}</style>
</head><body>
<p>{{ page.organization }}</p>
<h1>Invoice {{ page.invoice_number }}</h1>
{% if page.client_secret %}
<p class="amount">{{ page.amount_due }} {{ page.currency }}</p><p>Due {{ page.due_date }}</p>
<form id="pay" data-key="{{ page.publishable_key }}" data-secret="{{ page.client_secret }}">
<div id="card"></div><button type="submit">Pay {{ page.amount_due }} {{ page.currency }}</button><p id="message" role="status"></p>
</form>
<script src="{{ stripe_js }}"></script><script src="/pay.js"></script>
{% else %}
<p>Nothing is due on this invoice: thank you.</p>
{% endif %}
</body></html>"#;

/// Renders a template with every value HTML-escaped.
fn render(template: &str, context: minijinja::Value) -> String {
    let mut env = minijinja::Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    env.template_from_str(template)
        .and_then(|t| t.render(context))
        .unwrap_or_else(|e| {
            format!(
                "<!doctype html><p>the page could not be made: {}</p>",
                e.kind()
            )
        })
}

fn html(page: &PayPage) -> Response {
    let js = stripe_js();
    let context = minijinja::context! { page => minijinja::Value::from(minijinja::value::Serde(page)), stripe_js => js.clone() };
    secure(Html(render(PAGE, context)).into_response(), &origin(&js))
}

/// The page's own script: Stripe.js's card element and `confirmCardPayment`.
async fn pay_script() -> Response {
    let js = r#"const form = document.getElementById('pay');
if (form) {
  const stripe = Stripe(form.dataset.key);
  const card = stripe.elements().create('card');
  card.mount('#card');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const message = document.getElementById('message');
    message.textContent = 'Paying…';
    const result = await stripe.confirmCardPayment(form.dataset.secret, { payment_method: { card } });
    message.textContent = result.error ? result.error.message : 'Paid: thank you. A receipt follows by email.';
  });
}
"#;
    let mut response = js.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    response
}

async fn webhook(
    State(app): State<App>,
    Path(org): Path<Uuid>,
    headers: HeaderMap,
    body: Bytes,
) -> Reply<Value> {
    let signature = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| Refusal::invalid("Stripe-Signature", "is missing"))?
        .to_string();
    let now = chrono::Utc::now().timestamp();
    let (handled, head) = app
        .public(move |replicas, db| stripe::webhook(replicas, db, org, &signature, &body, now))
        .await?;
    if let Some(head) = head {
        app.changed(org, head);
    }
    Ok(Json(json!(handled)))
}
