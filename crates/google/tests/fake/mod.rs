//! A local stand-in for Google, speaking the documented wire formats the app uses:
//! the OAuth 2.0 authorization endpoint (redirects back with a code) and token endpoint
//! (authorization_code with the PKCE verifier checked against the challenge;
//! refresh_token), and Calendar API v3 calendarList, events.list (maxResults, pageToken,
//! syncToken, showDeleted; nextPageToken, nextSyncToken; 410 for a stale sync token),
//! events.insert, events.patch and events.delete, with 401 for an unknown or expired
//! access token and 429 with Retry-After when told to slow the client down.
//!
//! Shared by aio-google's tests and the CLI's (`#[path]`); each uses part of it.
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::{Form, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use base64::Engine;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

pub const CLIENT_ID: &str = "test-client.apps.googleusercontent.com";
pub const CLIENT_SECRET: &str = "test-client-secret";

#[derive(Default)]
pub struct Fake {
    /// code -> (challenge, redirect_uri)
    codes: HashMap<String, (String, String)>,
    pub access_tokens: Vec<String>,
    pub refresh_tokens: Vec<String>,
    issued: u64,
    pub refresh_grants: u32,
    pub calendars: Vec<Value>,
    /// calendar id -> events; each event carries its change number in "_seq".
    pub events: HashMap<String, Vec<Value>>,
    seq: u64,
    /// Sync tokens carry the generation they were issued in; older ones answer 410 Gone.
    generation: u64,
    /// Most items per page, whatever maxResults says (Google may send fewer).
    pub page_cap: usize,
    /// Answer this many API calls with 429 first.
    pub throttle: u32,
    pub throttled: u32,
    pub unauthorized: u32,
    /// Every API request: "METHOD path?query".
    pub log: Vec<String>,
}

pub struct FakeGoogle {
    pub base: String,
    state: Arc<Mutex<Fake>>,
    _runtime: tokio::runtime::Runtime,
}

type Shared = Arc<Mutex<Fake>>;

impl FakeGoogle {
    pub fn start() -> FakeGoogle {
        let state: Shared = Arc::new(Mutex::new(Fake {
            page_cap: 2,
            ..Fake::default()
        }));
        let app = Router::new()
            .route("/o/oauth2/v2/auth", get(authorize))
            .route("/token", post(token))
            .route("/calendar/v3/users/me/calendarList", get(calendar_list))
            .route(
                "/calendar/v3/calendars/{calendar}/events",
                get(list_events).post(insert_event),
            )
            .route(
                "/calendar/v3/calendars/{calendar}/events/{event}",
                patch(patch_event).delete(delete_event),
            )
            .with_state(state.clone());
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        runtime.spawn(async move { axum::serve(listener, app).await });
        FakeGoogle {
            base,
            state,
            _runtime: runtime,
        }
    }

    pub fn config(&self) -> aio_google::Config {
        aio_google::Config {
            client_id: CLIENT_ID.into(),
            client_secret: Some(CLIENT_SECRET.into()),
            auth_url: format!("{}/o/oauth2/v2/auth", self.base),
            token_url: format!("{}/token", self.base),
            api_url: format!("{}/calendar/v3", self.base),
            scope: aio_google::SCOPE.into(),
        }
    }

    pub fn state(&self) -> MutexGuard<'_, Fake> {
        self.state.lock().expect("fake state")
    }

    pub fn add_calendar(&self, id: &str, summary: &str, color: &str) {
        self.state().calendars.push(json!({
            "kind": "calendar#calendarListEntry", "id": id, "summary": summary,
            "backgroundColor": color, "accessRole": "owner", "primary": id == "primary",
        }));
    }

    /// An event made in Google (by the person, on their phone); returns its id.
    pub fn add_event(&self, calendar: &str, event: Value) -> String {
        let mut fake = self.state();
        fake.insert(calendar, event)["id"]
            .as_str()
            .expect("id")
            .to_string()
    }

    pub fn edit_event(&self, calendar: &str, id: &str, patch: Value) {
        self.state().patch(calendar, id, patch).expect("event");
    }

    pub fn delete_event(&self, calendar: &str, id: &str) {
        self.state()
            .patch(calendar, id, json!({"status": "cancelled"}))
            .expect("event");
    }

    /// Removes an event without a trace (as if it was deleted long ago and purged).
    pub fn purge_event(&self, calendar: &str, id: &str) {
        self.state()
            .events
            .get_mut(calendar)
            .expect("calendar")
            .retain(|e| e["id"] != id);
    }

    pub fn event(&self, calendar: &str, id: &str) -> Option<Value> {
        self.state()
            .events
            .get(calendar)?
            .iter()
            .find(|e| e["id"] == id)
            .cloned()
    }

    pub fn live_events(&self, calendar: &str) -> Vec<Value> {
        self.state()
            .events
            .get(calendar)
            .map(|events| {
                events
                    .iter()
                    .filter(|e| e["status"] != "cancelled")
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn invalidate_sync_tokens(&self) {
        self.state().generation += 1;
    }

    /// Every access token handed out so far stops working (they expired).
    pub fn expire_access_tokens(&self) {
        self.state().access_tokens.clear();
    }
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl Fake {
    fn next_seq(&mut self) -> u64 {
        // Each change gets a later `updated` than the last, as Google's clock would.
        std::thread::sleep(std::time::Duration::from_millis(3));
        self.seq += 1;
        self.seq
    }

    fn insert(&mut self, calendar: &str, mut event: Value) -> Value {
        let seq = self.next_seq();
        let id = format!("evt{seq:04}");
        event["kind"] = json!("calendar#event");
        event["id"] = json!(id);
        event["status"] = json!("confirmed");
        event["created"] = json!(now());
        event["updated"] = json!(now());
        event["etag"] = json!(format!("\"{seq}\""));
        event["_seq"] = json!(seq);
        self.events
            .entry(calendar.to_string())
            .or_default()
            .push(event.clone());
        event
    }

    fn patch(&mut self, calendar: &str, id: &str, patch: Value) -> Option<Value> {
        let seq = self.next_seq();
        let event = self
            .events
            .get_mut(calendar)?
            .iter_mut()
            .find(|e| e["id"] == id)?;
        for (key, value) in patch.as_object()? {
            event[key] = value.clone();
        }
        event["updated"] = json!(now());
        event["etag"] = json!(format!("\"{seq}\""));
        event["_seq"] = json!(seq);
        Some(event.clone())
    }

    /// 401 without a live token, 429 while throttling; logs the request.
    fn guard(&mut self, headers: &HeaderMap, line: String) -> Option<Response> {
        self.log.push(line);
        let bearer = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        if !self.access_tokens.iter().any(|t| t == bearer) {
            self.unauthorized += 1;
            return Some(error(401, "authError", "Invalid Credentials"));
        }
        if self.throttle > 0 {
            self.throttle -= 1;
            self.throttled += 1;
            let mut response = error(429, "rateLimitExceeded", "Rate Limit Exceeded");
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, "1".parse().expect("header"));
            return Some(response);
        }
        None
    }
}

/// Google's error body: {"error": {"code", "message", "errors": [{"reason", ...}]}}.
fn error(status: u16, reason: &str, message: &str) -> Response {
    let status = StatusCode::from_u16(status).expect("status");
    (
        status,
        Json(
            json!({"error": {"code": status.as_u16(), "message": message,
            "errors": [{"domain": "global", "reason": reason, "message": message}]}}),
        ),
    )
        .into_response()
}

fn public(event: &Value) -> Value {
    let mut event = event.clone();
    if let Some(map) = event.as_object_mut() {
        map.remove("_seq");
    }
    event
}

fn seq(event: &Value) -> u64 {
    event["_seq"].as_u64().unwrap_or(0)
}

async fn authorize(
    State(state): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let p = |k: &str| q.get(k).cloned().unwrap_or_default();
    if p("client_id") != CLIENT_ID
        || p("response_type") != "code"
        || p("code_challenge_method") != "S256"
        || p("code_challenge").is_empty()
        || !p("redirect_uri").starts_with("http://127.0.0.1:")
    {
        return (StatusCode::BAD_REQUEST, "invalid_request").into_response();
    }
    let mut fake = state.lock().expect("state");
    fake.issued += 1;
    let code = format!("4/fake-code-{}", fake.issued);
    fake.codes
        .insert(code.clone(), (p("code_challenge"), p("redirect_uri")));
    let mut to = reqwest::Url::parse(&p("redirect_uri")).expect("redirect uri");
    to.query_pairs_mut()
        .append_pair("state", &p("state"))
        .append_pair("code", &code)
        .append_pair("scope", &p("scope"));
    Redirect::to(to.as_str()).into_response()
}

async fn token(State(state): State<Shared>, Form(form): Form<HashMap<String, String>>) -> Response {
    let p = |k: &str| form.get(k).cloned().unwrap_or_default();
    let refused = |what: &str| {
        (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "invalid_grant", "error_description": what})),
        )
            .into_response()
    };
    if p("client_id") != CLIENT_ID || p("client_secret") != CLIENT_SECRET {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "invalid_client"})),
        )
            .into_response();
    }
    let mut fake = state.lock().expect("state");
    fake.issued += 1;
    let n = fake.issued;
    let access = format!("ya29.fake-access-{n}-{}", uuid::Uuid::new_v4().simple());
    match p("grant_type").as_str() {
        "authorization_code" => {
            let Some((challenge, redirect)) = fake.codes.remove(&p("code")) else {
                return refused("unknown or used code");
            };
            let computed = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .encode(Sha256::digest(p("code_verifier").as_bytes()));
            if computed != challenge {
                return refused("code_verifier does not match the code_challenge");
            }
            if redirect != p("redirect_uri") {
                return refused("redirect_uri mismatch");
            }
            let refresh = format!("1//fake-refresh-{n}-{}", uuid::Uuid::new_v4().simple());
            fake.access_tokens.push(access.clone());
            fake.refresh_tokens.push(refresh.clone());
            Json(
                json!({"access_token": access, "expires_in": 3599, "refresh_token": refresh,
                "scope": aio_google::SCOPE, "token_type": "Bearer"}),
            )
            .into_response()
        }
        "refresh_token" => {
            if !fake.refresh_tokens.contains(&p("refresh_token")) {
                return refused("Token has been expired or revoked.");
            }
            fake.refresh_grants += 1;
            fake.access_tokens.push(access.clone());
            Json(json!({"access_token": access, "expires_in": 3599,
                "scope": aio_google::SCOPE, "token_type": "Bearer"}))
            .into_response()
        }
        _ => (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "unsupported_grant_type"})),
        )
            .into_response(),
    }
}

