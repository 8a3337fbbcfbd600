//! Devices of one organisation around an in-process [`Hub`], and what must hold between
//! their replicas once everyone has synced.

use std::path::Path;
use std::sync::Arc;

use aio_core::db::{self, Connection, OpenMode};
use aio_core::records::{Actor, Row};
use aio_core::schema::{Column, OnConflict, TableDef, DELETED_AT, ID};
use aio_core::sync;
use aio_core::team::profile;
use aio_core::values;
use aio_sync::{Client, Join, Round};
use serde_json::Value;

use crate::hub::{Fault, Hub, Line};

pub const PASSWORD: &str = "a long enough password";

/// One laptop: its own database, its profile's actor, its line to the hub.
pub struct Device {
    pub name: String,
    pub conn: Connection,
    pub actor: Actor,
    pub line: Line,
}

impl Device {
    /// A fresh profile whose yrs client id is `client_id` (the server keeps it unless
    /// another device has it), so a seeded run merges the same way every time.
    pub fn new(dir: &Path, name: &str, hub: &Arc<Hub>, client_id: u64) -> Device {
        let (mut conn, _) = db::open(
            &dir.join(format!("{name}.sqlite3")),
            OpenMode::CreateIfMissing,
        )
        .expect("the device's database");
        let actor = profile::ensure(&mut conn).expect("a local profile");
        sync::set_client_id(&conn, client_id).expect("client id");
        Device {
            name: name.to_string(),
            conn,
            actor,
            line: Line::to(hub),
        }
    }

    pub fn client(&self) -> Client<'_> {
        Client::new(&self.line)
    }

    pub fn sync(&mut self) -> Result<Round, aio_sync::Error> {
        Client::new(&self.line).sync_now(&mut self.conn)
    }

    pub fn set(&self, fault: Fault) {
        self.line.set(fault);
    }

    /// Signs up (creating the organisation from this profile) or joins by invitation.
    pub fn sign_in(&mut self, email: &str, join: Join<'_>) {
        Client::new(&self.line)
            .sign_in(&mut self.conn, "http://hub.test", email, PASSWORD, join)
            .unwrap_or_else(|e| panic!("{} signs in: {e}", self.name));
        self.actor = profile::actor(&self.conn, None).expect("the actor after sign-in");
    }

    /// Every row of `table` on this device, by id, as JSON. Straight from the table, not
    /// through the record path's scope, which hides the rows of a trashed parent (a
    /// trashed contact's notes) that sync must carry all the same.
    pub fn rows(&self, table: &TableDef) -> Vec<Row> {
        let columns: Vec<&Column> = table
            .columns
            .iter()
            .filter(|c| !table.hidden.contains(&c.name))
            .collect();
        let names: Vec<&str> = columns.iter().map(|c| c.name).collect();
        let sql = format!(
            "SELECT {} FROM {} ORDER BY {ID}",
            names.join(", "),
            table.name
        );
        let mut stmt = self.conn.prepare(&sql).expect("select");
        let mut rows = stmt.query([]).expect("query");
        let mut out = Vec::new();
        while let Some(row) = rows.next().expect("a row") {
            out.push(values::row_to_json(&columns, row).expect("the row as JSON"));
        }
        out
    }

    /// What is wrong with this replica on its own: rows waiting for a parent, changes not
    /// pushed, references to nothing, two live rows holding one unique value.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let count = |sql: &str| -> i64 {
            self.conn
                .query_row(sql, [], |r| r.get(0))
                .unwrap_or_else(|e| panic!("{sql}: {e}"))
        };
        let waiting: Vec<String> = self
            .conn
            .prepare("SELECT table_name || ' ' || row_id || ': ' || reason FROM sync_pending")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .expect("sync_pending");
        if !waiting.is_empty() {
            problems.push(format!(
                "{} holds rows it could not store: {waiting:?}",
                self.name
            ));
        }
        let unpushed = sync::pending_changes(&self.conn).expect("pending changes");
        if unpushed > 0 {
            let which: Vec<String> = self
                .conn
                .prepare("SELECT 'dirty ' || table_name || ' ' || row_id FROM sync_dirty UNION ALL SELECT 'outbox ' || table_name || ' ' || row_id FROM sync_outbox")
                .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
                .expect("unpushed");
            problems.push(format!(
                "{} has {unpushed} changes not pushed: {which:?}",
                self.name
            ));
        }
        let dangling = count("SELECT count(*) FROM pragma_foreign_key_check");
        if dangling > 0 {
            problems.push(format!("{} has {dangling} references to no row", self.name));
        }
        for table in sync::synced_tables() {
            for rule in table.rules.unique {
                let unflagged = match rule.on_conflict {
                    OnConflict::Flag { flag, .. } => format!(" AND {flag} IS NULL"),
                    OnConflict::Rename { .. } => String::new(),
                };
                let collate = if rule.ignore_case {
                    " COLLATE NOCASE"
                } else {
                    ""
                };
                // As the unique index: rows without the value (NULL) never clash.
                let mut group: Vec<String> = rule.scope.iter().map(|c| c.to_string()).collect();
                group.push(format!("{}{collate}", rule.column));
                let clashes = count(&format!(
                    "SELECT count(*) FROM (SELECT 1 FROM {} WHERE {DELETED_AT} IS NULL{unflagged}
                     AND {} IS NOT NULL GROUP BY {} HAVING count(*) > 1)",
                    table.name,
                    rule.column,
                    group.join(", ")
                ));
                if clashes > 0 {
                    problems.push(format!(
                        "{}: {clashes} values of {}.{} held by two live rows",
                        self.name, table.name, rule.column
                    ));
                }
            }
        }
        problems
    }
}

