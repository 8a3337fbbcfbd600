//! Automations on the server, the executor of every organisation that syncs (DESIGN.md
//! §8). Each organisation's runs advance on its replica ([`crate::store::replicas`]) with
//! the core's runner ([`aio_core::modules::automations::runner`]); what a pass writes
//! (runs, their steps' records, the events they raise) is pushed into the log as the
//! public pages' device, and the mail it asks for is queued in the log's transaction
//! under the step's key: the step's record and its mail commit together, and a step taken
//! again after a crash queues nothing new. Mail the receiving server refuses for good is
//! told back to its run ([`deliveries`]), so the dead letter every device shows has it,
//! and a person's retry queues it again. Inbound webhooks raise a `webhook` event on the
//! replica the same way.

use crate::args;
use crate::store::sql::{SqlExt, Store};
use std::collections::HashMap;
use std::sync::Mutex;

use aio_core::jobs;
use aio_core::modules::automations::runner::{self, Mode, Runner, Web};
use aio_core::modules::automations::tables::TriggerType;
use aio_core::modules::automations::{delivery, events};
use aio_core::modules::forms::submit::match_contact;
use aio_core::records::{self, Actor};
use aio_core::schema::Timestamp;
use aio_core::tables::{AUTOMATIONS, CONTACTS, INVOICES};
use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::mail::{self, Mail, MailSettings};
use crate::store::replicas::{commit, has_rows, public_pages, ready, PublicPages, Replicas};
use crate::store::{self, Refusal, Result};

/// Events read and runs advanced per transaction (one push into the log each).
const BATCH: usize = 500;
/// How long the pushes of an upload must pause before its organisation's runner looks.
pub const UPLOAD_PAUSE_MS: i64 = 2000;
/// How soon after a change its organisation's runner looks: changes that come in a burst
/// (visitors submitting a form at once) are taken in one pass, not a pass each that
/// queues for the organisation's replica between the submissions.
pub const SOON_MS: i64 = 200;
/// The longest the runner sleeps when nothing is due sooner.
const IDLE_MS: i64 = 500;

/// Webhook steps' HTTP client: JSON POSTs with a timeout. The blocking client is made on
/// first use, on the blocking thread the runner works on (never on an async one).
pub struct Outbound {
    client: std::sync::OnceLock<reqwest::blocking::Client>,
}

impl Outbound {
    pub fn new() -> Outbound {
        Outbound {
            client: std::sync::OnceLock::new(),
        }
    }

    fn client(&self) -> &reqwest::blocking::Client {
        self.client.get_or_init(|| {
            reqwest::blocking::Client::builder()
                .timeout(std::time::Duration::from_secs(15))
                .build()
                .unwrap_or_default()
        })
    }
}

impl Default for Outbound {
    fn default() -> Self {
        Outbound::new()
    }
}

impl Web for Outbound {
    fn post(
        &self,
        url: &str,
        headers: &[(String, String)],
        body: &[u8],
    ) -> std::result::Result<u16, String> {
        let mut request = self.client().post(url).body(body.to_vec());
        for (name, value) in headers {
            request = request.header(name, value);
        }
        request
            .send()
            .map(|r| r.status().as_u16())
            .map_err(|e| e.to_string())
    }
}

/// When each organisation's runner should look next (None: only when something changes).
#[derive(Default)]
pub struct Due {
    next: Mutex<HashMap<Uuid, Option<DateTime<Utc>>>>,
}

impl Due {
    /// Something changed in `org` (a push, a public page): look at once.
    pub fn now(&self, org: Uuid) {
        self.next
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(org, Some(aio_core::clock::Clock::System.now()));
    }

    /// Something changed in `org`: look within [`SOON_MS`] (sooner if already asked).
    pub fn soon(&self, org: Uuid, now: DateTime<Utc>) {
        let at = now + chrono::Duration::milliseconds(SOON_MS);
        let mut next = self.next.lock().unwrap_or_else(|p| p.into_inner());
        let asked = next.get(&org).copied().flatten();
        next.insert(org, Some(asked.map_or(at, |a| a.min(at))));
    }

    /// How long the runner may sleep from `now`: until the first organisation is due, at
    /// most [`IDLE_MS`].
    pub fn sleep(&self, now: DateTime<Utc>) -> std::time::Duration {
        let next = self.next.lock().unwrap_or_else(|p| p.into_inner());
        let first = next.values().flatten().min().copied();
        let ms = first.map_or(IDLE_MS, |t| (t - now).num_milliseconds().clamp(0, IDLE_MS));
        std::time::Duration::from_millis(ms as u64)
    }

