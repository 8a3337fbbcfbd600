//! The stage history: one row per stage change of a card (card, from, to, who, when),
//! written where the change is made, in its transaction, and synced. A replica that
//! receives a moved card does not write history for it: the row of the device that moved
//! it arrives with it. Two devices moving the same card offline each record their move;
//! the card ends where the merge puts it, and time in stage counts from the latest entry
//! into the stage it is in.

use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::Result;
use crate::records::{self, Actor, Row};
use crate::values::timestamp_text;

use super::tables::PIPELINE_CARDS;

/// Records the card's stage if it is not where its history last put it. The first entry
/// (a new card) comes from nowhere and is dated when the card was created.
pub(crate) fn record(tx: &Transaction<'_>, actor: &Actor, card: &Row) -> Result<()> {
    let text = |f: &str| card.get(f).and_then(Value::as_str).unwrap_or_default().to_string();
    let (id, stage) = (text("id"), text("stage_id"));
    let last: Option<String> = tx
        .prepare_cached(
            "SELECT to_stage_id FROM pipeline_stage_history
             WHERE card_id = ?1 AND deleted_at IS NULL ORDER BY changed_at DESC, id DESC LIMIT 1",
        )?
        .query_row([&id], |r| r.get(0))
        .optional()?;
    if last.as_deref() == Some(stage.as_str()) {
        return Ok(());
    }
    let at = match &last {
        Some(_) => timestamp_text(actor.clock.now()),
        None => text("created_at"),
    };
    insert(
        tx,
        &Uuid::now_v7().to_string(),
        &text("pipeline_id"),
        &id,
        last.as_deref(),
        &stage,
        Some(&actor.user_id.to_string()),
        &at,
    )?;
    // A card that moved (not one just made) is news for automations: raised here, where
    // the person moved it, once; replicas receive the event with the card.
    if let (Some(from), Ok(card_id)) = (&last, Uuid::parse_str(&id)) {
        let mut payload = serde_json::Map::new();
        payload.insert("pipeline_id".into(), text("pipeline_id").into());
        payload.insert("stage_id".into(), stage.clone().into());
        payload.insert("from_stage_id".into(), from.clone().into());
        payload.insert("card_id".into(), id.clone().into());
        if let Some(contact) = card.get("contact_id").filter(|c| !c.is_null()) {
            payload.insert("contact_id".into(), contact.clone());
        }
        crate::modules::automations::events::raise(
            tx,
            actor,
            crate::modules::automations::tables::TriggerType::StageChanged,
            PIPELINE_CARDS.name,
            card_id,
            payload,
            actor.clock.now(),
        )?;
    }
    Ok(())
}

/// Writes one entry; an entry already there (the same repair made on another replica and
/// received first) is left as it is.
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert(
    tx: &Transaction<'_>,
    id: &str,
    pipeline: &str,
    card: &str,
    from: Option<&str>,
    to: &str,
    by: Option<&str>,
    at: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO pipeline_stage_history
           (id, pipeline_id, card_id, from_stage_id, to_stage_id, changed_by, changed_at, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?7) ON CONFLICT (id) DO NOTHING",
    )?
    .execute(params![id, pipeline, card, from, to, by, at])?;
    Ok(())
}

/// One step of a card's journey through the stages.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct JourneyStep {
    pub from_stage_id: Option<String>,
    pub from_stage: Option<String>,
    pub to_stage_id: String,
    pub to_stage: String,
    pub changed_by: Option<String>,
    pub changed_by_name: Option<String>,
    pub changed_at: String,
    /// Seconds the card spent in `to_stage` (until the next step, or until `now`).
    pub seconds: i64,
}

/// A card's journey through its stages, oldest first, with the time spent in each.
pub fn journey(conn: &rusqlite::Connection, actor: &Actor, card_id: Uuid) -> Result<Vec<JourneyStep>> {
    // In scope, or an error naming the card.
    records::get(conn, actor, &PIPELINE_CARDS, card_id)?;
    let mut stmt = conn.prepare_cached(
        "SELECT h.from_stage_id, f.name, h.to_stage_id, t.name, h.changed_by, u.first_name || ' ' || u.last_name, h.changed_at
         FROM pipeline_stage_history h
         JOIN pipeline_stages t ON t.id = h.to_stage_id
         LEFT JOIN pipeline_stages f ON f.id = h.from_stage_id
         LEFT JOIN users u ON u.id = h.changed_by
         WHERE h.card_id = ?1 AND h.deleted_at IS NULL ORDER BY h.changed_at, h.id",
    )?;
    let mut steps: Vec<JourneyStep> = stmt
        .query_map([card_id.to_string()], |r| {
            Ok(JourneyStep {
                from_stage_id: r.get(0)?,
                from_stage: r.get(1)?,
                to_stage_id: r.get(2)?,
                to_stage: r.get(3)?,
                changed_by: r.get(4)?,
                changed_by_name: r.get(5)?,
                changed_at: r.get(6)?,
                seconds: 0,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let now = timestamp_text(actor.clock.now());
    let ends: Vec<String> = steps
        .iter()
        .skip(1)
        .map(|s| s.changed_at.clone())
        .chain(std::iter::once(now))
        .collect();
    for (step, end) in steps.iter_mut().zip(ends) {
        step.seconds = seconds_between(&step.changed_at, &end);
    }
    Ok(steps)
}

/// Whole seconds from `a` to `b` (stored instants), never negative.
pub(crate) fn seconds_between(a: &str, b: &str) -> i64 {
    let parse = |t: &str| chrono::DateTime::parse_from_rfc3339(t).ok();
    match (parse(a), parse(b)) {
        (Some(a), Some(b)) => (b - a).num_seconds().max(0),
        _ => 0,
    }
}
