//! Demo rows of the forms module (see [`crate::demo`]).

use rand::Rng;
use serde_json::json;

use crate::demo::{Demo, Gen, row, FIRST_NAMES, LAST_NAMES};
use crate::error::Result;
use super::tables::{FORMS, FORM_SUBMISSIONS};

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
                { "name": "name", "label": "Your name", "type": "text", "required": true },
                { "name": "email", "label": "Email", "type": "email", "required": true },
                { "name": "message", "label": "How can we help?", "type": "textarea", "required": false },
            ],
            "settings": { "notify": ["team@brightleaf.example"], "create_contact": true },
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
                "data": { "name": format!("{} {}", g.pick(FIRST_NAMES), g.pick(LAST_NAMES)), "message": "Looking for help with local SEO." },
                "ip_address": format!("203.0.113.{}", g.rng.gen_range(1..255)), "user_agent": "Mozilla/5.0",
                "referrer": "https://www.google.com/", "utm_source": g.pick(&["google", "facebook", "newsletter"]),
                "utm_medium": g.pick(&["cpc", "social", "email"]), "utm_campaign": "spring-promo", "created_at": g.past(180),
            }))
        })
        .collect();
    d.put(&FORM_SUBMISSIONS, submissions)?;

    Ok(())
}
