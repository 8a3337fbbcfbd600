//! The automations runner (DESIGN.md §8), a [`jobs::Handler`] of the one job runner.
//!
//! 1. [`start_runs`] reads the trigger events after its cursor and, for each active
//!    automation the event matches, starts a run whose id is the UUIDv5 of (automation,
//!    event) with a job keyed by that id: a duplicate event, a replay or a second replica
//!    lands on the same run and the same job.
//! 2. The job advances the run from its `cursor`, step after step, inside the job's
//!    savepoint, until it waits, stops or ends; the run row (status, cursor, the log of
//!    each step) is written in the same transaction as the steps' own writes. A job that
//!    runs again (a retry, a crash before the commit, a replica catching up on the log)
//!    starts from the run's cursor, so a step that was recorded is never taken twice.
//! 3. Mail is handed back to the caller ([`Runner::take_mail`]) with a key per run step;
//!    the server queues it in the transaction that pushes the run's record (so it is sent
//!    once); webhooks are called before the step is recorded and carry the same key in
//!    `X-AIO-Delivery` for receivers to drop a repeat after a crash.
//!
//! Runs finish on the automation as it was when they started (`definition`).

use std::cell::RefCell;

use hmac::{Hmac, Mac};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use serde_json::{json, Map, Value};
use sha2::Sha256;
use ts_rs::TS;
use uuid::Uuid;

use super::definition::{self, Condition, Definition, Op, Step, Wait};
use super::delivery;
use super::events::ACTING_RUN;
use super::schedule::{self, Schedules};
use super::tables::TriggerType;
use crate::error::{Error, Result};
use crate::jobs::{self, Handler, Job, Outcome};
use crate::modules::crm::search::NotesIndexing;
use crate::modules::crm::tags;
use crate::modules::pipelines::moves::{self, CardMove};
use crate::records::{self, Actor, Row};
use crate::schema::Timestamp;
use crate::settings;
use crate::tables::{CONTACTS, CONTACT_ACTIVITIES, CONTACT_NOTES, PIPELINE_CARDS, TEMPLATES};
use crate::values::timestamp_text;

/// The kind of the jobs that advance runs.
pub const JOB_KIND: &str = "automation_run";
/// Namespace of run ids (UUIDv5 of "automation:event").
const RUN_NAMESPACE: Uuid = Uuid::from_u128(0x6f1d_2a4e_8b7c_4e0f_9a31_5d2c_7e4b_a901);
/// How often a `wait` on a condition looks again.
const CONDITION_POLL_MINUTES: i64 = 5;
/// The loop guard: how many runs may cause one another in a chain (an automation whose
/// step triggers another, whose step triggers a third...) before the next is stopped.
pub const MAX_CHAIN: usize = 8;

/// An HTTP client for webhook steps (the server's and the CLI's; none in dry runs).
pub trait Web {
    /// POSTs `body`; the response's status, or why there was none.
    fn post(&self, url: &str, headers: &[(String, String)], body: &[u8]) -> std::result::Result<u16, String>;
}

/// A message a run asks to send; `key` is unique per run step.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Mail {
    pub key: String,
    pub to: String,
    pub to_name: Option<String>,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// A webhook a run called (or would call, in a dry run).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct WebCall {
    pub url: String,
    #[ts(type = "unknown")]
    pub body: Value,
    /// `sha256=<hex>` of the body with the step's secret, when it has one.
    pub signature: Option<String>,
    pub delivery: String,
}

/// What the runner may do outside the database.
pub enum Mode<'a> {
    /// The executor: `mail` says whether it can send mail (the server with SMTP).
    Live { mail: bool, web: &'a dyn Web },
    /// A dry run: nothing leaves, waits are passed over.
    Dry,
}

/// The automations job handler, acting as `actor`.
pub struct Runner<'a> {
    actor: Actor,
    mode: Mode<'a>,
    mails: RefCell<Vec<Mail>>,
    calls: RefCell<Vec<WebCall>>,
    /// Contacts a note was written for (their search documents are brought up to date
    /// at the end of the pass).
    noted: RefCell<Vec<Uuid>>,
    /// The step that just failed cannot succeed here, whatever the retries (see
    /// [`Handler::hopeless`]).
    hopeless: std::cell::Cell<bool>,
}

/// What a [`tick`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
pub struct Tick {
    pub events: usize,
    pub started: usize,
    pub jobs: jobs::Report,
}

