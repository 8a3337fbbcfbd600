//! Commerce: numbering blocks for devices (invoice, credit note and order numbers).

use aio_core::sync::wire::{NumberBlock, NumberRequest};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::routing::post;
use axum::{Json, Router};
use uuid::Uuid;

use super::{Body, Reply};
use crate::store::numbers;
use crate::App;

pub(crate) fn routes() -> Router<App> {
    Router::new().route("/v1/orgs/{org}/numbers", post(reserve))
}

async fn reserve(
    State(app): State<App>,
    headers: HeaderMap,
    Path(org): Path<Uuid>,
    Body(request): Body<NumberRequest>,
) -> Reply<NumberBlock> {
    let (caller, _) = app.caller(&headers).await?;
    app.db(move |conn| numbers::reserve(conn, &caller, org, &request))
        .await
        .map(Json)
}
