//! The shared server (`aio-crm serve`): accounts, organisations and permissions, and the
//! sync hub every device pushes to and pulls from (DESIGN.md §3-4). HTTP with JSON under
//! `/v1`, bearer session tokens, and a WebSocket that tells devices when to pull.

pub mod booking;
pub mod mail;
pub mod manage;
pub mod store;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aio_core::sync::wire::*;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path as UrlPath, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use rusqlite::Connection;
use serde::Deserialize;
use tokio::sync::{broadcast, Notify};
use uuid::Uuid;

use store::{Caller, Refusal};

/// Largest request body: a full push of row updates.
const MAX_BODY: usize = 16 << 20;
/// Failed sign-ins allowed per email and per address within `LOGIN_WINDOW`.
const LOGIN_FAILURES: usize = 10;
const LOGIN_WINDOW: Duration = Duration::from_secs(300);

#[derive(Clone)]
struct App {
    db: Arc<Mutex<Connection>>,
    notices: broadcast::Sender<Notice>,
    failures: Arc<Mutex<HashMap<String, Vec<Instant>>>>,
    replicas: Arc<booking::Replicas>,
    /// Recent public requests per address and kind, for their rate limits.
    public_hits: Arc<Mutex<HashMap<String, Vec<Instant>>>>,
    mail: Arc<mail::MailSettings>,
    /// Wakes the mail sender when something is queued.
    mail_queued: Arc<Notify>,
    /// Organisations whose replica is to be caught up in the background, and whether
    /// more pushes came since that was planned.
    warming: Arc<Mutex<HashMap<Uuid, bool>>>,
}

impl App {
    /// Runs `f` on the database off the async threads.
    async fn db<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> store::Result<T> + Send + 'static,
    ) -> store::Result<T> {
        let db = self.db.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = db.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut conn)
        })
        .await
        .map_err(|e| Refusal::Internal(e.to_string()))?
    }

    async fn caller(&self, headers: &HeaderMap) -> store::Result<(Caller, String)> {
        let token = bearer(headers)?;
        let t = token.clone();
        let caller = self.db(move |conn| store::authenticate(conn, &t)).await?;
        Ok((caller, token))
    }

    /// Whether this email or address has failed too often lately.
    fn limited(&self, keys: &[String]) -> bool {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        keys.iter().any(|key| {
            let list = failures.entry(key.clone()).or_default();
            list.retain(|t| now.duration_since(*t) < LOGIN_WINDOW);
            list.len() >= LOGIN_FAILURES
        })
    }

    /// Counts a public request; false once `key` made `max` within `window`.
    fn allow(&self, key: String, max: usize, window: Duration) -> bool {
        let mut hits = self.public_hits.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let list = hits.entry(key).or_default();
        list.retain(|t| now.duration_since(*t) < window);
        if list.len() >= max {
            return false;
        }
        list.push(now);
        true
    }

    /// Runs a public-page call on the database and the replicas off the async threads.
    async fn public<T: Send + 'static>(
        &self,
        f: impl FnOnce(&booking::Replicas, &Mutex<Connection>) -> store::Result<T> + Send + 'static,
    ) -> store::Result<T> {
        let (replicas, db) = (self.replicas.clone(), self.db.clone());
        tokio::task::spawn_blocking(move || f(&replicas, &db))
            .await
            .map_err(|e| Refusal::Internal(e.to_string()))?
    }

    /// Tells devices to pull and the mail sender to look at its queue after a public page
    /// changed something.
    fn changed(&self, org: Uuid, head: i64) {
        let _ = self.notices.send(Notice {
            organization_id: org,
            head,
        });
        self.mail_queued.notify_one();
    }

    /// Catches the organisation's booking replica up in the background after pushes, so
    /// a page view after a big upload does not pay for it (only organisations with
    /// booking types have pages). It starts once pushes pause for two seconds, one run
    /// per organisation at a time, and runs again if more came meanwhile.
    fn warm(&self, org: Uuid) {
        {
            let mut warming = self.warming.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(again) = warming.get_mut(&org) {
                *again = true;
                return;
            }
            warming.insert(org, false);
        }
        let app = self.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_secs(2)).await;
                let again = {
                    let mut warming = app.warming.lock().unwrap_or_else(|p| p.into_inner());
                    std::mem::replace(warming.entry(org).or_default(), false)
                };
                if again {
                    continue;
                }
                let (replicas, db) = (app.replicas.clone(), app.db.clone());
                let done =
                    tokio::task::spawn_blocking(move || booking::warm(&replicas, &db, org)).await;
                if let Ok(Err(e)) = done {
                    tracing::warn!("booking replica of {org}: {e}");
                }
                let mut warming = app.warming.lock().unwrap_or_else(|p| p.into_inner());
                if warming.get(&org) != Some(&true) {
                    warming.remove(&org);
                    return;
                }
            }
        });
    }

    fn fail(&self, keys: &[String]) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        for key in keys {
            failures
                .entry(key.clone())
                .or_default()
                .push(Instant::now());
        }
    }
}

