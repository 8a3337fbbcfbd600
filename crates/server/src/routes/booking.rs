//! The public booking page of a booking type (`/book/{org}/{type}`): the page, its free
//! slots in the visitor's zone, and the booking.

use std::net::SocketAddr;
use std::time::Duration;

use aio_core::modules::calendar::book::Request;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use base64::Engine;
use serde::Deserialize;

use super::{Body, Limit, Reply};
use crate::booking::{self, Booked, PageInfo, Slots};
use crate::store::{self, Refusal};
use crate::App;

/// Slot lists per address per minute (on booking pages and guests' links alike).
pub(super) const SLOT_LISTS: Limit = Limit {
    kind: "slots",
    max: 120,
    window: Duration::from_secs(60),
    refusal: "too many requests; wait a minute",
};

/// Bookings per address per hour.
const BOOKINGS: Limit = Limit {
    kind: "book",
    max: 20,
    window: Duration::from_secs(3600),
    refusal: "too many bookings from this address; try again later",
};

pub(crate) fn routes() -> Router<App> {
    Router::new()
        .route("/book/{org}/{kind}", get(booking_page).post(book))
        .route("/book/{org}/{kind}/slots", get(booking_slots))
}

#[derive(Deserialize)]
pub(crate) struct SlotQuery {
    pub from: String,
    #[serde(default = "default_days")]
    pub days: u32,
    pub tz: String,
}

fn default_days() -> u32 {
    7
}

async fn booking_page(
    State(app): State<App>,
    Path((org, kind)): Path<(String, String)>,
) -> Response {
    let mail = app.mail.enabled();
    html_page(
        app.public(move |replicas, db| booking::page_info(replicas, db, &org, &kind))
            .await
            .map(|info| PageInfo { mail, ..info }),
    )
}

/// The booking page, or a short page saying why there is none.
pub(crate) fn html_page(info: store::Result<PageInfo>) -> Response {
    match info {
        Ok(info) => {
            let html = booking_html(&info);
            let csp = page_csp(&html, info.logo_url.as_deref());
            let mut response = Html(html).into_response();
            let headers = response.headers_mut();
            if let Ok(csp) = axum::http::HeaderValue::from_str(&csp) {
                headers.insert(axum::http::header::CONTENT_SECURITY_POLICY, csp);
            }
            headers.insert(
                axum::http::header::X_CONTENT_TYPE_OPTIONS,
                axum::http::HeaderValue::from_static("nosniff"),
            );
            // Manage links carry their token in the path: it never leaves in a Referer.
            headers.insert(
                axum::http::header::REFERRER_POLICY,
                axum::http::HeaderValue::from_static("no-referrer"),
            );
            response
        }
        Err(e) => {
            let status = match e {
                Refusal::NotFound(_) => StatusCode::NOT_FOUND,
                Refusal::Gone(_) => StatusCode::GONE,
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            };
            (
                status,
                Html(format!(
                    "<!doctype html><meta charset=utf-8><title>Booking</title><p>{}</p>",
                    escape_html(&e.to_string())
                )),
            )
                .into_response()
        }
    }
}

async fn booking_slots(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((org, kind)): Path<(String, String)>,
    Query(q): Query<SlotQuery>,
) -> Reply<Slots> {
    SLOT_LISTS.check(&app, &peer)?;
    let now = chrono::Utc::now();
    app.public(move |replicas, db| {
        booking::free_slots(replicas, db, &org, &kind, &q.from, q.days, &q.tz, now)
    })
    .await
    .map(Json)
}

