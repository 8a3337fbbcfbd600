//! A guest's link (`/booking/{token}`): their booking on its page, the times it can move
//! to, and the move or the cancellation.

use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::{ConnectInfo, Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};

use super::booking::{html_page, limit_slot_lists, SlotQuery};
use super::{limit, Body, Reply};
use crate::booking::{PageInfo, Slots};
use crate::manage::{self, Changed, Reschedule};
use crate::store;
use crate::App;

/// Changes per address per hour through guests' links.
const CHANGES_PER_HOUR: usize = 20;

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
    limit_slot_lists(&app, &peer)?;
    let now = chrono::Utc::now();
    app.public(move |replicas, db| {
        manage::free_slots(replicas, db, &token, &q.from, q.days, &q.tz, now)
    })
    .await
    .map(Json)
}

fn limit_changes(app: &App, peer: &SocketAddr) -> store::Result<()> {
    limit(
        app,
        "change",
        peer,
        CHANGES_PER_HOUR,
        Duration::from_secs(3600),
        "too many changes from this address; try again later",
    )
}

async fn manage_cancel(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(token): Path<String>,
) -> Reply<Changed> {
    limit_changes(&app, &peer)?;
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
    limit_changes(&app, &peer)?;
    let mail = app.mail.clone();
    let now = chrono::Utc::now();
    let (changed, head, org) = app
        .public(move |replicas, db| manage::reschedule(replicas, db, &token, &input, &mail, now))
        .await?;
    app.changed(org, head);
    Ok(Json(changed))
}
