//! Moving a card: to a stage of its pipeline, before or after another card there (or at
//! the end). The write is the card's stage and rank only (plus the lost reason when it
//! lands on a lost stage), so concurrent moves of other cards never conflict with it.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use ts_rs::TS;
use uuid::Uuid;

use super::board::ORDER_KEY;
use super::rank;
use super::tables::{PIPELINE_CARDS, PIPELINE_STAGES};
use crate::error::{Error, Result};
use crate::records::{self, Actor, Row};

/// Where a card goes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct CardMove {
    pub card_id: Uuid,
    pub stage_id: Uuid,
    /// Put it just before this card of the stage...
    #[serde(default)]
    pub before: Option<Uuid>,
    /// ...or just after this one; neither: at the end of the stage.
    #[serde(default)]
    pub after: Option<Uuid>,
    /// Why it was lost: required when the stage is a lost stage.
    #[serde(default)]
    pub lost_reason: Option<String>,
}

/// Moves a card in one transaction; returns the stored card.
pub fn move_card(conn: &mut Connection, actor: &Actor, m: &CardMove) -> Result<Row> {
    let tx = conn.transaction()?;
    let row = move_in(&tx, actor, m)?;
    tx.commit()?;
    Ok(row)
}

/// The rank of each live card of a stage, in board order, leaving one card out.
fn keys_around(
    tx: &Transaction<'_>,
    stage: &str,
    leave_out: &str,
    anchor: Option<(&str, bool)>,
) -> Result<(Option<String>, Option<String>)> {
    let c = |sql: &str| sql.replace("{K}", ORDER_KEY);
    match anchor {
        None => {
            let last: Option<String> = tx
                .prepare_cached(&c("SELECT {K} FROM pipeline_cards c WHERE c.stage_id = ?1 AND c.deleted_at IS NULL AND c.id <> ?2 ORDER BY {K} DESC, c.id DESC LIMIT 1"))?
                .query_row([stage, leave_out], |r| r.get(0))
                .optional()?;
            Ok((last, None))
        }
        Some((anchor, before)) => {
            let key: String = tx
                .prepare_cached(&c("SELECT {K} FROM pipeline_cards c WHERE c.id = ?1 AND c.stage_id = ?2 AND c.deleted_at IS NULL"))?
                .query_row([anchor, stage], |r| r.get(0))
                .optional()?
                .ok_or_else(|| {
                    Error::invalid(if before { "before" } else { "after" }, format!("card {anchor} is not a live card of stage {stage}"))
                })?;
            // The neighbour on the other side of the anchor, in (key, id) order.
            let sql = if before {
                "SELECT {K} FROM pipeline_cards c WHERE c.stage_id = ?1 AND c.deleted_at IS NULL AND c.id <> ?2
                   AND ({K} < ?3 OR ({K} = ?3 AND c.id < ?4)) ORDER BY {K} DESC, c.id DESC LIMIT 1"
            } else {
                "SELECT {K} FROM pipeline_cards c WHERE c.stage_id = ?1 AND c.deleted_at IS NULL AND c.id <> ?2
                   AND ({K} > ?3 OR ({K} = ?3 AND c.id > ?4)) ORDER BY {K}, c.id LIMIT 1"
            };
            let other: Option<String> = tx
                .prepare_cached(&c(sql))?
                .query_row(params![stage, leave_out, key, anchor], |r| r.get(0))
                .optional()?;
            Ok(if before { (other, Some(key)) } else { (Some(key), other) })
        }
    }
}

