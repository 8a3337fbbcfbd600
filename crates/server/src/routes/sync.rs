//! The sync hub: devices push their updates, pull the others', bootstrap a first copy,
//! and hold a WebSocket that tells them when to pull.

use aio_core::sync::wire::*;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use tokio::sync::broadcast;
use uuid::Uuid;

use super::{Body, Reply};
use crate::store::{accounts, log, Refusal};
use crate::App;

pub(crate) fn routes() -> Router<App> {
    Router::new()
        .route("/v1/orgs/{org}/push", post(push))
        .route("/v1/orgs/{org}/pull", get(pull))
        .route("/v1/orgs/{org}/bootstrap", get(bootstrap))
        .route("/v1/orgs/{org}/ws", get(watch))
        .route("/v1/ws", get(watch_all))
}

/// Updates in one push from which it counts as part of an upload (devices push 500 at a
/// time; a person's edits come a few at a time).
const UPLOAD_PUSH: usize = 100;

async fn push(
    State(app): State<App>,
    headers: HeaderMap,
    Path(org): Path<Uuid>,
    Body(input): Body<Push>,
) -> Reply<PushResult> {
    let (caller, _) = app.caller(&headers).await?;
    let size = input.updates.len();
    let result = app
        .db(move |conn| {
            let result = log::push(conn, &caller, org, &input)?;
            if result.head > log::KEEP_LOG * 2 {
                log::compact(conn, org, log::KEEP_LOG)?;
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
    if size >= UPLOAD_PUSH {
        // An upload (a device's first sync, a big import): its automations run once the
        // pushes pause, on a replica then built in one bootstrap, not after every page.
        app.automations_after_upload(org);
    } else {
        app.automations_changed(org);
    }
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
    Path(org): Path<Uuid>,
    Query(q): Query<PullQuery>,
) -> Reply<Pull> {
    let (caller, _) = app.caller(&headers).await?;
    app.db(move |conn| {
        log::pull(
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
    Path(org): Path<Uuid>,
    Query(q): Query<BootstrapQuery>,
) -> Reply<Bootstrap> {
    let (caller, _) = app.caller(&headers).await?;
    app.db(move |conn| {
        log::bootstrap(
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
    Path(org): Path<Uuid>,
    ws: WebSocketUpgrade,
) -> Result<Response, Refusal> {
    let (caller, _) = app.caller(&headers).await?;
    let c = caller.clone();
    app.db(move |conn| accounts::role(conn, &c, org)).await?;
    let receiver = app.notices.subscribe();
    let ends = Ends::of(&app, &caller);
    Ok(ws.on_upgrade(move |socket| forward_notices(socket, receiver, ends, Watched::One(org))))
}

/// One socket for every organisation the caller reaches: a notice for each of them,
/// including one just created or joined (checked when its notice comes), so a device
/// syncing many workspaces holds one connection.
async fn watch_all(
    State(app): State<App>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Result<Response, Refusal> {
    let (caller, _) = app.caller(&headers).await?;
    let receiver = app.notices.subscribe();
    let ends = Ends::of(&app, &caller);
    Ok(ws.on_upgrade(move |socket| {
        forward_notices(socket, receiver, ends, Watched::All(app, caller))
    }))
}

/// What ends a device's notices: the device signed out (the socket closes), or its
/// account removed from an organisation (a one-organisation socket closes; one for all
/// of them stops forwarding that organisation's notices and says so once, so the device
/// runs a round and finds the membership ended).
struct Ends {
    signed_out: broadcast::Receiver<Uuid>,
    removed: broadcast::Receiver<(Uuid, Uuid)>,
    device: Uuid,
    account: Uuid,
}

impl Ends {
    fn of(app: &App, caller: &crate::store::Caller) -> Ends {
        Ends {
            signed_out: app.signed_out.subscribe(),
            removed: app.removed.subscribe(),
            device: caller.device_id,
            account: caller.account_id,
        }
    }
}

/// Which organisations' notices a socket forwards.
enum Watched {
    One(Uuid),
    /// Those the caller reaches at the time of the notice.
    All(App, crate::store::Caller),
}

impl Watched {
    async fn wants(&self, org: Uuid) -> bool {
        match self {
            Watched::One(one) => *one == org,
            Watched::All(app, caller) => {
                let caller = caller.clone();
                app.db(move |conn| accounts::role(conn, &caller, org))
                    .await
                    .is_ok()
            }
        }
    }

    /// The organisation a lagging socket names in its catch-up notice (nil: all of them).
    fn catch_up(&self) -> Uuid {
        match self {
            Watched::One(org) => *org,
            Watched::All(..) => Uuid::nil(),
        }
    }
}

async fn forward_notices(
    mut socket: WebSocket,
    mut receiver: broadcast::Receiver<Notice>,
    mut ends: Ends,
    watched: Watched,
) {
    loop {
        tokio::select! {
            gone = ends.removed.recv() => match (gone, &watched) {
                (Ok((_, a)), _) if a != ends.account => {}
                (Ok((o, _)), Watched::One(org)) if o != *org => {}
                (Ok((o, _)), Watched::All(..)) => {
                    let text = serde_json::to_string(&Notice { organization_id: o, head: -1 }).unwrap_or_default();
                    if socket.send(Message::Text(text.into())).await.is_err() { return; }
                }
                _ => {
                    let _ = socket.send(Message::Close(None)).await;
                    return;
                }
            },
            // The device was signed out: the socket closes (a lagging receiver may have
            // missed it, so it closes then too; the device reconnects and is asked to
            // sign in if it was).
            gone = ends.signed_out.recv() => match gone {
                Ok(d) if d != ends.device => {}
                _ => {
                    let _ = socket.send(Message::Close(None)).await;
                    return;
                }
            },
            notice = receiver.recv() => match notice {
                Ok(n) => {
                    if !watched.wants(n.organization_id).await { continue; }
                    let text = serde_json::to_string(&n).unwrap_or_default();
                    if socket.send(Message::Text(text.into())).await.is_err() { return; }
                }
                // Fell behind: one notice with no head makes the device pull anyway.
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    let text = serde_json::to_string(&Notice { organization_id: watched.catch_up(), head: -1 }).unwrap_or_default();
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
