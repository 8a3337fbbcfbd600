//! Demo rows of the pipelines module (see [`crate::demo`]): a sales pipeline with won and
//! lost stages and a client onboarding pipeline, cards spread over their stages, each with
//! the stage history that brought it there (so the dashboard has a past to chart).

use chrono::Duration;
use rand::Rng;
use serde_json::json;

use super::rank;
use super::tables::{PIPELINES, PIPELINE_CARDS, PIPELINE_STAGES, PIPELINE_STAGE_HISTORY};
use crate::demo::{money_text, row, Demo, Gen};
use crate::error::Result;
use crate::values::timestamp_text;

/// A demo stage: name, colour, probability, rot limit in days, outcome of a final stage.
type Spec = (&'static str, &'static str, i64, Option<i64>, Option<&'static str>);

const SALES: &[Spec] = &[
    ("New lead", "#94a3b8", 10, Some(14), None),
    ("Contacted", "#3b82f6", 25, Some(14), None),
    ("Proposal sent", "#f59e0b", 50, Some(10), None),
    ("Negotiation", "#a855f7", 75, Some(7), None),
    ("Won", "#22c55e", 100, None, Some("won")),
    ("Lost", "#ef4444", 0, None, Some("lost")),
];
const ONBOARDING: &[Spec] = &[
    ("Kick-off", "#94a3b8", 20, Some(10), None),
    ("Setup", "#3b82f6", 50, Some(14), None),
    ("Launch", "#f59e0b", 80, Some(7), None),
    ("Live", "#22c55e", 100, None, Some("won")),
];
const LOST_REASONS: &[&str] = &["Price too high", "Went with a competitor", "No budget this year", "No reply"];

/// Writes this module's demo rows.
pub fn generate(d: &mut Demo, g: &mut Gen) -> Result<()> {
    let team = d.team.clone();
    let contacts = d.contacts.clone();
    let companies = d.companies.clone();

    let specs: [(&str, &str, &[Spec]); 2] = [("Sales", "sales", SALES), ("Client onboarding", "project", ONBOARDING)];
    let mut pipelines = Vec::new();
    // Per pipeline: its id and its stages' ids with their specs.
    let mut boards: Vec<(String, Vec<(String, Spec)>)> = Vec::new();
    let mut stage_rows = Vec::new();
    for (name, kind, stage_specs) in specs {
        let id = g.id();
        pipelines.push(row(json!({ "id": id, "name": name, "type": kind, "description": format!("{name} pipeline"), "is_active": true })));
        let mut stages = Vec::new();
        for (pos, spec) in stage_specs.iter().enumerate() {
            let sid = g.id();
            let (stage, color, probability, rot_days, outcome) = *spec;
            stage_rows.push(row(json!({
                "id": sid, "pipeline_id": id, "name": stage, "position": pos, "color": color,
                "is_final": outcome.is_some(), "outcome": outcome, "probability": probability, "rot_days": rot_days,
            })));
            stages.push((sid, *spec));
        }
        boards.push((id, stages));
    }
    d.put(&PIPELINES, pipelines)?;
    d.put(&PIPELINE_STAGES, stage_rows)?;
    let mut cards = Vec::new();
    let mut history = Vec::new();
    let mut last_rank: Vec<Vec<Option<String>>> = boards.iter().map(|(_, s)| vec![None; s.len()]).collect();
    for _ in 0..(d.contacts_wanted / 50).clamp(20, 2000) {
        let b = g.rng.gen_range(0..boards.len());
        let (pipeline, stages) = &boards[b];
        let s = g.rng.gen_range(0..stages.len());
        let (stage, spec) = &stages[s];
        let id = g.id();
        let company = &companies[g.rng.gen_range(0..companies.len())];
        // Created up to 120 days ago; it went through the open stages before its own.
        let created = g.anchor - Duration::seconds(g.rng.gen_range(3_600..120 * 86_400));
        let lost = spec.4 == Some("lost");
        let path: Vec<usize> = if lost {
            (0..g.rng.gen_range(1..=4)).chain([s]).collect()
        } else {
            (0..=s).collect()
        };
        let span = (g.anchor - created).num_seconds().max(1);
        let mut at = created;
        let mut from: Option<String> = None;
        for (k, step) in path.iter().enumerate() {
            if k > 0 {
                let left = (g.anchor - at).num_seconds().max(1);
                at += Duration::seconds(g.rng.gen_range(0..=left.min(span / path.len() as i64 * 2).max(1)));
            }
            let to = stages[*step].0.clone();
            history.push(row(json!({
                "id": g.id(), "pipeline_id": pipeline, "card_id": id, "from_stage_id": from,
                "to_stage_id": to, "changed_by": g.pick(&team), "changed_at": timestamp_text(at),
            })));
            from = Some(to);
        }
        let key = rank::between(last_rank[b][s].as_deref(), None);
        last_rank[b][s] = Some(key.clone());
        cards.push(row(json!({
            "id": id, "pipeline_id": pipeline, "stage_id": stage,
            "contact_id": contacts.get(g.rng.gen_range(0..contacts.len().max(1))).cloned(),
            "company_id": company.0, "owner_id": g.pick(&team), "title": format!("{} — {}", company.1, g.pick(&["SEO retainer", "New website", "Ads management", "Brand refresh"])),
            "value": money_text(&g.money(500, 40_000)), "priority": g.pick(&["high", "medium", "low"]),
            "due_date": (g.today + Duration::days(g.rng.gen_range(-10..90))).to_string(),
            "tags": [g.pick(&["retainer", "project", "referral", "inbound"])], "assignees": [g.pick(&team)], "custom_fields": {},
            "rank": key, "lost_reason": if lost { Some(g.pick(LOST_REASONS)) } else { None },
            "created_at": timestamp_text(created),
        })));
    }
    d.put(&PIPELINE_CARDS, cards)?;
    d.put(&PIPELINE_STAGE_HISTORY, history)?;
    Ok(())
}