    /// Part of an upload came: look when pushes have paused for [`UPLOAD_PAUSE_MS`].
    pub fn after_pause(&self, org: Uuid, now: DateTime<Utc>) {
        self.next.lock().unwrap_or_else(|p| p.into_inner()).insert(
            org,
            Some(now + chrono::Duration::milliseconds(UPLOAD_PAUSE_MS)),
        );
    }

    /// The organisations due at `now`, each marked as taken: what is asked for while
    /// its pass runs (a push meanwhile) stays asked for after it.
    fn take_due(&self, now: DateTime<Utc>) -> Vec<Uuid> {
        let mut next = self.next.lock().unwrap_or_else(|p| p.into_inner());
        let due: Vec<Uuid> = next
            .iter()
            .filter(|(_, at)| at.is_some_and(|t| t <= now))
            .map(|(org, _)| *org)
            .collect();
        for org in &due {
            next.insert(*org, None);
        }
        due
    }

    /// After a pass: look again at `at`, or sooner if something asked meanwhile.
    fn set(&self, org: Uuid, at: Option<DateTime<Utc>>) {
        let mut next = self.next.lock().unwrap_or_else(|p| p.into_inner());
        let asked = next.get(&org).copied().flatten();
        let at = match (asked, at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        next.insert(org, at);
    }
}

/// At start: every organisation with automations or invoices is looked at once.
pub fn plan_all(server: &Store, due: &Due) -> Result<()> {
    let orgs: Vec<String> = server.conn()?.query_map(
        "SELECT DISTINCT organization_id FROM rows WHERE table_name IN ('automations', 'invoices')",
        args![],
        |r| r.get(0),
    )?;
    for org in orgs {
        due.now(store::parse_uuid(&org)?);
    }
    Ok(())
}

/// Runs the organisations that are due; returns the log heads they pushed.
pub fn run_due(
    replicas: &Replicas,
    server: &Store,
    settings: &MailSettings,
    due: &Due,
    web: &dyn Web,
    now: DateTime<Utc>,
) -> Vec<(Uuid, i64)> {
    let mut heads = Vec::new();
    for org in due.take_due(now) {
        // Another server process running this organisation now runs it alone (each step
        // once); this one looks again a little later.
        let turn = match server.organization_turn("automations", &org.to_string()) {
            Ok(Some(turn)) => turn,
            Ok(None) => {
                due.set(org, Some(now + chrono::Duration::seconds(5)));
                continue;
            }
            Err(e) => {
                tracing::error!("automations of organisation {org}: {e}");
                due.set(org, Some(now + chrono::Duration::seconds(30)));
                continue;
            }
        };
        // One organisation's trouble does not hold back the others.
        let ran = run_org(replicas, server, settings, web, org, now);
        drop(turn);
        match ran {
            Ok((head, next)) => {
                heads.extend(head.map(|h| (org, h)));
                due.set(org, next);
            }
            Err(Refusal::NotFound(_)) => due.set(org, None),
            Err(e) => {
                tracing::error!("automations of organisation {org}: {e}");
                due.set(org, Some(now + chrono::Duration::seconds(30)));
            }
        }
    }
    heads
}

fn owner(pages: &PublicPages, now: Timestamp) -> Actor {
    Actor::new(pages.caller.account_id, pages.organization.id).at(now)
}

/// Passes over one organisation until nothing is left to do now; its last log head and
/// when its next job is due.
pub fn run_org(
    replicas: &Replicas,
    server: &Store,
    settings: &MailSettings,
    web: &dyn Web,
    org: Uuid,
    now: DateTime<Utc>,
) -> Result<(Option<i64>, Option<DateTime<Utc>>)> {
    if !has_rows(server, org, AUTOMATIONS.name)? && !has_rows(server, org, INVOICES.name)? {
        // Nothing to run or remind of, so no replica to keep up: an organisation without
        // automations or invoices that uploads 100k contacts is caught up once, by a
        // snapshot, when a page needs it.
        return Ok((None, None));
    }
    let pages = public_pages(server, &org.to_string())?;
    let replica = replicas.get(org)?;
    let mut conn = ready(server, &pages, &replica)?;
    // Invoice reminders (and overdue invoices' trigger events, which the runner then
    // takes in this same pass) run from the same queue, on the same replica.
    let reminders_now = aio_core::clock::Clock::System.now();
    let mut head = crate::commerce::remind(&mut conn, server, &pages, settings, reminders_now)?;
    if let Some(told) = deliveries(&mut conn, server, &pages, now)? {
        head = Some(told);
    }
    loop {
        let runner = Runner::new(
            owner(&pages, now),
            Mode::Live {
                mail: settings.enabled(),
                web,
            },
        );
        let tx = conn.transaction()?;
        let tick = runner::tick(&tx, &runner, now, BATCH)?;
        if tick.events == 0 && tick.jobs.ran() == 0 {
            break;
        }
        let mails = runner.take_mail();
        aio_core::sync::flush(&tx)?;
        if aio_core::sync::outbox(&tx, 1)?.is_empty() && mails.is_empty() {
            // Only the runner's own bookkeeping (its cursor, its jobs) changed.
            tx.commit()?;
        } else {
            head = Some(commit(tx, server, &pages, |log| {
                for m in mails {
                    let letter = Mail {
                        to: mail::mailbox("email", m.to_name.as_deref(), &m.to)?,
                        subject: m.subject,
                        text: m.text,
                        calendar: None,
                        html: Some(m.html),
                        attachment: None,
                    };
                    mail::enqueue_keyed(log, &settings.from, letter, Some(&m.key), Some(org))?;
                }
                Ok(())
            })?);
        }
        if tick.events < BATCH && tick.jobs.ran() < BATCH {
            break;
        }
    }
    let next = jobs::next_due(&conn)?
        .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.with_timezone(&Utc));
    Ok((head, next))
}

