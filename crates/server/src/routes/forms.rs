//! Public forms: the page (`GET /form/{org}/{form}`), a submission (`POST` of the same
//! address, as `application/x-www-form-urlencoded` from the page or JSON from scripts),
//! the embed script (`/form/{org}/{form}/embed.js`), the page's script
//! (`/form-assets/form.js`) and the double opt-in link (`/form-confirm/{token}`). Each
//! is a parse, one call into [`crate::forms`] off the async threads, and a render.

use std::net::SocketAddr;
use std::time::Duration;

use aio_core::modules::forms::page::SCRIPT;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use crate::forms::{self, Outcome, Page, Posted, Visit};
use crate::store::Refusal;
use crate::App;

/// How many submissions the public forms take (0: no limit): per address per hour, and
/// per form per minute. Page views are limited per address with the first.
#[derive(Debug, Clone, Copy)]
pub struct FormLimits {
    pub per_address_per_hour: usize,
    pub per_form_per_minute: usize,
}

impl Default for FormLimits {
    fn default() -> Self {
        FormLimits {
            per_address_per_hour: 30,
            per_form_per_minute: 300,
        }
    }
}

/// Page views per address per minute, when addresses are limited.
const VIEWS_PER_MINUTE: usize = 300;

pub(crate) fn routes() -> Router<App> {
    Router::new()
        .route("/form/{org}/{form}", get(form_page).post(submit))
        .route("/form/{org}/{form}/embed.js", get(embed))
        .route("/form-assets/form.js", get(script))
        .route("/form-confirm/{token}", get(confirm))
}

fn visit(peer: &SocketAddr, headers: &HeaderMap, query: Option<String>) -> Visit {
    let header = |name: header::HeaderName| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    Visit {
        query: query
            .as_deref()
            .and_then(|q| serde_urlencoded::from_str(q).ok())
            .unwrap_or_default(),
        ip: Some(peer.ip().to_string()),
        user_agent: header(header::USER_AGENT),
        referrer: header(header::REFERER),
    }
}