impl<'a> Runner<'a> {
    pub fn new(actor: Actor, mode: Mode<'a>) -> Runner<'a> {
        Runner {
            actor,
            mode,
            mails: RefCell::default(),
            calls: RefCell::default(),
            noted: RefCell::default(),
            hopeless: std::cell::Cell::new(false),
        }
    }

    /// The mail the runs asked for since the last call (to queue with the commit).
    pub fn take_mail(&self) -> Vec<Mail> {
        std::mem::take(&mut self.mails.borrow_mut())
    }

    /// The webhooks called since the last call.
    pub fn take_calls(&self) -> Vec<WebCall> {
        std::mem::take(&mut self.calls.borrow_mut())
    }
}

/// Fires the schedules that are due, starts the runs of new events, then advances up to
/// `limit` due runs, in `tx`.
pub fn tick(tx: &Transaction<'_>, runner: &Runner<'_>, now: Timestamp, limit: usize) -> Result<Tick> {
    // Schedules first: the events their occurrences raise start runs in this same pass.
    let schedules = Schedules { actor: runner.actor };
    schedule::plan_jobs(tx, runner.actor.organization_id, now)?;
    let fired = jobs::run_due(tx, now, &[&schedules], limit)?;
    let (events, started) = start_runs(tx, &runner.actor, now, limit)?;
    revive_requested(tx, now)?;
    // The notes the runs write are indexed for search once, at the end of the pass.
    let notes = NotesIndexing::begin(tx)?;
    let mut jobs = jobs::run_due(tx, now, &[runner], limit)?;
    let noted = std::mem::take(&mut *runner.noted.borrow_mut());
    notes.finish(tx, &noted)?;
    jobs.done += fired.done;
    jobs.rescheduled += fired.rescheduled;
    jobs.failed += fired.failed;
    jobs.dead += fired.dead;
    Ok(Tick { events, started, jobs })
}

/// Failed runs a person asked to retry (`retry_requested_at`, written on any device and
/// synced here): each goes back in the queue where it stopped, and the request is
/// answered (cleared) in the same transaction, so it is honoured once.
fn revive_requested(tx: &Transaction<'_>, now: Timestamp) -> Result<usize> {
    let ids: Vec<String> = tx
        .prepare_cached(
            "SELECT id FROM automation_runs WHERE status = 'failed' AND retry_requested_at IS NOT NULL
             AND cursor IS NOT NULL AND deleted_at IS NULL",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let stamp = timestamp_text(now);
    for id in &ids {
        tx.prepare_cached(
            "UPDATE automation_runs SET status = 'running', retry_requested_at = NULL, error_message = NULL,
                 completed_at = NULL, updated_at = ?2 WHERE id = ?1",
        )?
        .execute(params![id, stamp])?;
        jobs::requeue(tx, JOB_KIND, &format!("{JOB_KIND}:{id}"), &json!({ "run_id": id }), now)?;
    }
    Ok(ids.len())
}

/// Asks for failed run `run` to be tried again. The executor honours it: the server for an
/// organisation that syncs (the request syncs to it with the row), or this profile's own
/// runner on its next pass.
pub fn request_retry(conn: &mut rusqlite::Connection, actor: &Actor, run: Uuid) -> Result<Row> {
    let row = records::get(conn, actor, &crate::tables::AUTOMATION_RUNS, run)?;
    let status = row.get("status").and_then(Value::as_str).unwrap_or_default();
    let steps_left = !row.get("cursor").is_none_or(Value::is_null);
    let undelivered = row.get("steps").and_then(Value::as_array).is_some_and(|s| !delivery::undelivered(s).is_empty());
    if status != "failed" || !(steps_left || undelivered) {
        return Err(Error::invalid(
            "run_id",
            format!("run {run} is {status}: only a failed run that has steps left or mail refused is retried"),
        ));
    }
    let patch = json!({ "retry_requested_at": timestamp_text(actor.clock.now()) });
    let Value::Object(patch) = patch else { unreachable!("an object literal") };
    records::update(conn, actor, &crate::tables::AUTOMATION_RUNS, run, patch)
}

/// The run of `automation` for `event`: its key.
pub fn run_id(automation: Uuid, event: Uuid) -> Uuid {
    Uuid::new_v5(&RUN_NAMESPACE, format!("{automation}:{event}").as_bytes())
}

fn cursor_key(org: Uuid) -> String {
    format!("automations_event_cursor:{org}")
}

struct Active {
    id: Uuid,
    created_at: String,
    snapshot: Value,
    def: Definition,
}

fn active_automations(tx: &Transaction<'_>, org: Uuid) -> Result<Vec<Active>> {
    let rows: Vec<(String, String, String, String, String, String, String)> = tx
        .prepare_cached(
            "SELECT id, name, trigger_type, trigger_config, actions, created_at, updated_at FROM automations
             WHERE organization_id = ?1 AND deleted_at IS NULL AND is_active = 1",
        )?
        .query_map([org.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for (id, name, trigger_type, config, actions, created_at, updated_at) in rows {
        let snapshot = json!({
            "name": name,
            "trigger_type": trigger_type,
            "trigger_config": serde_json::from_str::<Value>(&config).unwrap_or_default(),
            "actions": serde_json::from_str::<Value>(&actions).unwrap_or_default(),
            "updated_at": updated_at,
        });
        // One that arrived invalid by sync is skipped here; its saves are checked.
        let Ok(def) = definition::parse(snapshot.as_object().expect("an object literal")) else {
            tracing::warn!("automation {id} does not parse; not started");
            continue;
        };
        out.push(Active { id: parse_id(&id)?, created_at, snapshot, def });
    }
    Ok(out)
}

fn parse_id(s: &str) -> Result<Uuid> {
    Uuid::parse_str(s).map_err(|_| Error::invalid("id", format!("\"{s}\" is not an id")))
}

/// Reads the organisation's events after the cursor (at most `limit`) and starts the runs
/// they trigger; returns (events read, runs started).
pub fn start_runs(tx: &Transaction<'_>, actor: &Actor, now: Timestamp, limit: usize) -> Result<(usize, usize)> {
    let org = actor.organization_id;
    let key = cursor_key(org);
    let cursor: i64 = settings::get(tx, &key)?.and_then(|c| c.parse().ok()).unwrap_or(0);
    let events: Vec<(i64, String, String, String, String, String, String)> = tx
        .prepare_cached(
            "SELECT rowid, id, kind, subject_table, subject_id, payload, occurred_at FROM trigger_events
             WHERE rowid > ?1 AND organization_id = ?2 AND deleted_at IS NULL ORDER BY rowid LIMIT ?3",
        )?
        .query_map(params![cursor, org.to_string(), limit as i64], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let Some(last) = events.last().map(|e| e.0) else {
        return Ok((0, 0));
    };
    let automations = active_automations(tx, org)?;
    let mut started = 0;
    for (_, id, kind, subject_table, subject_id, payload, occurred_at) in &events {
        let candidates: Vec<&Active> = automations
            .iter()
            .filter(|a| a.def.trigger_type.as_str() == kind && a.created_at.as_str() <= occurred_at.as_str())
            .collect();
        if candidates.is_empty() {
            continue;
        }
        let payload: Map<String, Value> = serde_json::from_str(payload).unwrap_or_default();
        let contact_id = payload
            .get("contact_id")
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| (subject_table == "contacts").then(|| subject_id.clone()))
            .and_then(|c| Uuid::parse_str(&c).ok());
        let contact = match contact_id {
            Some(c) => load_contact(tx, c)?,
            None => None,
        };
        let event_id = parse_id(id)?;
        // The loop guard: the runs that led to this event (its cause and what caused that).
        let chain = match payload.get("caused_by").and_then(Value::as_str) {
            Some(run) => cause_chain(tx, run)?,
            None => Vec::new(),
        };
        let mut data = json!({ "kind": kind, "event_id": id, "occurred_at": occurred_at, "payload": payload });
        if !chain.is_empty() {
            data["chain"] = json!(chain);
        }
        for automation in candidates {
            if !matches(&automation.def, automation.id, &payload, contact.as_ref()) {
                continue;
            }
            let me = automation.id.to_string();
            let looped = if chain.contains(&me) {
                Some(format!(
                    "stopped by the loop guard: this event was caused by this automation's own run (chain: {}); it would run for ever",
                    chain.join(" → ")
                ))
            } else if chain.len() >= MAX_CHAIN {
                Some(format!("stopped by the loop guard: {} automations already led to this event, one after another (at most {MAX_CHAIN})", chain.len()))
            } else {
                None
            };
            if let Some(reason) = &looped {
                tracing::warn!("automation {me} on event {id}: {reason}");
            }
            if start(tx, automation, event_id, contact.as_ref().and(contact_id), &data, now, looped.as_deref())? {
                started += 1;
            }
        }
    }
    settings::set(tx, &key, &last.to_string())?;
    Ok((events.len(), started))
}

/// The automations of the runs that caused run `run`, oldest first, ending with its own.
fn cause_chain(tx: &Transaction<'_>, run: &str) -> Result<Vec<String>> {
    let found: Option<(String, String)> = tx
        .prepare_cached("SELECT automation_id, trigger_data FROM automation_runs WHERE id = ?1")?
        .query_row([run], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((automation, data)) = found else {
        return Ok(Vec::new());
    };
    let data: Value = serde_json::from_str(&data).unwrap_or_default();
    let mut chain: Vec<String> = data["chain"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_default();
    chain.push(automation);
    Ok(chain)
}

/// Creates the run of `automation` for `event` unless it exists, and its job; a run the
/// loop guard stops (`stopped`: why) is recorded as stopped, with no job.
#[allow(clippy::too_many_arguments)]
fn start(
    tx: &Transaction<'_>,
    automation: &Active,
    event: Uuid,
    contact: Option<Uuid>,
    data: &Value,
    now: Timestamp,
    stopped: Option<&str>,
) -> Result<bool> {
    let id = run_id(automation.id, event);
    let stamp = timestamp_text(now);
    let first = (!automation.def.actions.is_empty() && stopped.is_none()).then(|| "0".to_string());
    let inserted = tx
        .prepare_cached(
            "INSERT INTO automation_runs (id, automation_id, contact_id, status, started_at, trigger_event_id,
                 trigger_data, definition, cursor, steps, created_at, updated_at, error_message, completed_at)
             VALUES (?1, ?2, ?3, ?9, ?4, ?5, ?6, ?7, ?8, '[]', ?4, ?4, ?10, CASE WHEN ?10 IS NULL THEN NULL ELSE ?4 END)
             ON CONFLICT (id) DO NOTHING",
        )?
        .execute(params![
            id.to_string(),
            automation.id.to_string(),
            contact.map(|c| c.to_string()),
            stamp,
            event.to_string(),
            data.to_string(),
            automation.snapshot.to_string(),
            first,
            if stopped.is_some() { "stopped" } else { "running" },
            stopped,
        ])?;
    // A run that exists (from another executor before this one) gets a job if it is not
    // over; the job's key makes this a no-op when it has one.
    let open: bool = tx
        .prepare_cached("SELECT status IN ('running', 'waiting') FROM automation_runs WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))?;
    if open {
        jobs::enqueue(tx, JOB_KIND, &format!("{JOB_KIND}:{id}"), &json!({ "run_id": id }), now)?;
    }
    Ok(inserted == 1)
}

fn load_contact(tx: &Transaction<'_>, id: Uuid) -> Result<Option<Row>> {
    let columns: Vec<&str> = CONTACTS.columns.iter().map(|c| c.name).collect();
    let sql = format!(
        "SELECT {} FROM contacts WHERE id = ?1",
        columns.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ")
    );
    let cols: Vec<&crate::schema::Column> = CONTACTS.columns.iter().collect();
    let row = tx
        .prepare_cached(&sql)?
        .query_row([id.to_string()], |r| Ok(crate::values::row_to_json(&cols, r)))
        .optional()?
        .transpose()?;
    Ok(row)
}

/// Tag names and texts compare trimmed and ignoring case, as tags do everywhere.
fn same(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

fn id_eq(want: Option<Uuid>, payload: &Map<String, Value>, key: &str) -> bool {
    want.is_none_or(|w| payload.get(key).and_then(Value::as_str) == Some(w.to_string().as_str()))
}

/// Whether the event (its payload, the contact now) passes the automation's filters.
fn matches(def: &Definition, automation: Uuid, payload: &Map<String, Value>, contact: Option<&Row>) -> bool {
    let c = &def.trigger;
    let text = |key: &str| payload.get(key).and_then(Value::as_str);
    match def.trigger_type {
        TriggerType::ContactCreated => {
            let Some(contact) = contact else { return false };
            let have = tags::of(contact);
            c.tags.iter().all(|t| have.iter().any(|h| same(h, t)))
                && c.status.as_deref().is_none_or(|s| contact.get("status").and_then(Value::as_str) == Some(s))
                && c.source.as_deref().is_none_or(|s| contact.get("source").and_then(Value::as_str).is_some_and(|v| same(v, s)))
        }
        TriggerType::TagAdded => c.tag.as_deref().is_none_or(|t| text("tag").is_some_and(|v| same(v, t))),
        TriggerType::FormSubmit => {
            id_eq(c.form_id, payload, "form_id") && c.form.as_deref().is_none_or(|f| text("form_slug") == Some(f))
        }
        TriggerType::StageChanged => id_eq(c.pipeline_id, payload, "pipeline_id") && id_eq(c.stage_id, payload, "stage_id"),
        TriggerType::BookingMade => id_eq(c.booking_type_id, payload, "booking_type_id"),
        TriggerType::EmailOpened => id_eq(c.campaign_id, payload, "campaign_id"),
        // Inbound webhooks and schedules raise events for one automation.
        TriggerType::Webhook | TriggerType::Schedule => text("automation_id") == Some(automation.to_string().as_str()),
        TriggerType::InvoiceOverdue | TriggerType::PaymentReceived => true,
    }
}

/// A run as stored.
pub(super) struct RunState {
    pub(super) id: Uuid,
    automation_id: String,
    contact_id: Option<Uuid>,
    pub(super) status: String,
    definition: Map<String, Value>,
    trigger: Value,
    pub(super) cursor: Option<String>,
    wake_at: Option<String>,
    pub(super) steps: Vec<Value>,
    actions_completed: i64,
}

pub(super) fn load_run(tx: &Transaction<'_>, id: Uuid) -> Result<Option<RunState>> {
    let found = tx
        .prepare_cached(
            "SELECT automation_id, contact_id, status, definition, trigger_data, cursor, wake_at, steps, actions_completed
             FROM automation_runs WHERE id = ?1",
        )?
        .query_row([id.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, i64>(8)?,
            ))
        })
        .optional()?;
    let Some((automation_id, contact_id, status, definition, trigger, cursor, wake_at, steps, actions_completed)) = found
    else {
        return Ok(None);
    };
    Ok(Some(RunState {
        id,
        automation_id,
        contact_id: contact_id.and_then(|c| Uuid::parse_str(&c).ok()),
        status,
        definition: serde_json::from_str(&definition).unwrap_or_default(),
        trigger: serde_json::from_str(&trigger).unwrap_or_default(),
        cursor,
        wake_at,
        steps: serde_json::from_str(&steps).unwrap_or_default(),
        actions_completed,
    }))
}

pub(super) fn save_run(tx: &Transaction<'_>, run: &RunState, now: &str, error: Option<&str>) -> Result<()> {
    let over = !matches!(run.status.as_str(), "running" | "waiting");
    tx.prepare_cached(
        "UPDATE automation_runs SET status = ?2, cursor = ?3, wake_at = ?4, steps = ?5, actions_completed = ?6,
             completed_at = ?7, error_message = ?8, updated_at = ?9 WHERE id = ?1",
    )?
    .execute(params![
        run.id.to_string(),
        run.status,
        run.cursor,
        run.wake_at,
        Value::Array(run.steps.clone()).to_string(),
        run.actions_completed,
        over.then_some(now),
        error,
        now,
    ])?;
    Ok(())
}

impl Handler for Runner<'_> {
    fn kind(&self) -> &'static str {
        JOB_KIND
    }

    fn run(&self, tx: &Transaction<'_>, job: &Job, now: Timestamp) -> Result<Outcome> {
        let id = job.payload.get("run_id").and_then(Value::as_str).map(parse_id).transpose()?;
        let id = id.ok_or_else(|| Error::invalid("payload.run_id", "the job names no run"))?;
        let (mails, calls) = (self.mails.borrow().len(), self.calls.borrow().len());
        self.hopeless.set(false);
        // What the run's steps write raises events marked as caused by it (the loop
        // guard); the marker goes with the job's savepoint either way.
        settings::set(tx, ACTING_RUN, &id.to_string())?;
        let result = self.advance(tx, id, now);
        if result.is_ok() {
            settings::clear(tx, ACTING_RUN)?;
        }
        if result.is_err() {
            // The savepoint is rolled back: so is what the step asked to send.
            self.mails.borrow_mut().truncate(mails);
            self.calls.borrow_mut().truncate(calls);
        }
        result
    }

    fn hopeless(&self, _error: &Error) -> bool {
        self.hopeless.get()
    }

    fn dead(&self, tx: &Transaction<'_>, job: &Job, error: &str, now: Timestamp) -> Result<()> {
        let Some(id) = job.payload.get("run_id").and_then(Value::as_str).and_then(|s| Uuid::parse_str(s).ok()) else {
            return Ok(());
        };
        tx.execute(
            "UPDATE automation_runs SET status = 'failed', error_message = ?2, completed_at = ?3, updated_at = ?3
             WHERE id = ?1 AND status IN ('running', 'waiting')",
            params![id.to_string(), error, timestamp_text(now)],
        )?;
        Ok(())
    }

    fn revived(&self, tx: &Transaction<'_>, job: &Job, now: Timestamp) -> Result<()> {
        let Some(id) = job.payload.get("run_id").and_then(Value::as_str) else {
            return Ok(());
        };
        tx.execute(
            "UPDATE automation_runs SET status = 'running', error_message = NULL, completed_at = NULL, updated_at = ?2
             WHERE id = ?1 AND status = 'failed' AND cursor IS NOT NULL",
            params![id, timestamp_text(now)],
        )?;
        Ok(())
    }
}

/// What merge tags and conditions read: the contact as it is now and the trigger.
fn context(contact: Option<&Row>, run: &RunState) -> Value {
    let mut trigger = run.trigger.get("payload").cloned().unwrap_or_else(|| json!({}));
    if let Some(t) = trigger.as_object_mut() {
        t.insert("kind".into(), run.trigger.get("kind").cloned().unwrap_or(Value::Null));
    }
    json!({
        "contact": contact.cloned().map(Value::Object).unwrap_or_else(|| json!({})),
        "trigger": trigger,
        "automation": { "id": run.automation_id, "name": run.definition.get("name") },
    })
}

/// Renders merge tags (`{{contact.first_name}}`); a missing value renders empty.
pub fn render(text: &str, context: &Value) -> Result<String> {
    let env = minijinja::Environment::new();
    env.render_str(text, minijinja::Value::from(minijinja::value::Serde(context)))
        .map_err(|e| Error::invalid("merge tags", e.to_string()))
}

fn lookup<'v>(context: &'v Value, field: &str) -> Option<&'v Value> {
    field.split('.').try_fold(context, |v, key| v.get(key))
}

fn is_empty(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(Value::Object(o)) => o.is_empty(),
        _ => false,
    }
}

