//! Demo rows of the automations module (see [`crate::demo`]).

use rand::Rng;
use serde_json::json;

use crate::demo::{Demo, Gen, row};
use crate::error::Result;
use super::tables::{AUTOMATIONS, AUTOMATION_RUNS};

/// Writes this module's demo rows.
pub fn generate(d: &mut Demo, g: &mut Gen) -> Result<()> {
    let contacts = d.contacts.clone();

    // Automations and runs.
    let automations = [g.id(), g.id()];
    d.put(&AUTOMATIONS,
        vec![
            row(
                json!({ "id": automations[0], "name": "Welcome new leads", "trigger_type": "form_submit", "trigger_config": { "form": "free-audit" },
            "actions": [{ "type": "add_tag", "tag": "Lead" }, { "type": "wait", "days": 2 }, { "type": "create_activity", "activity_type": "call", "title": "Call {{contact.first_name}}" }], "is_active": true }),
            ),
            row(
                json!({ "id": automations[1], "name": "Re-engage cold contacts", "trigger_type": "schedule", "trigger_config": { "cron": "0 9 * * 1" },
            "actions": [{ "type": "add_tag", "tag": "Cold" }], "is_active": false }),
            ),
        ],
    )?;
    let runs = (0..40)
        .map(|_| {
            let started = g.past(60);
            let failed = g.chance(0.1);
            row(json!({
                "automation_id": g.pick(&automations), "contact_id": contacts.get(g.rng.gen_range(0..contacts.len().max(1))).cloned(),
                "status": if failed { "failed" } else { "completed" }, "started_at": started, "completed_at": started,
                "error_message": failed.then_some("Contact has opted out of email"), "actions_completed": if failed { 1 } else { 3 },
            }))
        })
        .collect();
    d.put(&AUTOMATION_RUNS, runs)?;

    Ok(())
}
