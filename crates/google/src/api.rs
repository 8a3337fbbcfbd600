//! Calls to Calendar API v3 as the connected account: the access token from the keyring,
//! refreshed when it has expired or a call answers 401, and bounded exponential backoff
//! (honouring Retry-After) on 429 and on 403 rateLimitExceeded/userRateLimitExceeded.

use std::time::Duration;

use aio_core::db::Connection;
use aio_core::records::{self, Row};
use aio_core::tables::GOOGLE_CALENDAR_TOKENS;
use aio_core::Actor;
use aio_secrets::{Secret, Secrets};
use chrono::{DateTime, Utc};
use reqwest::blocking::Client;
use reqwest::Method;
use serde_json::Value;
use uuid::Uuid;

use crate::{access_name, refresh_name, Config, Error, Result};

/// Tries of one call while Google says to slow down, and the longest wait between two.
const RATE_LIMIT_TRIES: u32 = 5;
const LONGEST_WAIT: Duration = Duration::from_secs(32);
/// Refresh this long before the expiry Google gave, so a call does not race it.
const EXPIRY_MARGIN: chrono::Duration = chrono::Duration::seconds(60);

/// The connected account.
pub struct Google<'c> {
    config: &'c Config,
    http: Client,
    secrets: Secrets,
    token_id: Uuid,
    access: Secret,
    expiry: DateTime<Utc>,
}

impl<'c> Google<'c> {
    /// The actor's connection, with its access token read from the keyring.
    pub fn open(conn: &Connection, actor: &Actor, config: &'c Config) -> Result<Google<'c>> {
        let stored = crate::stored(conn, actor)?.ok_or(Error::NotConnected)?;
        let secrets = Secrets::of_profile(conn)?;
        let access = secrets.get(&access_name(stored.id))?.ok_or_else(|| {
            Error::OAuth(
                "the keyring holds no Google token for this connection; connect again".into(),
            )
        })?;
        Ok(Google {
            config,
            http: Client::builder()
                .timeout(Duration::from_secs(60))
                .build()
                .map_err(|e| Error::OAuth(e.to_string()))?,
            secrets,
            token_id: stored.id,
            access,
            expiry: stored.expiry,
        })
    }

    /// A new access token from the refresh token; both kept in the keyring, the new
    /// expiry in the connection row.
    fn refresh(&mut self, conn: &mut Connection, actor: &Actor) -> Result<()> {
        let refresh = self
            .secrets
            .get(&refresh_name(self.token_id))?
            .ok_or_else(|| {
                Error::OAuth("the keyring holds no Google refresh token; connect again".into())
            })?;
        let mut form = vec![
            ("grant_type", "refresh_token".to_string()),
            ("refresh_token", refresh.expose().to_string()),
        ];
        let tokens = crate::oauth::token_request(self.config, &mut form).map_err(|e| match e {
            // Revoked, or unused for months: only a new sign-in helps.
            Error::OAuth(m) if m.contains("invalid_grant") => Error::OAuth(format!(
                "{m}; Google no longer accepts this connection: connect again"
            )),
            other => other,
        })?;
        let access = Secret::new(tokens.access_token);
        self.secrets.set(&access_name(self.token_id), &access)?;
        if let Some(rotated) = tokens.refresh_token {
            self.secrets
                .set(&refresh_name(self.token_id), &Secret::new(rotated))?;
        }
        self.access = access;
        self.expiry = Utc::now() + chrono::Duration::seconds(tokens.expires_in);
        let mut patch = Row::new();
        patch.insert("token_expiry".into(), crate::timestamp(self.expiry).into());
        records::update(conn, actor, &GOOGLE_CALENDAR_TOKENS, self.token_id, patch)?;
        Ok(())
    }

    /// One API call (`path` below the API base, e.g. `/users/me/calendarList`). Success
    /// is the JSON body (`Null` for 204); any other status is `Error::Api`.
    pub fn call(
        &mut self,
        conn: &mut Connection,
        actor: &Actor,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
    ) -> Result<Value> {
        let url = format!("{}{path}", self.config.api_url.trim_end_matches('/'));
        let what = format!("{method} {path}");
        let mut refreshed = false;
        let mut tries = 0;
        loop {
            if !refreshed && self.expiry - EXPIRY_MARGIN <= Utc::now() {
                self.refresh(conn, actor)?;
                refreshed = true;
            }
            let mut request = self
                .http
                .request(method.clone(), &url)
                .bearer_auth(self.access.expose())
                .query(query);
            if let Some(body) = body {
                request = request.json(body);
            }
            let response = request.send().map_err(|e| Error::Offline {
                url: url.clone(),
                reason: e.to_string(),
            })?;
            let status = response.status().as_u16();
            let retry_after = response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok());
            let text = response.text().unwrap_or_default();
            let json: Value = if text.is_empty() {
                Value::Null
            } else {
                serde_json::from_str(&text).unwrap_or(Value::String(text))
            };
            if (200..300).contains(&status) {
                return Ok(json);
            }
            if status == 401 && !refreshed {
                self.refresh(conn, actor)?;
                refreshed = true;
                continue;
            }
            let message = json["error"]["message"]
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| json.to_string());
            if rate_limited(status, &json) {
                tries += 1;
                if tries < RATE_LIMIT_TRIES {
                    std::thread::sleep(backoff(tries, retry_after));
                    continue;
                }
                return Err(Error::Api {
                    status,
                    what,
                    message: format!("{message} (still rate limited after {tries} tries)"),
                });
            }
            return Err(Error::Api {
                status,
                what,
                message,
            });
        }
    }
}

/// 429, or a 403 whose reason says the quota ran out for now (not a permission refusal).
fn rate_limited(status: u16, body: &Value) -> bool {
    status == 429
        || (status == 403
            && body["error"]["errors"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|e| {
                    matches!(
                        e["reason"].as_str(),
                        Some("rateLimitExceeded" | "userRateLimitExceeded")
                    )
                }))
}

/// Retry-After when Google gives it, else 1 s, 2 s, 4 s, ...; never longer than
/// `LONGEST_WAIT`.
fn backoff(tries: u32, retry_after: Option<u64>) -> Duration {
    let wait = match retry_after {
        Some(seconds) => Duration::from_secs(seconds),
        None => Duration::from_secs(1u64 << (tries - 1).min(5)),
    };
    wait.min(LONGEST_WAIT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_honours_retry_after_and_is_bounded() {
        assert_eq!(backoff(1, None), Duration::from_secs(1));
        assert_eq!(backoff(3, None), Duration::from_secs(4));
        assert_eq!(backoff(2, Some(7)), Duration::from_secs(7));
        assert_eq!(backoff(9, None), LONGEST_WAIT);
        assert_eq!(backoff(1, Some(3600)), LONGEST_WAIT);
    }

    #[test]
    fn only_quota_403s_are_rate_limits() {
        let quota = serde_json::json!({"error": {"errors": [{"reason": "rateLimitExceeded"}]}});
        let denied = serde_json::json!({"error": {"errors": [{"reason": "forbidden"}]}});
        assert!(rate_limited(429, &Value::Null));
        assert!(rate_limited(403, &quota));
        assert!(!rate_limited(403, &denied));
        assert!(!rate_limited(500, &quota));
    }
}
