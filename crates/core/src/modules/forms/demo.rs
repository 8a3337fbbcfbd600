//! Demo rows of the forms module (see [`crate::demo`]).

use rand::Rng;
use serde_json::json;

use crate::demo::{Demo, Gen, row, FIRST_NAMES, LAST_NAMES};
use crate::error::Result;
use super::tables::{FORMS, FORM_SUBMISSIONS, FORM_VIEWS};

/// Writes this module's demo rows.
pub fn generate(d: &mut Demo, g: &mut Gen) -> Result<()> {
    let contacts = d.contacts.clone();

    // Forms and submissions.
    let form_specs = [
        ("Free marketing audit", "free-audit"),
        ("Contact us", "contact-us"),
        ("Webinar sign-up", "webinar"),
    ];
    let mut forms = Vec::new();
    let mut form_rows = Vec::new();
    for (name, slug) in form_specs {
        let id = g.id();
        form_rows.push(row(json!({
            "id": id, "name": name, "slug": slug, "description": format!("{name} form on the website"),
            "fields": [
                { "id": "first_name", "label": "First name", "type": "text", "required": true, "map_to": "first_name" },
                { "id": "last_name", "label": "Last name", "type": "text", "required": false, "map_to": "last_name" },
                { "id": "email", "label": "Email", "type": "email", "required": true, "map_to": "email" },
                { "id": "message", "label": "How can we help?", "type": "textarea", "required": false },
                { "id": "news", "label": "Send me the monthly newsletter", "type": "consent", "required": false, "consent_to": "email" },
            ],
            "settings": { "contact_action": "create_or_update", "tags": ["website"], "notify_user_ids": [d.me] },
            "is_active": true, "is_public": true, "thank_you_message": "Thanks! We'll be in touch within one business day.",
        })));
        forms.push(id);
    }
    d.put(&FORMS, form_rows)?;
    let submissions = (0..(d.contacts_wanted / 20).clamp(20, 5000))
        .map(|_| {
            let contact = contacts.get(g.rng.gen_range(0..contacts.len().max(1))).cloned();
            row(json!({
                "form_id": g.pick(&forms), "contact_id": contact,
                "data": { "first_name": g.pick(FIRST_NAMES), "last_name": g.pick(LAST_NAMES), "message": "Looking for help with local SEO.", "utm_source": "google" },
                "ip_address": format!("203.0.113.{}", g.rng.gen_range(1..255)), "user_agent": "Mozilla/5.0",
                "referrer": "https://www.google.com/", "utm_source": g.pick(&["google", "facebook", "newsletter"]),
                "utm_medium": g.pick(&["cpc", "social", "email"]), "utm_campaign": "spring-promo", "created_at": g.past(180),
            }))
        })
        .collect();
    d.put(&FORM_SUBMISSIONS, submissions)?;

    // Each form's page views over the last 30 days.
    let mut views = Vec::new();
    for form in &forms {
        for back in 0..30 {
            let day = g.today - chrono::Duration::days(back);
            views.push(row(json!({
                "form_id": form, "day": day.format("%Y-%m-%d").to_string(), "views": g.rng.gen_range(5..120),
            })));
        }
    }
    d.put(&FORM_VIEWS, views)?;

    Ok(())
}
