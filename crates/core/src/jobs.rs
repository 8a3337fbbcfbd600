//! Durable jobs (DESIGN.md §8): the one job runner of the executor that owns a database
//! (the server's replica of an organisation, or a desktop profile that never synced).
//!
//! A job is a kind, a unique key (enqueueing the same key twice is one job), a payload and
//! a due time. [`run_due`] hands each due job to the [`Handler`] of its kind inside the
//! caller's transaction, one savepoint per job: what the handler writes and the job's new
//! state commit together. A failure rolls the handler's writes back and tries again later
//! (exponential backoff); past `max_attempts` the job is dead (the dead letter) until a
//! person retries it. Generic: modules bring handlers, this file names none of them.
//! Time is always passed in (the actor's clock), never read here.

use chrono::Duration;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::schema::Timestamp;
use crate::values::timestamp_text;

/// One job as stored.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub key: String,
    #[ts(type = "unknown")]
    pub payload: Value,
    /// pending, done or dead.
    pub status: String,
    pub due_at: String,
    pub attempts: i64,
    pub max_attempts: i64,
    pub last_error: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// What a handler did with a job.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Finished: the job is done.
    Done,
    /// Look again at this time (a wait); the attempts start over.
    At(Timestamp),
}

/// Runs the jobs of one kind.
pub trait Handler {
    fn kind(&self) -> &'static str;
    /// Does the job's work inside `tx` (a savepoint of the caller's transaction).
    fn run(&self, tx: &Transaction<'_>, job: &Job, now: Timestamp) -> Result<Outcome>;
    /// The job just went to the dead letter after `error` (record it where people see it).
    fn dead(&self, _tx: &Transaction<'_>, _job: &Job, _error: &str, _now: Timestamp) -> Result<()> {
        Ok(())
    }
    /// Whether the error the job just failed with cannot go away by trying again (a
    /// profile that sends no mail): the job goes to the dead letter at once instead of
    /// backing off for days while it looks pending.
    fn hopeless(&self, _error: &Error) -> bool {
        false
    }
    /// A person retries the dead job.
    fn revived(&self, _tx: &Transaction<'_>, _job: &Job, _now: Timestamp) -> Result<()> {
        Ok(())
    }
}

/// What one pass of [`run_due`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
pub struct Report {
    pub done: usize,
    pub rescheduled: usize,
    pub failed: usize,
    pub dead: usize,
}

impl Report {
    pub fn ran(&self) -> usize {
        self.done + self.rescheduled + self.failed + self.dead
    }
}

const COLUMNS: &str =
    "id, kind, key, payload, status, due_at, attempts, max_attempts, last_error, created_at, updated_at";

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Job> {
    let payload: String = r.get(3)?;
    Ok(Job {
        id: r.get(0)?,
        kind: r.get(1)?,
        key: r.get(2)?,
        payload: serde_json::from_str(&payload).unwrap_or(Value::Null),
        status: r.get(4)?,
        due_at: r.get(5)?,
        attempts: r.get(6)?,
        max_attempts: r.get(7)?,
        last_error: r.get(8)?,
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
    })
}

/// Adds a job unless one with `key` exists (whatever its state); returns whether it did.
pub fn enqueue(
    conn: &Connection,
    kind: &str,
    key: &str,
    payload: &Value,
    due: Timestamp,
) -> Result<bool> {
    let at = timestamp_text(due);
    let added = conn
        .prepare_cached(
            "INSERT INTO jobs (kind, key, payload, due_at, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4, ?4) ON CONFLICT (key) DO NOTHING",
        )?
        .execute(params![kind, key, payload.to_string(), at])?;
    Ok(added == 1)
}

/// Puts the job with `key` in the queue due at `due` with its attempts counted afresh,
/// whatever state it is in (adding it when there is none): a person's retry of work whose
/// job may be dead, done or gone (an executor's queue built again).
pub fn requeue(
    conn: &Connection,
    kind: &str,
    key: &str,
    payload: &Value,
    due: Timestamp,
) -> Result<()> {
    let at = timestamp_text(due);
    conn.prepare_cached(
        "INSERT INTO jobs (kind, key, payload, due_at, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4, ?4)
         ON CONFLICT (key) DO UPDATE SET status = 'pending', attempts = 0, last_error = NULL,
             due_at = excluded.due_at, updated_at = excluded.updated_at",
    )?
    .execute(params![kind, key, payload.to_string(), at])?;
    Ok(())
}

/// The job with `key`.
pub fn by_key(conn: &Connection, key: &str) -> Result<Option<Job>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM jobs WHERE key = ?1"))?
        .query_row([key], read)
        .optional()?)
}

