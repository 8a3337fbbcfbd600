//! A contact's timeline: its notes, activities, calendar events and automation runs in one
//! list, newest first, a page at a time.
//!
//! The order is decided by one SQL statement, a `UNION ALL` of the sources with one
//! `ORDER BY` and `LIMIT`, and pages continue from a cursor (keyset pagination over the
//! merged order). Merging separately limited lists instead goes wrong as soon as one
//! source has more rows than its limit: its older rows are missing while older rows of
//! the other sources are shown, and nothing can fetch what is missing.
//!
//! Every source is confined to the actor's organisation by its table's scope, as
//! `records::list` confines it. Pinned notes stand above the timeline, so they come apart
//! (all of them, with the first page) and are not among the items.

use std::collections::HashMap;

use rusqlite::types::Value as Sql;
use rusqlite::{params_from_iter, Connection};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::records::{self, Actor, Filter, FilterOp, ListQuery, Row, Sort};
use crate::schema::TableDef;
use crate::tables::{
    AutomationRun, ContactActivity, ContactNote, Event, AUTOMATION_RUNS, CONTACTS,
    CONTACT_ACTIVITIES, CONTACT_NOTES, EVENTS,
};

/// Items per page when the caller does not say.
pub const DEFAULT_LIMIT: u32 = 50;

/// One page request: `before` is the `next_cursor` of the previous page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct TimelineQuery {
    #[ts(optional)]
    pub limit: Option<u32>,
    #[ts(optional)]
    pub before: Option<String>,
}

/// One line of a timeline. `at` is when it stands in the timeline: a note's or an
/// activity's creation, an event's start (so upcoming meetings lead).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TimelineItem {
    Note {
        id: Uuid,
        at: String,
        note: ContactNote,
    },
    Activity {
        id: Uuid,
        at: String,
        activity: ContactActivity,
    },
    Event {
        id: Uuid,
        at: String,
        // Boxed: an event is several times the size of a note (clippy's
        // large_enum_variant); the wire shape is the same.
        event: Box<Event>,
    },
    /// An automation's run for the contact (its status and step log).
    AutomationRun {
        id: Uuid,
        at: String,
        run: Box<AutomationRun>,
    },
}

impl TimelineItem {
    pub fn id(&self) -> Uuid {
        match self {
            TimelineItem::Note { id, .. }
            | TimelineItem::Activity { id, .. }
            | TimelineItem::Event { id, .. }
            | TimelineItem::AutomationRun { id, .. } => *id,
        }
    }