/// Tells the organisation's runs what became of their mail: each message the queue marked
/// failed since (refused for good, or given up on) becomes an `undelivered` entry of its
/// run, once (`reported_at` is set in the log transaction that pushes the run); and a
/// person's retry of such a run queues its mail again under the same key, in the same
/// commit, so it still goes out at most once. Returns the log's head when it wrote.
fn deliveries(
    conn: &mut rusqlite::Connection,
    server: &Store,
    pages: &PublicPages,
    now: DateTime<Utc>,
) -> Result<Option<i64>> {
    let refused: Vec<(i64, String, String, String)> = server.conn()?.query_map(
        "SELECT id, key, recipients, coalesce(last_error, 'refused') FROM mail_outbox
         WHERE organization_id = ?1 AND failed_at IS NOT NULL AND reported_at IS NULL AND key IS NOT NULL",
        args![pages.organization.id.to_string()],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let asked = delivery::resend_asked(conn)?;
    if refused.is_empty() && !asked {
        return Ok(None);
    }
    let tx = conn.transaction()?;
    for (_, key, recipients, error) in &refused {
        if let Some((run, step)) = delivery::parse_mail_key(key) {
            let to = serde_json::from_str::<Vec<String>>(recipients)
                .unwrap_or_default()
                .join(", ");
            delivery::mail_refused(&tx, run, &step, &to, error, now)?;
        }
    }
    let again = delivery::resend_requested(&tx, now)?;
    let stamp = aio_core::values::timestamp_text(now);
    let head = commit(tx, server, pages, |log| {
        for (id, ..) in &refused {
            log.execute(
                "UPDATE mail_outbox SET reported_at = ?2 WHERE id = ?1",
                args![id, stamp],
            )?;
        }
        for key in &again {
            log.execute(
                "UPDATE mail_outbox SET failed_at = NULL, reported_at = NULL, attempts = 0, last_error = NULL,
                     next_attempt_at = ?2 WHERE key = ?1 AND sent_at IS NULL",
                args![key, stamp],
            )?;
        }
        Ok(())
    })?;
    Ok(Some(head))
}

/// What an inbound webhook started.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Received {
    pub event_id: Uuid,
    pub contact_id: Option<Uuid>,
}

