//! Schedule triggers: a cron expression in a time zone (`croner`), or a date field of
//! contacts relative to the day (a birthday, a renewal date), as [`super::definition`]
//! parses them.
//!
//! Each active schedule automation has one durable job ([`JOB_KIND`]) keyed by the
//! automation and the version it was saved as (`updated_at`), due at its next occurrence:
//! the executor's job queue is what wakes it (the server's runner and the desktop's worker
//! already sleep until the next due job), and an edit plans a fresh job while the old one
//! ends itself. When the job runs it raises one `schedule` event per occurrence (and per
//! contact, for a date field) whose id is the UUIDv5 of (automation, occurrence[, contact]),
//! so an occurrence fires once however often it is looked at; the runner then starts the
//! automation's run keyed by that event, as for every trigger. Occurrences missed for
//! longer than [`CATCH_UP_HOURS`] (an executor that was down) are passed over, with a warning.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use croner::parser::{CronParser, Seconds};
use croner::Cron;
use rusqlite::{OptionalExtension, Transaction};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use super::definition::{self, TriggerConfig};
use super::events;
use super::tables::TriggerType;
use crate::error::{Error, Result};
use crate::jobs::{self, Handler, Job, Outcome};
use crate::records::Actor;
use crate::schema::Timestamp;
use crate::values::timestamp_text;

/// The kind of the jobs that fire schedules.
pub const JOB_KIND: &str = "automation_schedule";
/// Namespace of schedule event ids.
const EVENT_NAMESPACE: Uuid = Uuid::from_u128(0x2c9e_51d0_7a44_4b8e_b1f3_08d6_4e2a_91c7);
/// Occurrences older than this when their job runs are passed over.
pub const CATCH_UP_HOURS: i64 = 24;
/// Occurrences fired by one pass of a job at most (the rest on the next pass).
const MAX_PER_PASS: usize = 100;
/// When a date-field schedule fires if it names no time.
const DEFAULT_AT: (u32, u32) = (9, 0);

/// A five-field cron expression (minute hour day month weekday), as croner reads it.
pub fn parse_cron(expr: &str) -> std::result::Result<Cron, String> {
    if expr.split_whitespace().count() != 5 {
        return Err("must have five fields (minute hour day month weekday)".into());
    }
    CronParser::builder()
        .seconds(Seconds::Disallowed)
        .build()
        .parse(expr)
        .map_err(|e| format!("\"{expr}\" does not parse: {e}"))
}

/// When a schedule fires.
pub struct Plan {
    when: When,
    zone: Tz,
}

enum When {
    Cron(Box<Cron>),
    /// Every day at this local time (a date field: which contacts is decided then).
    Daily(NaiveTime),
}

impl Plan {
    /// The plan of a parsed schedule trigger.
    pub fn of(config: &TriggerConfig) -> Result<Plan> {
        let zone = match &config.time_zone {
            Some(z) => z
                .parse::<Tz>()
                .map_err(|_| Error::invalid("trigger_config.time_zone", format!("\"{z}\" is not a time zone")))?,
            None => Tz::UTC,
        };
        let when = match (&config.cron, &config.date_field) {
            (Some(cron), _) => {
                When::Cron(Box::new(parse_cron(cron).map_err(|r| Error::invalid("trigger_config.cron", r))?))
            }
            (None, Some(_)) => When::Daily(config.at.unwrap_or_else(|| {
                NaiveTime::from_hms_opt(DEFAULT_AT.0, DEFAULT_AT.1, 0).expect("a valid time")
            })),
            (None, None) => return Err(Error::invalid("trigger_config", "a schedule needs cron or date_field")),
        };
        Ok(Plan { when, zone })
    }