async fn calendar_list(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let mut fake = state.lock().expect("state");
    if let Some(refused) = fake.guard(&headers, "GET calendarList".into()) {
        return refused;
    }
    Json(json!({"kind": "calendar#calendarList", "items": fake.calendars})).into_response()
}

async fn list_events(
    State(state): State<Shared>,
    Path(calendar): Path<String>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let mut fake = state.lock().expect("state");
    let mut keys: Vec<_> = q.iter().map(|(k, v)| format!("{k}={v}")).collect();
    keys.sort();
    if let Some(refused) = fake.guard(
        &headers,
        format!("GET {calendar}/events?{}", keys.join("&")),
    ) {
        return refused;
    }
    let max: usize = q
        .get("maxResults")
        .and_then(|m| m.parse().ok())
        .unwrap_or(250)
        .min(fake.page_cap);
    // pageToken "<offset>:<snapshot seq>:<since seq>" keeps one listing's pages consistent.
    let (offset, snapshot, since) = match q.get("pageToken") {
        Some(token) => {
            let parts: Vec<u64> = token.split(':').filter_map(|p| p.parse().ok()).collect();
            if parts.len() != 3 {
                return error(400, "invalid", "Invalid pageToken");
            }
            (parts[0] as usize, parts[1], parts[2])
        }
        None => {
            let since = match q.get("syncToken") {
                Some(token) => {
                    let parts: Vec<u64> = token
                        .strip_prefix("sync-")
                        .map(|t| t.split('-').filter_map(|p| p.parse().ok()).collect())
                        .unwrap_or_default();
                    let [generation, since] = parts[..] else {
                        return error(400, "invalid", "Invalid sync token");
                    };
                    if generation < fake.generation {
                        return error(
                            410,
                            "fullSyncRequired",
                            "Sync token is no longer valid, a full sync is required.",
                        );
                    }
                    since
                }
                None => 0,
            };
            (0, fake.seq, since)
        }
    };
    let show_deleted = q.get("showDeleted").map(String::as_str) == Some("true");
    let incremental = since > 0 || q.contains_key("syncToken");
    let mut matching: Vec<&Value> = fake
        .events
        .get(&calendar)
        .into_iter()
        .flatten()
        .filter(|e| seq(e) <= snapshot && seq(e) > since)
        // An incremental list always includes deletions.
        .filter(|e| incremental || show_deleted || e["status"] != "cancelled")
        .collect();
    matching.sort_by_key(|e| seq(e));
    let items: Vec<Value> = matching
        .iter()
        .skip(offset)
        .take(max)
        .map(|e| public(e))
        .collect();
    let mut body = json!({"kind": "calendar#events", "summary": calendar, "items": items});
    if offset + max < matching.len() {
        body["nextPageToken"] = json!(format!("{}:{snapshot}:{since}", offset + max));
    } else {
        body["nextSyncToken"] = json!(format!("sync-{}-{snapshot}", fake.generation));
    }
    Json(body).into_response()
}

