//! Tags of contacts and companies, managed in one place.
//!
//! A record keeps the names of its tags in its `tags` list; the `tags` table gives each
//! name a colour and a usage count. Saving a record with a name the organisation has no
//! tag for creates the tag; the database keeps usage counts true (migration V4 triggers).
//! Renaming or removing a tag rewrites every record that carries it, as one undoable batch.

use rusqlite::{params_from_iter, Connection, Transaction};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::batch::{self, BatchResult};
use crate::error::{Error, Result};
use crate::records::{self, Actor, Row};
use crate::schema::TableDef;
use crate::tables::{COMPANIES, CONTACTS, TAGS};

/// Colours given to tags created on the fly, picked by name so a tag keeps its colour.
const PALETTE: &[&str] = &[
    "#2563eb", "#16a34a", "#d97706", "#dc2626", "#7c3aed", "#0891b2", "#db2777", "#65a30d",
];

/// The tag type a table's tags are created with, for the tables whose tags are counted.
fn tag_type(table: &TableDef) -> Option<&'static str> {
    match table.name {
        "contacts" => Some("contact"),
        "companies" => Some("company"),
        _ => None,
    }
}

/// The tag names of a record.
pub fn of(row: &Row) -> Vec<String> {
    row.get("tags")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn same(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// `current` plus the names of `add` it lacks (names compare ignoring case).
pub fn union(current: &[String], add: &[String]) -> Vec<String> {
    let mut out = current.to_vec();
    for name in add {
        let name = name.trim();
        if !name.is_empty() && !out.iter().any(|o| same(o, name)) {
            out.push(name.to_string());
        }
    }
    out
}

/// `current` without the names of `remove` (ignoring case).
pub fn without(current: &[String], remove: &[String]) -> Vec<String> {
    current
        .iter()
        .filter(|c| !remove.iter().any(|r| same(c, r)))
        .cloned()
        .collect()
}

fn colour_for(name: &str) -> &'static str {
    let hash = name
        .to_lowercase()
        .bytes()
        .fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize));
    PALETTE[hash % PALETTE.len()]
}

/// Creates the tags a record of `table` names that the organisation does not have yet.
/// Called where people add tags (create, update, bulk, import, merge), not by undo, which
/// only puts names back.
pub(crate) fn ensure_in(
    tx: &Transaction<'_>,
    actor: &Actor,
    table: &TableDef,
    names: &[String],
    batch: Option<Uuid>,
) -> Result<()> {
    let Some(kind) = tag_type(table) else {
        return Ok(());
    };
    for name in names {
        let exists: i64 = tx
            .prepare_cached(
                "SELECT count(*) FROM tags WHERE organization_id = ?1 AND name = ?2 COLLATE NOCASE
                   AND type IN (?3, 'general') AND deleted_at IS NULL",
            )?
            .query_row([&actor.organization_id.to_string(), name, kind], |r| {
                r.get(0)
            })?;
        if exists == 0 {
            let input = json!({ "name": name, "type": kind, "color": colour_for(name) });
            let Value::Object(input) = input else {
                unreachable!("a JSON object literal")
            };
            records::create_in(tx, actor, &TAGS, input, batch)?;
        }
    }
    Ok(())
}

/// Renames a tag and every record's use of it, as one batch.
pub fn rename(
    conn: &mut Connection,
    actor: &Actor,
    tag_id: Uuid,
    name: &str,
) -> Result<BatchResult> {
    let name = name.trim().to_string();
    if name.is_empty() {
        return Err(Error::invalid("name", "is required"));
    }
    if name.contains(';') {
        return Err(Error::invalid("name", "must not contain ;"));
    }
    batch::run(conn, actor, "tag_rename", |tx, batch| {
        let tag = records::get(tx, actor, &TAGS, tag_id)?;
        let old = tag_name(&tag);
        // The tag first, so the records' new name finds it (and undo, which goes in
        // reverse, renames it back last).
        let patch = Row::from_iter([("name".to_string(), Value::from(name.clone()))]);
        records::update_in(tx, actor, &TAGS, tag_id, patch, Some(batch))?;
        let mut changed = 0;
        for table in tagged_tables(&tag) {
            for (id, tags) in carrying(tx, actor, table, &old)? {
                let next: Vec<String> = tags
                    .iter()
                    .map(|t| {
                        if same(t, &old) {
                            name.clone()
                        } else {
                            t.clone()
                        }
                    })
                    .collect();
                update_tags(tx, actor, table, id, next, batch)?;
                changed += 1;
            }
        }
        Ok((changed, 0))
    })
}

/// Takes a tag off every record and moves it to the trash, as one batch.
pub fn remove(conn: &mut Connection, actor: &Actor, tag_id: Uuid) -> Result<BatchResult> {
    batch::run(conn, actor, "tag_remove", |tx, batch| {
        let tag = records::get(tx, actor, &TAGS, tag_id)?;
        let old = tag_name(&tag);
        let mut changed = 0;
        for table in tagged_tables(&tag) {
            for (id, tags) in carrying(tx, actor, table, &old)? {
                update_tags(
                    tx,
                    actor,
                    table,
                    id,
                    without(&tags, std::slice::from_ref(&old)),
                    batch,
                )?;
                changed += 1;
            }
        }
        records::set_deleted_in(tx, actor, &TAGS, tag_id, true, Some(batch))?;
        Ok((changed, 0))
    })
}

fn tag_name(tag: &Row) -> String {
    tag.get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn tagged_tables(tag: &Row) -> Vec<&'static TableDef> {
    match tag.get("type").and_then(Value::as_str) {
        Some("contact") => vec![&CONTACTS],
        Some("company") => vec![&COMPANIES],
        _ => vec![&CONTACTS, &COMPANIES],
    }
}

/// Live records of `table` carrying the tag `name`, with their tag lists.
fn carrying(
    tx: &Transaction<'_>,
    actor: &Actor,
    table: &TableDef,
    name: &str,
) -> Result<Vec<(Uuid, Vec<String>)>> {
    let sql = format!(
        "SELECT id, tags FROM {} WHERE organization_id = ?1 AND deleted_at IS NULL
           AND EXISTS (SELECT 1 FROM json_each(tags) WHERE value = ?2 COLLATE NOCASE)",
        table.name
    );
    let rows: Vec<(String, String)> = tx
        .prepare(&sql)?
        .query_map(
            params_from_iter([actor.organization_id.to_string(), name.to_string()]),
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(id, tags)| {
            let id = Uuid::parse_str(&id).map_err(|_| Error::invalid("id", "not a uuid"))?;
            let tags: Vec<String> = serde_json::from_str(&tags)
                .map_err(|e| Error::invalid("tags", format!("unreadable: {e}")))?;
            Ok((id, tags))
        })
        .collect()
}

fn update_tags(
    tx: &Transaction<'_>,
    actor: &Actor,
    table: &TableDef,
    id: Uuid,
    tags: Vec<String>,
    batch: Uuid,
) -> Result<()> {
    let patch = Row::from_iter([("tags".to_string(), Value::from(tags))]);
    records::update_in(tx, actor, table, id, patch, Some(batch))?;
    Ok(())
}