    /// The first occurrence strictly after `after`.
    pub fn next_after(&self, after: Timestamp) -> Option<Timestamp> {
        match &self.when {
            When::Cron(cron) => cron
                .find_next_occurrence(&after.with_timezone(&self.zone), false)
                .ok()
                .map(|t| t.with_timezone(&Utc)),
            When::Daily(at) => {
                let mut day = after.with_timezone(&self.zone).date_naive();
                for _ in 0..4 {
                    // A time the clocks skip (a daylight-saving gap) fires an hour later.
                    let local = day.and_time(*at);
                    let instant = self
                        .zone
                        .from_local_datetime(&local)
                        .earliest()
                        .or_else(|| self.zone.from_local_datetime(&(local + Duration::hours(1))).earliest())
                        .map(|t| t.with_timezone(&Utc));
                    if let Some(t) = instant.filter(|t| *t > after) {
                        return Some(t);
                    }
                    day = day.succ_opt()?;
                }
                None
            }
        }
    }

    /// The local date of an occurrence.
    fn local_date(&self, at: Timestamp) -> NaiveDate {
        at.with_timezone(&self.zone).date_naive()
    }
}

fn job_key(automation: &str, version: &str) -> String {
    format!("{JOB_KIND}:{automation}:{version}")
}

/// Gives every active schedule automation of the organisation its job, due at its first
/// occurrence after it was saved (or after the catch-up window, for an old one).
pub fn plan_jobs(tx: &Transaction<'_>, org: Uuid, now: Timestamp) -> Result<usize> {
    let rows: Vec<(String, String, String, String)> = tx
        .prepare_cached(
            "SELECT id, trigger_type, trigger_config, updated_at FROM automations
             WHERE organization_id = ?1 AND trigger_type = 'schedule' AND deleted_at IS NULL AND is_active = 1",
        )?
        .query_map([org.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut planned = 0;
    for (id, _, config, updated_at) in rows {
        let key = job_key(&id, &updated_at);
        if jobs::by_key(tx, &key)?.is_some() {
            continue;
        }
        let config: Value = serde_json::from_str(&config).unwrap_or_default();
        let plan = match definition::parse_trigger(TriggerType::Schedule, &config).and_then(|c| Plan::of(&c)) {
            Ok(plan) => plan,
            Err(e) => {
                tracing::warn!("schedule of automation {id} does not parse ({e}); not planned");
                continue;
            }
        };
        let saved = parse_time(&updated_at).unwrap_or(now);
        let from = saved.max(now - Duration::hours(CATCH_UP_HOURS));
        let Some(first) = plan.next_after(from) else { continue };
        jobs::enqueue(tx, JOB_KIND, &key, &json!({ "automation_id": id, "version": updated_at }), first)?;
        planned += 1;
    }
    Ok(planned)
}

fn parse_time(s: &str) -> Option<Timestamp> {
    chrono::DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&Utc))
}

/// The schedule jobs' handler: raises the events of the occurrences that are due.
pub struct Schedules {
    pub actor: Actor,
}

