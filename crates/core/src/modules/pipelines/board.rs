//! The board of a pipeline: its live stages in order, each with its live cards in order
//! (rank, then id: the same on every replica), counts, exact totals and what a card shows
//! (contact, company, owner, time in stage, rotting). One query for the cards.

use std::collections::HashMap;
use std::str::FromStr;

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::tables::PIPELINES;
use crate::error::Result;
use crate::records::{self, Actor};
use crate::schema::Decimal;

/// The SQL of a card's place in its column; cards from before ranks sort by position.
pub(crate) const ORDER_KEY: &str = "coalesce(c.rank, printf('%019d', c.position) || 'V')";

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Board {
    pub pipeline_id: String,
    pub name: String,
    pub r#type: String,
    pub stages: Vec<BoardStage>,
    /// Sum of open cards' values (not in a final stage).
    pub open_value: String,
    /// Sum of open cards' values, each times its probability.
    pub weighted_value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct BoardStage {
    pub id: String,
    pub name: String,
    pub position: i64,
    pub color: Option<String>,
    pub is_final: bool,
    /// "won" or "lost" for a final stage with an outcome.
    pub outcome: Option<String>,
    pub probability: Option<i64>,
    pub rot_days: Option<i64>,
    pub count: usize,
    /// Exact sum of the cards' values (2 decimals).
    pub total_value: String,
    pub cards: Vec<BoardCard>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct BoardCard {
    pub id: String,
    pub stage_id: String,
    pub title: String,
    pub value: Option<String>,
    pub priority: String,
    pub due_date: Option<String>,
    pub tags: Vec<String>,
    pub assignees: Vec<String>,
    pub contact_id: Option<String>,
    pub contact_name: Option<String>,
    pub company_id: Option<String>,
    pub company_name: Option<String>,
    pub owner_id: String,
    pub owner_name: Option<String>,
    pub owner_avatar: Option<String>,
    /// The card's own probability, else its stage's.
    pub probability: Option<i64>,
    pub lost_reason: Option<String>,
    /// Its place in the column (sort key).
    pub rank: String,
    /// When it last entered its stage (its creation if history says nothing).
    pub entered_stage_at: String,
    pub days_in_stage: i64,
    /// Idle in a non-final stage longer than the stage's limit.
    pub rotting: bool,
}

/// Two decimals, as money is shown and stored.
pub(crate) fn money(d: &Decimal) -> String {
    d.with_scale_round(2, bigdecimal::RoundingMode::HalfEven).to_plain_string()
}

/// Whether `text` reads `-?digits.dd`, as money is shown.
fn is_two_decimals(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    matches!(digits.split_once('.'), Some((whole, cents)) if !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit()) && cents.len() == 2 && cents.bytes().all(|b| b.is_ascii_digit()))
}

pub(crate) fn parse_money(text: Option<&str>) -> Decimal {
    text.and_then(|t| Decimal::from_str(t).ok()).unwrap_or_default()
}

/// The board of `pipeline_id` as the actor sees it now.
pub fn board(conn: &Connection, actor: &Actor, pipeline_id: Uuid) -> Result<Board> {
    let pipeline = records::get(conn, actor, &PIPELINES, pipeline_id)?;
    let pid = pipeline_id.to_string();
    let mut stages: Vec<BoardStage> = conn
        .prepare_cached(
            "SELECT id, name, position, color, is_final, outcome, probability, rot_days
             FROM pipeline_stages WHERE pipeline_id = ?1 AND deleted_at IS NULL
             ORDER BY position, id",
        )?
        .query_map([&pid], |r| {
            let is_final: bool = r.get(4)?;
            let outcome: Option<String> = r.get(5)?;
            Ok(BoardStage {
                id: r.get(0)?,
                name: r.get(1)?,
                position: r.get(2)?,
                color: r.get(3)?,
                is_final,
                outcome: outcome.filter(|_| is_final),
                probability: r.get(6)?,
                rot_days: r.get(7)?,
                count: 0,
                total_value: String::new(),
                cards: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let index: HashMap<String, usize> = stages.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
    let now = actor.clock.now();
    let sql = format!(
        "SELECT c.id, c.stage_id, c.title, c.value, c.priority, c.due_date, c.tags, c.assignees,
                c.contact_id, ct.first_name || ' ' || ct.last_name, c.company_id, co.name,
                c.owner_id, c.probability,
                c.lost_reason, {ORDER_KEY},
                coalesce(c.stage_entered_at, c.created_at)
         FROM pipeline_cards c
         LEFT JOIN contacts ct ON ct.id = c.contact_id
         LEFT JOIN companies co ON co.id = c.company_id
         WHERE c.pipeline_id = ?1 AND c.deleted_at IS NULL
         ORDER BY c.stage_id, {ORDER_KEY}, c.id"
    );
    // Owners are few: read once, not joined per card (SQLite scanned users for each).
    let owners: HashMap<String, (Option<String>, Option<String>)> = conn
        .prepare_cached("SELECT id, first_name || ' ' || last_name, avatar_url FROM users")?
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([&pid])?;
    let mut totals: Vec<Decimal> = vec![Decimal::default(); stages.len()];
    let (mut open, mut weighted) = (Decimal::default(), Decimal::default());
    while let Some(r) = rows.next()? {
        let stage_id: String = r.get(1)?;
        let Some(&i) = index.get(&stage_id) else {
            continue;
        };
        let stage = &stages[i];
        let value: Option<String> = r.get(3)?;
        let entered: String = r.get(16)?;
        let days = chrono::DateTime::parse_from_rfc3339(&entered)
            .map_or(0, |at| (now - at.with_timezone(&chrono::Utc)).num_days().max(0));
        let own_probability: Option<i64> = r.get(13)?;
        let probability = own_probability.or(stage.probability);
        let amount = parse_money(value.as_deref());
        if !stage.is_final {
            open += &amount;
            // Divided by 100 once, at the end: a decimal division per card costs more
            // than the rest of the board.
            weighted += &amount * Decimal::from(probability.unwrap_or(0));
        }
        // Stored money usually has its two decimals already: no need to format it again.
        let shown = value.map(|v| if is_two_decimals(&v) { v } else { money(&amount) });
        totals[i] += amount;
        let json_list = |text: String| -> Vec<String> {
            if text == "[]" {
                Vec::new()
            } else {
                serde_json::from_str(&text).unwrap_or_default()
            }
        };
        let owner_id: String = r.get(12)?;
        let owner = owners.get(&owner_id);
        let card = BoardCard {
            id: r.get(0)?,
            stage_id,
            title: r.get(2)?,
            value: shown,
            priority: r.get(4)?,
            due_date: r.get(5)?,
            tags: json_list(r.get(6)?),
            assignees: json_list(r.get(7)?),
            contact_id: r.get(8)?,
            contact_name: r.get(9)?,
            company_id: r.get(10)?,
            company_name: r.get(11)?,
            owner_name: owner.and_then(|o| o.0.clone()),
            owner_avatar: owner.and_then(|o| o.1.clone()),
            owner_id,
            probability,
            lost_reason: r.get(14)?,
            rank: r.get(15)?,
            entered_stage_at: entered,
            days_in_stage: days,
            rotting: !stage.is_final && stage.rot_days.is_some_and(|limit| days > limit),
        };
        stages[i].cards.push(card);
    }
    for (stage, total) in stages.iter_mut().zip(&totals) {
        stage.count = stage.cards.len();
        stage.total_value = money(total);
    }
    let text = |f: &str| pipeline.get(f).and_then(serde_json::Value::as_str).unwrap_or_default().to_string();
    Ok(Board {
        pipeline_id: pid,
        name: text("name"),
        r#type: text("type"),
        stages,
        open_value: money(&open),
        weighted_value: money(&(weighted / Decimal::from(100))),
    })
}
