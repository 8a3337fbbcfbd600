//! Inbound webhooks of automations: `POST /hooks/{org}/{automation}` with the
//! automation's secret in `X-AIO-Secret` and a JSON object as the body. 202 with the
//! event raised; 403 for a wrong secret and 404 for no such active webhook automation,
//! both before anything is written; 422 for a body that is not a JSON object.

use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::Value;
use uuid::Uuid;

use super::Limit;
use crate::automations::{self, Received};
use crate::store::Refusal;
use crate::App;

/// Calls per address per minute.
const HOOKS: Limit = Limit {
    kind: "hook",
    max: 600,
    window: Duration::from_secs(60),
    refusal: "too many webhook calls from this address; try again later",
};

pub(crate) fn routes() -> Router<App> {
    Router::new().route("/hooks/{org}/{automation}", post(hook))
}

async fn hook(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((org, automation)): Path<(String, Uuid)>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<Received>), Refusal> {
    HOOKS.check(&app, &peer)?;
    let secret = headers
        .get("x-aio-secret")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let body = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(body)) => body,
        _ => return Err(Refusal::invalid("body", "must be a JSON object")),
    };
    let now = aio_core::clock::Clock::System.now();
    let (received, org, head) = app
        .public(move |replicas, db| {
            automations::receive(replicas, db, &org, automation, &secret, body, now)
        })
        .await?;
    app.changed(org, head);
    Ok((StatusCode::ACCEPTED, Json(received)))
}
