//! Spam screening of public submissions. A rejected submission (too large, rate limited:
//! the server's part) stores nothing; a suspected one is stored as `spam` and kept out of
//! contacts until a person approves it. Two signals here:
//!
//! - the honeypot: an input people never see (off-screen, `aria-hidden`, no tab stop)
//!   that form-filling robots fill in;
//! - the fill time: the page carries a render token, `<unix ms>.<HMAC-SHA256 of the form
//!   id and that time under the server's secret>`, so a submission sent sooner than the
//!   form's `min_fill_seconds` after the page was shown, or with no valid token, is
//!   suspected. The secret never leaves the server; the token cannot be forged or moved
//!   to another form.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use uuid::Uuid;

use crate::schema::Timestamp;

/// The page's honeypot input.
pub const HONEYPOT: &str = "_website";
/// The page's render token input.
pub const TOKEN: &str = "_ts";

fn mac(secret: &[u8], form_id: Uuid, millis: i64) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
    mac.update(form_id.as_bytes());
    mac.update(&millis.to_be_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The render token of form `form_id` shown at `at`.
pub fn sign(secret: &[u8], form_id: Uuid, at: Timestamp) -> String {
    let millis = at.timestamp_millis();
    format!("{millis}.{}", hex(&mac(secret, form_id, millis)))
}

/// When the page holding `token` was rendered, if the token is genuine for this form.
pub fn verify(secret: &[u8], form_id: Uuid, token: &str) -> Option<Timestamp> {
    let (millis, signature) = token.trim().split_once('.')?;
    let millis: i64 = millis.parse().ok()?;
    let expected = hex(&mac(secret, form_id, millis));
    // Compared in constant time.
    let same = expected.len() == signature.len()
        && expected
            .bytes()
            .zip(signature.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    same.then(|| DateTime::<Utc>::from_timestamp_millis(millis))
        .flatten()
}

/// What the page sent besides the answers, as far as screening goes.
#[derive(Debug, Clone, Default)]
pub struct Signals {
    /// What the honeypot held.
    pub honeypot: String,
    /// The render token, if any.
    pub token: Option<String>,
}

/// Who is submitting, and so which checks apply.
#[derive(Debug, Clone)]
pub enum Screening {
    /// A member (the CLI, the app): no spam checks.
    Trusted,
    /// The public page or a public API call: the honeypot and fill time are checked with
    /// the server's secret.
    Public { secret: Vec<u8>, signals: Signals },
}

/// Why a submission is suspected, if it is.
pub fn suspicion(
    screening: &Screening,
    form_id: Uuid,
    min_fill_seconds: i64,
    now: Timestamp,
) -> Option<String> {
    let Screening::Public { secret, signals } = screening else {
        return None;
    };
    if !signals.honeypot.trim().is_empty() {
        return Some("the hidden honeypot field was filled in".into());
    }
    if min_fill_seconds <= 0 {
        return None;
    }
    let rendered = signals
        .token
        .as_deref()
        .and_then(|t| verify(secret, form_id, t));
    match rendered {
        None if signals.token.is_none() => Some("sent without the page's render token".into()),
        None => Some("the page's render token is not genuine".into()),
        Some(at) if at > now + chrono::Duration::seconds(5) => {
            Some("the page's render token is from the future".into())
        }
        Some(at) if (now - at).num_milliseconds() < min_fill_seconds * 1000 => Some(format!(
            "sent {:.1} s after the page was shown (at least {min_fill_seconds} s expected)",
            (now - at).num_milliseconds().max(0) as f64 / 1000.0
        )),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn public(token: Option<String>, honeypot: &str) -> Screening {
        Screening::Public {
            secret: b"server secret".to_vec(),
            signals: Signals {
                honeypot: honeypot.into(),
                token,
            },
        }
    }

    #[test]
    fn a_token_is_bound_to_its_form_and_secret() {
        let form = Uuid::new_v4();
        let at = Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).single().expect("time");
        let token = sign(b"k", form, at);
        assert_eq!(verify(b"k", form, &token), Some(at));
        assert_eq!(verify(b"other key", form, &token), None);
        assert_eq!(verify(b"k", Uuid::new_v4(), &token), None, "another form");
        let earlier = token.replacen(&at.timestamp_millis().to_string(), "0", 1);
        assert_eq!(verify(b"k", form, &earlier), None, "the time cannot be changed");
        assert_eq!(verify(b"k", form, "garbage"), None);
    }

    #[test]
    fn the_honeypot_and_the_fill_time_make_a_submission_suspect() {
        let form = Uuid::new_v4();
        let shown = Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).single().expect("time");
        let token = Some(sign(b"server secret", form, shown));
        let after = |s: i64| shown + chrono::Duration::seconds(s);
        assert_eq!(suspicion(&public(token.clone(), ""), form, 3, after(10)), None);
        let fast = suspicion(&public(token.clone(), ""), form, 3, after(1)).expect("too fast");
        assert!(fast.contains("1.0 s"), "{fast}");
        assert!(suspicion(&public(token.clone(), "http://spam"), form, 3, after(10)).is_some());
        assert!(suspicion(&public(None, ""), form, 3, after(10)).is_some(), "no token");
        assert!(suspicion(&public(Some("1.ab".into()), ""), form, 3, after(10)).is_some());
        assert_eq!(suspicion(&public(None, ""), form, 0, after(0)), None, "no fill time asked");
        assert_eq!(suspicion(&Screening::Trusted, form, 3, after(0)), None);
    }
}
