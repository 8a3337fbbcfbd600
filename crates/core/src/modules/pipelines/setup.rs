//! Pipeline settings: a pipeline made from a template (sales, project, hiring), stages
//! put in a new order, and a stage deleted once its cards are moved to another.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use ts_rs::TS;
use uuid::Uuid;

use super::moves::{move_in, CardMove};
use super::tables::{PIPELINES, PIPELINE_STAGES};
use crate::error::{Error, Result};
use crate::records::{self, Actor, Row};

/// The templates a pipeline can start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PipelineTemplate {
    Sales,
    Project,
    Hiring,
}

struct StageSpec {
    name: &'static str,
    color: &'static str,
    probability: Option<i64>,
    outcome: Option<&'static str>,
    rot_days: Option<i64>,
}

const fn open(name: &'static str, color: &'static str, probability: i64, rot_days: i64) -> StageSpec {
    StageSpec { name, color, probability: Some(probability), outcome: None, rot_days: Some(rot_days) }
}
const fn won(name: &'static str) -> StageSpec {
    StageSpec { name, color: "#22c55e", probability: Some(100), outcome: Some("won"), rot_days: None }
}
const fn lost(name: &'static str) -> StageSpec {
    StageSpec { name, color: "#ef4444", probability: Some(0), outcome: Some("lost"), rot_days: None }
}

static SALES: [StageSpec; 6] = [
    open("Lead", "#94a3b8", 10, 14),
    open("Qualified", "#3b82f6", 25, 14),
    open("Proposal", "#f59e0b", 50, 10),
    open("Negotiation", "#a855f7", 75, 7),
    won("Won"),
    lost("Lost"),
];
static PROJECT: [StageSpec; 6] = [
    open("Backlog", "#94a3b8", 10, 30),
    open("Planned", "#3b82f6", 30, 21),
    open("In progress", "#f59e0b", 60, 14),
    open("Review", "#a855f7", 90, 7),
    won("Done"),
    lost("Cancelled"),
];
static HIRING: [StageSpec; 6] = [
    open("Applied", "#94a3b8", 5, 7),
    open("Screening", "#3b82f6", 15, 7),
    open("Interview", "#f59e0b", 40, 10),
    open("Offer", "#a855f7", 80, 5),
    won("Hired"),
    lost("Rejected"),
];

fn stages(template: PipelineTemplate) -> &'static [StageSpec] {
    match template {
        PipelineTemplate::Sales => &SALES,
        PipelineTemplate::Project => &PROJECT,
        PipelineTemplate::Hiring => &HIRING,
    }
}

/// Creates a pipeline named `name` with the template's stages; returns the pipeline.
pub fn create_from_template(conn: &mut Connection, actor: &Actor, name: &str, template: PipelineTemplate) -> Result<Row> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid("name", "is required"));
    }
    let kind = match template {
        PipelineTemplate::Sales => "sales",
        PipelineTemplate::Project => "project",
        PipelineTemplate::Hiring => "hiring",
    };
    let tx = conn.transaction()?;
    let Value::Object(input) = json!({ "name": name, "type": kind, "is_active": true }) else {
        unreachable!("a JSON object literal")
    };
    let pipeline = records::create_in(&tx, actor, &PIPELINES, input, None)?;
    let id = pipeline.get("id").cloned().unwrap_or_default();
    for (position, s) in stages(template).iter().enumerate() {
        let Value::Object(input) = json!({
            "pipeline_id": id, "name": s.name, "position": position, "color": s.color,
            "is_final": s.outcome.is_some(), "outcome": s.outcome, "probability": s.probability,
            "rot_days": s.rot_days,
        }) else {
            unreachable!("a JSON object literal")
        };
        records::create_in(&tx, actor, &PIPELINE_STAGES, input, None)?;
    }
    tx.commit()?;
    Ok(pipeline)
}

/// Gives the pipeline's live stages the order of `stage_ids` (all of them, each once).
/// Only stages whose position changes are written; two devices reordering offline end in
/// one of their orders, ties broken by id.
pub fn reorder_stages(conn: &mut Connection, actor: &Actor, pipeline_id: Uuid, stage_ids: &[Uuid]) -> Result<()> {
    let tx = conn.transaction()?;
    records::get(&tx, actor, &PIPELINES, pipeline_id)?;
    let live: Vec<(String, i64)> = tx
        .prepare("SELECT id, position FROM pipeline_stages WHERE pipeline_id = ?1 AND deleted_at IS NULL")?
        .query_map([pipeline_id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let given: std::collections::BTreeSet<String> = stage_ids.iter().map(Uuid::to_string).collect();
    let have: std::collections::BTreeSet<String> = live.iter().map(|(id, _)| id.clone()).collect();
    if given != have || given.len() != stage_ids.len() {
        return Err(Error::invalid("stage_ids", "must list every live stage of the pipeline once"));
    }
    for (position, id) in stage_ids.iter().enumerate() {
        let current = live.iter().find(|(s, _)| *s == id.to_string()).map(|(_, p)| *p);
        if current != Some(position as i64) {
            let Value::Object(patch) = json!({ "position": position }) else { unreachable!() };
            records::update_in(&tx, actor, &PIPELINE_STAGES, *id, patch, None)?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// Deletes a stage; its live cards first go to the end of `move_to` (another stage of the
/// pipeline), in their order. Without `move_to`, a stage holding cards is refused.
pub fn delete_stage(conn: &mut Connection, actor: &Actor, stage_id: Uuid, move_to: Option<Uuid>) -> Result<Row> {
    let tx = conn.transaction()?;
    let stage = records::get(&tx, actor, &PIPELINE_STAGES, stage_id)?;
    if let Some(target) = move_to {
        if target == stage_id {
            return Err(Error::invalid("move_to", "is the stage being deleted"));
        }
        let order = super::board::ORDER_KEY;
        let cards: Vec<String> = tx
            .prepare(&format!("SELECT c.id FROM pipeline_cards c WHERE c.stage_id = ?1 AND c.deleted_at IS NULL ORDER BY {order}, c.id"))?
            .query_map([stage_id.to_string()], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for card in cards {
            let card_id = Uuid::parse_str(&card).map_err(|_| Error::invalid("card_id", "is not a UUID"))?;
            // A lost stage needs a reason: the stage's name says where the card came from.
            let reason = format!("Stage \"{}\" was deleted", stage.get("name").and_then(Value::as_str).unwrap_or_default());
            move_in(&tx, actor, &CardMove { card_id, stage_id: target, lost_reason: Some(reason), ..CardMove::default() })
                .map_err(|e| e.within("move_to"))?;
        }
    }
    let row = records::set_deleted_in(&tx, actor, &PIPELINE_STAGES, stage_id, true, None)?;
    tx.commit()?;
    Ok(row)
}