fn html(page: Page) -> Response {
    let mut response = (
        StatusCode::from_u16(page.status).unwrap_or(StatusCode::OK),
        page.html,
    )
        .into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    if let Ok(csp) = HeaderValue::from_str(&page.csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    // The page carries a render token: never cached.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    secure(response)
}

fn secure(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    response
}

/// A refusal as a short page (a browser asked for a page).
fn refusal_page(e: Refusal) -> Response {
    let status = match e {
        Refusal::NotFound(_) => StatusCode::NOT_FOUND,
        Refusal::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        Refusal::Forbidden(_) => StatusCode::FORBIDDEN,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    if status == StatusCode::INTERNAL_SERVER_ERROR {
        tracing::error!("form page: {e}");
    }
    let message = if status == StatusCode::INTERNAL_SERVER_ERROR {
        "Something went wrong on our side. Please try again in a moment.".to_string()
    } else {
        e.to_string()
    };
    let mut response = (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response();
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'"),
    );
    secure(response)
}

/// `{error, errors: [{field, message}]}` with `status`.
fn errors_json(status: StatusCode, errors: serde_json::Value, message: &str) -> Response {
    secure((status, Json(json!({"error": message, "errors": errors}))).into_response())
}

async fn form_page(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((org, form)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    if app.form_limits.per_address_per_hour > 0
        && !app.allow(
            format!("form-view:{}", peer.ip()),
            VIEWS_PER_MINUTE,
            Duration::from_secs(60),
        )
    {
        return too_many(false);
    }
    let visit = visit(&peer, &headers, query);
    let secret = app.form_secret.clone();
    let now = chrono::Utc::now();
    match app
        .public(move |replicas, db| forms::page(replicas, db, &secret, &org, &form, &visit, now))
        .await
    {
        Ok((page, counted)) => {
            if let Some((org, form)) = counted {
                forms::count_view(&app.form_views, org, form, now.date_naive());
            }
            html(page)
        }
        Err(e) => refusal_page(e),
    }
}

fn too_many(json: bool) -> Response {
    let message =
        "Too many submissions from here right now. Please wait a few minutes and try again.";
    if json {
        errors_json(
            StatusCode::TOO_MANY_REQUESTS,
            json!([{"field": "form", "message": message}]),
            message,
        )
    } else {
        let mut response = (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            message,
        )
            .into_response();
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
        secure(response)
    }
}

async fn submit(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((org, form)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json"));
    let limits = app.form_limits;
    if (limits.per_address_per_hour > 0
        && !app.allow(
            format!("form-submit:{}", peer.ip()),
            limits.per_address_per_hour,
            Duration::from_secs(3600),
        ))
        || (limits.per_form_per_minute > 0
            && !app.allow(
                format!("form-submit-form:{org}/{form}"),
                limits.per_form_per_minute,
                Duration::from_secs(60),
            ))
    {
        return too_many(json);
    }
    if body.len() > 256 * 1024 {
        let message = "the submission is too large";
        return errors_json(
            StatusCode::PAYLOAD_TOO_LARGE,
            json!([{"field": "form", "message": message}]),
            message,
        );
    }
    let posted = if json {
        match serde_json::from_slice::<serde_json::Value>(&body) {
            Ok(serde_json::Value::Object(map)) => Posted::from_map(map),
            _ => {
                let message = "body: must be a JSON object of answers by field id";
                return errors_json(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    json!([{"field": "body", "message": message}]),
                    message,
                );
            }
        }
    } else {
        match serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body) {
            Ok(pairs) => Posted::from_pairs(pairs),
            Err(e) => return refusal_page(Refusal::invalid("body", e.to_string())),
        }
    };
    let visit = visit(&peer, &headers, query);
    let cx = forms::Context {
        replicas: app.replicas.clone(),
        server: app.db.clone(),
        queues: app.form_queues.clone(),
        pending: app.form_views.clone(),
        secret: app.form_secret.clone(),
        mail: app.mail.clone(),
    };
    let now = chrono::Utc::now();
    let result = app
        .public(move |_, _| forms::post(&cx, &org, &form, visit, posted, now))
        .await;
    let (outcome, written) = match result {
        Ok(done) => done,
        Err(e) if json => return secure(e.into_response()),
        Err(e) => return refusal_page(e),
    };
    if let Some((org, head)) = written {
        app.changed(org, head);
    }
    match outcome {
        Outcome::Invalid { errors, page } => {
            if json {
                let message = aio_core::modules::forms::definition::as_error(&errors).to_string();
                errors_json(StatusCode::UNPROCESSABLE_ENTITY, json!(errors), &message)
            } else {
                html(page)
            }
        }
        Outcome::Closed { message, page } => {
            if json {
                errors_json(
                    StatusCode::FORBIDDEN,
                    json!([{"field": "form", "message": message}]),
                    &message,
                )
            } else {
                html(page)
            }
        }
        Outcome::Taken {
            submitted,
            redirect,
            message,
            page,
        } => {
            let confirmation = submitted.confirm_to.is_some();
            if json {
                secure(
                    (
                        StatusCode::CREATED,
                        Json(json!({
                            "id": submitted.id,
                            "message": message,
                            "confirmation_required": confirmation,
                            "redirect_url": redirect,
                        })),
                    )
                        .into_response(),
                )
            } else if let (Some(url), false) = (redirect, confirmation) {
                match HeaderValue::from_str(&url) {
                    Ok(location) => {
                        let mut response = StatusCode::SEE_OTHER.into_response();
                        response.headers_mut().insert(header::LOCATION, location);
                        secure(response)
                    }
                    Err(_) => html(page),
                }
            } else {
                html(page)
            }
        }
    }
}

async fn embed(
    State(app): State<App>,
    Path((org, form)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    // Links in the script point where visitors reach this server.
    let base = if app.mail.public_url.is_empty() {
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("localhost");
        format!("http://{host}")
    } else {
        app.mail.public_url.clone()
    };
    match app
        .public(move |replicas, db| forms::embed(replicas, db, &base, &org, &form))
        .await
    {
        Ok(js) => secure(
            (
                [
                    (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                    (header::CACHE_CONTROL, "public, max-age=300"),
                    (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
                ],
                js,
            )
                .into_response(),
        ),
        Err(e) => refusal_page(e),
    }
}

async fn script() -> Response {
    secure(
        (
            [
                (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            SCRIPT,
        )
            .into_response(),
    )
}

async fn confirm(State(app): State<App>, Path(token): Path<String>) -> Response {
    let now = chrono::Utc::now();
    match app
        .public(move |replicas, db| forms::confirm(replicas, db, &token, now))
        .await
    {
        Ok((page, written)) => {
            if let Some((org, head)) = written {
                app.changed(org, head);
            }
            html(page)
        }
        Err(e) => refusal_page(e),
    }
}
