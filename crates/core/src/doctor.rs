//! `doctor`: reads a database without changing it and says what is wrong with it.

use std::path::Path;

use rusqlite::Connection;
use serde::Serialize;

use crate::db;
use crate::error::Result;
use crate::tables::TABLES;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema_version: i64,
    pub latest_version: i64,
    /// Row count of every table of the data model that exists.
    pub tables: Vec<(String, i64)>,
    /// Everything found wrong; empty when the database is healthy.
    pub problems: Vec<String>,
}

impl Report {
    pub fn is_healthy(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Checks the database at `path` read-only.
pub fn check(path: &Path) -> Result<Report> {
    let conn = db::open_read_only(path)?;
    let mut problems = Vec::new();

    let integrity: Vec<String> = strings(&conn, "PRAGMA integrity_check")?;
    if integrity != ["ok"] {
        problems.extend(integrity.into_iter().map(|p| format!("integrity: {p}")));
    }

    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let violations = stmt.query_map([], |r| {
        Ok(format!(
            "foreign key: {} row {} points at a missing {} row",
            r.get::<_, String>(0)?,
            r.get::<_, Option<i64>>(1)?
                .map_or("?".into(), |n| n.to_string()),
            r.get::<_, String>(2)?
        ))
    })?;
    for v in violations {
        problems.push(v?);
    }

    let schema_version = db::schema_version(&conn)?;
    let latest_version = db::latest_version();
    if schema_version < latest_version {
        problems.push(format!(
            "schema version {schema_version} is behind this build's {latest_version}: run `aio-crm migrate`"
        ));
    } else if schema_version > latest_version {
        problems.push(format!(
            "schema version {schema_version} is newer than this build's {latest_version}: update the app"
        ));
    }

    let mut tables = Vec::new();
    for table in TABLES.iter() {
        let present: Vec<String> = strings(
            &conn,
            &format!("SELECT name FROM pragma_table_info('{}')", table.name),
        )?;
        if present.is_empty() {
            problems.push(format!("table {} is missing", table.name));
            continue;
        }
        let expected = table
            .columns
            .iter()
            .map(|c| c.name)
            .chain(table.hidden.iter().copied());
        for column in expected {
            if !present.iter().any(|p| p == column) {
                problems.push(format!("column {}.{column} is missing", table.name));
            }
        }
        let rows: i64 =
            conn.query_row(&format!("SELECT count(*) FROM {}", table.name), [], |r| {
                r.get(0)
            })?;
        tables.push((table.name.to_string(), rows));
        if schema_version >= latest_version {
            problems.extend(table.rules.hooks.problems(&conn, table)?);
        }
    }

    if schema_version >= 2 {
        let profiles: i64 = conn.query_row(
            "SELECT count(*) FROM app_settings WHERE key = 'profile_user_id'
               AND value IN (SELECT id FROM users)",
            [],
            |r| r.get(0),
        )?;
        if profiles == 0 {
            problems.push("no local profile: run `aio-crm migrate` or start the app once".into());
        }
    }

    Ok(Report {
        schema_version,
        latest_version,
        tables,
        problems,
    })
}

fn strings(conn: &Connection, sql: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
