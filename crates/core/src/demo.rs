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
use crate::modules::MODULES;
use crate::records::{self, Actor, ListQuery, Row};
use crate::schema::TableDef;
use crate::tables::CONTACTS;
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

pub const FIRST_NAMES: &[&str] = &[
    "Olivia", "Liam", "Emma", "Noah", "Ava", "Oliver", "Sophia", "Elijah", "Isabella", "James",
    "Mia", "Lucas", "Amelia", "Mateo", "Harper", "Leo", "Evelyn", "Ethan", "Aria", "Hugo", "Chloe",
    "Yusuf", "Priya", "Kenji", "Sofia", "Luca", "Ines", "Jonas", "Freya", "Omar", "Zara", "Ravi",
    "Nora", "Felix", "Lena", "Mateus", "Aiko", "Diego", "Camille", "Tomás", "Hannah", "Arjun",
    "Elena", "Malik", "Greta", "Samuel", "Julia", "Andrés",
];
pub const LAST_NAMES: &[&str] = &[
    "Smith", "Johnson", "Williams", "Brown", "Garcia", "Miller", "Davis", "Martinez", "Lopez",
    "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Lee", "Thompson", "White",
    "Harris", "Clark", "Lewis", "Walker", "Young", "Müller", "Schmidt", "Rossi", "Bianchi",
    "Dubois", "Lefèvre", "Kowalski", "Nowak", "Silva", "Santos", "Tanaka", "Sato", "Kim", "Park",
    "Patel", "Sharma", "Khan", "O'Brien", "Murphy", "Jensen", "Nielsen", "Novak", "Horvat",
];

pub const CITIES: &[(&str, &str, &str)] = &[
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
pub const STREETS: &[&str] = &[
    "Main St",
    "Oak Ave",
    "High St",
    "Market St",
    "Park Rd",
    "Station Rd",
    "Elm St",
    "King St",
];

/// The seeded generator every module's demo draws from, in module order.
pub struct Gen {
    pub rng: ChaCha8Rng,
    pub anchor: chrono::DateTime<Utc>,
    pub today: NaiveDate,
}

impl Gen {
    pub fn id(&mut self) -> String {
        uuid::Builder::from_random_bytes(self.rng.gen())
            .into_uuid()
            .to_string()
    }
    pub fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items
            .choose(&mut self.rng)
            .cloned()
            .unwrap_or_else(|| unreachable!("lists are not empty"))
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.rng.gen_bool(p)
    }
    /// An instant `days_back` days (at most) before the anchor.
    pub fn past(&mut self, max_days_back: i64) -> String {
        let secs = self.rng.gen_range(0..max_days_back.max(1) * 86_400);
        timestamp_text(self.anchor - Duration::seconds(secs))
    }
    pub fn money(&mut self, low: i64, high: i64) -> BigDecimal {
        BigDecimal::from(self.rng.gen_range(low * 100..=high * 100)) / BigDecimal::from(100)
    }
    pub fn address(&mut self) -> Value {
        let (city, state, country) = self.pick(CITIES);
        json!({
            "street": format!("{} {}", self.rng.gen_range(1..400), self.pick(STREETS)),
            "city": city, "state": state, "postal_code": format!("{:05}", self.rng.gen_range(1000..99999)), "country": country,
        })
    }
    pub fn phone(&mut self) -> String {
        format!(
            "+1 {} {} {:04}",
            self.rng.gen_range(200..999),
            self.rng.gen_range(200..999),
            self.rng.gen_range(0..9999)
        )
    }
}

/// A JSON object literal as a row.
pub fn row(v: Value) -> Row {
    match v {
        Value::Object(m) => m,
        _ => Row::new(),
    }
}

/// Money as the record path stores it.
pub fn money_text(d: &BigDecimal) -> String {
    d.with_scale(2).to_plain_string()
}

/// What the modules' demos share: where rows go, and the rows later modules point at.
pub struct Demo<'c> {
    conn: &'c mut Connection,
    actor: &'c Actor,
    summary: Summary,
    /// How many contacts were asked for (other modules scale with it).
    pub contacts_wanted: usize,
    /// The profile user's id.
    pub me: String,
    /// A short tag of the organisation, for values unique across organisations.
    pub org_tag: String,
    /// The team's user ids, the profile user first, and the others' first names.
    pub team: Vec<String>,
    pub team_names: Vec<String>,
    /// Contacts' ids and companies' (id, name, domain).
    pub contacts: Vec<String>,
    pub companies: Vec<(String, String, String)>,
    /// The newsletter template campaigns use.
    pub newsletter: String,
}

impl Demo<'_> {
    /// The database being filled, for a module's own clean-up of what its rows caused.
    pub fn connection(&self) -> &Connection {
        self.conn
    }

    /// Who writes the demo rows.
    pub fn actor(&self) -> &Actor {
        self.actor
    }

    /// Writes one table's rows as one batch through the record path, timed.
    pub fn put(&mut self, table: &'static TableDef, rows: Vec<Row>) -> Result<()> {
        let started = std::time::Instant::now();
        let n = records::create_many(self.conn, self.actor, table, rows, "demo")?;
        self.summary.push((table.name, n, started.elapsed()));
        Ok(())
    }
}

/// Fills the actor's organisation with demo data, module by module in the registry's
/// order (later modules point at earlier ones' rows). Refuses when it already has
/// contacts, so a second run never doubles the data.
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
    // One search indexing pass at the end instead of one per contact and per note.
    crate::deferred::defer_search(conn)?;
    let mut demo = Demo {
        conn,
        actor,
        summary: Summary::new(),
        contacts_wanted: options.contacts,
        me: actor.user_id.to_string(),
        // The id's random end: its start is the creation time, the same for every
        // organisation made on one day (a device holding several demo workspaces).
        org_tag: actor.organization_id.simple().to_string()[26..].to_string(),
        team: Vec::new(),
        team_names: Vec::new(),
        contacts: Vec::new(),
        companies: Vec::new(),
        newsletter: String::new(),
    };
    for module in MODULES {
        (module.demo)(&mut demo, &mut g)?;
    }
    let mut summary = demo.summary;
    let started = std::time::Instant::now();
    let finished = crate::deferred::finish(conn)?;
    summary.push(("search", finished.contacts_indexed, started.elapsed()));
    Ok(summary)
}
