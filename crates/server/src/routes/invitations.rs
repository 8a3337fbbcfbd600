//! Invitations: an owner or admin invites someone by email; they accept with the code.

use aio_core::sync::wire::*;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::routing::post;
use axum::{Json, Router};
use uuid::Uuid;

use super::{Body, Reply};
use crate::store::invitations;
use crate::App;

pub(crate) fn routes() -> Router<App> {
    Router::new()
        .route("/v1/invitations/accept", post(accept_invite))
        .route("/v1/orgs/{org}/invitations", post(invite))
}

async fn invite(
    State(app): State<App>,
    headers: HeaderMap,
    Path(org): Path<Uuid>,
    Body(input): Body<NewInvite>,
) -> Reply<Invite> {
    let (caller, _) = app.caller(&headers).await?;
    app.db(move |conn| invitations::invite(conn, &caller, org, &input))
        .await
        .map(Json)
}

async fn accept_invite(
    State(app): State<App>,
    headers: HeaderMap,
    Body(input): Body<AcceptInvite>,
) -> Reply<Me> {
    let (caller, _) = app.caller(&headers).await?;
    app.db(move |conn| invitations::accept_invite(conn, &caller, &input.code))
        .await
        .map(Json)
}
