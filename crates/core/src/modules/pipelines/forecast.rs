//! The numbers of a pipeline's dashboard: weighted value and expected close by month
//! (open cards by due date, each value times its probability), funnel conversion per
//! stage and average time in stage (from the stage history), and won and lost per month.
//! The maths are pure functions over plain rows, tested on their own.

use std::collections::{BTreeMap, HashMap, HashSet};

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::board::{board, money, parse_money, Board};
use super::history::seconds_between;
use crate::error::Result;
use crate::records::Actor;
use crate::schema::Decimal;
use crate::values::timestamp_text;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MonthForecast {
    /// `YYYY-MM`, or "" for open cards with no due date.
    pub month: String,
    pub count: usize,
    pub value: String,
    pub weighted: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FunnelStep {
    pub stage_id: String,
    pub name: String,
    /// Cards that ever reached this stage or a later open or won one.
    pub reached: usize,
    /// Share (0-100) of the previous step's cards that reached this one.
    pub conversion: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct StageTime {
    pub stage_id: String,
    pub name: String,
    /// Stays counted (finished ones and the current ones so far).
    pub stays: usize,
    pub average_days: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Outcomes {
    pub month: String,
    pub won: usize,
    pub won_value: String,
    pub lost: usize,
    pub lost_value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Dashboard {
    pub open_value: String,
    pub weighted_value: String,
    pub value_by_stage: Vec<(String, String, String)>,
    pub by_month: Vec<MonthForecast>,
    pub funnel: Vec<FunnelStep>,
    pub time_in_stage: Vec<StageTime>,
    pub outcomes: Vec<Outcomes>,
    pub rotting: usize,
}

/// One stage change, as the maths read it.
#[derive(Debug, Clone)]
pub struct Change {
    pub card: String,
    pub to: String,
    pub at: String,
}

/// Open cards by expected close month (their due date): count, value, weighted value.
pub fn by_month(board: &Board) -> Vec<MonthForecast> {
    let mut months: BTreeMap<String, (usize, Decimal, Decimal)> = BTreeMap::new();
    for stage in board.stages.iter().filter(|s| !s.is_final) {
        for card in &stage.cards {
            let month = card.due_date.as_deref().map(|d| d.get(..7).unwrap_or(d).to_string()).unwrap_or_default();
            let value = parse_money(card.value.as_deref());
            let weighted = &value * Decimal::from(card.probability.unwrap_or(0)) / Decimal::from(100);
            let entry = months.entry(month).or_default();
            entry.0 += 1;
            entry.1 += value;
            entry.2 += weighted;
        }
    }
    months
        .into_iter()
        .map(|(month, (count, value, weighted))| MonthForecast { month, count, value: money(&value), weighted: money(&weighted) })
        .collect()
}

/// Funnel over the open and won stages in board order: a card reached a stage when its
/// history entered it or any later one of them (a card created in Proposal passed Lead).
pub fn funnel(board: &Board, history: &[Change]) -> Vec<FunnelStep> {
    let steps: Vec<&super::board::BoardStage> =
        board.stages.iter().filter(|s| s.outcome.as_deref() != Some("lost")).collect();
    let index: HashMap<&str, usize> = steps.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
    let mut furthest: HashMap<&str, usize> = HashMap::new();
    for change in history {
        if let Some(&i) = index.get(change.to.as_str()) {
            let f = furthest.entry(change.card.as_str()).or_insert(i);
            *f = (*f).max(i);
        }
    }
    let mut out = Vec::new();
    let mut previous: Option<usize> = None;
    for (i, stage) in steps.iter().enumerate() {
        let reached = furthest.values().filter(|f| **f >= i).count();
        let conversion = previous.map(|p| if p == 0 { 0.0 } else { (reached as f64) * 100.0 / (p as f64) });
        out.push(FunnelStep { stage_id: stage.id.clone(), name: stage.name.clone(), reached, conversion });
        previous = Some(reached);
    }
    out
}

/// Average days per stay in each stage: a stay runs from entering a stage to the card's
/// next change, or to `now` for the stage a card is in.
pub fn time_in_stage(board: &Board, history: &[Change], now: &str) -> Vec<StageTime> {
    let mut per_card: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
    for change in history {
        per_card.entry(change.card.as_str()).or_default().push(change);
    }
    let mut totals: HashMap<&str, (usize, i64)> = HashMap::new();
    for changes in per_card.values_mut() {
        changes.sort_by(|a, b| a.at.cmp(&b.at));
        for (i, change) in changes.iter().enumerate() {
            let end = changes.get(i + 1).map_or(now, |next| next.at.as_str());
            let t = totals.entry(change.to.as_str()).or_default();
            t.0 += 1;
            t.1 += seconds_between(&change.at, end);
        }
    }
    board
        .stages
        .iter()
        .map(|s| {
            let (stays, seconds) = totals.get(s.id.as_str()).copied().unwrap_or_default();
            let average_days = if stays == 0 { 0.0 } else { seconds as f64 / stays as f64 / 86_400.0 };
            StageTime { stage_id: s.id.clone(), name: s.name.clone(), stays, average_days }
        })
        .collect()
}

/// Cards won and lost per month: each card counted once, in the month it last entered a
/// won or lost stage, if it is still in one.
pub fn outcomes(board: &Board, history: &[Change]) -> Vec<Outcomes> {
    let mut months: BTreeMap<String, (usize, Decimal, usize, Decimal)> = BTreeMap::new();
    let mut last_entry: HashMap<(&str, &str), &str> = HashMap::new();
    for change in history {
        let at = last_entry.entry((change.card.as_str(), change.to.as_str())).or_insert(change.at.as_str());
        if change.at.as_str() > *at {
            *at = change.at.as_str();
        }
    }
    let mut seen = HashSet::new();
    for stage in board.stages.iter().filter(|s| s.is_final && s.outcome.is_some()) {
        let won = stage.outcome.as_deref() == Some("won");
        for card in &stage.cards {
            if !seen.insert(card.id.as_str()) {
                continue;
            }
            let at = last_entry.get(&(card.id.as_str(), stage.id.as_str())).copied().unwrap_or(card.entered_stage_at.as_str());
            let month = at.get(..7).unwrap_or(at).to_string();
            let value = parse_money(card.value.as_deref());
            let m = months.entry(month).or_default();
            if won {
                m.0 += 1;
                m.1 += value;
            } else {
                m.2 += 1;
                m.3 += value;
            }
        }
    }
    months
        .into_iter()
        .map(|(month, (won, wv, lost, lv))| Outcomes { month, won, won_value: money(&wv), lost, lost_value: money(&lv) })
        .collect()
}

/// The stage history of a pipeline's live cards, oldest first.
pub fn changes(conn: &Connection, pipeline_id: Uuid) -> Result<Vec<Change>> {
    Ok(conn
        .prepare_cached(
            "SELECT h.card_id, h.to_stage_id, h.changed_at FROM pipeline_stage_history h
             JOIN pipeline_cards c ON c.id = h.card_id AND c.deleted_at IS NULL
             WHERE h.pipeline_id = ?1 AND h.deleted_at IS NULL ORDER BY h.changed_at, h.id",
        )?
        .query_map([pipeline_id.to_string()], |r| Ok(Change { card: r.get(0)?, to: r.get(1)?, at: r.get(2)? }))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Everything the dashboard of a pipeline shows.
pub fn dashboard(conn: &Connection, actor: &Actor, pipeline_id: Uuid) -> Result<Dashboard> {
    let board = board(conn, actor, pipeline_id)?;
    let history = changes(conn, pipeline_id)?;
    let now = timestamp_text(actor.clock.now());
    Ok(Dashboard {
        open_value: board.open_value.clone(),
        weighted_value: board.weighted_value.clone(),
        value_by_stage: board.stages.iter().map(|s| (s.id.clone(), s.name.clone(), s.total_value.clone())).collect(),
        by_month: by_month(&board),
        funnel: funnel(&board, &history),
        time_in_stage: time_in_stage(&board, &history, &now),
        outcomes: outcomes(&board, &history),
        rotting: board.stages.iter().flat_map(|s| &s.cards).filter(|c| c.rotting).count(),
    })
}
