//! Demo rows of the crm module (see [`crate::demo`]).

use rand::Rng;
use serde_json::{json, Value};

use crate::demo::{Demo, Gen, row, money_text, FIRST_NAMES, LAST_NAMES};
use crate::error::Result;
use super::tables::{COMPANIES, CONTACTS, CONTACT_ACTIVITIES, CONTACT_NOTES, CUSTOM_FIELD_DEFINITIONS, SAVED_VIEWS, TAGS};

const COMPANY_WORDS: &[&str] = &[
    "North",
    "Blue",
    "Bright",
    "Green",
    "Summit",
    "Harbor",
    "Pixel",
    "Cedar",
    "Atlas",
    "Nova",
    "Orbit",
    "Maple",
    "Copper",
    "Lumen",
    "Vertex",
    "River",
    "Stone",
    "Falcon",
    "Aurora",
    "Delta",
    "Evergreen",
    "Iron",
    "Sparrow",
];

const COMPANY_KINDS: &[&str] = &[
    "Dental",
    "Fitness",
    "Realty",
    "Bakery",
    "Law",
    "Coffee",
    "Roofing",
    "Studio",
    "Clinic",
    "Motors",
    "Outfitters",
    "Landscaping",
    "Yoga",
    "Plumbing",
    "Boutique",
    "Brewing",
    "Physio",
    "Salon",
    "Accounting",
    "Travel",
];

const INDUSTRIES: &[&str] = &[
    "Healthcare",
    "Real estate",
    "Hospitality",
    "Retail",
    "Legal",
    "Home services",
    "Fitness",
    "Professional services",
];

const TITLES: &[&str] = &[
    "Owner",
    "Founder",
    "Marketing Manager",
    "Office Manager",
    "CEO",
    "Operations Lead",
    "Head of Sales",
    "Practice Manager",
    "Director",
    "Brand Manager",
];

const BUDGETS: &[&str] = &["< $1k", "$1k-5k", "$5k-20k", "> $20k"];

const CHANNELS: &[&str] = &["email", "phone", "sms"];

const TIERS: &[&str] = &["Bronze", "Silver", "Gold"];

const DEPARTMENTS: &[&str] = &["Marketing", "Sales", "Operations", "Management", "Finance"];

const SOURCES: &[&str] = &[
    "Website form",
    "Referral",
    "Google Ads",
    "Facebook Ads",
    "Booking page",
    "Event",
    "Cold outreach",
    "Instagram",
];

const TAG_SPECS: &[(&str, &str)] = &[
    ("VIP", "#eab308"),
    ("Newsletter", "#3b82f6"),
    ("Retainer", "#22c55e"),
    ("SEO", "#8b5cf6"),
    ("Paid ads", "#ef4444"),
    ("Web design", "#06b6d4"),
    ("Referral partner", "#f97316"),
    ("Churn risk", "#dc2626"),
    ("Webinar", "#14b8a6"),
    ("Local business", "#64748b"),
    ("Upsell", "#a855f7"),
    ("Cold", "#94a3b8"),
];

