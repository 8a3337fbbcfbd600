//! OAuth 2.0 for installed apps (RFC 8252, Google's "loopback IP address" flow): the app
//! listens on 127.0.0.1 at a random port, sends the person's browser to Google with a
//! PKCE S256 challenge and a random state, takes the one redirect that comes back, and
//! exchanges its code (with the verifier) at the token endpoint.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use aio_core::db::Connection;
use aio_core::Actor;
use aio_secrets::Secrets;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::Utc;
use reqwest::Url;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::{Config, Error, Result};

/// A sign-in under way: the URL to open, and the listener waiting for Google's redirect.
#[derive(Debug)]
pub struct Pending {
    pub url: String,
    listener: TcpListener,
    redirect_uri: String,
    verifier: String,
    state: String,
}

/// Starts a sign-in. Checks the keyring first: there is no point sending the person to
/// Google when the tokens could not be kept.
pub fn begin(conn: &Connection, config: &Config) -> Result<Pending> {
    Secrets::of_profile(conn)?.get("google-probe")?;
    let client_id = config.client_id()?;
    let listener = TcpListener::bind("127.0.0.1:0")
        .map_err(|e| Error::OAuth(format!("cannot listen on 127.0.0.1: {e}")))?;
    let port = listener
        .local_addr()
        .map_err(|e| Error::OAuth(e.to_string()))?
        .port();
    let redirect_uri = format!("http://127.0.0.1:{port}");
    // 64 characters from two random UUIDs: inside PKCE's 43..128 unreserved characters.
    let verifier = format!("{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple());
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    let state = Uuid::new_v4().simple().to_string();
    let mut url = Url::parse(&config.auth_url).map_err(|e| Error::Config {
        field: "AIO_GOOGLE_AUTH_URL".into(),
        reason: e.to_string(),
    })?;
    url.query_pairs_mut()
        .append_pair("client_id", client_id)
        .append_pair("redirect_uri", &redirect_uri)
        .append_pair("response_type", "code")
        .append_pair("scope", &config.scope)
        .append_pair("state", &state)
        .append_pair("code_challenge", &challenge)
        .append_pair("code_challenge_method", "S256")
        // A refresh token, and again on a second connect of the same account.
        .append_pair("access_type", "offline")
        .append_pair("prompt", "consent");
    Ok(Pending {
        url: url.into(),
        listener,
        redirect_uri,
        verifier,
        state,
    })
}

/// Waits for the browser to come back (at most `timeout`), exchanges the code, and keeps
/// the tokens in the keyring and the connection row in the database.
pub fn finish(
    conn: &mut Connection,
    actor: &Actor,
    config: &Config,
    pending: Pending,
    timeout: Duration,
) -> Result<crate::Status> {
    let authorized = pending.wait(timeout)?;
    complete(conn, actor, config, authorized)
}

/// What the redirect brought back, ready to exchange.
#[derive(Debug)]
pub struct Authorized {
    code: String,
    verifier: String,
    redirect_uri: String,
}

/// Exchanges the code for tokens and saves the connection (tokens in the keyring, the row
/// with expiry and scope in the database).
pub fn complete(
    conn: &mut Connection,
    actor: &Actor,
    config: &Config,
    authorized: Authorized,
) -> Result<crate::Status> {
    let mut form = vec![
        ("grant_type", "authorization_code".to_string()),
        ("code", authorized.code),
        ("code_verifier", authorized.verifier),
        ("redirect_uri", authorized.redirect_uri),
    ];
    let tokens = token_request(config, &mut form)?;
    let refresh = tokens.refresh_token.ok_or_else(|| {
        Error::OAuth("Google sent no refresh token; remove the app's access in your Google account settings and connect again".into())
    })?;
    let expiry = Utc::now() + chrono::Duration::seconds(tokens.expires_in);
    let scope = tokens.scope.unwrap_or_else(|| config.scope.clone());
    crate::save_connection(conn, actor, &tokens.access_token, &refresh, expiry, &scope)?;
    crate::status(conn, actor)
}

/// Opens `url` in the system browser.
pub fn open_browser(url: &str) -> std::io::Result<()> {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
}

impl Pending {
    /// Waits (at most `timeout`) for the redirect and takes its code. Requests that are
    /// not the redirect (a browser asking for /favicon.ico) get a 404 and the wait goes on.
    /// Needs no database, so the app holds no lock while the person signs in.
    pub fn wait(self, timeout: Duration) -> Result<Authorized> {
        let deadline = Instant::now() + timeout;
        self.listener
            .set_nonblocking(true)
            .map_err(|e| Error::OAuth(e.to_string()))?;
        loop {
            let stream = match self.listener.accept() {
                Ok((stream, _)) => stream,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    if Instant::now() >= deadline {
                        return Err(Error::OAuth(format!(
                            "no answer from the browser within {} seconds; try again",
                            timeout.as_secs()
                        )));
                    }
                    std::thread::sleep(Duration::from_millis(50));
                    continue;
                }
                Err(e) => return Err(Error::OAuth(e.to_string())),
            };
            if let Some(result) = self.answer(stream) {
                return result.map(|code| Authorized {
                    code,
                    verifier: self.verifier,
                    redirect_uri: self.redirect_uri,
                });
            }
        }
    }

    /// Reads one request and answers it; `None` when it was not the redirect.
    fn answer(&self, mut stream: TcpStream) -> Option<Result<String>> {
        let _ = stream.set_nonblocking(false);
        let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
        let mut head = Vec::new();
        let mut buf = [0u8; 1024];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => head.extend_from_slice(&buf[..n]),
            }
        }
        let head = String::from_utf8_lossy(&head);
        let target = head.split_whitespace().nth(1).unwrap_or("/");
        let url = Url::parse(&format!("http://127.0.0.1{target}")).ok()?;
        let param = |name: &str| {
            url.query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        let (state, code, error) = (param("state"), param("code"), param("error"));
        if url.path() != "/" || (state.is_none() && code.is_none() && error.is_none()) {
            respond(&mut stream, "404 Not Found", "Not found.");
            return None;
        }
        let result = if state.as_deref() != Some(self.state.as_str()) {
            Err(Error::OAuth(
                "state: the answer does not belong to this sign-in; try again".into(),
            ))
        } else if let Some(error) = error {
            Err(Error::OAuth(format!("Google refused: {error}")))
        } else {
            code.ok_or_else(|| Error::OAuth("code: missing from Google's answer".into()))
        };
        match &result {
            Ok(_) => respond(
                &mut stream,
                "200 OK",
                "AIO Agency CRM is connected to Google Calendar. You can close this window.",
            ),
            Err(e) => respond(&mut stream, "400 Bad Request", &e.to_string()),
        }
        Some(result)
    }
}

