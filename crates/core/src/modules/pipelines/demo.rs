//! Demo rows of the pipelines module (see [`crate::demo`]).

use chrono::Duration;
use rand::Rng;
use serde_json::json;

use crate::demo::{Demo, Gen, row, money_text};
use crate::error::Result;
use super::tables::{PIPELINES, PIPELINE_CARDS, PIPELINE_STAGES};

/// Writes this module's demo rows.
pub fn generate(d: &mut Demo, g: &mut Gen) -> Result<()> {
    let team = d.team.clone();
    let contacts = d.contacts.clone();
    let companies = d.companies.clone();

    // Pipelines, stages, cards.
    let pipeline_specs: [(&str, &str, &[&str]); 2] = [
        (
            "Sales",
            "sales",
            &[
                "New lead",
                "Contacted",
                "Proposal sent",
                "Negotiation",
                "Won",
            ],
        ),
        (
            "Client onboarding",
            "project",
            &["Kick-off", "Setup", "Launch", "Live"],
        ),
    ];
    let mut pipelines = Vec::new();
    let mut stages: Vec<(String, String)> = Vec::new(); // pipeline, stage
    let mut stage_rows = Vec::new();
    for (name, kind, stage_names) in pipeline_specs {
        let id = g.id();
        pipelines.push(row(json!({ "id": id, "name": name, "type": kind, "description": format!("{name} pipeline"), "is_active": true })));
        for (pos, stage) in stage_names.iter().enumerate() {
            let sid = g.id();
            stage_rows.push(row(json!({
                "id": sid, "pipeline_id": id, "name": stage, "position": pos, "color": (["#94a3b8", "#3b82f6", "#f59e0b", "#a855f7", "#22c55e"][pos % 5]),
                "is_final": pos + 1 == stage_names.len(),
            })));
            stages.push((id.clone(), sid));
        }
    }
    d.put(&PIPELINES, pipelines)?;
    d.put(&PIPELINE_STAGES, stage_rows)?;
    let cards = (0..(d.contacts_wanted / 50).clamp(20, 2000))
        .map(|i| {
            let (pipeline, stage) = stages[g.rng.gen_range(0..stages.len())].clone();
            let company = &companies[g.rng.gen_range(0..companies.len())];
            row(json!({
                "pipeline_id": pipeline, "stage_id": stage,
                "contact_id": contacts.get(g.rng.gen_range(0..contacts.len().max(1))).cloned(),
                "company_id": company.0, "owner_id": g.pick(&team), "title": format!("{} — {}", company.1, g.pick(&["SEO retainer", "New website", "Ads management", "Brand refresh"])),
                "value": money_text(&g.money(500, 40_000)), "priority": g.pick(&["high", "medium", "low"]),
                "due_date": (g.today + Duration::days(g.rng.gen_range(-10..60))).to_string(),
                "tags": [], "assignees": [g.pick(&team)], "custom_fields": {}, "position": i,
            }))
        })
        .collect();
    d.put(&PIPELINE_CARDS, cards)?;

    Ok(())
}
