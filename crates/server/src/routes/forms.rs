//! Public forms: the page (`GET /form/{org}/{form}`), a submission (`POST` of the same
//! address, as `application/x-www-form-urlencoded` from the page or JSON from scripts),
//! the embed script (`/form/{org}/{form}/embed.js`), the page's script
//! (`/form-assets/form.js`) and the double opt-in link (`/form-confirm/{token}`). Each
//! is a parse, one call into [`crate::forms`] off the async threads, and a render.

use std::net::SocketAddr;
use std::time::Duration;

use aio_core::modules::forms::page::SCRIPT;
use axum::extract::{
    ConnectInfo, DefaultBodyLimit, FromRequest, Multipart, Path, RawQuery, Request, State,
};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use crate::forms::{self, Outcome, Page, Posted, Visit};
use crate::store::Refusal;
use crate::uploads::{self, Incoming};
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

/// The largest post: a few files at their largest, and the answers. A post without files
/// is held to [`MAX_PLAIN_BYTES`].
const MAX_POST_BYTES: usize = 2 * uploads::MAX_FILE_BYTES as usize + (1 << 20);
const MAX_PLAIN_BYTES: usize = 256 * 1024;

/// Page views per address per minute, when addresses are limited.
const VIEWS_PER_MINUTE: usize = 300;

pub(crate) fn routes() -> Router<App> {
    Router::new()
        .route(
            "/form/{org}/{form}",
            get(form_page)
                .post(submit)
                .layer(DefaultBodyLimit::max(MAX_POST_BYTES)),
        )
        .route("/form-files/{org}/{file}", get(file))
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
    request: Request,
) -> Response {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let json_body = content_type.starts_with("application/json");
    let multipart = content_type.starts_with("multipart/form-data");
    // A script posting files asks for JSON answers with `Accept`.
    let json = json_body
        || (multipart
            && headers
                .get(header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|a| a.starts_with("application/json")));
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
    let too_large = |field: &str, message: &str| {
        errors_json(
            StatusCode::PAYLOAD_TOO_LARGE,
            json!([{"field": field, "message": message}]),
            &format!("{field}: {message}"),
        )
    };
    let mut incoming = Incoming::default();
    let posted = if multipart {
        let (o, f) = (org.clone(), form.clone());
        let now = chrono::Utc::now();
        let limits = match app
            .public(move |replicas, db| forms::file_limits(replicas, db, &o, &f, now))
            .await
        {
            Ok(limits) => limits,
            Err(e) if json => return secure(e.into_response()),
            Err(e) => return refusal_page(e),
        };
        match Multipart::from_request(request, &()).await {
            Ok(parts) => match read_multipart(&app, parts, &limits).await {
                Ok((posted, stored)) => {
                    incoming = stored;
                    posted
                }
                Err(response) => return *response,
            },
            Err(e) => return refusal_page(Refusal::invalid("body", e.body_text())),
        }
    } else {
        let Ok(body) = axum::body::to_bytes(request.into_body(), MAX_PLAIN_BYTES).await else {
            return too_large("form", "the submission is too large");
        };
        match plain(json_body, &body) {
            Ok(posted) => posted,
            Err(response) => return *response,
        }
    };
    let visit = visit(&peer, &headers, query);
    let upload_root = app.uploads.clone();
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
    // The uploads of a stored submission are kept; any other post's are dropped.
    if let (Outcome::Taken { .. }, Some((org, _))) = (&outcome, written) {
        if !incoming.files.is_empty() {
            let kept = tokio::task::spawn_blocking(move || incoming.keep(&upload_root, org)).await;
            if !matches!(kept, Ok(Ok(()))) {
                tracing::error!("form uploads of a stored submission could not be kept: {kept:?}");
            }
        }
    }
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

/// A post without files: JSON or urlencoded answers.
fn plain(json: bool, body: &[u8]) -> Result<Posted, Box<Response>> {
    if json {
        match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(serde_json::Value::Object(map)) => Ok(Posted::from_map(map)),
            _ => {
                let message = "body: must be a JSON object of answers by field id";
                Err(Box::new(errors_json(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    json!([{"field": "body", "message": message}]),
                    message,
                )))
            }
        }
    } else {
        match serde_urlencoded::from_bytes::<Vec<(String, String)>>(body) {
            Ok(pairs) => Ok(Posted::from_pairs(pairs)),
            Err(e) => Err(Box::new(refusal_page(Refusal::invalid(
                "body",
                e.to_string(),
            )))),
        }
    }
}