fn as_number(v: &Value) -> Option<f64> {
    v.as_f64().or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Whether `condition` holds in `context`.
pub fn holds(condition: &Condition, context: &Value) -> bool {
    let actual = lookup(context, &condition.field);
    let want = &condition.value;
    let equals = |a: &Value| match (a, want) {
        (Value::String(a), Value::String(b)) => same(a, b),
        (a, b) => a == b || text_of(a) == text_of(b),
    };
    let contains = |a: Option<&Value>| match a {
        Some(Value::Array(items)) => items.iter().any(equals),
        Some(Value::String(s)) => s.to_lowercase().contains(&text_of(want).to_lowercase()),
        _ => false,
    };
    let compare = |a: Option<&Value>| -> Option<std::cmp::Ordering> {
        let a = a?;
        match (as_number(a), as_number(want)) {
            (Some(x), Some(y)) => x.partial_cmp(&y),
            _ => Some(text_of(a).cmp(&text_of(want))),
        }
    };
    match condition.op {
        Op::Equals => actual.is_some_and(equals),
        Op::NotEquals => !actual.is_some_and(equals),
        Op::Contains => contains(actual),
        Op::NotContains => !contains(actual),
        Op::IsEmpty => is_empty(actual),
        Op::IsNotEmpty => !is_empty(actual),
        Op::GreaterThan => compare(actual) == Some(std::cmp::Ordering::Greater),
        Op::LessThan => compare(actual) == Some(std::cmp::Ordering::Less),
    }
}

fn parse_time(s: &str) -> Option<Timestamp> {
    chrono::DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&chrono::Utc))
}