/// Writes this module's demo rows.
pub fn generate(d: &mut Demo, g: &mut Gen) -> Result<()> {
    let team = d.team.clone();

    // Tags first: the database counts their usage as contacts are written.
    let tag_names: Vec<&str> = TAG_SPECS.iter().map(|t| t.0).collect();
    let tags = TAG_SPECS
        .iter()
        .enumerate()
        .map(|(i, (name, color))| {
            row(json!({
                "name": name, "color": color, "type": if i % 4 == 3 { "general" } else { "contact" },
            }))
        })
        .collect();
    d.put(&TAGS, tags)?;

    // Custom fields and saved views of the CRM screens.
    let select = |entity: &str, key: &str, label: &str, options: &[&str], position: i64| {
        row(json!({
            "entity": entity, "key": key, "label": label, "field_type": "select",
            "options": options, "position": position,
        }))
    };
    d.put(&CUSTOM_FIELD_DEFINITIONS,
        vec![
            select("contacts", "budget", "Budget", BUDGETS, 0),
            select(
                "contacts",
                "preferred_channel",
                "Preferred channel",
                CHANNELS,
                1,
            ),
            select("companies", "account_tier", "Account tier", TIERS, 0),
        ],
    )?;
    let view = |name: &str, filters: Value, sort: Value, position: i64| {
        row(json!({
            "entity": "contacts", "name": name, "filters": filters, "sort": sort, "position": position,
            "columns": ["first_name", "last_name", "email", "company", "status", "lead_score", "tags", "owner_id"],
        }))
    };
    d.put(&SAVED_VIEWS,
        vec![
            view(
                "Hot leads",
                json!([{ "field": "status", "op": "eq", "value": "lead" }, { "field": "quality", "op": "eq", "value": "hot" }]),
                json!({ "field": "lead_score", "desc": true }),
                0,
            ),
            view(
                "Customers",
                json!([{ "field": "status", "op": "eq", "value": "customer" }]),
                json!({ "field": "last_name", "desc": false }),
                1,
            ),
        ],
    )?;

    // Companies.
    let company_count = (d.contacts_wanted / 10).max(5);
    let mut companies: Vec<(String, String, String)> = Vec::with_capacity(company_count); // id, name, domain
    let mut rows = Vec::with_capacity(company_count);
    for i in 0..company_count {
        let name = format!("{} {}", g.pick(COMPANY_WORDS), g.pick(COMPANY_KINDS));
        let domain = format!("{}{}.example.com", name.to_lowercase().replace(' ', "-"), i);
        let id = g.id();
        rows.push(row(json!({
            "id": id, "name": name, "domain": domain, "industry": g.pick(INDUSTRIES),
            "size": g.pick(&["1-10", "11-50", "51-200"]), "annual_revenue": money_text(&g.money(80_000, 9_000_000)),
            "phone": g.phone(), "website": format!("https://{domain}"), "address": g.address(),
            "owner_id": g.pick(&team), "tags": [], "custom_fields": { "account_tier": g.pick(TIERS) },
            "created_at": g.past(900),
        })));
        companies.push((id, name, domain));
    }
    d.put(&COMPANIES, rows)?;

    // Contacts, their notes and activities.
    let mut contacts: Vec<String> = Vec::with_capacity(d.contacts_wanted);
    let mut contact_rows = Vec::with_capacity(d.contacts_wanted);
    let mut notes = Vec::new();
    let mut activities = Vec::new();
    for i in 0..d.contacts_wanted {
        let first = g.pick(FIRST_NAMES);
        let last = g.pick(LAST_NAMES);
        let company = g
            .chance(0.75)
            .then(|| companies[g.rng.gen_range(0..companies.len())].clone());
        let domain = company
            .as_ref()
            .map_or("mail.example.net".to_string(), |c| c.2.clone());
        let ascii = |s: &str| {
            s.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_lowercase()
        };
        let email = format!("{}.{}{i}@{domain}", ascii(first), ascii(last));
        let mut tags: Vec<&str> = Vec::new();
        for _ in 0..g.rng.gen_range(0..3) {
            let t = g.pick(&tag_names);
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        let status = g.pick(&[
            "lead", "lead", "contact", "customer", "customer", "inactive",
        ]);
        let id = g.id();
        let created = g.past(720);
        contact_rows.push(row(json!({
            "id": id, "first_name": first, "last_name": last, "email": email,
            "phone": g.chance(0.8).then(|| g.phone()),
            "company": company.as_ref().map(|c| c.1.clone()),
            "company_id": company.as_ref().map(|c| c.0.clone()),
            "title": g.chance(0.7).then(|| g.pick(TITLES)),
            "department": g.chance(0.4).then(|| g.pick(DEPARTMENTS)),
            "website": company.as_ref().map(|c| format!("https://{}", c.2)),
            "address": g.address(),
            "dob": g.chance(0.3).then(|| format!("{}-{:02}-{:02}", g.rng.gen_range(1955..2003), g.rng.gen_range(1..13), g.rng.gen_range(1..29))),
            "owner_id": g.pick(&team), "source": g.pick(SOURCES), "status": status,
            "lead_score": g.rng.gen_range(0..=100),
            "quality": g.chance(0.8).then(|| g.pick(&["hot", "warm", "cold", "unqualified"])),
            "engagement": g.chance(0.8).then(|| g.pick(&["high", "medium", "low"])),
            "tags": tags,
            "custom_fields": { "budget": g.pick(BUDGETS), "preferred_channel": g.pick(CHANNELS) },
            "opt_in_email": g.chance(0.9), "opt_in_sms": g.chance(0.6), "opt_in_calls": g.chance(0.8), "opt_in_automations": g.chance(0.9),
            "last_contacted_at": g.chance(0.7).then(|| g.past(120)),
            "created_at": created,
        })));
        if g.chance(0.5) {
            notes.push(row(json!({
                "contact_id": id, "user_id": g.pick(&team), "is_pinned": g.chance(0.1),
                "content": g.pick(&[
                    "Interested in a monthly SEO retainer; send the case study from the dental clinic.",
                    "Prefers calls after 3pm. Decision maker is the co-owner.",
                    "Asked for a quote on a new website with booking integration.",
                    "Unhappy with the last ad campaign's cost per lead — review targeting before renewal.",
                    "Met at the local business expo. Follow up with the webinar recording.",
                ]),
                "created_at": g.past(200),
            })));
        }
        for _ in 0..g.rng.gen_range(0..3) {
            let kind = g.pick(&[
                "note",
                "email",
                "call",
                "meeting",
                "sms",
                "form",
                "automation",
            ]);
            let (title, metadata) = match kind {
                "email" => (
                    "Sent proposal email",
                    json!({ "subject": "Your marketing proposal", "opened": g.chance(0.6) }),
                ),
                "call" => (
                    "Discovery call",
                    json!({ "duration_seconds": g.rng.gen_range(60..2400), "outcome": "interested" }),
                ),
                "meeting" => ("Strategy meeting", json!({ "location": "Zoom" })),
                "sms" => ("Appointment reminder SMS", json!({ "delivered": true })),
                "form" => (
                    "Submitted contact form",
                    json!({ "form": "Free audit request" }),
                ),
                "automation" => ("Entered welcome sequence", json!({ "step": 1 })),
                _ => ("Added a note", json!({})),
            };
            activities.push(row(json!({
                "contact_id": id, "user_id": g.pick(&team), "activity_type": kind, "title": title,
                "description": g.chance(0.5).then_some("Logged from the demo data."), "metadata": metadata,
                "created_at": g.past(365),
            })));
        }
        contacts.push(id);
    }
    d.put(&CONTACTS, contact_rows)?;
    d.put(&CONTACT_NOTES, notes)?;
    d.put(&CONTACT_ACTIVITIES, activities)?;

    d.contacts = contacts;
    d.companies = companies;
    Ok(())
}