/// An owner who signs up with the organisation, then one device per role in `roles`,
/// each invited by the owner and signed up by invitation. Client ids come from
/// `client_id`, emails from the device's place, so a seeded run replays.
pub fn team(
    dir: &Path,
    hub: &Arc<Hub>,
    roles: &[&str],
    mut client_id: impl FnMut() -> u64,
) -> Vec<Device> {
    let mut owner = Device::new(dir, "d0", hub, client_id());
    owner.sign_in(
        "owner@sim.test",
        Join::SignUpWithOrganization {
            name: "Olivia Owner",
            organization_name: "Sim Agency",
        },
    );
    let mut devices = vec![owner];
    for (i, role) in roles.iter().enumerate() {
        let i = i + 1;
        let email = format!("{role}{i}@sim.test");
        let invite = devices[0]
            .client()
            .invite(&devices[0].conn, None, &email, role)
            .expect("an invitation");
        let mut device = Device::new(dir, &format!("d{i}"), hub, client_id());
        device.sign_in(
            &email,
            Join::SignUpWithInvite {
                name: "Max Member",
                invite: &invite.code,
            },
        );
        devices.push(device);
    }
    devices
}

/// Where the replicas differ from the first: per synced table, the first device whose
/// rows are not the first device's, and the first row (or field) that differs.
pub fn differences(devices: &[Device]) -> Vec<String> {
    let mut found = Vec::new();
    for table in sync::synced_tables() {
        let first = devices[0].rows(table);
        for d in &devices[1..] {
            let other = d.rows(table);
            if other == first {
                continue;
            }
            found.push(format!(
                "{}: {} differs from {}: {}",
                table.name,
                d.name,
                devices[0].name,
                first_difference(&first, &other)
            ));
        }
    }
    found
}

fn first_difference(a: &[Row], b: &[Row]) -> String {
    let id = |r: &Row| {
        r.get("id")
            .and_then(|v| v.as_str())
            .unwrap_or("?")
            .to_string()
    };
    for (x, y) in a.iter().zip(b) {
        if id(x) != id(y) {
            return format!("row {} against row {}", id(x), id(y));
        }
        if let Some((field, value)) = x.iter().find(|(k, v)| y.get(*k) != Some(v)) {
            return format!(
                "row {} field {field}: {value} against {} (row: {})",
                id(x),
                y.get(field).cloned().unwrap_or_default(),
                Value::Object(x.clone())
            );
        }
    }
    format!("{} rows against {}", a.len(), b.len())
}
