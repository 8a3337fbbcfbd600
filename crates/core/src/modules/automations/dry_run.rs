//! A dry run: an automation run against the local data and a chosen (or sample) trigger,
//! inside a transaction that is rolled back, with a runner that calls nothing and passes
//! over waits. It reports the steps it took, the contacts it would touch, the emails it
//! would send (merged) and the webhooks it would call (with their signed bodies).

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::{json, Value};
use ts_rs::TS;
use uuid::Uuid;

use super::runner::{self, Mail, Mode, Runner, WebCall};
use crate::error::{Error, Result};
use crate::jobs::{Handler, Job};
use crate::records::{self, Actor};
use crate::schema::Timestamp;
use crate::tables::AUTOMATIONS;
use crate::values::timestamp_text;

/// What to run it on.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sample {
    /// A stored trigger event.
    pub event: Option<Uuid>,
    /// A contact, as if it had just triggered the automation.
    pub contact: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DryRun {
    /// Where the trigger came from (a stored event, a chosen contact, a sample).
    pub trigger: String,
    pub contact_id: Option<Uuid>,
    #[ts(type = "Array<unknown>")]
    pub steps: Vec<Value>,
    /// Contacts the steps would change or write about.
    pub contacts: Vec<Uuid>,
    pub emails: Vec<Mail>,
    pub webhooks: Vec<WebCall>,
    /// completed, waiting, stopped or failed.
    pub status: String,
}

/// Runs `automation` without side effects.
pub fn dry_run(conn: &mut Connection, actor: &Actor, automation: Uuid, sample: Sample, now: Timestamp) -> Result<DryRun> {
    let row = records::get(conn, actor, &AUTOMATIONS, automation)?;
    let kind = row.get("trigger_type").and_then(Value::as_str).unwrap_or_default().to_string();
    let tx = conn.transaction()?;
    let org = actor.organization_id.to_string();
    let event: Option<(String, String, String)> = match sample.event {
        Some(id) => Some(
            tx.query_row(
                "SELECT kind, payload, occurred_at FROM trigger_events WHERE id = ?1 AND organization_id = ?2",
                params![id.to_string(), org],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound { table: "trigger_events".into(), id: id.to_string() })?,
        ),
        None if sample.contact.is_none() => tx
            .query_row(
                "SELECT kind, payload, occurred_at FROM trigger_events WHERE organization_id = ?1 AND kind = ?2
                 AND deleted_at IS NULL ORDER BY rowid DESC LIMIT 1",
                params![org, kind],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?,
        None => None,
    };
    let (label, payload) = match (&event, sample.contact) {
        (Some((k, payload, at)), _) => (format!("the {k} event of {at}"), serde_json::from_str(payload).unwrap_or(json!({}))),
        (None, Some(contact)) => (format!("contact {contact}"), json!({ "contact_id": contact })),
        (None, None) => {
            let contact: Option<String> = tx
                .query_row(
                    "SELECT id FROM contacts WHERE organization_id = ?1 AND deleted_at IS NULL ORDER BY created_at DESC LIMIT 1",
                    [&org],
                    |r| r.get(0),
                )
                .optional()?;
            ("a sample: the newest contact".to_string(), json!({ "contact_id": contact }))
        }
    };
    let contact_id = payload.get("contact_id").and_then(Value::as_str).and_then(|c| Uuid::parse_str(c).ok());
    if let Some(c) = contact_id {
        records::get(&tx, actor, &crate::tables::CONTACTS, c)?;
    }
    let snapshot = json!({
        "name": row.get("name"), "trigger_type": kind, "trigger_config": row.get("trigger_config"),
        "actions": row.get("actions"), "updated_at": row.get("updated_at"),
    });
    let run = Uuid::now_v7();
    let stamp = timestamp_text(now);
    tx.execute(
        "INSERT INTO automation_runs (id, automation_id, contact_id, status, started_at, trigger_data, definition, cursor, steps, created_at, updated_at)
         VALUES (?1, ?2, ?3, 'running', ?4, ?5, ?6, ?7, '[]', ?4, ?4)",
        params![
            run.to_string(),
            automation.to_string(),
            contact_id.map(|c| c.to_string()),
            stamp,
            json!({ "kind": kind, "payload": payload }).to_string(),
            snapshot.to_string(),
            row.get("actions").and_then(Value::as_array).is_some_and(|a| !a.is_empty()).then_some("0"),
        ],
    )?;
    let runner = Runner::new(*actor, Mode::Dry);
    let job = Job {
        id: 0,
        kind: runner::JOB_KIND.into(),
        key: String::new(),
        payload: json!({ "run_id": run }),
        status: "pending".into(),
        due_at: stamp.clone(),
        attempts: 0,
        max_attempts: 1,
        last_error: None,
        created_at: stamp.clone(),
        updated_at: stamp,
    };
    let failed = runner.run(&tx, &job, now).err();
    let (status, steps): (String, String) = tx.query_row(
        "SELECT status, steps FROM automation_runs WHERE id = ?1",
        [run.to_string()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut steps: Vec<Value> = serde_json::from_str(&steps).unwrap_or_default();
    if let Some(e) = &failed {
        steps.push(json!({ "outcome": "failed", "detail": { "error": e.to_string() } }));
    }
    let mut contacts: Vec<Uuid> = steps
        .iter()
        .filter_map(|s| s["detail"]["contact_id"].as_str())
        .filter_map(|c| Uuid::parse_str(c).ok())
        .collect();
    contacts.sort();
    contacts.dedup();
    let out = DryRun {
        trigger: label,
        contact_id,
        steps,
        contacts,
        emails: runner.take_mail(),
        webhooks: runner.take_calls(),
        status: if failed.is_some() { "failed".into() } else { status },
    };
    // Nothing of it stays.
    tx.rollback()?;
    Ok(out)
}
