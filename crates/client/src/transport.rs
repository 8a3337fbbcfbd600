//! How a device reaches its server. Every call of the sync protocol (sign-in, members,
//! invitations, push, pull, bootstrap pages, sign-out) is one [`Request`] of JSON sent
//! through a [`Transport`], which returns the server's status and body or says why no
//! answer came. Paths, JSON and the meaning of statuses live once, above the transport
//! (`api.rs`); a transport only carries bytes.
//!
//! The CLI and the desktop app use [`Http`]. Tests use a transport that hands requests
//! straight to the server's router in the same process and can cut a device off or lose
//! an answer after the server did the work (crates/client/tests/sync/hub.rs), so
//! convergence and permission cases run without processes or sockets.

use std::sync::OnceLock;
use std::time::Duration;

/// The methods the protocol uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

/// One call: a path under the server's address (with its query), the session token when
/// signed in, and a JSON body for a POST or PATCH.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub method: Method,
    pub path: &'a str,
    pub token: Option<&'a str>,
    pub body: Option<Vec<u8>>,
}

/// The server's answer: its HTTP status and body (JSON, or empty).
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub body: Vec<u8>,
}

/// No answer came (no route to the server, a refused or dropped connection, a timeout):
/// the server may or may not have done the work.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct Unreachable(pub String);

/// Carries requests to a server and its answers back. `Sync` because a bootstrap fetches
/// its next pages on a second thread while the first stores the page before.
pub trait Transport: Send + Sync {
    /// Sends `request` to the server at `server` (the base address the profile's link
    /// keeps, such as `https://crm.example.com`).
    fn send(&self, server: &str, request: Request<'_>) -> Result<Response, Unreachable>;
}

/// HTTP(S) with rustls: the transport of the apps.
#[derive(Default)]
pub struct Http {
    /// Made on first use and reused, so a round's requests share connections. Building it
    /// can fail (no TLS roots); that failure is an unreachable server like any other.
    client: OnceLock<Result<reqwest::blocking::Client, String>>,
}

impl Http {
    fn client(&self) -> Result<&reqwest::blocking::Client, Unreachable> {
        self.client
            .get_or_init(|| {
                reqwest::blocking::Client::builder()
                    .timeout(Duration::from_secs(60))
                    .connect_timeout(Duration::from_secs(5))
                    .build()
                    .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|e| Unreachable(e.clone()))
    }
}

impl Transport for Http {
    fn send(&self, server: &str, request: Request<'_>) -> Result<Response, Unreachable> {
        let http = self.client()?;
        let url = format!("{server}{}", request.path);
        let mut builder = match request.method {
            Method::Get => http.get(url),
            Method::Post => http.post(url),
            Method::Patch => http.patch(url),
            Method::Delete => http.delete(url),
        };
        if let Some(token) = request.token {
            builder = builder.bearer_auth(token);
        }
        if let Some(body) = request.body {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body);
        }
        let response = builder
            .send()
            .map_err(|e| Unreachable(e.without_url().to_string()))?;
        let status = response.status().as_u16();
        // A body cut off mid-way is an answer that did not come.
        let body = response
            .bytes()
            .map_err(|e| Unreachable(e.without_url().to_string()))?;
        Ok(Response {
            status,
            body: body.to_vec(),
        })
    }
}
