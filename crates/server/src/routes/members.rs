//! An organisation's team: its members, their roles, removing them, and its pending
//! invitations (sending one is `invitations.rs`).

use aio_core::sync::wire::*;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::routing::{delete, get};
use axum::{Json, Router};
use uuid::Uuid;

use super::{Body, Reply};
use crate::store::{accounts, members};
use crate::App;

pub(crate) fn routes() -> Router<App> {
    Router::new()
        .route("/v1/orgs/{org}/members", get(list))
        .route(
            "/v1/orgs/{org}/members/{account}",
            delete(remove).patch(set_role),
        )
        .route("/v1/orgs/{org}/invitations", get(pending))
        .route("/v1/orgs/{org}/invitations/{id}", delete(revoke))
}

async fn list(
    State(app): State<App>,
    headers: HeaderMap,
    Path(org): Path<Uuid>,
) -> Reply<Vec<Member>> {
    let (caller, _) = app.caller(&headers).await?;
    app.db(move |conn| accounts::members(conn, &caller, org))
        .await
        .map(Json)
}

async fn set_role(
    State(app): State<App>,
    headers: HeaderMap,
    Path((org, account)): Path<(Uuid, Uuid)>,
    Body(input): Body<RoleChange>,
) -> Reply<Vec<Member>> {
    let (caller, _) = app.caller(&headers).await?;
    app.db(move |conn| members::set_role(conn, &caller, org, account, &input.role))
        .await
        .map(Json)
}

async fn remove(
    State(app): State<App>,
    headers: HeaderMap,
    Path((org, account)): Path<(Uuid, Uuid)>,
) -> Reply<serde_json::Value> {
    let (caller, _) = app.caller(&headers).await?;
    app.db(move |conn| members::remove(conn, &caller, org, account))
        .await?;
    // Their sockets for this organisation close now; their next request is refused.
    let _ = app.removed.send((org, account));
    Ok(Json(serde_json::json!({ "removed": account })))
}

async fn pending(
    State(app): State<App>,
    headers: HeaderMap,
    Path(org): Path<Uuid>,
) -> Reply<Vec<PendingInvitation>> {
    let (caller, _) = app.caller(&headers).await?;
    app.db(move |conn| members::pending(conn, &caller, org))
        .await
        .map(Json)
}

async fn revoke(
    State(app): State<App>,
    headers: HeaderMap,
    Path((org, id)): Path<(Uuid, Uuid)>,
) -> Reply<serde_json::Value> {
    let (caller, _) = app.caller(&headers).await?;
    app.db(move |conn| members::revoke(conn, &caller, org, id))
        .await?;
    Ok(Json(serde_json::json!({ "revoked": id })))
}
