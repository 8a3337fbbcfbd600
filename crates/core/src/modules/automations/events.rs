//! Trigger events: what happened that automations may act on, raised by the module where
//! it happened (forms raise `form_submit`) in the same transaction as the change itself,
//! stored in `trigger_events` and synced. The automations runner (DESIGN.md §8: on the
//! server for an organisation that syncs) consumes them, keyed by event id, so each runs
//! its automations once.

use rusqlite::{Connection, Transaction};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use super::tables::{TriggerType, TRIGGER_EVENTS};
use crate::error::Result;
use crate::records::{self, Actor};
use crate::schema::Timestamp;
use crate::values::timestamp_text;

/// Where the runner marks the run whose steps are writing (in `app_settings`, inside the
/// step's transaction): events raised meanwhile, in Rust here or by V18's SQL triggers,
/// carry it as `caused_by`, which the runner's loop guard reads.
pub const ACTING_RUN: &str = "automations_acting_run";

/// Raises `kind` about row `subject_id` of `subject_table`, with what a trigger needs in
/// `payload`. Returns the event's id.
pub fn raise(
    tx: &Transaction<'_>,
    actor: &Actor,
    kind: TriggerType,
    subject_table: &str,
    subject_id: Uuid,
    payload: Map<String, Value>,
    occurred_at: Timestamp,
) -> Result<Uuid> {
    let id = Uuid::now_v7();
    insert(tx, actor, id, kind, subject_table, subject_id, payload, occurred_at)?;
    Ok(id)
}

/// Raises an event under a key of its own (`id`, made from what happened, such as a
/// schedule's occurrence): the same happening raised again is the same event. Returns
/// whether it was new.
#[allow(clippy::too_many_arguments)]
pub fn raise_keyed(
    tx: &Transaction<'_>,
    actor: &Actor,
    id: Uuid,
    kind: TriggerType,
    subject_table: &str,
    subject_id: Uuid,
    payload: Map<String, Value>,
    occurred_at: Timestamp,
) -> Result<bool> {
    let known: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM trigger_events WHERE id = ?1)")?
        .query_row([id.to_string()], |r| r.get(0))?;
    if !known {
        insert(tx, actor, id, kind, subject_table, subject_id, payload, occurred_at)?;
    }
    Ok(!known)
}

#[allow(clippy::too_many_arguments)]
fn insert(
    tx: &Transaction<'_>,
    actor: &Actor,
    id: Uuid,
    kind: TriggerType,
    subject_table: &str,
    subject_id: Uuid,
    mut payload: Map<String, Value>,
    occurred_at: Timestamp,
) -> Result<()> {
    if let Some(run) = crate::settings::get(tx, ACTING_RUN)? {
        payload.insert("caused_by".into(), Value::String(run));
    }
    let input = json!({
        "id": id.to_string(),
        "kind": kind.as_str(),
        "subject_table": subject_table,
        "subject_id": subject_id.to_string(),
        "payload": payload,
        "occurred_at": timestamp_text(occurred_at),
    });
    let Value::Object(input) = input else {
        unreachable!("a JSON object literal")
    };
    records::create_in(tx, actor, &TRIGGER_EVENTS, input, None)?;
    Ok(())
}

/// A random UUID made by SQLite, for events raised in SQL.
const SQL_UUID: &str = "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))";

/// What the `automations_contact_created` trigger (V15) does, for contacts a bulk insert
/// wrote with its triggers off: `ids` is a JSON array of their ids.
pub fn raise_contacts_created(tx: &Connection, ids: &str) -> Result<()> {
    tx.execute(
        &format!(
            "INSERT INTO trigger_events (id, organization_id, kind, subject_table, subject_id, payload, occurred_at, created_at)
             SELECT {SQL_UUID}, c.organization_id, 'contact_created', 'contacts', c.id, json_object('contact_id', c.id), c.created_at, c.created_at
             FROM json_each(?1) j JOIN contacts c ON c.id = j.value
             WHERE c.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'sync_applying')"
        ),
        [ids],
    )?;
    tx.execute(
        &format!(
            "INSERT INTO trigger_events (id, organization_id, kind, subject_table, subject_id, payload, occurred_at, created_at)
             SELECT {SQL_UUID}, c.organization_id, 'tag_added', 'contacts', c.id, json_object('contact_id', c.id, 'tag', t.value), c.created_at, c.created_at
             FROM json_each(?1) j JOIN contacts c ON c.id = j.value, json_each(c.tags) t
             WHERE c.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'sync_applying')"
        ),
        [ids],
    )?;
    Ok(())
}