/// Jobs in `status` (all when None), most recently changed first.
pub fn list(conn: &Connection, status: Option<&str>, limit: usize) -> Result<Vec<Job>> {
    if let Some(s) = status {
        if !["pending", "done", "dead"].contains(&s) {
            return Err(Error::invalid(
                "status",
                format!("\"{s}\" is not pending, done or dead"),
            ));
        }
    }
    let rows = conn
        .prepare(&format!(
            "SELECT {COLUMNS} FROM jobs WHERE ?1 IS NULL OR status = ?1 ORDER BY updated_at DESC, id DESC LIMIT ?2"
        ))?
        .query_map(params![status, limit as i64], read)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// When the next pending job is due.
pub fn next_due(conn: &Connection) -> Result<Option<String>> {
    Ok(conn.query_row(
        "SELECT min(due_at) FROM jobs WHERE status = 'pending'",
        [],
        |r| r.get(0),
    )?)
}

/// How long after its `attempts`-th failure a job is tried again: 30 s, 1 min, 2 min, …
/// at most six hours.
pub fn backoff(attempts: i64) -> Duration {
    let seconds = 30_i64
        .checked_shl(attempts.saturating_sub(1).clamp(0, 20) as u32)
        .unwrap_or(i64::MAX)
        .min(6 * 3600);
    Duration::seconds(seconds)
}

/// Runs up to `limit` due jobs of the handlers' kinds inside `tx`.
pub fn run_due(
    tx: &Transaction<'_>,
    now: Timestamp,
    handlers: &[&dyn Handler],
    limit: usize,
) -> Result<Report> {
    let kinds: Vec<&str> = handlers.iter().map(|h| h.kind()).collect();
    let due: Vec<Job> = tx
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM jobs INDEXED BY idx_jobs_due
             WHERE status = 'pending' AND due_at <= ?1 AND kind IN (SELECT value FROM json_each(?2))
             ORDER BY due_at, id LIMIT ?3"
        ))?
        .query_map(
            params![
                timestamp_text(now),
                Value::from(kinds).to_string(),
                limit as i64
            ],
            read,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut report = Report::default();
    let stamp = timestamp_text(now);
    for job in due {
        let Some(handler) = handlers.iter().find(|h| h.kind() == job.kind) else {
            continue;
        };
        // A savepoint per job: its writes go with its new state, or neither.
        tx.execute_batch("SAVEPOINT job")?;
        match handler.run(tx, &job, now) {
            Ok(outcome) => {
                tx.execute_batch("RELEASE job")?;
                match outcome {
                    Outcome::Done => {
                        tx.prepare_cached(
                            "UPDATE jobs SET status = 'done', attempts = attempts + 1, last_error = NULL, updated_at = ?2 WHERE id = ?1",
                        )?
                        .execute(params![job.id, stamp])?;
                        report.done += 1;
                    }
                    Outcome::At(at) => {
                        tx.prepare_cached(
                            "UPDATE jobs SET due_at = ?2, attempts = 0, last_error = NULL, updated_at = ?3 WHERE id = ?1",
                        )?
                        .execute(params![job.id, timestamp_text(at), stamp])?;
                        report.rescheduled += 1;
                    }
                }
            }
            Err(error) => {
                tx.execute_batch("ROLLBACK TO job; RELEASE job")?;
                let hopeless = handler.hopeless(&error);
                let error = error.to_string();
                let attempts = job.attempts + 1;
                if attempts >= job.max_attempts || hopeless {
                    tx.execute(
                        "UPDATE jobs SET status = 'dead', attempts = ?2, last_error = ?3, updated_at = ?4 WHERE id = ?1",
                        params![job.id, attempts, error, stamp],
                    )?;
                    handler.dead(tx, &job, &error, now)?;
                    report.dead += 1;
                } else {
                    let again = timestamp_text(now + backoff(attempts));
                    tx.execute(
                        "UPDATE jobs SET attempts = ?2, last_error = ?3, due_at = ?4, updated_at = ?5 WHERE id = ?1",
                        params![job.id, attempts, error, again, stamp],
                    )?;
                    report.failed += 1;
                }
            }
        }
    }
    Ok(report)
}

/// Puts a dead job back in the queue, due now, with its attempts counted afresh.
pub fn retry(
    tx: &Transaction<'_>,
    id: i64,
    now: Timestamp,
    handlers: &[&dyn Handler],
) -> Result<Job> {
    let job = tx
        .query_row(
            &format!("SELECT {COLUMNS} FROM jobs WHERE id = ?1"),
            [id],
            read,
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            table: "jobs".into(),
            id: id.to_string(),
        })?;
    if job.status != "dead" {
        return Err(Error::invalid(
            "id",
            format!(
                "job {id} is {}, not dead: only dead jobs are retried",
                job.status
            ),
        ));
    }
    let stamp = timestamp_text(now);
    tx.execute(
        "UPDATE jobs SET status = 'pending', attempts = 0, due_at = ?2, updated_at = ?2 WHERE id = ?1",
        params![id, stamp],
    )?;
    if let Some(handler) = handlers.iter().find(|h| h.kind() == job.kind) {
        handler.revived(tx, &job, now)?;
    }
    Ok(tx.query_row(
        &format!("SELECT {COLUMNS} FROM jobs WHERE id = ?1"),
        [id],
        read,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_thirty_seconds_up_to_six_hours() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(5), Duration::seconds(480));
        assert_eq!(backoff(40), Duration::hours(6));
    }
}
