//! Demo data for every module: a small agency with its team, contacts, companies, a
//! calendar with bookings, forms, pipelines, orders and invoices, AI agents, templates,
//! integrations, automations, campaigns, tags and notifications.
//!
//! Deterministic: the same seed and anchor date give the same data. Everything goes
//! through the generic record path (`records::create_many`), so demo rows are validated
//! and scoped exactly like rows typed in the app; each table is one batch with one audit
//! entry.

use bigdecimal::BigDecimal;
use chrono::{Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;
use serde_json::{json, Value};

use crate::error::{Error, Result};
use crate::records::{self, Actor, ListQuery, Row};
use crate::schema::TableDef;
use crate::tables::*;
use crate::values::timestamp_text;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    pub contacts: usize,
    pub seed: u64,
    /// Dates are spread around this day (the past for history, the future for bookings).
    pub anchor: NaiveDate,
}

impl Options {
    pub fn new(contacts: usize, anchor: NaiveDate) -> Self {
        Options {
            contacts,
            seed: 42,
            anchor,
        }
    }
}

/// Rows written per table, and how long each table took.
pub type Summary = Vec<(&'static str, usize, std::time::Duration)>;

const FIRST_NAMES: &[&str] = &[
    "Olivia", "Liam", "Emma", "Noah", "Ava", "Oliver", "Sophia", "Elijah", "Isabella", "James",
    "Mia", "Lucas", "Amelia", "Mateo", "Harper", "Leo", "Evelyn", "Ethan", "Aria", "Hugo", "Chloe",
    "Yusuf", "Priya", "Kenji", "Sofia", "Luca", "Ines", "Jonas", "Freya", "Omar", "Zara", "Ravi",
    "Nora", "Felix", "Lena", "Mateus", "Aiko", "Diego", "Camille", "Tomás", "Hannah", "Arjun",
    "Elena", "Malik", "Greta", "Samuel", "Julia", "Andrés",
];
const LAST_NAMES: &[&str] = &[
    "Smith", "Johnson", "Williams", "Brown", "Garcia", "Miller", "Davis", "Martinez", "Lopez",
    "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Lee", "Thompson", "White",
    "Harris", "Clark", "Lewis", "Walker", "Young", "Müller", "Schmidt", "Rossi", "Bianchi",
    "Dubois", "Lefèvre", "Kowalski", "Nowak", "Silva", "Santos", "Tanaka", "Sato", "Kim", "Park",
    "Patel", "Sharma", "Khan", "O'Brien", "Murphy", "Jensen", "Nielsen", "Novak", "Horvat",
];
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
const CITIES: &[(&str, &str, &str)] = &[
    ("Austin", "TX", "US"),
    ("Denver", "CO", "US"),
    ("Portland", "OR", "US"),
    ("Chicago", "IL", "US"),
    ("Toronto", "ON", "CA"),
    ("London", "", "GB"),
    ("Manchester", "", "GB"),
    ("Berlin", "", "DE"),
    ("Lisbon", "", "PT"),
    ("Dublin", "", "IE"),
    ("Sydney", "NSW", "AU"),
    ("Amsterdam", "", "NL"),
];
const STREETS: &[&str] = &[
    "Main St",
    "Oak Ave",
    "High St",
    "Market St",
    "Park Rd",
    "Station Rd",
    "Elm St",
    "King St",
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
const TEAM: &[(&str, &str, &str)] = &[
    ("Maya", "Fischer", "manager"),
    ("Daniel", "Okafor", "user"),
    ("Sara", "Lindqvist", "user"),
    ("Tom", "Becker", "user"),
    ("Lucía", "Romero", "user"),
    ("Ben", "Carter", "client"),
];
const TEAM_ROLES: &[&str] = &["admin", "member", "member", "member", "member", "viewer"];

struct Gen {
    rng: ChaCha8Rng,
    anchor: chrono::DateTime<Utc>,
    today: NaiveDate,
}

impl Gen {
    fn id(&mut self) -> String {
        uuid::Builder::from_random_bytes(self.rng.gen())
            .into_uuid()
            .to_string()
    }
    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items
            .choose(&mut self.rng)
            .cloned()
            .unwrap_or_else(|| unreachable!("lists are not empty"))
    }
    fn chance(&mut self, p: f64) -> bool {
        self.rng.gen_bool(p)
    }
    /// An instant `days_back` days (at most) before the anchor.
    fn past(&mut self, max_days_back: i64) -> String {
        let secs = self.rng.gen_range(0..max_days_back.max(1) * 86_400);
        timestamp_text(self.anchor - Duration::seconds(secs))
    }
    fn money(&mut self, low: i64, high: i64) -> BigDecimal {
        BigDecimal::from(self.rng.gen_range(low * 100..=high * 100)) / BigDecimal::from(100)
    }
    fn address(&mut self) -> Value {
        let (city, state, country) = self.pick(CITIES);
        json!({
            "street": format!("{} {}", self.rng.gen_range(1..400), self.pick(STREETS)),
            "city": city, "state": state, "postal_code": format!("{:05}", self.rng.gen_range(1000..99999)), "country": country,
        })
    }
    fn phone(&mut self) -> String {
        format!(
            "+1 {} {} {:04}",
            self.rng.gen_range(200..999),
            self.rng.gen_range(200..999),
            self.rng.gen_range(0..9999)
        )
    }
}

fn row(v: Value) -> Row {
    match v {
        Value::Object(m) => m,
        _ => Row::new(),
    }
}

fn money_text(d: &BigDecimal) -> String {
    d.with_scale(2).to_plain_string()
}

/// Fills the actor's organisation with demo data. Refuses when it already has contacts,
/// so a second run never doubles the data.
pub fn generate(conn: &mut Connection, actor: &Actor, options: &Options) -> Result<Summary> {
    let existing = records::count(conn, actor, &CONTACTS, &ListQuery::default())?;
    if existing > 0 {
        return Err(Error::invalid(
            "demo",
            format!("the organization already has {existing} contacts; demo data goes into an empty one"),
        ));
    }
    let anchor = Utc.from_utc_datetime(
        &options
            .anchor
            .and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default()),
    );
    let mut g = Gen {
        rng: ChaCha8Rng::seed_from_u64(options.seed),
        anchor,
        today: options.anchor,
    };
    let mut summary = Summary::new();
    // One search indexing pass at the end instead of one per contact and per note.
    crate::crm::search::defer_contacts(conn)?;
    let mut put = |conn: &mut Connection, table: &'static TableDef, rows: Vec<Row>| -> Result<()> {
        let started = std::time::Instant::now();
        let n = records::create_many(conn, actor, table, rows, "demo")?;
        summary.push((table.name, n, started.elapsed()));
        Ok(())
    };
    let org_tag = &actor.organization_id.simple().to_string()[..6];
    let me = actor.user_id.to_string();

    // Team: users, their memberships.
    let mut team = vec![me.clone()];
    let mut users = Vec::new();
    let mut members = Vec::new();
    for (i, (first, last, role)) in TEAM.iter().enumerate() {
        let id = g.id();
        users.push(row(json!({
            "id": id, "email": format!("{}.{}.{org_tag}@brightleaf.example", first.to_lowercase(), last.to_lowercase()),
            "first_name": first, "last_name": last, "phone": g.phone(), "role": role,
            "timezone": g.pick(&["America/New_York", "Europe/Berlin", "Europe/London", "America/Denver"]),
            "is_email_verified": true, "last_login_at": g.past(7), "created_at": g.past(700),
        })));
        members.push(row(json!({ "user_id": id, "role": TEAM_ROLES[i], "joined_at": g.past(700), "permissions": [] })));
        team.push(id);
    }
    put(conn, &USERS, users)?;
    put(conn, &ORGANIZATION_MEMBERS, members)?;

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
    put(conn, &TAGS, tags)?;

    // Custom fields and saved views of the CRM screens.
    let select = |entity: &str, key: &str, label: &str, options: &[&str], position: i64| {
        row(json!({
            "entity": entity, "key": key, "label": label, "field_type": "select",
            "options": options, "position": position,
        }))
    };
    put(
        conn,
        &CUSTOM_FIELD_DEFINITIONS,
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
    put(
        conn,
        &SAVED_VIEWS,
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
    let company_count = (options.contacts / 10).max(5);
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
    put(conn, &COMPANIES, rows)?;

    // Contacts, their notes and activities.
    let mut contacts: Vec<String> = Vec::with_capacity(options.contacts);
    let mut contact_rows = Vec::with_capacity(options.contacts);
    let mut notes = Vec::new();
    let mut activities = Vec::new();
    for i in 0..options.contacts {
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
    put(conn, &CONTACTS, contact_rows)?;
    put(conn, &CONTACT_NOTES, notes)?;
    put(conn, &CONTACT_ACTIVITIES, activities)?;

    // Calendar: calendars, booking types, availability, events, settings, sync logs.
    let mut calendars = Vec::new();
    let mut calendar_rows = Vec::new();
    for (i, user) in team.iter().take(6).enumerate() {
        let id = g.id();
        calendar_rows.push(row(json!({
            "id": id, "user_id": user, "name": if i == 0 { "My calendar".to_string() } else { format!("{} calendar", TEAM[i - 1].0) },
            "color": (["#3b82f6", "#22c55e", "#f97316", "#a855f7", "#ec4899", "#14b8a6"][i]), "is_default": true,
            "is_visible": true, "sync_enabled": false,
        })));
        calendars.push((id, user.clone()));
    }
    put(conn, &CALENDARS, calendar_rows)?;
    let booking_specs = [
        ("Free strategy call", "strategy-call", 30, "0"),
        ("Website review", "website-review", 45, "0"),
        ("SEO workshop", "seo-workshop", 90, "249.00"),
    ];
    let mut booking_types = Vec::new();
    let mut booking_rows = Vec::new();
    for (name, slug, minutes, price) in booking_specs {
        let id = g.id();
        booking_rows.push(row(json!({
            "id": id, "name": name, "slug": format!("{slug}-{org_tag}"), "description": format!("{name} with our team."),
            "duration_minutes": minutes, "buffer_before_minutes": 5, "buffer_after_minutes": 10, "color": "#3b82f6",
            "is_active": true, "price": price, "location": "Google Meet",
            "questions": [{ "label": "What would you like to discuss?", "type": "textarea", "required": true }],
        })));
        booking_types.push(id);
    }
    put(conn, &BOOKING_TYPES, booking_rows)?;
    let mut rules = Vec::new();
    for day in 1..=5 {
        rules.push(row(json!({ "day_of_week": day, "start_time": "09:00", "end_time": "12:00", "is_available": true })));
        rules.push(row(json!({ "day_of_week": day, "start_time": "13:00", "end_time": "17:00", "is_available": true })));
    }
    put(conn, &AVAILABILITY_RULES, rules)?;
    let exceptions = vec![
        row(
            json!({ "date": (g.today + Duration::days(12)).to_string(), "is_available": false, "reason": "Team offsite" }),
        ),
        row(
            json!({ "date": (g.today + Duration::days(20)).to_string(), "start_time": "18:00", "end_time": "20:00", "is_available": true, "reason": "Evening slots for webinar week" }),
        ),
    ];
    put(conn, &AVAILABILITY_EXCEPTIONS, exceptions)?;
    put(
        conn,
        &BOOKING_SETTINGS,
        vec![row(json!({
            "booking_page_title": "Book a call with Brightleaf Marketing", "booking_page_subtitle": "Pick a time that suits you",
            "background_color": "#f8fafc", "primary_color": "#2563eb", "text_color": "#0f172a", "timezone": "America/New_York",
        }))],
    )?;
    let event_count = (options.contacts / 20).clamp(40, 5000);
    let mut events = Vec::with_capacity(event_count);
    for _ in 0..event_count {
        let (calendar_id, user) = calendars[g.rng.gen_range(0..calendars.len())].clone();
        // Within office hours (09:00-16:30 from the anchor's 09:00), 60 days either side.
        let start = g.anchor
            + Duration::days(g.rng.gen_range(-60..60))
            + Duration::minutes(30 * g.rng.gen_range(0..16));
        let minutes = g.pick(&[30i64, 45, 60]);
        let contact = g
            .chance(0.7)
            .then(|| contacts[g.rng.gen_range(0..contacts.len().max(1))].clone())
            .filter(|_| !contacts.is_empty());
        let past = start < g.anchor;
        events.push(row(json!({
            "calendar_id": calendar_id, "user_id": user, "contact_id": contact,
            "booking_type_id": g.chance(0.4).then(|| g.pick(&booking_types)),
            "title": g.pick(&["Strategy call", "Website review", "Monthly report walkthrough", "Kick-off meeting", "Ad campaign review"]),
            "start_time": timestamp_text(start), "end_time": timestamp_text(start + Duration::minutes(minutes)),
            "all_day": false, "location": "Google Meet", "meeting_url": "https://meet.example.com/abc-defg-hij",
            "attendees": [], "status": if past { g.pick(&["completed", "completed", "no_show", "cancelled"]) } else { g.pick(&["scheduled", "confirmed"]) },
            "reminder_sent": past,
        })));
    }
    put(conn, &EVENTS, events)?;
    put(
        conn,
        &SYNC_LOGS,
        vec![
            row(
                json!({ "calendar_id": calendars[0].0, "sync_type": "full", "status": "success", "events_synced": 12, "created_at": g.past(30) }),
            ),
            row(
                json!({ "calendar_id": calendars[0].0, "sync_type": "pull", "status": "partial", "events_synced": 3, "error_message": "2 events skipped: recurring exceptions", "created_at": g.past(3) }),
            ),
        ],
    )?;

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
    put(conn, &FORMS, form_rows)?;
    let submissions = (0..(options.contacts / 20).clamp(20, 5000))
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
    put(conn, &FORM_SUBMISSIONS, submissions)?;

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
    put(conn, &PIPELINES, pipelines)?;
    put(conn, &PIPELINE_STAGES, stage_rows)?;
    let cards = (0..(options.contacts / 50).clamp(20, 2000))
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
    put(conn, &PIPELINE_CARDS, cards)?;

    // Products, orders, items, transactions, invoices.
    let product_specs = [
        ("Local SEO package", "service", "799.00"),
        ("Website care plan", "subscription", "149.00"),
        ("Landing page", "service", "1200.00"),
        ("Brand photography session", "service", "450.00"),
        ("Social media starter kit", "digital", "99.00"),
        ("Printed flyers (500)", "physical", "89.50"),
    ];
    let mut products: Vec<(String, BigDecimal)> = Vec::new();
    let mut product_rows = Vec::new();
    for (i, (name, kind, price)) in product_specs.iter().enumerate() {
        let id = g.id();
        product_rows.push(row(json!({
            "id": id, "name": name, "sku": format!("BL-{:04}", i + 1), "price": price, "type": kind, "is_active": true,
            "inventory_count": (*kind == "physical").then_some(250), "images": [], "metadata": {},
            "description": format!("{name} delivered by the Brightleaf team."),
        })));
        products.push((id, price.parse().unwrap_or_default()));
    }
    put(conn, &PRODUCTS, product_rows)?;
    let order_count = (options.contacts / 20)
        .clamp(10, 5000)
        .min(contacts.len().max(1));
    let (mut orders, mut items, mut payments, mut invoices) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for n in 0..order_count {
        let Some(contact) = contacts
            .get(g.rng.gen_range(0..contacts.len().max(1)))
            .cloned()
        else {
            break;
        };
        let order_id = g.id();
        let mut subtotal = BigDecimal::from(0);
        for _ in 0..g.rng.gen_range(1..=3) {
            let (product, price) = products[g.rng.gen_range(0..products.len())].clone();
            let quantity = g.rng.gen_range(1..=3);
            let total = &price * BigDecimal::from(quantity);
            subtotal += &total;
            items.push(row(json!({ "order_id": order_id, "product_id": product, "quantity": quantity, "unit_price": money_text(&price), "total": money_text(&total) })));
        }
        let tax = (&subtotal * BigDecimal::new(8.into(), 2))
            .with_scale_round(2, bigdecimal::RoundingMode::HalfEven);
        let total = &subtotal + &tax;
        let paid = g.chance(0.7);
        let created = g.past(365);
        orders.push(row(json!({
            "id": order_id, "contact_id": contact, "order_number": format!("ORD-{:06}", n + 1),
            "status": if paid { "completed" } else { g.pick(&["pending", "processing", "cancelled"]) },
            "subtotal": money_text(&subtotal), "tax": money_text(&tax), "shipping": "0.00", "discount": "0.00", "total": money_text(&total),
            "payment_status": if paid { "paid" } else { "unpaid" }, "payment_method": paid.then_some("card"),
            "shipping_address": g.address(), "billing_address": g.address(), "created_at": created,
        })));
        if paid {
            payments.push(row(json!({
                "order_id": order_id, "contact_id": contact, "transaction_type": "payment", "amount": money_text(&total),
                "currency": "USD", "status": "completed", "payment_method": "card", "payment_gateway": "stripe",
                "gateway_transaction_id": format!("ch_{}", &g.id().replace('-', "")[..24]), "metadata": {}, "created_at": created,
            })));
        }
        let issue = g.today - Duration::days(g.rng.gen_range(0..365));
        invoices.push(row(json!({
            "contact_id": contact, "order_id": order_id, "invoice_number": format!("INV-{:06}", n + 1),
            "status": if paid { "paid" } else if issue < g.today - Duration::days(30) { "overdue" } else { "sent" },
            "issue_date": issue.to_string(), "due_date": (issue + Duration::days(30)).to_string(),
            "subtotal": money_text(&subtotal), "tax": money_text(&tax), "total": money_text(&total),
        })));
    }
    put(conn, &ORDERS, orders)?;
    put(conn, &ORDER_ITEMS, items)?;
    put(conn, &TRANSACTIONS, payments)?;
    put(conn, &INVOICES, invoices)?;

    // AI agents, conversations, messages.
    let agents = [g.id(), g.id()];
    put(
        conn,
        &AI_AGENTS,
        vec![
            row(
                json!({ "id": agents[0], "name": "Website concierge", "type": "chatbot", "model": "gpt-4o-mini",
            "prompt_template": "You answer questions about {{agency_name}}'s services and book strategy calls.",
            "configuration": { "temperature": 0.3, "max_tokens": 400 }, "is_active": true, "description": "Answers website visitors." }),
            ),
            row(
                json!({ "id": agents[1], "name": "Follow-up writer", "type": "email_assistant", "model": "claude-3-5-sonnet",
            "prompt_template": "Draft a friendly follow-up email to {{contact.first_name}} about {{topic}}.",
            "configuration": { "temperature": 0.7 }, "is_active": true, "description": "Drafts follow-up emails." }),
            ),
        ],
    )?;
    let mut conversations = Vec::new();
    let mut messages = Vec::new();
    for _ in 0..20 {
        let id = g.id();
        conversations.push(row(json!({
            "id": id, "agent_id": g.pick(&agents), "contact_id": contacts.get(g.rng.gen_range(0..contacts.len().max(1))).cloned(),
            "status": g.pick(&["active", "completed", "archived"]), "metadata": { "channel": "website" },
        })));
        for (role, content) in [("user", "Do you do SEO for dentists?"), ("assistant", "Yes — we run local SEO for several dental clinics. Would you like to book a free strategy call?")] {
            messages.push(row(json!({ "conversation_id": id, "role": role, "content": content, "tokens_used": g.rng.gen_range(20..200), "cost": "0.000420" })));
        }
    }
    put(conn, &AI_AGENT_CONVERSATIONS, conversations)?;
    put(conn, &AI_AGENT_MESSAGES, messages)?;

    // Templates and assets.
    let newsletter = g.id();
    put(
        conn,
        &TEMPLATES,
        vec![
            row(
                json!({ "id": newsletter, "name": "Monthly newsletter", "type": "email", "html_content": "<h1>{{month}} news</h1><p>Hi {{first_name}},</p>", "is_public": false }),
            ),
            row(
                json!({ "name": "Free audit landing page", "type": "landing_page", "html_content": "<section><h1>Get a free marketing audit</h1></section>", "css_content": "h1{color:#2563eb}", "is_public": true }),
            ),
            row(
                json!({ "name": "Standard invoice", "type": "invoice", "html_content": "<table><tr><td>{{invoice_number}}</td></tr></table>", "is_public": false }),
            ),
        ],
    )?;
    let assets = (0..10)
        .map(|i| {
            row(json!({
                "filename": format!("asset-{i}.png"), "original_filename": format!("Client logo {i}.png"), "file_type": "image/png",
                "file_size": g.rng.gen_range(10_000..900_000), "url": format!("https://cdn.example.com/assets/asset-{i}.png"),
                "folder": g.pick(&["Logos", "Social", "Ads"]), "tags": ["brand"],
            }))
        })
        .collect();
    put(conn, &ASSETS, assets)?;

    // Integrations and their logs.
    let integrations = [g.id(), g.id(), g.id()];
    put(
        conn,
        &INTEGRATIONS,
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
    put(conn, &INTEGRATION_LOGS, logs)?;

    // Automations and runs.
    let automations = [g.id(), g.id()];
    put(
        conn,
        &AUTOMATIONS,
        vec![
            row(
                json!({ "id": automations[0], "name": "Welcome new leads", "trigger_type": "form_submit", "trigger_config": { "form": "free-audit" },
            "actions": [{ "type": "send_email", "template": "Welcome" }, { "type": "wait", "days": 2 }, { "type": "create_task", "title": "Call the lead" }], "is_active": true }),
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
    put(conn, &AUTOMATION_RUNS, runs)?;

    // Campaigns.
    put(
        conn,
        &EMAIL_CAMPAIGNS,
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
    put(
        conn,
        &SMS_CAMPAIGNS,
        vec![
            row(
                json!({ "name": "Appointment reminders", "message": "Reminder: your call with Brightleaf is tomorrow. Reply C to confirm.", "status": "sending", "recipient_count": 120, "delivered_count": 87 }),
            ),
            row(
                json!({ "name": "Holiday hours", "message": "Our office is closed Dec 24-26.", "status": "draft" }),
            ),
        ],
    )?;

    // Notifications for the profile user.
    let notifications = (0..8)
        .map(|i| {
            let read = i > 2;
            row(json!({
                "user_id": me, "title": (["New booking", "Form submission", "Invoice overdue", "Payment received"][i % 4]),
                "message": (["A strategy call was booked for Thursday.", "New free audit request.", "INV-000004 is 10 days overdue.", "Payment of $863.46 received."][i % 4]),
                "type": (["success", "info", "warning", "success"][i % 4]), "is_read": read, "read_at": read.then(|| g.past(5)),
            }))
        })
        .collect();
    put(conn, &NOTIFICATIONS, notifications)?;

    let started = std::time::Instant::now();
    let tx = conn.transaction()?;
    let indexed = crate::crm::search::index_pending_contacts(&tx)?;
    tx.commit()?;
    summary.push(("contact_search", indexed, started.elapsed()));
    Ok(summary)
}