impl Runner<'_> {
    fn dry(&self) -> bool {
        matches!(self.mode, Mode::Dry)
    }

    /// Takes the run's steps from its cursor until it waits, stops or ends.
    fn advance(&self, tx: &Transaction<'_>, id: Uuid, now: Timestamp) -> Result<Outcome> {
        let Some(mut run) = load_run(tx, id)? else {
            return Ok(Outcome::Done);
        };
        if !matches!(run.status.as_str(), "running" | "waiting") {
            return Ok(Outcome::Done);
        }
        let stamp = timestamp_text(now);
        if run.status == "waiting" {
            if let Some(at) = run.wake_at.as_deref().and_then(parse_time) {
                if at > now {
                    return Ok(Outcome::At(at));
                }
            }
        }
        let def = match definition::parse(&run.definition) {
            Ok(def) => def,
            Err(e) => {
                run.status = "failed".into();
                save_run(tx, &run, &stamp, Some(&format!("the automation does not parse: {e}")))?;
                return Ok(Outcome::Done);
            }
        };
        let actor = self.actor.at(now);
        let log = |run: &mut RunState, path: &str, step: &Step, outcome: &str, detail: Value| {
            run.steps.push(json!({ "step": path, "type": step.kind(), "at": stamp, "outcome": outcome, "detail": detail }));
        };
        // The contact as the steps see it, read again only after a step that writes it
        // (most steps write elsewhere: notes, activities, cards, mail).
        let mut contact = match run.contact_id {
            Some(c) => load_contact(tx, c)?,
            None => None,
        };
        for _ in 0..1000 {
            if contact.as_ref().is_some_and(|c| c.get("opt_in_automations") == Some(&Value::Bool(false))) {
                run.status = "stopped".into();
                run.cursor = None;
                save_run(tx, &run, &stamp, Some("the contact opted out of automations"))?;
                return Ok(Outcome::Done);
            }
            let Some(path) = run.cursor.clone() else {
                run.status = "completed".into();
                break;
            };
            let Some(step) = definition::at(&def.actions, &path) else {
                run.status = "failed".into();
                run.cursor = None;
                save_run(tx, &run, &stamp, Some(&format!("no step at {path}")))?;
                return Ok(Outcome::Done);
            };
            let ctx = context(contact.as_ref(), &run);
            match step {
                Step::Wait(wait) => {
                    let woke = run.status == "waiting";
                    let until = match wait {
                        Wait::Minutes(m) => now + chrono::Duration::minutes(*m),
                        Wait::Until(t) => *t,
                        Wait::Condition { condition, timeout_minutes } => {
                            let started = if woke {
                                run.steps
                                    .iter()
                                    .rev()
                                    .find(|s| s["step"] == path.as_str() && s["outcome"] == "waiting")
                                    .and_then(|s| s["at"].as_str())
                                    .and_then(parse_time)
                                    .unwrap_or(now)
                            } else {
                                now
                            };
                            let deadline = started + chrono::Duration::minutes(*timeout_minutes);
                            if holds(condition, &ctx) || now >= deadline {
                                let outcome = if now >= deadline { "timed out" } else { "condition met" };
                                log(&mut run, &path, step, "done", json!({ "waited": outcome }));
                                run.status = "running".into();
                                run.wake_at = None;
                                run.cursor = definition::next(&def.actions, &path);
                                continue;
                            }
                            (now + chrono::Duration::minutes(CONDITION_POLL_MINUTES)).min(deadline)
                        }
                    };
                    let over = woke && !matches!(wait, Wait::Condition { .. }) || until <= now;
                    if over || self.dry() {
                        let detail = if self.dry() && !over {
                            json!({ "would_wait_until": timestamp_text(until) })
                        } else {
                            json!({ "waited": "until", "until": run.wake_at.clone().unwrap_or_else(|| timestamp_text(until)) })
                        };
                        log(&mut run, &path, step, "done", detail);
                        run.status = "running".into();
                        run.wake_at = None;
                        run.cursor = definition::next(&def.actions, &path);
                        continue;
                    }
                    if !woke {
                        log(&mut run, &path, step, "waiting", json!({ "until": timestamp_text(until) }));
                    }
                    run.status = "waiting".into();
                    run.wake_at = Some(timestamp_text(until));
                    save_run(tx, &run, &stamp, None)?;
                    return Ok(Outcome::At(until));
                }
                Step::If { all, conditions, .. } => {
                    let results: Vec<bool> = conditions.iter().map(|c| holds(c, &ctx)).collect();
                    let yes = if *all { results.iter().all(|r| *r) } else { results.iter().any(|r| *r) };
                    let branch = if yes { "then" } else { "else" };
                    log(&mut run, &path, step, branch, json!({ "conditions": results }));
                    run.cursor = definition::enter(&def.actions, &path, branch);
                }
                Step::Stop => {
                    log(&mut run, &path, step, "done", json!({}));
                    run.status = "stopped".into();
                    run.cursor = None;
                    break;
                }
                action => {
                    let detail = self.act(tx, &actor, &run, &path, action, contact.as_ref(), &ctx)?;
                    let wrote_contact = matches!(
                        action,
                        Step::AddTag { .. } | Step::RemoveTag { .. } | Step::UpdateField { .. } | Step::AssignOwner { .. }
                    );
                    if wrote_contact && detail.get("changed") != Some(&Value::Bool(false)) {
                        contact = match run.contact_id {
                            Some(c) => load_contact(tx, c)?,
                            None => None,
                        };
                    }
                    log(&mut run, &path, step, "done", detail);
                    run.actions_completed += 1;
                    run.cursor = definition::next(&def.actions, &path);
                }
            }
        }
        if run.cursor.is_none() && run.status == "running" {
            run.status = "completed".into();
        }
        // Mail of an earlier step that its receiver refused (the server told the run
        // while it waited): the run ends failed, in the dead letter, for a person to retry.
        let refused = (run.status == "completed").then(|| delivery::undelivered(&run.steps).into_iter().next()).flatten();
        if refused.is_some() {
            run.status = "failed".into();
        }
        run.wake_at = None;
        save_run(tx, &run, &stamp, refused.map(|(_, why)| why).as_deref())?;
        Ok(Outcome::Done)
    }

    #[allow(clippy::too_many_arguments)]
    fn act(
        &self,
        tx: &Transaction<'_>,
        actor: &Actor,
        run: &RunState,
        path: &str,
        step: &Step,
        contact: Option<&Row>,
        ctx: &Value,
    ) -> Result<Value> {
        let need_contact = || {
            run.contact_id.filter(|_| contact.is_some()).ok_or_else(|| {
                Error::invalid(format!("step {path}"), "this step needs a contact and the trigger has none")
            })
        };
        let update = |id: Uuid, patch: Value| -> Result<()> {
            let Value::Object(patch) = patch else { unreachable!("an object literal") };
            let row = records::update_in(tx, actor, &CONTACTS, id, patch, None)?;
            CONTACTS.rules.hooks.after_write(tx, actor, &CONTACTS, &row)
        };
        let create = |table: &crate::schema::TableDef, input: Value| -> Result<Row> {
            let Value::Object(input) = input else { unreachable!("an object literal") };
            let row = records::create_in(tx, actor, table, input, None)?;
            table.rules.hooks.after_write(tx, actor, table, &row)?;
            Ok(row)
        };
        let here = |e: Error| match e {
            Error::Invalid { field, reason } => Error::invalid(format!("step {path}: {field}"), reason),
            other => other,
        };
        match step {
            Step::AddTag { tag } | Step::RemoveTag { tag } => {
                let id = need_contact()?;
                let have = tags::of(contact.expect("checked"));
                let adding = matches!(step, Step::AddTag { .. });
                let has = have.iter().any(|h| same(h, tag));
                if adding == has {
                    return Ok(json!({ "contact_id": id, "tag": tag, "changed": false }));
                }
                let next = if adding { tags::union(&have, std::slice::from_ref(tag)) } else { tags::without(&have, std::slice::from_ref(tag)) };
                update(id, json!({ "tags": next })).map_err(here)?;
                Ok(json!({ "contact_id": id, "tag": tag, "changed": true }))
            }
            Step::UpdateField { field, value } => {
                let id = need_contact()?;
                let value = match value {
                    Value::String(s) => Value::String(render(s, ctx)?),
                    other => other.clone(),
                };
                let patch = match field.strip_prefix("custom_fields.") {
                    Some(key) => {
                        let mut custom = contact
                            .and_then(|c| c.get("custom_fields"))
                            .and_then(Value::as_object)
                            .cloned()
                            .unwrap_or_default();
                        custom.insert(key.to_string(), value.clone());
                        json!({ "custom_fields": custom })
                    }
                    None => json!({ field.as_str(): value }),
                };
                update(id, patch).map_err(here)?;
                Ok(json!({ "contact_id": id, "field": field, "value": value }))
            }
            Step::AssignOwner { user_id } => {
                let id = need_contact()?;
                update(id, json!({ "owner_id": user_id })).map_err(here)?;
                Ok(json!({ "contact_id": id, "owner_id": user_id }))
            }
            Step::CreateNote { content } => {
                let id = need_contact()?;
                let row = create(&CONTACT_NOTES, json!({ "contact_id": id, "content": render(content, ctx)? })).map_err(here)?;
                self.noted.borrow_mut().push(id);
                Ok(json!({ "contact_id": id, "note_id": row.get("id") }))
            }
            Step::CreateActivity { activity_type, title, description } => {
                let id = need_contact()?;
                let description = description.as_deref().map(|d| render(d, ctx)).transpose()?;
                let row = create(
                    &CONTACT_ACTIVITIES,
                    json!({ "contact_id": id, "activity_type": activity_type, "title": render(title, ctx)?,
                            "description": description, "metadata": { "automation_run_id": run.id } }),
                )
                .map_err(here)?;
                Ok(json!({ "contact_id": id, "activity_id": row.get("id") }))
            }
            Step::CreateCard { pipeline_id, stage_id, title } => {
                let row = create(
                    &PIPELINE_CARDS,
                    json!({ "pipeline_id": pipeline_id, "stage_id": stage_id, "contact_id": run.contact_id, "title": render(title, ctx)? }),
                )
                .map_err(here)?;
                Ok(json!({ "contact_id": run.contact_id, "card_id": row.get("id") }))
            }
            Step::MoveCard { stage_id, card_id, lost_reason } => {
                let pipeline: String = tx
                    .prepare_cached("SELECT pipeline_id FROM pipeline_stages WHERE id = ?1 AND deleted_at IS NULL")?
                    .query_row([stage_id.to_string()], |r| r.get(0))
                    .optional()?
                    .ok_or_else(|| Error::invalid(format!("step {path}: stage_id"), format!("no live stage {stage_id}")))?;
                // The card: named, else the trigger's (a stage_changed event), else the
                // contact's newest live card in the stage's pipeline.
                let in_pipeline = |card: &str| -> Result<Option<(String, String)>> {
                    Ok(tx
                        .prepare_cached(
                            "SELECT id, stage_id FROM pipeline_cards WHERE id = ?1 AND pipeline_id = ?2 AND deleted_at IS NULL",
                        )?
                        .query_row([card, pipeline.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))
                        .optional()?)
                };
                let card = match card_id {
                    Some(c) => Some(in_pipeline(&c.to_string())?.ok_or_else(|| {
                        Error::invalid(format!("step {path}: card_id"), format!("card {c} is not a live card of the stage's pipeline"))
                    })?),
                    None => match ctx["trigger"]["card_id"].as_str().map(in_pipeline).transpose()?.flatten() {
                        Some(found) => Some(found),
                        None => match run.contact_id {
                            Some(contact) => tx
                                .prepare_cached(
                                    "SELECT id, stage_id FROM pipeline_cards WHERE contact_id = ?1 AND pipeline_id = ?2
                                     AND deleted_at IS NULL ORDER BY updated_at DESC, id DESC LIMIT 1",
                                )?
                                .query_row([contact.to_string(), pipeline.clone()], |r| Ok((r.get(0)?, r.get(1)?)))
                                .optional()?,
                            None => None,
                        },
                    },
                };
                let Some((card, from)) = card else {
                    return Ok(json!({ "contact_id": run.contact_id, "skipped": "no card of this contact in the stage's pipeline" }));
                };
                if from == stage_id.to_string() {
                    return Ok(json!({ "card_id": card, "stage_id": stage_id, "changed": false }));
                }
                let lost_reason = lost_reason.as_deref().map(|r| render(r, ctx)).transpose()?;
                let m = CardMove {
                    card_id: parse_id(&card)?,
                    stage_id: *stage_id,
                    lost_reason,
                    ..CardMove::default()
                };
                moves::move_in(tx, actor, &m).map_err(here)?;
                Ok(json!({ "card_id": card, "from_stage_id": from, "stage_id": stage_id, "changed": true }))
            }
            Step::SendEmail { template_id, subject } => {
                let id = need_contact()?;
                let contact = contact.expect("checked");
                if contact.get("opt_in_email") == Some(&Value::Bool(false)) {
                    return Ok(json!({ "contact_id": id, "skipped": "the contact opted out of email" }));
                }
                let to = contact.get("email").and_then(Value::as_str).unwrap_or_default().trim().to_string();
                if to.is_empty() {
                    return Ok(json!({ "contact_id": id, "skipped": "the contact has no email address" }));
                }
                let template = records::get(tx, actor, &TEMPLATES, *template_id)
                    .map_err(|_| Error::invalid(format!("step {path}: template_id"), format!("no email template {template_id}")))?;
                let name = template.get("name").and_then(Value::as_str).unwrap_or_default();
                let subject = render(subject.as_deref().unwrap_or(name), ctx)?;
                let html = render(template.get("html_content").and_then(Value::as_str).unwrap_or_default(), ctx)?;
                let text = plain_text(&html);
                let to_name = [contact.get("first_name"), contact.get("last_name")]
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(" ");
                let mail = Mail {
                    key: delivery::mail_key(run.id, path),
                    to: to.clone(),
                    to_name: Some(to_name).filter(|n| !n.trim().is_empty()),
                    subject: subject.clone(),
                    text: text.clone(),
                    html,
                };
                if let Mode::Live { mail: false, .. } = self.mode {
                    // Retrying cannot help until the profile syncs (then its server sends
                    // on a person's retry), so the run fails at once, saying why.
                    self.hopeless.set(true);
                    return Err(Error::invalid(
                        format!("step {path}"),
                        "this profile sends no mail: mail goes out through a sync server started with --smtp-url; sign in to one (or start yours with it), then retry this run",
                    ));
                }
                self.mails.borrow_mut().push(mail);
                // On the contact's timeline, with what was sent.
                create(
                    &CONTACT_ACTIVITIES,
                    json!({ "contact_id": id, "activity_type": "email", "title": format!("Email sent: {subject}"),
                            "description": text, "metadata": { "automation_run_id": run.id, "template_id": template_id } }),
                )
                .map_err(here)?;
                Ok(json!({ "contact_id": id, "to": to, "subject": subject }))
            }
            Step::Notify { user_ids, title, message } => {
                let users: Vec<String> = if user_ids.is_empty() {
                    contact.and_then(|c| c.get("owner_id")).and_then(Value::as_str).map(str::to_string).into_iter().collect()
                } else {
                    user_ids.iter().map(Uuid::to_string).collect()
                };
                let (title, message) = (render(title, ctx)?, render(message, ctx)?);
                let stamp = records::now(actor);
                for user in &users {
                    // Written for another user than the actor, which the record path's
                    // private scope refuses: the runner notifies on their behalf.
                    tx.prepare_cached(
                        "INSERT INTO notifications (id, user_id, title, message, type, created_at)
                         SELECT ?1, ?2, ?3, ?4, 'info', ?5 WHERE EXISTS (SELECT 1 FROM users WHERE id = ?2)",
                    )?
                    .execute(params![Uuid::now_v7().to_string(), user, title, message, stamp])?;
                }
                Ok(json!({ "users": users, "title": title }))
            }
            Step::Webhook { url, secret, body } => {
                let body = match body {
                    Some(b) => render_values(b, ctx)?,
                    None => json!({
                        "automation": ctx["automation"], "run_id": run.id, "trigger": ctx["trigger"], "contact": ctx["contact"],
                    }),
                };
                let bytes = serde_json::to_vec(&body).map_err(|e| Error::invalid("body", e.to_string()))?;
                let signature = secret.as_deref().map(|s| sign(s, &bytes));
                let call = WebCall { url: url.clone(), body, signature: signature.clone(), delivery: format!("{}:{path}", run.id) };
                if let Mode::Live { web, .. } = &self.mode {
                    let mut headers = vec![
                        ("content-type".to_string(), "application/json".to_string()),
                        ("x-aio-delivery".to_string(), call.delivery.clone()),
                    ];
                    if let Some(s) = &signature {
                        headers.push(("x-aio-signature".to_string(), s.clone()));
                    }
                    match web.post(url, &headers, &bytes) {
                        Ok(status) if (200..300).contains(&status) => {}
                        Ok(status) => return Err(Error::invalid(format!("step {path}"), format!("{url} answered {status}"))),
                        Err(e) => return Err(Error::invalid(format!("step {path}"), format!("{url}: {e}"))),
                    }
                }
                self.calls.borrow_mut().push(call);
                Ok(json!({ "url": url, "signed": signature.is_some() }))
            }
            Step::Wait(_) | Step::If { .. } | Step::Stop => unreachable!("handled by advance"),
        }
    }
}