    pub fn at(&self) -> &str {
        match self {
            TimelineItem::Note { at, .. }
            | TimelineItem::Activity { at, .. }
            | TimelineItem::Event { at, .. }
            | TimelineItem::AutomationRun { at, .. } => at,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TimelinePage {
    /// Pinned live notes, newest first; only with the first page (no `before`).
    pub pinned: Vec<ContactNote>,
    /// Unpinned notes, activities and events, newest first.
    pub items: Vec<TimelineItem>,
    /// Pass back as `before` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// The sources, each with the column that places its rows in time. The kind is
/// also the last part of the sort key: ids are unique per table only, so (at, id) alone
/// would not be a total order across tables.
struct Source {
    kind: &'static str,
    table: &'static TableDef,
    at: &'static str,
    /// Rows of this source that stand apart from the timeline.
    extra: &'static str,
}

const SOURCES: [Source; 4] = [
    Source {
        kind: "note",
        table: &CONTACT_NOTES,
        at: "created_at",
        extra: "AND is_pinned = 0",
    },
    Source {
        kind: "activity",
        table: &CONTACT_ACTIVITIES,
        at: "created_at",
        extra: "",
    },
    Source {
        kind: "event",
        table: &EVENTS,
        at: "start_time",
        extra: "",
    },
    Source {
        kind: "automation_run",
        table: &AUTOMATION_RUNS,
        at: "started_at",
        extra: "",
    },
];

/// The position of an item in the merged order: `at/kind/id`. Instants are stored as
/// `YYYY-MM-DDTHH:MM:SS.mmmZ`, so they hold no `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Key {
    at: String,
    kind: String,
    id: String,
}

impl Key {
    fn cursor(&self) -> String {
        format!("{}/{}/{}", self.at, self.kind, self.id)
    }

    fn parse(cursor: &str) -> Result<Key> {
        let bad = || Error::invalid("before", format!("\"{cursor}\" is not a timeline cursor"));
        let mut parts = cursor.splitn(3, '/');
        let (Some(at), Some(kind), Some(id)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(bad());
        };
        if at.is_empty() || !SOURCES.iter().any(|s| s.kind == kind) {
            return Err(bad());
        }
        let id = Uuid::parse_str(id).map_err(|_| bad())?;
        Ok(Key {
            at: at.to_string(),
            kind: kind.to_string(),
            id: id.to_string(),
        })
    }
}

/// One page of a contact's timeline, newest first. The contact must be one of the
/// actor's organisation (`NotFound` otherwise); a trashed contact's timeline is empty, as
/// its notes and activities are out of every list while it is in the trash.
pub fn contact(
    conn: &Connection,
    actor: &Actor,
    contact_id: Uuid,
    query: &TimelineQuery,
) -> Result<TimelinePage> {
    records::get(conn, actor, &CONTACTS, contact_id)?;
    let limit = query
        .limit
        .unwrap_or(DEFAULT_LIMIT)
        .clamp(1, records::MAX_LIMIT);
    let before = query.before.as_deref().map(Key::parse).transpose()?;
    let mut keys = page_keys(conn, actor, contact_id, before.as_ref(), limit + 1)?;
    let next_cursor = if keys.len() > limit as usize {
        keys.truncate(limit as usize);
        keys.last().map(Key::cursor)
    } else {
        None
    };
    let items = load_items(conn, actor, &keys)?;
    let pinned = if before.is_none() {
        pinned_notes(conn, actor, contact_id)?
    } else {
        Vec::new()
    };
    Ok(TimelinePage {
        pinned,
        items,
        next_cursor,
    })
}

/// The statement that decides a page: each source's rows of the contact after the cursor,
/// merged by one ORDER BY with one LIMIT. SQLite runs a compound ORDER BY as a merge of
/// the ordered branches, so it reads no more of each than the page needs beyond the
/// contact's own rows.
fn page_keys(
    conn: &Connection,
    actor: &Actor,
    contact_id: Uuid,
    before: Option<&Key>,
    limit: u32,
) -> Result<Vec<Key>> {
    let (sql, params) = page_sql(actor, contact_id, before, limit);
    let mut stmt = conn.prepare_cached(&sql)?;
    let keys = stmt
        .query_map(params_from_iter(params), |r| {
            Ok(Key {
                kind: r.get(0)?,
                id: r.get(1)?,
                at: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(keys)
}

fn page_sql(
    actor: &Actor,
    contact_id: Uuid,
    before: Option<&Key>,
    limit: u32,
) -> (String, Vec<Sql>) {
    let mut params = Vec::new();
    let mut branches = Vec::new();
    for source in &SOURCES {
        params.push(Sql::Text(contact_id.to_string()));
        let scope = records::scope_sql(source.table, actor, &mut params);
        let mut branch = format!(
            "SELECT '{kind}' AS kind, id, {at} AS at FROM {table}
             WHERE contact_id = ? AND deleted_at IS NULL {extra} AND {scope}",
            kind = source.kind,
            at = source.at,
            table = source.table.name,
            extra = source.extra,
        );
        if let Some(key) = before {
            // The whole key in one row-value comparison: strictly after the cursor's item
            // in the merged (at, id, kind) descending order.
            branch.push_str(&format!(
                " AND ({at}, id, '{kind}') < (?, ?, ?)",
                at = source.at,
                kind = source.kind
            ));
            params.push(Sql::Text(key.at.clone()));
            params.push(Sql::Text(key.id.clone()));
            params.push(Sql::Text(key.kind.clone()));
        }
        branches.push(branch);
    }
    params.push(Sql::Integer(i64::from(limit)));
    let sql = format!(
        "{} ORDER BY at DESC, id DESC, kind DESC LIMIT ?",
        branches.join(" UNION ALL ")
    );
    (sql, params)
}

/// The page's rows, read through `records::list` (scoped, with every column as the
/// record path shows it), in the page's order. A row deleted by another connection
/// between the two reads is left out; the cursor still comes from the page's keys.
fn load_items(conn: &Connection, actor: &Actor, keys: &[Key]) -> Result<Vec<TimelineItem>> {
    let mut rows: HashMap<(&str, String), Row> = HashMap::new();
    for source in &SOURCES {
        let ids: Vec<Value> = keys
            .iter()
            .filter(|k| k.kind == source.kind)
            .map(|k| Value::from(k.id.clone()))
            .collect();
        if ids.is_empty() {
            continue;
        }
        let query = ListQuery {
            limit: Some(ids.len() as u32),
            filters: vec![Filter {
                field: "id".into(),
                op: FilterOp::In,
                value: Some(Value::Array(ids)),
            }],
            ..ListQuery::default()
        };
        for row in records::list(conn, actor, source.table, &query)?.items {
            let id = row
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            rows.insert((source.kind, id), row);
        }
    }
    let mut items = Vec::with_capacity(keys.len());
    for key in keys {
        let Some(row) = rows.remove(&(key.kind.as_str(), key.id.clone())) else {
            continue;
        };
        let id = Uuid::parse_str(&key.id)
            .map_err(|_| Error::invalid("timeline", format!("bad id {}", key.id)))?;
        let at = key.at.clone();
        items.push(match key.kind.as_str() {
            "note" => TimelineItem::Note {
                id,
                at,
                note: records::as_record(row)?,
            },
            "activity" => TimelineItem::Activity {
                id,
                at,
                activity: records::as_record(row)?,
            },
            "automation_run" => TimelineItem::AutomationRun {
                id,
                at,
                run: Box::new(records::as_record(row)?),
            },
            _ => TimelineItem::Event {
                id,
                at,
                event: Box::new(records::as_record(row)?),
            },
        });
    }
    Ok(items)
}

/// A contact's pinned live notes, newest first (people pin a handful; at most
/// `records::MAX_LIMIT` are shown).
fn pinned_notes(conn: &Connection, actor: &Actor, contact_id: Uuid) -> Result<Vec<ContactNote>> {
    let query = ListQuery {
        filters: vec![
            Filter {
                field: "contact_id".into(),
                op: FilterOp::Eq,
                value: Some(Value::from(contact_id.to_string())),
            },
            Filter {
                field: "is_pinned".into(),
                op: FilterOp::Eq,
                value: Some(Value::Bool(true)),
            },
        ],
        sort: Some(Sort {
            field: "created_at".into(),
            desc: true,
        }),
        limit: Some(records::MAX_LIMIT),
        ..ListQuery::default()
    };
    records::list(conn, actor, &CONTACT_NOTES, &query)?
        .items
        .into_iter()
        .map(records::as_record)
        .collect()
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::{page_sql, Key};
    use crate::db::{self, OpenMode};
    use crate::records::{self, Actor};
    use crate::tables::CONTACT_NOTES;

    fn plan(conn: &rusqlite::Connection, sql: &str, params: Vec<rusqlite::types::Value>) -> String {
        conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .expect("explain")
            .query_map(rusqlite::params_from_iter(params), |r| {
                r.get::<_, String>(3)
            })
            .expect("query")
            .collect::<rusqlite::Result<Vec<_>>>()
            .expect("plan")
            .join("; ")
    }

    /// No step scans a table, and every read of a parent (contacts, calendars) is one
    /// row by its key. The organisation's members may be listed: a team, not a table
    /// that grows with the data.
    fn assert_lookups_by_key(plan: &str) {
        for step in plan.split("; ") {
            assert!(!step.starts_with("SCAN"), "a scan: {plan}");
            if step.contains(" contacts ") || step.contains(" calendars ") {
                assert!(
                    step.ends_with("(id=?)"),
                    "{step} reads more than one parent: {plan}"
                );
            }
        }
    }

    /// A page reads only the contact's rows of each source, through their contact_id
    /// indexes, and checks each row's scope by looking its parent up by key: never a
    /// list of every contact or calendar of the organisation (a `LIST SUBQUERY` over
    /// contacts made each read of a note cost a pass over all contacts), never a scan.
    #[test]
    fn a_page_and_a_scoped_read_look_rows_up_by_key() {
        let dir = tempfile::tempdir().expect("dir");
        let (conn, _) =
            db::open(&dir.path().join("t.sqlite3"), OpenMode::CreateIfMissing).expect("open");
        let actor = Actor::new(Uuid::now_v7(), Uuid::now_v7());
        let key = Key {
            at: "2026-03-01T10:00:00.000Z".into(),
            kind: "note".into(),
            id: Uuid::now_v7().to_string(),
        };
        for before in [None, Some(&key)] {
            let (sql, params) = page_sql(&actor, Uuid::now_v7(), before, 51);
            let plan = plan(&conn, &sql, params);
            for index in [
                "idx_contact_notes_contact_id",
                "idx_contact_activities_contact_id",
                "idx_events_contact",
            ] {
                assert!(plan.contains(index), "{index} not used: {plan}");
            }
            assert_lookups_by_key(&plan);
        }
        let mut params = vec![rusqlite::types::Value::Text(Uuid::now_v7().to_string())];
        let scope = records::scope_sql(&CONTACT_NOTES, &actor, &mut params);
        let get = format!("SELECT id FROM contact_notes WHERE id = ? AND {scope}");
        let plan = plan(&conn, &get, params);
        assert!(plan.contains("contacts"), "{plan}");
        assert_lookups_by_key(&plan);
    }

    #[test]
    fn a_cursor_reads_back_and_refuses_what_is_not_one() {
        let key = Key {
            at: "2026-03-01T10:00:00.000Z".into(),
            kind: "event".into(),
            id: "0190a1b2-0000-7000-8000-000000000001".into(),
        };
        assert_eq!(Key::parse(&key.cursor()).ok(), Some(key));
        for bad in [
            "",
            "2026-03-01T10:00:00.000Z/event",
            "2026-03-01T10:00:00.000Z/order/0190a1b2-0000-7000-8000-000000000001",
            "2026-03-01T10:00:00.000Z/note/not-a-uuid",
            "/note/0190a1b2-0000-7000-8000-000000000001",
        ] {
            assert!(Key::parse(bad).is_err(), "{bad} was accepted");
        }
    }
}
