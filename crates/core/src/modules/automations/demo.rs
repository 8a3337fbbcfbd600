//! Demo rows of the automations module (see [`crate::demo`]).

use rand::Rng;
use serde_json::json;

use crate::demo::{Demo, Gen, row};
use crate::error::Result;
use super::tables::{AUTOMATIONS, AUTOMATION_RUNS};

/// Writes this module's demo rows.
pub fn generate(d: &mut Demo, g: &mut Gen) -> Result<()> {
    let contacts = d.contacts.clone();
    // Demo contacts stand for history: the contact_created and tag_added events their
    // inserts raised (two per contact) would start nothing (no automation is older than
    // them) and would double what a demo organisation syncs. They were never synced (a
    // demo goes into an empty organisation), so they go, with their dirty marks; the
    // newest twenty contact_created stay, as the event table's own demo rows.
    d.connection().execute(
        "DELETE FROM trigger_events WHERE kind IN ('contact_created', 'tag_added')
           AND subject_table = 'contacts' AND subject_id IN (SELECT value FROM json_each(?1))
           AND id NOT IN (SELECT row_id FROM sync_docs WHERE table_name = 'trigger_events')
           AND id NOT IN (SELECT id FROM trigger_events WHERE kind = 'contact_created'
                          ORDER BY occurred_at DESC, id LIMIT 20)",
        [serde_json::Value::from(contacts.clone()).to_string()],
    )?;
    d.connection().execute(
        "DELETE FROM sync_dirty WHERE table_name = 'trigger_events'
           AND row_id NOT IN (SELECT id FROM trigger_events)",
        [],
    )?;

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
