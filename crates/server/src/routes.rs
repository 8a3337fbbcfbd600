//! The HTTP edge, one file per area. Each handler parses the request, makes one call into
//! the store or a core operation off the async threads, and renders the answer; errors
//! are a [`Refusal`], which renders as JSON `{error, field}` with its status.

pub mod accounts;
pub mod automations;
pub mod booking;
pub mod commerce;
pub mod forms;
pub mod invitations;
pub mod manage;
pub mod members;
pub mod payments;
pub mod sync;

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use aio_core::sync::wire::ErrorBody;

use crate::store::{self, Refusal};

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

pub(crate) fn bearer(headers: &HeaderMap) -> store::Result<String> {
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

/// A limit on one kind of public request per address: at most `max` within `window`.
struct Limit {
    kind: &'static str,
    max: usize,
    window: std::time::Duration,
    /// What a refused request is told.
    refusal: &'static str,
}

impl Limit {
    /// Counts a request from `peer`; refused once that address reached the limit.
    fn check(&self, app: &crate::App, peer: &std::net::SocketAddr) -> store::Result<()> {
        if app.allow(
            format!("{}:{}", self.kind, peer.ip()),
            self.max,
            self.window,
        ) {
            Ok(())
        } else {
            Err(Refusal::Forbidden(self.refusal.into()))
        }
    }
}