async fn book(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((org, kind)): Path<(String, String)>,
    Body(input): Body<Request>,
) -> Result<(StatusCode, Json<Booked>), Refusal> {
    BOOKINGS.check(&app, &peer)?;
    let mail = app.mail.clone();
    let now = chrono::Utc::now();
    let (booked, head, org_id) = app
        .public(move |replicas, db| booking::book(replicas, db, &org, &kind, &input, &mail, now))
        .await?;
    app.changed(org_id, head);
    Ok((StatusCode::CREATED, Json(booked)))
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The booking page: the booking type's details and the page's look from the server, the
/// slots and the booking through the JSON endpoints beside it (in the visitor's zone).
/// The page's Content-Security-Policy: its own inline style and script (by hash), calls
/// to this server only, images from here and from the origin of the agency's logo alone,
/// never framed. Agency CSS lives inside the one style element and is rebuilt without
/// `url()`, so whatever it says cannot load anything from elsewhere.
fn page_csp(html: &str, logo: Option<&str>) -> String {
    let hash = |open: &str, close: &str| {
        let start = html.find(open).map(|i| i + open.len()).unwrap_or(0);
        let end = html[start..]
            .find(close)
            .map(|i| start + i)
            .unwrap_or(start);
        let digest = <sha2::Sha256 as sha2::Digest>::digest(&html.as_bytes()[start..end]);
        format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(digest)
        )
    };
    let logo = logo
        .and_then(logo_origin)
        .map(|o| format!(" {o}"))
        .unwrap_or_default();
    format!(
        "default-src 'none'; style-src {}; script-src {}; connect-src 'self'; img-src 'self' data:{logo}; \
         form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        hash("<style>", "</style>"),
        hash("<script>", "</script>")
    )
}

/// The https origin of a logo's URL, when its host is a plain name or address (nothing a
/// policy could read as another source or directive).
fn logo_origin(url: &str) -> Option<String> {
    let parsed = reqwest::Url::parse(url).ok()?;
    let host = parsed.host_str()?;
    let plain = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    (parsed.scheme() == "https" && plain).then(|| parsed.origin().ascii_serialization())
}

/// The page through a template engine that escapes every value for HTML; the only values
/// put in as they are: the agency's CSS, rebuilt by `aio_core::css` (it holds no `<`), and
/// the page's data as JSON with `<` escaped, so neither can end its element.
fn booking_html(info: &PageInfo) -> String {
    static PAGES: std::sync::OnceLock<minijinja::Environment<'static>> = std::sync::OnceLock::new();
    let pages = PAGES.get_or_init(|| {
        let mut env = minijinja::Environment::new();
        // Ours and fixed: a broken template is a bug the tests catch.
        let _ = env.add_template("booking.html", include_str!("../booking.html"));
        env
    });
    let data = serde_json::to_string(info)
        .unwrap_or_default()
        .replace('<', "\\u003c");
    let context = minijinja::context! {
        title => &info.title,
        primary => &info.primary_color,
        background => &info.background_color,
        text => &info.text_color,
        custom_css => minijinja::Value::from_safe_string(info.custom_css.replace('<', "")),
        data => minijinja::Value::from_safe_string(data),
    };
    pages
        .get_template("booking.html")
        .and_then(|t| t.render(context))
        .unwrap_or_else(|e| {
            tracing::error!("the booking page did not render: {e}");
            "<!doctype html><meta charset=utf-8><title>Booking</title><p>This page is not available right now.</p>".into()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_logo_opens_images_to_its_own_origin_only() {
        let page = "<style>a{}</style><script>1</script>";
        let without = page_csp(page, None);
        assert!(without.contains("img-src 'self' data:;"), "{without}");
        let with = page_csp(
            page,
            Some("https://cdn.agency.example:8443/brand/logo.png?v=2"),
        );
        assert!(
            with.contains("img-src 'self' data: https://cdn.agency.example:8443;"),
            "{with}"
        );
        for hostile in [
            "http://cdn.agency.example/logo.png",
            "https://x.example;script-src *",
            "https://x.example%3Bscript-src/logo.png",
            "javascript:alert(1)",
            "data:image/png;base64,AAAA",
            "https://",
        ] {
            let csp = page_csp(page, Some(hostile));
            assert!(csp.contains("img-src 'self' data:;"), "{hostile}: {csp}");
            assert_eq!(csp.matches("script-src").count(), 1, "{hostile}: {csp}");
        }
    }
}