/// `sha256=<hex>`: HMAC-SHA256 of `body` with `secret`.
pub fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(body);
    let bytes = mac.finalize().into_bytes();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

/// Every text inside `value` with its merge tags rendered.
fn render_values(value: &Value, ctx: &Value) -> Result<Value> {
    Ok(match value {
        Value::String(s) => Value::String(render(s, ctx)?),
        Value::Array(items) => Value::Array(items.iter().map(|v| render_values(v, ctx)).collect::<Result<_>>()?),
        Value::Object(map) => Value::Object(
            map.iter().map(|(k, v)| Ok((k.clone(), render_values(v, ctx)?))).collect::<Result<_>>()?,
        ),
        other => other.clone(),
    })
}

/// The text of an HTML template for the plain part of a message.
fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let text = out.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Puts dead job `id` back in the queue on a profile that executes for itself; its run
/// continues where it stopped.
pub fn retry_local(conn: &mut rusqlite::Connection, actor: &Actor, web: &dyn Web, id: i64, now: Timestamp) -> Result<crate::jobs::Job> {
    let runner = Runner::new(*actor, Mode::Live { mail: false, web });
    let tx = conn.transaction()?;
    let job = crate::jobs::retry(&tx, id, now, &[&runner])?;
    tx.commit()?;
    Ok(job)
}

/// Everything due at `now` on a profile that executes for itself (one that never synced:
/// the desktop app's worker and `aio-crm jobs run`): passes until nothing is left. Such a
/// profile sends no mail (mail goes out through the sync server); its send_email steps
/// fail with that reason and wait in the dead letter.
pub fn run_local(conn: &mut rusqlite::Connection, actor: &Actor, web: &dyn Web, now: Timestamp) -> Result<Tick> {
    let mut total = Tick::default();
    loop {
        let runner = Runner::new(*actor, Mode::Live { mail: false, web });
        // Immediate: the pass reads and then writes while the app's other connections
        // write too; a deferred transaction could not upgrade over a newer snapshot.
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let tick = tick(&tx, &runner, now, 500)?;
        tx.commit()?;
        total.events += tick.events;
        total.started += tick.started;
        total.jobs.done += tick.jobs.done;
        total.jobs.rescheduled += tick.jobs.rescheduled;
        total.jobs.failed += tick.jobs.failed;
        total.jobs.dead += tick.jobs.dead;
        if tick.events < 500 && tick.jobs.ran() < 500 {
            return Ok(total);
        }
    }
}
