//! The seeded fault simulation: three to five devices of one organisation create, edit,
//! delete and restore rows of every synced table of every module, at random, while their
//! lines to the in-process server drop, lose answers after the server committed, and the
//! server restarts. Rows are made from each table's declaration (columns, kinds, enums,
//! references to rows that exist, small pools of values for unique columns so that
//! devices collide), so a new module's tables are covered the day they are declared.
//! After everyone is back online and has synced twice, and a new device has
//! bootstrapped, every replica must hold the same rows of every synced table, with
//! nothing waiting, nothing unpushed, no reference to nothing and every unique rule held,
//! and the server's merged documents must say what the replicas say.
//!
//! Everything a run decides comes from its seed: row ids, client ids, the clock of every
//! write. `SYNC_SEED=N` replays one run; `SYNC_SEEDS=N` runs N seeds from there (the
//! soak: `make soak`).

use std::collections::BTreeMap;
use std::sync::Arc;

use aio_core::records::{self, Actor, Deleted, ListQuery, Row, Sort};
use aio_core::schema::{Column, Kind, Meaning, Scope, TableDef, CREATED_AT, ID, ORGANIZATION_ID};
use aio_core::sync::{self, MAX_CLIENT_ID};
use chrono::{Duration, TimeZone, Utc};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::device::{differences, team, Device};
use crate::hub::{Fault, Hub};

/// Random steps per run (operations, syncs, faults).
const STEPS: usize = 300;

/// What a run did, for the soak's summary and to show it covered every table.
#[derive(Debug, Default)]
pub struct Run {
    /// Rows created per table (every synced table has at least one).
    pub created: BTreeMap<&'static str, usize>,
    pub edits: usize,
    pub deletes: usize,
    pub syncs: usize,
}

/// One seeded run; `Err` says what diverged (or what the run could not do).
pub fn run(seed: u64) -> Result<Run, String> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let hub = Hub::start(dir.path());
    let members = vec!["member"; rng.gen_range(2..=4)];
    let mut devices = team(dir.path(), &hub, &members, || {
        rng.gen_range(1..=MAX_CLIENT_ID)
    });
    let mut world = World {
        rng,
        clock: Utc
            .with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
            .single()
            .ok_or("a start time")?,
        run: Run::default(),
    };
    for d in devices.iter_mut() {
        d.sync()
            .map_err(|e| format!("{}'s first sync: {e}", d.name))?;
    }
    // One row of every table first, parents before children, so every table is in play
    // from the start whatever the dice say later.
    for table in sync::synced_tables() {
        world
            .create(&mut devices[0], table, 20)
            .map_err(|e| format!("no row of {} could be made: {e}", table.name))?;
    }
    for step in 0..STEPS {
        let i = world.rng.gen_range(0..devices.len());
        match world.rng.gen_range(0..20) {
            0 => devices[i].set(Fault::Partition),
            1 => devices[i].set(Fault::LoseAnswer),
            2 | 3 => devices[i].set(Fault::None),
            4 if step % 100 == 50 => hub.restart(),
            5..=8 => {
                world.run.syncs += 1;
                // Offline or answer lost: the round fails, as it would for a person.
                let _ = devices[i].sync();
            }
            _ => world.random_op(&mut devices[i]),
        }
    }
    // Everyone back online; two rounds each carry every change everywhere.
    for d in devices.iter() {
        d.set(Fault::None);
    }
    // The server's automations runner looks within SOON_MS of a change and may write runs
    // after that (later still on a loaded machine): rounds go on, a moment apart, until
    // two in a row carry nothing anywhere.
    let mut quiet = 0;
    for attempt in 0.. {
        let mut moved = 0;
        for d in devices.iter_mut() {
            let round = d
                .sync()
                .map_err(|e| format!("{}'s final sync failed: {e}", d.name))?;
            if !round.refused.is_empty() {
                return Err(format!("{} was refused {:?}", d.name, round.refused));
            }
            moved += round.pushed + round.pulled;
        }
        quiet = if moved == 0 { quiet + 1 } else { 0 };
        if quiet == 2 {
            break;
        }
        if attempt == 20 {
            return Err("the devices and the server never went quiet".into());
        }
        std::thread::sleep(std::time::Duration::from_millis(
            3 * aio_server::automations::SOON_MS as u64,
        ));
    }
    // A device that joins now gets all of it from snapshots.
    let email = format!("late{}@sim.test", devices.len());
    let invite = devices[0]
        .client()
        .invite(&devices[0].conn, None, &email, "member")
        .map_err(|e| format!("an invitation for a late device: {e}"))?;
    let mut late = Device::new(
        dir.path(),
        "late",
        &hub,
        world.rng.gen_range(1..=MAX_CLIENT_ID),
    );
    late.sign_in(
        &email,
        aio_sync::Join::SignUpWithInvite {
            name: "Lea Late",
            invite: &invite.code,
        },
    );
    late.sync()
        .map_err(|e| format!("the late device's bootstrap: {e}"))?;
    devices.push(late);

    let mut problems = differences(&devices);
    for d in &devices {
        problems.extend(d.problems());
    }
    problems.extend(server_disagrees(&hub, &devices[0]));
    if problems.is_empty() {
        Ok(world.run)
    } else {
        Err(problems.join("\n"))
    }
}