fn bearer(headers: &HeaderMap) -> store::Result<String> {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| Refusal::Unauthenticated("sign in first: no bearer token".into()))
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let (status, field) = match &self {
            Refusal::Invalid { field, .. } => {
                (StatusCode::UNPROCESSABLE_ENTITY, Some(field.clone()))
            }
            Refusal::Unauthenticated(_) => (StatusCode::UNAUTHORIZED, None),
            Refusal::Forbidden(_) => (StatusCode::FORBIDDEN, None),
            Refusal::NotFound(_) => (StatusCode::NOT_FOUND, None),
            Refusal::Conflict(_) => (StatusCode::CONFLICT, None),
            Refusal::Gone(_) => (StatusCode::GONE, None),
            Refusal::Internal(e) => {
                tracing::error!("internal error: {e}");
                (StatusCode::INTERNAL_SERVER_ERROR, None)
            }
        };
        (
            status,
            Json(ErrorBody {
                error: self.to_string(),
                field,
            }),
        )
            .into_response()
    }
}

type Reply<T> = Result<Json<T>, Refusal>;

/// JSON bodies whose rejection is reported the way every other error is.
struct Body<T>(T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> axum::extract::FromRequest<S> for Body<T> {
    type Rejection = Refusal;
    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Refusal> {
        Json::<T>::from_request(req, state)
            .await
            .map(|Json(v)| Body(v))
            .map_err(|e| Refusal::invalid("body", e.body_text()))
    }
}

async fn sign_up(State(app): State<App>, Body(input): Body<SignUp>) -> Reply<Session> {
    app.db(move |conn| store::sign_up(conn, &input))
        .await
        .map(Json)
}

async fn log_in(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Body(input): Body<Login>,
) -> Reply<Session> {
    let keys = vec![
        format!("email:{}", input.email.trim().to_lowercase()),
        format!("ip:{}", peer.ip()),
    ];
    if app.limited(&keys) {
        return Err(Refusal::Forbidden(
            "too many failed sign-ins; wait five minutes and try again".into(),
        ));
    }
    match app.db(move |conn| store::log_in(conn, &input)).await? {
        Some(session) => Ok(Json(session)),
        None => {
            app.fail(&keys);
            Err(Refusal::Unauthenticated("wrong email or password".into()))
        }
    }
}

async fn log_out(State(app): State<App>, headers: HeaderMap) -> Reply<serde_json::Value> {
    let token = bearer(&headers)?;
    app.db(move |conn| store::log_out(conn, &token)).await?;
    Ok(Json(serde_json::json!({ "signed_out": true })))
}

async fn me(State(app): State<App>, headers: HeaderMap) -> Reply<Me> {
    let (caller, _) = app.caller(&headers).await?;
    app.db(move |conn| store::me(conn, &caller)).await.map(Json)
}

async fn members(
    State(app): State<App>,
    headers: HeaderMap,
    UrlPath(org): UrlPath<Uuid>,
) -> Reply<Vec<Member>> {
    let (caller, _) = app.caller(&headers).await?;
    app.db(move |conn| store::members(conn, &caller, org))
        .await
        .map(Json)
}

async fn invite(
    State(app): State<App>,
    headers: HeaderMap,
    UrlPath(org): UrlPath<Uuid>,
    Body(input): Body<NewInvite>,
) -> Reply<Invite> {
    let (caller, _) = app.caller(&headers).await?;
    app.db(move |conn| store::invite(conn, &caller, org, &input))
        .await
        .map(Json)
}

async fn accept_invite(
    State(app): State<App>,
    headers: HeaderMap,
    Body(input): Body<AcceptInvite>,
) -> Reply<Me> {
    let (caller, _) = app.caller(&headers).await?;
    app.db(move |conn| store::accept_invite(conn, &caller, &input.code))
        .await
        .map(Json)
}

async fn push(
    State(app): State<App>,
    headers: HeaderMap,
    UrlPath(org): UrlPath<Uuid>,
    Body(input): Body<Push>,
) -> Reply<PushResult> {
    let (caller, _) = app.caller(&headers).await?;
    let result = app
        .db(move |conn| {
            let result = store::push(conn, &caller, org, &input)?;
            if result.head > store::KEEP_LOG * 2 {
                store::compact(conn, org, store::KEEP_LOG)?;
            }
            Ok(result)
        })
        .await?;
    // Nobody may be listening: that is fine.
    let _ = app.notices.send(Notice {
        organization_id: org,
        head: result.head,
    });
    app.warm(org);
    Ok(Json(result))
}

#[derive(Deserialize)]
struct PullQuery {
    after: Option<i64>,
    limit: Option<usize>,
}

async fn pull(
    State(app): State<App>,
    headers: HeaderMap,
    UrlPath(org): UrlPath<Uuid>,
    Query(q): Query<PullQuery>,
) -> Reply<Pull> {
    let (caller, _) = app.caller(&headers).await?;
    app.db(move |conn| {
        store::pull(
            conn,
            &caller,
            org,
            q.after.unwrap_or(0),
            q.limit.unwrap_or(500),
        )
    })
    .await
    .map(Json)
}

#[derive(Deserialize)]
struct BootstrapQuery {
    after: Option<String>,
    limit: Option<usize>,
}

async fn bootstrap(
    State(app): State<App>,
    headers: HeaderMap,
    UrlPath(org): UrlPath<Uuid>,
    Query(q): Query<BootstrapQuery>,
) -> Reply<Bootstrap> {
    let (caller, _) = app.caller(&headers).await?;
    app.db(move |conn| {
        store::bootstrap(
            conn,
            &caller,
            org,
            q.after.as_deref(),
            q.limit.unwrap_or(1000),
        )
    })
    .await
    .map(Json)
}

/// Tells a member's device the organisation's new head whenever a push lands.
async fn watch(
    State(app): State<App>,
    headers: HeaderMap,
    UrlPath(org): UrlPath<Uuid>,
    ws: WebSocketUpgrade,
) -> Result<Response, Refusal> {
    let (caller, _) = app.caller(&headers).await?;
    let c = caller.clone();
    app.db(move |conn| store::role(conn, &c, org)).await?;
    let receiver = app.notices.subscribe();
    Ok(ws.on_upgrade(move |socket| forward_notices(socket, receiver, org)))
}

async fn forward_notices(
    mut socket: WebSocket,
    mut receiver: broadcast::Receiver<Notice>,
    org: Uuid,
) {
    loop {
        tokio::select! {
            notice = receiver.recv() => match notice {
                Ok(n) if n.organization_id == org => {
                    let text = serde_json::to_string(&n).unwrap_or_default();
                    if socket.send(Message::Text(text.into())).await.is_err() { return; }
                }
                Ok(_) => {}
                // Fell behind: one notice with no head makes the device pull anyway.
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    let text = serde_json::to_string(&Notice { organization_id: org, head: -1 }).unwrap_or_default();
                    if socket.send(Message::Text(text.into())).await.is_err() { return; }
                }
                Err(broadcast::error::RecvError::Closed) => return,
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                Some(Ok(_)) => {}
            },
        }
    }
}

