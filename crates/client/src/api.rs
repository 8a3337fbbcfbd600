//! The sync protocol's calls as the device makes them: JSON in and out, and what an
//! answer's status means, over whichever [`Transport`] carries them.

use serde::de::DeserializeOwned;
use serde::Serialize;

use aio_core::sync::wire::ErrorBody;

use crate::transport::{Method, Request, Transport};
use crate::{Error, Result};

/// The server at one address, as one caller (signed in with `token`, or not yet).
pub(crate) struct Api<'t> {
    transport: &'t dyn Transport,
    pub(crate) server: String,
    token: Option<String>,
}

impl<'t> Api<'t> {
    pub(crate) fn new(
        transport: &'t dyn Transport,
        server: &str,
        token: Option<String>,
    ) -> Result<Self> {
        let server = server.trim_end_matches('/').to_string();
        if !(server.starts_with("http://") || server.starts_with("https://")) {
            return Err(Error::Invalid {
                field: "server".into(),
                reason: "must be an http:// or https:// address".into(),
            });
        }
        Ok(Api {
            transport,
            server,
            token,
        })
    }

    /// The same server as the holder of `token`.
    pub(crate) fn signed_in(&self, token: &str) -> Api<'t> {
        Api {
            transport: self.transport,
            server: self.server.clone(),
            token: Some(token.to_string()),
        }
    }

    pub(crate) fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        self.send(Method::Get, path, None)
    }

    pub(crate) fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T> {
        self.send(Method::Post, path, Some(json(body)?))
    }

    pub(crate) fn patch<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T> {
        self.send(Method::Patch, path, Some(json(body)?))
    }

    pub(crate) fn delete<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        self.send(Method::Delete, path, None)
    }

    fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
    ) -> Result<T> {
        let request = Request {
            method,
            path,
            token: self.token.as_deref(),
            body,
        };
        let response = self
            .transport
            .send(&self.server, request)
            .map_err(|e| Error::Offline {
                server: self.server.clone(),
                reason: e.0,
            })?;
        if (200..300).contains(&response.status) {
            return serde_json::from_slice(&response.body)
                .map_err(|e| Error::Server(format!("unreadable answer: {e}")));
        }
        let message = serde_json::from_slice::<ErrorBody>(&response.body)
            .map(|b| b.error)
            .unwrap_or_else(|_| status_text(response.status));
        Err(match response.status {
            // The log was compacted past this device's cursor.
            410 => Error::Compacted(message),
            403 => Error::Forbidden(message),
            404 => Error::NotMember(message),
            _ => Error::Server(message),
        })
    }
}

fn json<B: Serialize>(body: &B) -> Result<Vec<u8>> {
    serde_json::to_vec(body).map_err(|e| Error::Invalid {
        field: "body".into(),
        reason: e.to_string(),
    })
}

/// A status without an error body, as reqwest's `StatusCode` shows it ("404 Not Found").
fn status_text(status: u16) -> String {
    match reqwest::StatusCode::from_u16(status) {
        Ok(code) => code.to_string(),
        Err(_) => status.to_string(),
    }
}