/// An inbound webhook for `automation` of `org`: checked against the automation's secret
/// (nothing is written when it does not match), its JSON body mapped to a contact (by
/// `email`, created with `first_name`, `last_name`, `phone` when new), and a `webhook`
/// event raised for the runner. Returns the event and the log's head.
pub fn receive(
    replicas: &Replicas,
    server: &Store,
    org: &str,
    automation: Uuid,
    secret: &str,
    body: Map<String, Value>,
    now: DateTime<Utc>,
) -> Result<(Received, Uuid, i64)> {
    let pages = public_pages(server, org)?;
    let replica = replicas.get(pages.organization.id)?;
    let mut conn = ready(server, &pages, &replica)?;
    let actor = owner(&pages, now);
    let missing = || Refusal::NotFound(format!("no webhook automation {automation}"));
    let row = records::get(&conn, &actor, &AUTOMATIONS, automation).map_err(|_| missing())?;
    let live = row.get("deleted_at").is_none_or(Value::is_null)
        && row.get("is_active") == Some(&Value::Bool(true))
        && row.get("trigger_type").and_then(Value::as_str) == Some(TriggerType::Webhook.as_str());
    if !live {
        return Err(missing());
    }
    let expected = row
        .get("trigger_config")
        .and_then(|c| c.get("secret"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    // Compared as digests, so the time taken says nothing about the secret.
    if expected.is_empty() || store::sha256(expected) != store::sha256(secret) {
        return Err(Refusal::Forbidden(
            "the webhook's secret does not match".into(),
        ));
    }
    let text = |key: &str| {
        body.get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let tx = conn.transaction()?;
    let contact_id = match text("email") {
        None => None,
        Some(email) => match match_contact(&tx, pages.organization.id, Some(email), None)? {
            Some(found) => Some(found),
            None => {
                // As a form does: the email's local part and a dash stand in for a name.
                let local = email.split('@').next().unwrap_or("-");
                let input = json!({
                    "first_name": text("first_name").unwrap_or(local),
                    "last_name": text("last_name").unwrap_or("-"),
                    "email": email,
                    "phone": text("phone"),
                    "source": "webhook",
                });
                let Value::Object(input) = input else {
                    unreachable!("an object literal")
                };
                let row = records::create_in(&tx, &actor, &CONTACTS, input, None)?;
                CONTACTS
                    .rules
                    .hooks
                    .after_write(&tx, &actor, &CONTACTS, &row)?;
                row.get("id")
                    .and_then(Value::as_str)
                    .and_then(|s| Uuid::parse_str(s).ok())
            }
        },
    };
    let mut payload = Map::new();
    payload.insert("automation_id".into(), automation.to_string().into());
    payload.insert(
        "contact_id".into(),
        contact_id.map(|c| c.to_string()).into(),
    );
    payload.insert("body".into(), Value::Object(body));
    let event_id = events::raise(
        &tx,
        &actor,
        TriggerType::Webhook,
        AUTOMATIONS.name,
        automation,
        payload,
        now,
    )?;
    let head = commit(tx, server, &pages, |_| Ok(()))?;
    Ok((
        Received {
            event_id,
            contact_id,
        },
        pages.organization.id,
        head,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("time")
            .with_timezone(&Utc)
    }

    #[test]
    fn a_burst_of_changes_is_looked_at_once_soon_after_the_first() {
        let due = Due::default();
        let org = Uuid::new_v4();
        let t = at("2030-01-01T09:00:00Z");
        assert_eq!(
            due.sleep(t).as_millis(),
            IDLE_MS as u128,
            "nothing due: idle"
        );
        due.soon(org, t);
        assert!(due.take_due(t).is_empty(), "not at once");
        assert_eq!(due.sleep(t).as_millis(), SOON_MS as u128);
        // Changes meanwhile do not move the look later.
        for ms in [50, 100, 150] {
            due.soon(org, t + chrono::Duration::milliseconds(ms));
        }
        let look = t + chrono::Duration::milliseconds(SOON_MS);
        assert_eq!(due.take_due(look), [org], "one pass for the burst");
        assert!(due.take_due(look).is_empty());
    }

    #[test]
    fn a_push_during_a_pass_is_kept_and_an_upload_waits_for_its_pause() {
        let due = Due::default();
        let org = Uuid::new_v4();
        due.now(org);
        let now = Utc::now() + chrono::Duration::seconds(1);
        assert_eq!(due.take_due(now), [org]);
        assert!(due.take_due(now).is_empty(), "taken");
        // A push lands while the pass runs; the pass then says "nothing until a job is due".
        due.now(org);
        due.set(org, None);
        assert_eq!(due.take_due(now), [org], "the push is not lost");
        due.set(org, Some(at("2099-01-01T00:00:00Z")));
        assert!(due.take_due(now).is_empty());
        // Pages of an upload move the look later; it comes once they pause.
        let t = at("2030-01-01T09:00:00Z");
        due.after_pause(org, t);
        due.after_pause(org, t + chrono::Duration::seconds(1));
        assert!(
            due.take_due(t + chrono::Duration::milliseconds(UPLOAD_PAUSE_MS))
                .is_empty(),
            "still uploading"
        );
        assert_eq!(
            due.take_due(t + chrono::Duration::milliseconds(UPLOAD_PAUSE_MS + 1000)),
            [org]
        );
    }
}