// --- public booking pages ----------------------------------------------------------------------

/// Slot lists per address per minute, and bookings per address per hour.
const SLOT_LISTS_PER_MINUTE: usize = 120;
const BOOKINGS_PER_HOUR: usize = 20;

#[derive(Deserialize)]
struct SlotQuery {
    from: String,
    #[serde(default = "default_days")]
    days: u32,
    tz: String,
}

fn default_days() -> u32 {
    7
}

async fn booking_page(
    State(app): State<App>,
    UrlPath((org, kind)): UrlPath<(String, String)>,
) -> Response {
    let mail = app.mail.enabled();
    html_page(
        app.public(move |replicas, db| booking::page_info(replicas, db, &org, &kind))
            .await
            .map(|info| booking::PageInfo { mail, ..info }),
    )
}

/// The booking page, or a short page saying why there is none.
fn html_page(info: store::Result<booking::PageInfo>) -> Response {
    match info {
        Ok(info) => axum::response::Html(booking_html(&info)).into_response(),
        Err(e) => {
            let status = match e {
                Refusal::NotFound(_) => StatusCode::NOT_FOUND,
                Refusal::Gone(_) => StatusCode::GONE,
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            };
            (
                status,
                axum::response::Html(format!(
                    "<!doctype html><meta charset=utf-8><title>Booking</title><p>{}</p>",
                    escape_html(&e.to_string())
                )),
            )
                .into_response()
        }
    }
}

