//! Demo rows of the integrations module (see [`crate::demo`]).

use serde_json::json;

use crate::demo::{Demo, Gen, row};
use crate::error::Result;
use super::tables::{INTEGRATIONS, INTEGRATION_LOGS};

/// Writes this module's demo rows.
pub fn generate(d: &mut Demo, g: &mut Gen) -> Result<()> {
    // Integrations and their logs.
    let integrations = [g.id(), g.id(), g.id()];
    d.put(&INTEGRATIONS,
        vec![
            row(
                json!({ "id": integrations[0], "name": "Stripe payments", "provider": "stripe", "status": "active", "settings": { "currency": "USD" }, "last_sync_at": g.past(1) }),
            ),
            row(
                json!({ "id": integrations[1], "name": "Mailchimp audience", "provider": "mailchimp", "status": "inactive", "settings": {} }),
            ),
            row(
                json!({ "id": integrations[2], "name": "Zapier", "provider": "zapier", "status": "error", "settings": {} }),
            ),
        ],
    )?;
    let logs = (0..20)
        .map(|_| {
            let failed = g.chance(0.2);
            row(json!({
                "integration_id": g.pick(&integrations), "action": g.pick(&["sync_contacts", "send_email", "charge_card"]),
                "status": if failed { "failed" } else { "success" }, "request_data": { "count": 10 },
                "error_message": failed.then_some("401 Unauthorized: API key revoked"), "created_at": g.past(30),
            }))
        })
        .collect();
    d.put(&INTEGRATION_LOGS, logs)?;

    Ok(())
}