/// A `multipart/form-data` post: its text parts as answers, each file streamed to disk
/// (never held whole in memory), refused past [`uploads::MAX_FILE_BYTES`] with 413 naming
/// its field, typed by its first bytes. The files are removed again unless the caller
/// keeps them.
async fn read_multipart(
    app: &App,
    mut parts: Multipart,
    limits: &std::collections::HashMap<String, u64>,
) -> Result<(Posted, Incoming), Box<Response>> {
    use tokio::io::AsyncWriteExt;
    let refuse = |status: StatusCode, field: &str, message: &str| {
        Box::new(errors_json(
            status,
            json!([{"field": field, "message": message}]),
            &format!("{field}: {message}"),
        ))
    };
    let root = app.uploads.clone();
    let mut incoming = tokio::task::spawn_blocking(move || Incoming::new(&root))
        .await
        .ok()
        .and_then(Result::ok)
        .ok_or_else(|| {
            refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                "form",
                "uploads cannot be stored right now",
            )
        })?;
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut files = serde_json::Map::new();
    let mut text_bytes = 0usize;
    loop {
        let mut part = match parts.next_field().await {
            Ok(Some(part)) => part,
            Ok(None) => break,
            Err(e) => {
                let status = e.status();
                return Err(refuse(status, "form", &e.body_text()));
            }
        };
        let name = part.name().unwrap_or("").to_string();
        let Some(file_name) = part.file_name().map(str::to_string) else {
            let text = part
                .text()
                .await
                .map_err(|e| refuse(e.status(), &name, &e.body_text()))?;
            text_bytes += text.len();
            if text_bytes > MAX_PLAIN_BYTES {
                return Err(refuse(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "form",
                    "the submission is too large",
                ));
            }
            pairs.push((name, text));
            continue;
        };
        // A file for no file field of the form is read past, never stored.
        let Some(&limit) = limits.get(&name) else {
            let mut read: u64 = 0;
            loop {
                match part.chunk().await {
                    Ok(Some(chunk)) => read += chunk.len() as u64,
                    Ok(None) => break,
                    Err(e) => return Err(refuse(e.status(), &name, &e.body_text())),
                }
                if read > uploads::MAX_FILE_BYTES {
                    return Err(refuse(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        &name,
                        "is not a file field of this form",
                    ));
                }
            }
            continue;
        };
        if files.contains_key(&name) || incoming.files.len() >= uploads::MAX_FILES {
            return Err(refuse(
                StatusCode::UNPROCESSABLE_ENTITY,
                &name,
                "one file per field, and at most 10 files",
            ));
        }
        let (id, path) = incoming.path();
        let mut out = tokio::fs::File::create(&path).await.map_err(|_| {
            refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                "form",
                "uploads cannot be stored right now",
            )
        })?;
        // Written from here on: removed with `incoming` whatever happens next.
        incoming.files.push((id.clone(), serde_json::Value::Null));
        let mut size: u64 = 0;
        let mut head: Vec<u8> = Vec::new();
        loop {
            let chunk = match part.chunk().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                Err(e) => return Err(refuse(e.status(), &name, &e.body_text())),
            };
            size += chunk.len() as u64;
            if size > uploads::MAX_FILE_BYTES {
                return Err(refuse(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    &name,
                    &format!(
                        "the file is larger than {} MB",
                        uploads::MAX_FILE_BYTES >> 20
                    ),
                ));
            }
            if head.len() < uploads::head_len() {
                let take = (uploads::head_len() - head.len()).min(chunk.len());
                head.extend_from_slice(&chunk[..take]);
            }
            // Past the field's own limit nothing more is written: the rest is read
            // (up to the hard limit) so the page can say so, field by field.
            if size > limit {
                continue;
            }
            out.write_all(&chunk).await.map_err(|_| {
                refuse(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "form",
                    "uploads cannot be stored right now",
                )
            })?;
        }
        out.flush().await.ok();
        drop(out);
        // A file input left empty is sent as a part with no name and no bytes.
        if size == 0 && file_name.is_empty() {
            incoming.files.pop();
            let _ = tokio::fs::remove_file(&path).await;
            continue;
        }
        if size > limit {
            // The core refuses it as too large; what was written goes now.
            let _ = tokio::fs::remove_file(&path).await;
        }
        let kind = uploads::sniff(&head, &file_name);
        let record = uploads::record(&id, &file_name, &kind, size);
        if let Some(last) = incoming.files.last_mut() {
            last.1 = record.clone();
        }
        files.insert(name, record);
    }
    let mut posted = Posted::from_pairs(pairs);
    posted.files = files;
    Ok((posted, incoming))
}

/// `GET /form-files/{org}/{file}`: an uploaded file, to a signed-in member of its
/// organisation only; anyone else (signed out, another organisation's member, an
/// unknown id) hears 404 alike. Sent as an attachment that a browser never renders.
async fn file(
    State(app): State<App>,
    Path((org, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let not_found = || {
        let mut response = (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "no such file",
        )
            .into_response();
        response.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'"),
        );
        secure(response)
    };
    let Ok(org) = uuid::Uuid::parse_str(&org) else {
        return not_found();
    };
    let Ok((caller, _)) = app.caller(&headers).await else {
        return not_found();
    };
    let member = app
        .db(move |conn| crate::store::accounts::role(conn, &caller, org))
        .await;
    // Files belong to submissions, which a client does not read.
    if !member.is_ok_and(|role| role != "client") {
        return not_found();
    }
    let root = app.uploads.clone();
    let found = tokio::task::spawn_blocking(move || {
        let (path, record) = uploads::find(&root, org, &id)?;
        let bytes = std::fs::read(path).ok()?;
        Some((bytes, record))
    })
    .await
    .ok()
    .flatten();
    let Some((bytes, record)) = found else {
        return not_found();
    };
    let text = |key: &str| record.get(key).and_then(|v| v.as_str()).unwrap_or("");
    let kind = HeaderValue::from_str(text("type"))
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    // The stored name is already sanitised; the ASCII form goes in `filename`.
    let ascii: String = uploads::sanitise_name(text("name"))
        .chars()
        .map(|c| if c.is_ascii() { c } else { '_' })
        .collect();
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{ascii}\""))
        .unwrap_or(HeaderValue::from_static("attachment"));
    let mut response = (StatusCode::OK, bytes).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, kind);
    h.insert(header::CONTENT_DISPOSITION, disposition);
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    secure(response)
}