impl Handler for Schedules {
    fn kind(&self) -> &'static str {
        JOB_KIND
    }

    fn run(&self, tx: &Transaction<'_>, job: &Job, now: Timestamp) -> Result<Outcome> {
        let text = |k: &str| job.payload.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        let (id, version) = (text("automation_id"), text("version"));
        let row: Option<(String, String, String)> = tx
            .prepare_cached(
                "SELECT trigger_config, updated_at, organization_id FROM automations
                 WHERE id = ?1 AND trigger_type = 'schedule' AND deleted_at IS NULL AND is_active = 1",
            )?
            .query_row([&id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        // Switched off, deleted or edited since: this job is over (an edit planned another).
        let Some((config, _, org)) = row.filter(|r| r.1 == version) else {
            return Ok(Outcome::Done);
        };
        let automation = Uuid::parse_str(&id).map_err(|_| Error::invalid("payload.automation_id", "is not an id"))?;
        let config = definition::parse_trigger(TriggerType::Schedule, &serde_json::from_str(&config).unwrap_or_default())?;
        let plan = Plan::of(&config)?;
        let mut at = parse_time(&job.due_at).unwrap_or(now);
        let floor = now - Duration::hours(CATCH_UP_HOURS);
        if at < floor {
            tracing::warn!(
                "automation {id}: schedule occurrences from {} to {} were missed (the executor was not running); passed over",
                job.due_at,
                timestamp_text(floor)
            );
            at = plan.next_after(floor - Duration::seconds(1)).unwrap_or(floor);
        }
        let actor = Actor { organization_id: Uuid::parse_str(&org).unwrap_or(self.actor.organization_id), ..self.actor }.at(now);
        let mut fired = 0;
        while at <= now && fired < MAX_PER_PASS {
            fire(tx, &actor, automation, &config, &plan, at)?;
            fired += 1;
            match plan.next_after(at) {
                Some(next) => at = next,
                None => return Ok(Outcome::Done),
            }
        }
        Ok(Outcome::At(at))
    }
}

/// Raises the events of one occurrence: one for a cron schedule, one per contact whose
/// date matches for a date field. Returns how many were new.
fn fire(
    tx: &Transaction<'_>,
    actor: &Actor,
    automation: Uuid,
    config: &TriggerConfig,
    plan: &Plan,
    at: Timestamp,
) -> Result<usize> {
    let occurrence = timestamp_text(at);
    let mut payload = Map::new();
    payload.insert("automation_id".into(), automation.to_string().into());
    payload.insert("occurrence".into(), occurrence.clone().into());
    let Some(field) = &config.date_field else {
        let id = Uuid::new_v5(&EVENT_NAMESPACE, format!("{automation}:{occurrence}").as_bytes());
        let new = events::raise_keyed(tx, actor, id, TriggerType::Schedule, "automations", automation, payload, at)?;
        return Ok(new as usize);
    };
    let date = plan.local_date(at) - Duration::days(config.offset_days);
    let contacts = matching_contacts(tx, actor.organization_id, field, date, config.yearly)?;
    let mut new = 0;
    for contact in contacts {
        let id = Uuid::new_v5(&EVENT_NAMESPACE, format!("{automation}:{occurrence}:{contact}").as_bytes());
        let mut payload = payload.clone();
        payload.insert("contact_id".into(), contact.to_string().into());
        payload.insert("date_field".into(), field.clone().into());
        payload.insert("date".into(), date.to_string().into());
        new += events::raise_keyed(tx, actor, id, TriggerType::Schedule, "contacts", contact, payload, at)? as usize;
    }
    Ok(new)
}

/// Live contacts of `org` whose `field` is `date` (its month and day, when `yearly`; a
/// 29 February counts on the 28th in other years).
fn matching_contacts(tx: &Transaction<'_>, org: Uuid, field: &str, date: NaiveDate, yearly: bool) -> Result<Vec<Uuid>> {
    // `field` was checked against the contacts' columns when the automation was saved.
    let (value, key) = match field.strip_prefix("custom_fields.") {
        Some(key) => ("json_extract(custom_fields, ?3)", format!("$.\"{}\"", key.replace('"', ""))),
        None => {
            let column = crate::tables::CONTACTS
                .column(field)
                .ok_or_else(|| Error::invalid("trigger_config.date_field", format!("\"{field}\" is not a contact field")))?;
            (column.name, String::new())
        }
    };
    let (test, wanted) = if yearly {
        let leap_day = date.month() == 2 && date.day() == 28 && NaiveDate::from_ymd_opt(date.year(), 2, 29).is_none();
        let days = if leap_day { vec!["02-28".to_string(), "02-29".to_string()] } else { vec![date.format("%m-%d").to_string()] };
        ("substr(v, 6, 5) IN (SELECT value FROM json_each(?2))", Value::from(days).to_string())
    } else {
        ("substr(v, 1, 10) = ?2", date.to_string())
    };
    let sql = format!(
        "SELECT id FROM (SELECT id, {value} AS v FROM contacts WHERE organization_id = ?1 AND deleted_at IS NULL)
         WHERE typeof(v) = 'text' AND {test}"
    );
    let mut args = vec![org.to_string(), wanted];
    args.extend((!key.is_empty()).then_some(key));
    let ids = tx
        .prepare_cached(&sql)?
        .query_map(rusqlite::params_from_iter(args), |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ids.iter().filter_map(|s| Uuid::parse_str(s).ok()).collect())
}
