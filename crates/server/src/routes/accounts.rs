//! Sign-up, sign-in and sign-out, who "me" is, and the account's devices.

use std::net::SocketAddr;

use aio_core::sync::wire::*;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::{Json, Router};
use uuid::Uuid;

use super::{Body, Reply};
use crate::store::{self, accounts, Refusal};
use crate::App;

pub(crate) fn routes() -> Router<App> {
    Router::new()
        .route("/v1/signup", post(sign_up))
        .route("/v1/login", post(log_in))
        .route("/v1/logout", post(log_out))
        .route("/v1/me", get(me))
        .route("/v1/devices", get(devices))
        .route("/v1/devices/sign-out", post(sign_out_everywhere))
        .route("/v1/devices/{device}/sign-out", post(sign_out_device))
        .route("/v1/orgs", post(create_organization))
}

async fn sign_up(State(app): State<App>, Body(input): Body<SignUp>) -> Reply<Session> {
    app.db(move |conn| accounts::sign_up(conn, &input))
        .await
        .map(Json)
}

async fn log_in(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Body(input): Body<Login>,
) -> Reply<Session> {
    let email = format!("email:{}", input.email.trim().to_lowercase());
    let address = format!("ip:{}", peer.ip());
    let keys = vec![email.clone(), address.clone()];
    if app.limited(&address) {
        return Err(Refusal::Forbidden(
            "too many failed sign-ins from this address; wait five minutes and try again".into(),
        ));
    }
    let wait = app.slow_down(&email);
    if !wait.is_zero() {
        tokio::time::sleep(wait).await;
    }
    match app.db(move |conn| accounts::log_in(conn, &input)).await? {
        Some(session) => Ok(Json(session)),
        None => {
            app.fail(&keys);
            Err(Refusal::Unauthenticated("wrong email or password".into()))
        }
    }
}

async fn log_out(State(app): State<App>, headers: HeaderMap) -> Reply<serde_json::Value> {
    let (caller, token) = app.caller(&headers).await?;
    let device = caller.device_id;
    app.db(move |conn| {
        accounts::log_out(conn, &token)?;
        store::sql::notify_signed_out(conn, &[device])
    })
    .await?;
    let _ = app.signed_out.send(device);
    Ok(Json(serde_json::json!({ "signed_out": true })))
}

async fn devices(State(app): State<App>, headers: HeaderMap) -> Reply<Vec<DeviceInfo>> {
    let (caller, _) = app.caller(&headers).await?;
    app.db(move |conn| accounts::devices(conn, &caller))
        .await
        .map(Json)
}

/// "Sign out this device", for any device of the caller's account.
async fn sign_out_device(
    State(app): State<App>,
    headers: HeaderMap,
    Path(device): Path<Uuid>,
) -> Reply<Vec<Uuid>> {
    sign_out(app, headers, Some(device)).await
}

/// "Sign out everywhere": every device of the caller's account, this one included.
async fn sign_out_everywhere(State(app): State<App>, headers: HeaderMap) -> Reply<Vec<Uuid>> {
    sign_out(app, headers, None).await
}

async fn sign_out(app: App, headers: HeaderMap, device: Option<Uuid>) -> Reply<Vec<Uuid>> {
    let (caller, _) = app.caller(&headers).await?;
    let devices = app
        .db(move |conn| {
            let devices = accounts::sign_out_devices(conn, &caller, device)?;
            // The devices' sockets on the other server processes close too.
            store::sql::notify_signed_out(conn, &devices)?;
            Ok(devices)
        })
        .await?;
    for device in &devices {
        let _ = app.signed_out.send(*device);
    }
    Ok(Json(devices))
}

async fn me(State(app): State<App>, headers: HeaderMap) -> Reply<Me> {
    let (caller, _) = app.caller(&headers).await?;
    app.db(move |conn| accounts::me(conn, &caller))
        .await
        .map(Json)
}

/// A workspace made on a signed-in device (or uploaded from one), owned by the caller;
/// with `parent_id`, a client workspace of that agency.
async fn create_organization(
    State(app): State<App>,
    headers: HeaderMap,
    Body(input): Body<NewOrganization>,
) -> Reply<Membership> {
    let (caller, _) = app.caller(&headers).await?;
    let created = app
        .db(move |conn| accounts::create(conn, &caller, &input))
        .await?;
    // The account's other devices (and the agency's admins) pick it up on their next
    // round: a notice on the new organisation wakes the devices that watch all of theirs.
    let _ = app.notices.send(Notice {
        organization_id: created.id,
        head: 0,
    });
    Ok(Json(created))
}
