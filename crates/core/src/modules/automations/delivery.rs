//! What became of the mail a run sent, as its executor's mail queue tells it back.
//!
//! A `send_email` step is done once its mail is queued (the server queues it in the same
//! commit as the step's record). When the receiving server later refuses the message for
//! good (an unknown mailbox) or the queue gives up on it, the sync server writes it into
//! the run's log as an `undelivered` entry ([`mail_refused`]): the run ends `failed`, in
//! the dead letter every device shows, rather than claiming a mail went out. A person's
//! retry (`retry_requested_at`, synced like any edit) is answered by [`resend_requested`],
//! which gives back the keys of the mail to queue again; the message is sent under the
//! same key, so it still goes out at most once.

use rusqlite::{params, Transaction};
use serde_json::{json, Value};
use uuid::Uuid;

use super::runner::{load_run, save_run};
use crate::error::Result;
use crate::schema::Timestamp;
use crate::values::timestamp_text;

/// The mail queue's key of the mail step `path` of `run` sends.
pub fn mail_key(run: Uuid, path: &str) -> String {
    format!("automation:{run}:{path}")
}

/// The run and step of a [`mail_key`].
pub fn parse_mail_key(key: &str) -> Option<(Uuid, String)> {
    let (run, path) = key.strip_prefix("automation:")?.split_once(':')?;
    Some((Uuid::parse_str(run).ok()?, path.to_string()))
}

/// The mail steps of a run's log whose mail was refused and not sent again since, each
/// with the reason as people read it, in step order.
pub fn undelivered(steps: &[Value]) -> Vec<(String, String)> {
    let mut open: Vec<(String, String)> = Vec::new();
    for entry in steps {
        let Some(path) = entry["step"].as_str() else { continue };
        match entry["outcome"].as_str() {
            Some("undelivered") => {
                open.retain(|(p, _)| p != path);
                let to = entry["detail"]["to"].as_str().unwrap_or("the contact");
                let why = entry["detail"]["error"].as_str().unwrap_or("refused");
                open.push((path.to_string(), format!("step {path}: the mail to {to} was not delivered: {why}")));
            }
            Some("resent") => open.retain(|(p, _)| p != path),
            _ => {}
        }
    }
    open
}

/// Records that the mail of step `path` of `run` to `to` was not delivered (`error`: the
/// receiving server's answer). A run that is over turns `failed` with the reason; one
/// still running or waiting goes on and ends failed. Returns whether the run is here.
pub fn mail_refused(tx: &Transaction<'_>, run: Uuid, path: &str, to: &str, error: &str, now: Timestamp) -> Result<bool> {
    let Some(mut state) = load_run(tx, run)? else {
        return Ok(false);
    };
    let stamp = timestamp_text(now);
    state.steps.push(json!({
        "step": path, "type": "send_email", "at": stamp, "outcome": "undelivered",
        "detail": { "to": to, "error": error },
    }));
    let open = matches!(state.status.as_str(), "running" | "waiting");
    let why = undelivered(&state.steps).into_iter().next().map(|(_, why)| why);
    if !open {
        state.status = "failed".into();
    }
    save_run(tx, &state, &stamp, if open { None } else { why.as_deref() })?;
    Ok(true)
}

/// Failed runs whose mail was refused and that a person asked to retry.
const RESEND_ASKED: &str = "FROM automation_runs WHERE status = 'failed' AND retry_requested_at IS NOT NULL
     AND deleted_at IS NULL AND steps LIKE '%\"undelivered\"%'";

/// Whether a person asked to retry a run whose mail was refused (for an executor to
/// skip its transaction when nobody did).
pub fn resend_asked(conn: &rusqlite::Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached(&format!("SELECT EXISTS (SELECT 1 {RESEND_ASKED})"))?
        .query_row([], |r| r.get(0))?)
}

/// Answers people's retries of runs whose mail was refused: each such step is logged
/// `resent` and its mail's key returned, for the caller to queue that mail again in the
/// commit that records this. A run with no steps left is `completed` again and its
/// request cleared; one that also has steps left keeps the request for the runner, which
/// puts it back in its queue on the same pass.
pub fn resend_requested(tx: &Transaction<'_>, now: Timestamp) -> Result<Vec<String>> {
    let ids: Vec<String> = tx
        .prepare_cached(&format!("SELECT id {RESEND_ASKED}"))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let stamp = timestamp_text(now);
    let mut keys = Vec::new();
    for id in ids {
        let Ok(run) = Uuid::parse_str(&id) else { continue };
        let Some(mut state) = load_run(tx, run)? else { continue };
        let refused = undelivered(&state.steps);
        if refused.is_empty() {
            continue;
        }
        for (path, _) in &refused {
            state.steps.push(json!({ "step": path, "type": "send_email", "at": stamp, "outcome": "resent", "detail": {} }));
            keys.push(mail_key(run, path));
        }
        if state.cursor.is_none() {
            state.status = "completed".into();
            save_run(tx, &state, &stamp, None)?;
            tx.prepare_cached("UPDATE automation_runs SET retry_requested_at = NULL WHERE id = ?1")?
                .execute(params![id])?;
        } else {
            save_run(tx, &state, &stamp, None)?;
        }
    }
    Ok(keys)
}