/// `move_card` inside the caller's transaction.
pub fn move_in(tx: &Transaction<'_>, actor: &Actor, m: &CardMove) -> Result<Row> {
    if m.before.is_some() && m.after.is_some() {
        return Err(Error::invalid("before", "give before or after, not both"));
    }
    let card = records::get(tx, actor, &PIPELINE_CARDS, m.card_id)?;
    let stage = records::get(tx, actor, &PIPELINE_STAGES, m.stage_id)
        .map_err(|_| Error::invalid("stage_id", format!("no stage {}", m.stage_id)))?;
    let text = |r: &Row, f: &str| r.get(f).and_then(Value::as_str).unwrap_or_default().to_string();
    if text(&stage, "pipeline_id") != text(&card, "pipeline_id") {
        return Err(Error::invalid("stage_id", format!("stage \"{}\" is not in this card's pipeline", text(&stage, "name"))));
    }
    if !stage.get("deleted_at").is_none_or(Value::is_null) {
        return Err(Error::invalid("stage_id", format!("stage \"{}\" is deleted", text(&stage, "name"))));
    }
    if let Some(anchor) = m.before.or(m.after) {
        if anchor == m.card_id {
            return Err(Error::invalid(if m.before.is_some() { "before" } else { "after" }, "is the card being moved"));
        }
    }
    let is_lost = stage.get("is_final") == Some(&Value::Bool(true)) && text(&stage, "outcome") == "lost";
    let reason = m.lost_reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
    let card_id = m.card_id.to_string();
    let stage_id = m.stage_id.to_string();
    let anchor = m.before.map(|b| (b, true)).or(m.after.map(|a| (a, false)));
    let anchor_text = anchor.map(|(id, before)| (id.to_string(), before));
    let (low, high) = keys_around(tx, &stage_id, &card_id, anchor_text.as_ref().map(|(id, b)| (id.as_str(), *b)))?;
    let key = rank::between(low.as_deref(), high.as_deref());
    let mut patch = json!({ "stage_id": stage_id, "rank": key });
    let moves_stage = text(&card, "stage_id") != stage_id;
    if is_lost && moves_stage {
        let Some(reason) = reason else {
            return Err(Error::invalid("lost_reason", format!("is required to move a card to lost stage \"{}\"", text(&stage, "name"))));
        };
        patch["lost_reason"] = json!(reason);
    } else if !is_lost && card.get("lost_reason").is_some_and(|v| !v.is_null()) && moves_stage {
        // Reopened: the old reason no longer holds.
        patch["lost_reason"] = Value::Null;
    }
    let Value::Object(patch) = patch else { unreachable!("a JSON object literal") };
    let row = records::update_in(tx, actor, &PIPELINE_CARDS, m.card_id, patch, None)?;
    PIPELINE_CARDS.rules.hooks.after_write(tx, actor, &PIPELINE_CARDS, &row)?;
    Ok(row)
}

/// Reopens a card in a final stage: back to the open stage it came from (its history),
/// else the pipeline's first stage.
pub fn reopen(conn: &mut Connection, actor: &Actor, card_id: Uuid) -> Result<Row> {
    let tx = conn.transaction()?;
    let card = records::get(&tx, actor, &PIPELINE_CARDS, card_id)?;
    let text = |f: &str| card.get(f).and_then(Value::as_str).unwrap_or_default().to_string();
    let open = "SELECT s.id FROM pipeline_stages s WHERE s.pipeline_id = ?1 AND s.deleted_at IS NULL AND s.is_final = 0";
    let back: Option<String> = tx
        .query_row(
            &format!("{open} AND s.id IN (SELECT h.from_stage_id FROM pipeline_stage_history h WHERE h.card_id = ?2 AND h.deleted_at IS NULL ORDER BY h.changed_at DESC, h.id DESC LIMIT 1)"),
            [text("pipeline_id"), card_id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    let target = match back {
        Some(id) => id,
        None => tx
            .query_row(&format!("{open} ORDER BY s.position, s.id LIMIT 1"), [text("pipeline_id")], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::invalid("card_id", "the pipeline has no open stage to reopen the card in"))?,
    };
    let stage_id = Uuid::parse_str(&target).map_err(|_| Error::invalid("stage_id", "is not a UUID"))?;
    let row = move_in(&tx, actor, &CardMove { card_id, stage_id, ..CardMove::default() })?;
    tx.commit()?;
    Ok(row)
}

/// Creates a card at the end of its stage (quick add); returns it.
pub fn add_card(conn: &mut Connection, actor: &Actor, mut input: Row) -> Result<Row> {
    let tx = conn.transaction()?;
    if !input.contains_key("rank") {
        let stage = input.get("stage_id").and_then(Value::as_str).unwrap_or_default().to_string();
        let (last, _) = keys_around(&tx, &stage, "", None)?;
        input.insert("rank".into(), json!(rank::between(last.as_deref(), None)));
    }
    let row = records::create_in(&tx, actor, &PIPELINE_CARDS, input, None)?;
    PIPELINE_CARDS.rules.hooks.after_write(&tx, actor, &PIPELINE_CARDS, &row)?;
    tx.commit()?;
    Ok(row)
}