async fn insert_event(
    State(state): State<Shared>,
    Path(calendar): Path<String>,
    headers: HeaderMap,
    Json(event): Json<Value>,
) -> Response {
    let mut fake = state.lock().expect("state");
    if let Some(refused) = fake.guard(&headers, format!("POST {calendar}/events")) {
        return refused;
    }
    if event["start"].is_null() || event["end"].is_null() {
        return error(400, "required", "Missing end time.");
    }
    Json(public(&fake.insert(&calendar, event))).into_response()
}

async fn patch_event(
    State(state): State<Shared>,
    Path((calendar, id)): Path<(String, String)>,
    headers: HeaderMap,
    Json(patch): Json<Value>,
) -> Response {
    let mut fake = state.lock().expect("state");
    if let Some(refused) = fake.guard(&headers, format!("PATCH {calendar}/events/{id}")) {
        return refused;
    }
    match fake.patch(&calendar, &id, patch) {
        Some(event) => Json(public(&event)).into_response(),
        None => error(404, "notFound", "Not Found"),
    }
}

async fn delete_event(
    State(state): State<Shared>,
    Path((calendar, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let mut fake = state.lock().expect("state");
    if let Some(refused) = fake.guard(&headers, format!("DELETE {calendar}/events/{id}")) {
        return refused;
    }
    let gone = fake
        .events
        .get(&calendar)
        .and_then(|events| events.iter().find(|e| e["id"] == id))
        .is_none_or(|e| e["status"] == "cancelled");
    if gone {
        return error(410, "deleted", "Resource has been deleted");
    }
    fake.patch(&calendar, &id, json!({"status": "cancelled"}));
    StatusCode::NO_CONTENT.into_response()
}