/// Where the server's merged documents say something else than the first replica: a row
/// one side lacks, or a field of a row.
fn server_disagrees(hub: &Arc<Hub>, device: &Device) -> Vec<String> {
    let server = rusqlite::Connection::open(hub.file()).expect("the server's file");
    let mut problems = Vec::new();
    for table in sync::synced_tables() {
        let states: Vec<(String, Vec<u8>)> = server
            .prepare("SELECT row_id, state FROM rows WHERE table_name = ?1 ORDER BY row_id")
            .and_then(|mut s| {
                s.query_map([table.name], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect()
            })
            .expect("the server's rows");
        let local: BTreeMap<String, Row> = device
            .rows(table)
            .into_iter()
            .map(|r| (text(&r, ID), r))
            .collect();
        if states.len() != local.len() {
            problems.push(format!(
                "{}: the server holds {} rows, {} holds {}",
                table.name,
                states.len(),
                device.name,
                local.len()
            ));
            continue;
        }
        // A unique value the repair renamed is the row's own in its document.
        let renamed: Vec<&str> = table.rules.unique.iter().map(|r| r.column).collect();
        for (id, state) in states {
            let Some(mine) = local.get(&id) else {
                problems.push(format!("{} {id}: on the server only", table.name));
                continue;
            };
            let (_, row, _) = sync::check_update(table, None, &state).expect("the server's state");
            for (field, value) in row.iter().filter(|(f, _)| !renamed.contains(&f.as_str())) {
                if mine.get(field) != Some(value) {
                    problems.push(format!(
                        "{} {id} {field}: the server has {value}, {} has {}",
                        table.name,
                        device.name,
                        mine.get(field).cloned().unwrap_or_default()
                    ));
                }
            }
        }
    }
    problems
}

fn text(row: &Row, field: &str) -> String {
    row.get(field)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The dice, the clock and the tally of one run.
struct World {
    rng: ChaCha8Rng,
    clock: chrono::DateTime<Utc>,
    run: Run,
}

impl World {
    /// The device's actor with the run's clock, one second on from the last write.
    fn actor(&mut self, d: &Device) -> Actor {
        self.clock += Duration::seconds(1);
        d.actor.at(self.clock)
    }

    fn random_op(&mut self, d: &mut Device) {
        let tables: Vec<&'static TableDef> = sync::synced_tables().collect();
        let table = *tables.choose(&mut self.rng).expect("synced tables");
        // Refusals (a reference to a row trashed meanwhile, a value a hook refuses) are
        // what a person would see; the run goes on.
        match self.rng.gen_range(0..10) {
            0..=3 => {
                let _ = self.create(d, table, 1);
            }
            4..=7 => self.edit(d, table),
            _ => self.delete_or_restore(d, table),
        }
    }

    /// Creates a row of `table` from its declaration, trying again with other values up
    /// to `tries` times; returns the last refusal when none was taken.
    fn create(
        &mut self,
        d: &mut Device,
        table: &'static TableDef,
        tries: usize,
    ) -> Result<(), String> {
        let mut last = String::from("no try");
        for _ in 0..tries {
            let mut input = Row::new();
            input.insert(ID.into(), Value::from(self.id().to_string()));
            let mut complete = true;
            for column in table.columns.iter().filter(|c| settable(table, c)) {
                let required = !column.nullable && !column.has_default;
                // Optional columns are left out now and then, as people do.
                if !required && self.rng.gen_bool(0.3) {
                    continue;
                }
                match self.value(d, table, column, None) {
                    Some(v) => {
                        input.insert(column.name.into(), v);
                    }
                    None if column.nullable => {
                        input.insert(column.name.into(), Value::Null);
                    }
                    None if required => complete = false,
                    None => {}
                }
            }
            if !complete {
                last = "a required reference has no row to point to".into();
                continue;
            }
            let actor = self.actor(d);
            match records::create(&mut d.conn, &actor, table, input) {
                Ok(_) => {
                    *self.run.created.entry(table.name).or_default() += 1;
                    return Ok(());
                }
                Err(e) => last = e.to_string(),
            }
        }
        Err(last)
    }

    /// Changes one to three fields of a live row.
    fn edit(&mut self, d: &mut Device, table: &'static TableDef) {
        let Some(row) = self.pick(d, table, Deleted::Exclude) else {
            return;
        };
        let columns: Vec<&'static Column> = table
            .columns
            .iter()
            .filter(|c| settable(table, c))
            .collect();
        let mut patch = Row::new();
        for _ in 0..self.rng.gen_range(1..=3) {
            let column = *columns.choose(&mut self.rng).expect("a settable column");
            match self.value(d, table, column, Some(&row)) {
                Some(v) => {
                    patch.insert(column.name.into(), v);
                }
                None if column.nullable => {
                    patch.insert(column.name.into(), Value::Null);
                }
                None => {}
            }
        }
        let actor = self.actor(d);
        let id = Uuid::parse_str(&text(&row, ID)).expect("a row id");
        if records::update(&mut d.conn, &actor, table, id, patch).is_ok() {
            self.run.edits += 1;
        }
    }

    fn delete_or_restore(&mut self, d: &mut Device, table: &'static TableDef) {
        let Some(row) = self.pick(d, table, Deleted::Include) else {
            return;
        };
        let actor = self.actor(d);
        let id = Uuid::parse_str(&text(&row, ID)).expect("a row id");
        let done = if row.get("deleted_at").is_none_or(Value::is_null) {
            records::delete(&mut d.conn, &actor, table, id)
        } else {
            records::restore(&mut d.conn, &actor, table, id)
        };
        if done.is_ok() {
            self.run.deletes += 1;
        }
    }

    /// A row of `table` the device's user sees, at random.
    fn pick(&mut self, d: &Device, table: &TableDef, deleted: Deleted) -> Option<Row> {
        let rows = visible(d, table, deleted);
        rows.choose(&mut self.rng).cloned()
    }

    /// A seeded UUID (v4 layout): ids decide which row wins a unique value, so they too
    /// must come from the seed.
    fn id(&mut self) -> Uuid {
        uuid::Builder::from_random_bytes(self.rng.gen()).into_uuid()
    }

    /// A value for `column`, valid for its kind and meaning; `None` for a reference with
    /// no row to point to. `current` is the row being edited.
    fn value(
        &mut self,
        d: &Device,
        table: &TableDef,
        column: &Column,
        current: Option<&Row>,
    ) -> Option<Value> {
        let rng = &mut self.rng;
        if let Some(target) = column.references {
            let ids = referable(d, target);
            return ids.choose(rng).map(|id| Value::from(id.as_str()));
        }
        let unique = table.rules.unique.iter().any(|r| r.column == column.name);
        let n: u32 = rng.gen_range(0..6);
        Some(match column.kind {
            Kind::Enum(values) => Value::from(*values.choose(rng)?),
            Kind::Uuid => Value::from(Uuid::from_u128(rng.gen()).to_string()),
            Kind::Integer => Value::from(rng.gen_range(1..=6)),
            Kind::Bool => Value::from(rng.gen_bool(0.5)),
            Kind::Decimal if column.meaning == Meaning::Percent => {
                Value::from(format!("{}.{}", rng.gen_range(0..30), n))
            }
            Kind::Decimal => Value::from(format!("{}.{:02}", rng.gen_range(0..5000), n * 10)),
            Kind::Timestamp => Value::from(format!(
                "2026-12-{:02}T{:02}:{:02}:00.000Z",
                rng.gen_range(1..=28),
                rng.gen_range(0..24),
                rng.gen_range(0..60)
            )),
            Kind::Date => Value::from(format!("2026-12-{:02}", rng.gen_range(1..=28))),
            Kind::Time => Value::from(format!(
                "{:02}:{:02}:00",
                rng.gen_range(0..24),
                [0, 15, 30, 45][rng.gen_range(0..4)]
            )),
            // Custom field values are checked against the organisation's definitions:
            // an empty object always fits.
            Kind::Object if column.meaning == Meaning::CustomFields => json!({}),
            // Tables that check their JSON (automations' trigger settings and steps) take
            // an empty one: half the values are empty, so some try of `create` fits.
            Kind::Object if rng.gen_bool(0.5) => json!({}),
            Kind::Object => json!({ "k": n }),
            Kind::Array if rng.gen_bool(0.5) => json!([]),
            Kind::Array => json!([n]),
            Kind::StringArray if column.meaning == Meaning::TagList => {
                json!([format!("tag{n}")])
            }
            Kind::StringArray => json!([format!("option{n}")]),
            Kind::Json => json!(n),
            Kind::Text => Value::from(match column.meaning {
                Meaning::Email => format!("person{n}@client.test"),
                Meaning::Url => format!("https://site{n}.test/"),
                Meaning::Slug => format!("page-{}", n % 3),
                Meaning::Colour => format!("#{:06x}", rng.gen_range(0..0x100_0000)),
                Meaning::CurrencyCode => ["USD", "EUR", "JPY"][n as usize % 3].to_string(),
                // Two people typing in one text: each edit adds to what this device has.
                Meaning::CollaborativeText => match current.map(|r| text(r, column.name)) {
                    Some(before) if !before.is_empty() => format!("{before} +{n}"),
                    _ => format!("Text {n}."),
                },
                // Unique values from a pool of three: devices take the same offline.
                _ if unique => format!("name{}", n % 3),
                _ => format!("Word {n}"),
            }),
        })
    }
}

/// Columns a person sets: not the id, the organisation, the creation time, or what the
/// system keeps (change stamps, derived values, hidden secrets). Nor who acted (owner,
/// author, creator), which the record path fills with the acting user: it lets an edit
/// change a row's creator before the row's first push, which the server then refuses
/// ("created_by: must be the person creating the row"), and a refused change is not yet
/// undone on the device (DESIGN.md §3), so the replicas would part for that reason
/// alone (seeds 5015, 5072).
fn settable(table: &TableDef, column: &Column) -> bool {
    ![ID, ORGANIZATION_ID, CREATED_AT].contains(&column.name)
        && !table.hidden.contains(&column.name)
        && !records::is_system_column(column)
        && !records::is_computed(column)
        && column.meaning != Meaning::Actor
}

/// Rows of `table` the device's user sees, by id.
fn visible(d: &Device, table: &TableDef, deleted: Deleted) -> Vec<Row> {
    let query = ListQuery {
        sort: Some(Sort {
            field: ID.into(),
            desc: false,
        }),
        limit: Some(records::MAX_LIMIT),
        deleted,
        ..ListQuery::default()
    };
    records::list(&d.conn, &d.actor, table, &query)
        .map(|page| page.items)
        .unwrap_or_default()
}

/// Ids a reference to `target` may hold: a live row, or a member of the organisation
/// (by email, which the seed decides, where ids come from the server).
fn referable(d: &Device, target: &str) -> Vec<String> {
    let table = records::table(target).expect("a referenced table");
    match table.scope {
        Scope::Members { membership } => d
            .conn
            .prepare(&format!(
                "SELECT u.id FROM users u JOIN {} m ON m.{} = u.id
                 WHERE m.{} = ?1 AND m.deleted_at IS NULL ORDER BY u.email",
                membership.table, membership.user, membership.organization
            ))
            .and_then(|mut s| {
                s.query_map([d.actor.organization_id.to_string()], |r| r.get(0))?
                    .collect()
            })
            .expect("members"),
        _ => visible(d, table, Deleted::Exclude)
            .iter()
            .map(|r| text(r, ID))
            .collect(),
    }
}