fn respond(stream: &mut TcpStream, status: &str, message: &str) {
    let body = format!(
        "<!doctype html><meta charset=utf-8><title>AIO Agency CRM</title><p style=\"font-family:sans-serif\">{}</p>",
        message.replace('&', "&amp;").replace('<', "&lt;")
    );
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.flush();
}

#[derive(Deserialize)]
pub(crate) struct Tokens {
    pub access_token: String,
    pub expires_in: i64,
    pub refresh_token: Option<String>,
    pub scope: Option<String>,
}

/// A POST to the token endpoint with the client's credentials added.
pub(crate) fn token_request(config: &Config, form: &mut Vec<(&str, String)>) -> Result<Tokens> {
    form.push(("client_id", config.client_id()?.to_string()));
    if let Some(secret) = &config.client_secret {
        form.push(("client_secret", secret.clone()));
    }
    let response = reqwest::blocking::Client::new()
        .post(&config.token_url)
        .form(form)
        .timeout(Duration::from_secs(30))
        .send()
        .map_err(|e| Error::Offline {
            url: config.token_url.clone(),
            reason: e.to_string(),
        })?;
    let status = response.status();
    let body: serde_json::Value = response.json().unwrap_or_default();
    if !status.is_success() {
        let error = body["error"].as_str().unwrap_or("error");
        let description = body["error_description"].as_str().unwrap_or_default();
        return Err(Error::OAuth(format!(
            "the token endpoint answered {status}: {error} {description}"
        )));
    }
    serde_json::from_value(body)
        .map_err(|e| Error::OAuth(format!("the token endpoint's answer: {e}")))
}