async fn booking_slots(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    UrlPath((org, kind)): UrlPath<(String, String)>,
    Query(q): Query<SlotQuery>,
) -> Reply<booking::Slots> {
    if !app.allow(
        format!("slots:{}", peer.ip()),
        SLOT_LISTS_PER_MINUTE,
        Duration::from_secs(60),
    ) {
        return Err(Refusal::Forbidden(
            "too many requests; wait a minute".into(),
        ));
    }
    app.public(move |replicas, db| {
        booking::free_slots(replicas, db, &org, &kind, &q.from, q.days, &q.tz)
    })
    .await
    .map(Json)
}

async fn book(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    UrlPath((org, kind)): UrlPath<(String, String)>,
    Body(input): Body<booking::BookingRequest>,
) -> Result<(StatusCode, Json<booking::Booked>), Refusal> {
    if !app.allow(
        format!("book:{}", peer.ip()),
        BOOKINGS_PER_HOUR,
        Duration::from_secs(3600),
    ) {
        return Err(Refusal::Forbidden(
            "too many bookings from this address; try again later".into(),
        ));
    }
    let mail = app.mail.clone();
    let (booked, head, org_id) = app
        .public(move |replicas, db| booking::book(replicas, db, &org, &kind, &input, &mail))
        .await?;
    app.changed(org_id, head);
    Ok((StatusCode::CREATED, Json(booked)))
}

/// Changes per address per hour through guests' links.
const CHANGES_PER_HOUR: usize = 20;

/// The booking page of a guest's link, showing their booking; 404 or 410 pages when the
/// link is bad or the booking is over.
async fn manage_page(State(app): State<App>, UrlPath(token): UrlPath<String>) -> Response {
    let mail = app.mail.enabled();
    html_page(
        app.public(move |replicas, db| manage::view(replicas, db, &token))
            .await
            .map(|info| booking::PageInfo { mail, ..info }),
    )
}

async fn manage_slots(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    UrlPath(token): UrlPath<String>,
    Query(q): Query<SlotQuery>,
) -> Reply<booking::Slots> {
    if !app.allow(
        format!("slots:{}", peer.ip()),
        SLOT_LISTS_PER_MINUTE,
        Duration::from_secs(60),
    ) {
        return Err(Refusal::Forbidden(
            "too many requests; wait a minute".into(),
        ));
    }
    app.public(move |replicas, db| manage::free_slots(replicas, db, &token, &q.from, q.days, &q.tz))
        .await
        .map(Json)
}

fn allow_change(app: &App, peer: &SocketAddr) -> store::Result<()> {
    if app.allow(
        format!("change:{}", peer.ip()),
        CHANGES_PER_HOUR,
        Duration::from_secs(3600),
    ) {
        Ok(())
    } else {
        Err(Refusal::Forbidden(
            "too many changes from this address; try again later".into(),
        ))
    }
}

async fn manage_cancel(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    UrlPath(token): UrlPath<String>,
) -> Reply<manage::Changed> {
    allow_change(&app, &peer)?;
    let mail = app.mail.clone();
    let (changed, head, org) = app
        .public(move |replicas, db| manage::cancel(replicas, db, &token, &mail))
        .await?;
    app.changed(org, head);
    Ok(Json(changed))
}

async fn manage_reschedule(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    UrlPath(token): UrlPath<String>,
    Body(input): Body<manage::Reschedule>,
) -> Reply<manage::Changed> {
    allow_change(&app, &peer)?;
    let mail = app.mail.clone();
    let (changed, head, org) = app
        .public(move |replicas, db| manage::reschedule(replicas, db, &token, &input, &mail))
        .await?;
    app.changed(org, head);
    Ok(Json(changed))
}

