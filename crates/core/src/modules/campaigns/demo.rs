//! Demo rows of the campaigns module (see [`crate::demo`]).

use chrono::Duration;
use serde_json::json;

use crate::demo::{Demo, Gen, row};
use crate::error::Result;
use super::tables::{EMAIL_CAMPAIGNS, SMS_CAMPAIGNS};
use crate::values::timestamp_text;

/// Writes this module's demo rows.
pub fn generate(d: &mut Demo, g: &mut Gen) -> Result<()> {
    let newsletter = d.newsletter.clone();

    // Campaigns.
    d.put(&EMAIL_CAMPAIGNS,
        vec![
            row(
                json!({ "name": "Spring promo", "subject": "20% off website care plans", "from_name": "Brightleaf Marketing", "from_email": "hello@brightleaf.example",
            "template_id": newsletter, "html_content": "<p>Spring is here.</p>", "status": "sent", "sent_at": g.past(40),
            "recipient_count": 1840, "opened_count": 702, "clicked_count": 131 }),
            ),
            row(
                json!({ "name": "Webinar invite", "subject": "Local SEO in 2027", "from_name": "Maya at Brightleaf", "from_email": "maya@brightleaf.example",
            "html_content": "<p>Join us live.</p>", "status": "scheduled", "scheduled_at": timestamp_text(g.anchor + Duration::days(5)) }),
            ),
            row(
                json!({ "name": "Customer survey", "subject": "How are we doing?", "from_name": "Brightleaf", "from_email": "hello@brightleaf.example",
            "html_content": "<p>Two minutes of your time.</p>", "status": "draft" }),
            ),
        ],
    )?;
    d.put(&SMS_CAMPAIGNS,
        vec![
            row(
                json!({ "name": "Appointment reminders", "message": "Reminder: your call with Brightleaf is tomorrow. Reply C to confirm.", "status": "sending", "recipient_count": 120, "delivered_count": 87 }),
            ),
            row(
                json!({ "name": "Holiday hours", "message": "Our office is closed Dec 24-26.", "status": "draft" }),
            ),
        ],
    )?;

    Ok(())
}
