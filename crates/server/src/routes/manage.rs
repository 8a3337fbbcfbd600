//! A guest's link (`/booking/{token}`): their booking on its page, the times it can move
//! to, and the move or the cancellation.

use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::{ConnectInfo, Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};

use super::booking::{html_page, SlotQuery, SLOT_LISTS};
use super::{Body, Limit, Reply};
use crate::booking::{PageInfo, Slots};
use crate::manage::{self, Changed, Reschedule};
use crate::App;

/// Changes per address per hour through guests' links.
const CHANGES: Limit = Limit {
    kind: "change",
    max: 20,
    window: Duration::from_secs(3600),
    refusal: "too many changes from this address; try again later",
};

pub(crate) fn routes() -> Router<App> {
    Router::new()
        .route("/booking/{token}", get(manage_page))
        .route("/booking/{token}/slots", get(manage_slots))
        .route("/booking/{token}/cancel", post(manage_cancel))
        .route("/booking/{token}/reschedule", post(manage_reschedule))
}

/// The booking page of a guest's link, showing their booking; 404 or 410 pages when the
/// link is bad or the booking is over.
async fn manage_page(State(app): State<App>, Path(token): Path<String>) -> Response {
    let mail = app.mail.enabled();
    let now = chrono::Utc::now();
    html_page(
        app.public(move |replicas, db| manage::view(replicas, db, &token, now))
            .await
            .map(|info| PageInfo { mail, ..info }),
    )
}

async fn manage_slots(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(token): Path<String>,
    Query(q): Query<SlotQuery>,
) -> Reply<Slots> {
    SLOT_LISTS.check(&app, &peer)?;
    let now = chrono::Utc::now();
    app.public(move |replicas, db| {
        manage::free_slots(replicas, db, &token, &q.from, q.days, &q.tz, now)
    })
    .await
    .map(Json)
}

async fn manage_cancel(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(token): Path<String>,
) -> Reply<Changed> {
    CHANGES.check(&app, &peer)?;
    let mail = app.mail.clone();
    let now = chrono::Utc::now();
    let (changed, head, org) = app
        .public(move |replicas, db| manage::cancel(replicas, db, &token, &mail, now))
        .await?;
    app.changed(org, head);
    Ok(Json(changed))
}

async fn manage_reschedule(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(token): Path<String>,
    Body(input): Body<Reschedule>,
) -> Reply<Changed> {
    CHANGES.check(&app, &peer)?;
    let mail = app.mail.clone();
    let now = chrono::Utc::now();
    let (changed, head, org) = app
        .public(move |replicas, db| manage::reschedule(replicas, db, &token, &input, &mail, now))
        .await?;
    app.changed(org, head);
    Ok(Json(changed))
}