/// Every minute (and at start), the reminders that are due.
async fn send_reminders(app: App) {
    let mut tick = tokio::time::interval(Duration::from_secs(60));
    loop {
        tick.tick().await;
        let mail = app.mail.clone();
        match app
            .public(move |replicas, db| {
                manage::send_reminders(replicas, db, &mail, chrono::Utc::now())
            })
            .await
        {
            Ok(heads) => {
                for (org, head) in heads {
                    app.changed(org, head);
                }
            }
            Err(e) => tracing::error!("reminders: {e}"),
        }
    }
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The booking page: the booking type's details and the page's look from the server, the
/// slots and the booking through the JSON endpoints beside it (in the visitor's zone).
fn booking_html(info: &booking::PageInfo) -> String {
    // Data for the script goes in as JSON inside a <script type=application/json>, with
    // "<" escaped so no value can end the element.
    let data = serde_json::to_string(info)
        .unwrap_or_default()
        .replace('<', "\\u003c");
    include_str!("booking.html")
        .replace("{{title}}", &escape_html(&info.title))
        .replace("{{primary}}", &info.primary_color)
        .replace("{{background}}", &info.background_color)
        .replace("{{text}}", &info.text_color)
        .replace("{{custom_css}}", &info.custom_css)
        .replace("{{data}}", &data)
}

/// The server's routes; with mail configured, also its mail sender and reminder job
/// (so this runs inside a Tokio runtime).
pub fn router(
    db: Connection,
    replicas: PathBuf,
    mail: mail::MailSettings,
) -> anyhow::Result<Router> {
    let (notices, _) = broadcast::channel(1024);
    let app = App {
        db: Arc::new(Mutex::new(db)),
        notices,
        failures: Arc::default(),
        replicas: Arc::new(booking::Replicas::new(replicas)),
        public_hits: Arc::default(),
        mail: Arc::new(mail),
        mail_queued: Arc::default(),
        warming: Arc::default(),
    };
    if let Some(url) = &app.mail.smtp_url {
        mail::spawn_sender(app.db.clone(), url, app.mail_queued.clone())?;
        tokio::spawn(send_reminders(app.clone()));
    }
    Ok(Router::new()
        .route("/v1/signup", post(sign_up))
        .route("/v1/login", post(log_in))
        .route("/v1/logout", post(log_out))
        .route("/v1/me", get(me))
        .route("/v1/invitations/accept", post(accept_invite))
        .route("/v1/orgs/{org}/members", get(members))
        .route("/v1/orgs/{org}/invitations", post(invite))
        .route("/v1/orgs/{org}/push", post(push))
        .route("/v1/orgs/{org}/pull", get(pull))
        .route("/v1/orgs/{org}/bootstrap", get(bootstrap))
        .route("/v1/orgs/{org}/ws", get(watch))
        .route("/book/{org}/{kind}", get(booking_page).post(book))
        .route("/book/{org}/{kind}/slots", get(booking_slots))
        .route("/booking/{token}", get(manage_page))
        .route("/booking/{token}/slots", get(manage_slots))
        .route("/booking/{token}/cancel", post(manage_cancel))
        .route("/booking/{token}/reschedule", post(manage_reschedule))
        .route("/health", get(|| async { "ok" }))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(app))
}

/// Serves until SIGINT or SIGTERM, then finishes the requests in flight: every push
/// acknowledged before is committed. An empty `mail.public_url` means the bound address.
pub async fn serve(
    db_path: &Path,
    bind: &str,
    mut mail: mail::MailSettings,
    ready: impl FnOnce(SocketAddr),
) -> anyhow::Result<()> {
    let conn = store::open(db_path)?;
    // Each organisation's replica for the public pages lives beside the server's file.
    let mut replicas = db_path.as_os_str().to_owned();
    replicas.push(".replicas");
    let listener = tokio::net::TcpListener::bind(bind).await?;
    let addr = listener.local_addr()?;
    if mail.public_url.is_empty() {
        mail.public_url = format!("http://{addr}");
    }
    let router = router(conn, PathBuf::from(replicas), mail)?;
    ready(addr);
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown())
    .await?;
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down: finishing requests in flight");
}
