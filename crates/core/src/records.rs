//! The one generic path for records of every table: create, get, update, soft delete,
//! restore, list (filters, sort, cursor pagination) and count.
//!
//! Input and output are JSON objects checked against the table's `TableDef`; typed
//! records come from them through serde (`as_record`). Each mutation runs in one
//! transaction that also writes its `audit_logs` entry, so either both land or neither.
//! Every read and write is confined to the actor's organisation through the table's
//! `Scope`, including the rows that foreign keys point at.

//!
//! [`write`] holds the write path (checks, hooks, audit), [`query`] the reads (scope,
//! filters, sort, keyset pages); both are table-blind: what a table adds is declared with
//! it ([`crate::schema::Rules`]).

mod query;
mod write;

pub use query::{count, for_each, get, list, parse_filter};
pub(crate) use query::{id_query, query_rows, scope_sql, select_list};
pub use write::{
    check_role, create, create_in, create_many, delete, restore, set_deleted_in, update, update_in,
};
pub(crate) use write::{insert_unaudited, prepare_bulk_write};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;
use uuid::Uuid;

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::schema::{self, Column, Record, TableDef, DELETED_AT, UPDATED_AT};
use crate::values::timestamp_text;

/// Who is acting and in which organisation: every record call is made as someone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Actor {
    pub user_id: Uuid,
    pub organization_id: Uuid,
    /// Where the actor's writes take their time from.
    #[serde(skip)]
    #[ts(skip)]
    pub clock: Clock,
    /// The actor reads but does not change what the organisation shares: a viewer, as the
    /// server last said (DESIGN.md §4). Every write of a synced table refuses, as the
    /// server would, so nothing is written only to be refused and undone at the next sync.
    #[serde(skip)]
    #[ts(skip)]
    pub read_only: bool,
}

impl Actor {
    /// Someone acting now, on the system clock.
    pub fn new(user_id: Uuid, organization_id: Uuid) -> Actor {
        Actor {
            user_id,
            organization_id,
            clock: Clock::System,
            read_only: false,
        }
    }

    /// The same actor with time fixed at `at` (tests, dry runs).
    pub fn at(self, at: schema::Timestamp) -> Actor {
        Actor {
            clock: Clock::Fixed(at),
            ..self
        }
    }
}

pub type Row = Map<String, Value>;

/// Which rows a list shows with respect to soft deletion.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Deleted {
    /// Live rows only.
    #[default]
    Exclude,
    /// The trash.
    Only,
    Include,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FilterOp {
    Eq,
    Ne,
    Lt,
    Lte,
    Gt,
    Gte,
    /// Case-insensitive substring of a text column.
    Contains,
    StartsWith,
    EndsWith,
    /// One of a JSON array of values.
    In,
    IsNull,
    NotNull,
    /// A string array column (tags) holds the value.
    Has,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Filter {
    pub field: String,
    pub op: FilterOp,
    #[serde(default)]
    #[ts(type = "unknown", optional)]
    pub value: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Sort {
    pub field: String,
    #[serde(default)]
    pub desc: bool,
}

/// A list request. Without a sort, newest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ListQuery {
    pub filters: Vec<Filter>,
    #[ts(optional)]
    pub sort: Option<Sort>,
    #[ts(optional)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[ts(optional)]
    pub cursor: Option<String>,
    pub deleted: Deleted,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Page {
    #[ts(type = "Array<Record<string, unknown>>")]
    pub items: Vec<Row>,
    /// Pass back as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

pub const DEFAULT_LIMIT: u32 = 50;

/// From this many rows on, a batch insert into a table no bigger than the batch rebuilds
/// the table's non-unique indexes once after commit instead of updating them row by row.
pub const BULK_ROWS: usize = 10_000;

pub const MAX_LIMIT: u32 = 1000;

/// Whether the record path or the system fills this column itself (never taken from
/// input): the change stamps and what each replica derives.
/// Drops the record lists' sort indexes (`idx_<table>_list_<column>`: made only so a list
/// screen's sorted page reads its rows from an index) in a database nobody lists, the
/// server's replicas of organisations: every contact a form post creates or updates would
/// otherwise rewrite a page of each. Queries stay correct without them. Idempotent; run
/// at each open, so one a later migration adds goes too. Returns how many it dropped.
pub fn keep_no_list_indexes(conn: &rusqlite::Connection) -> Result<usize> {
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'idx\\_%\\_list\\_%' ESCAPE '\\'",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for name in &names {
        conn.execute_batch(&format!("DROP INDEX \"{name}\""))?;
    }
    Ok(names.len())
}

pub fn is_system_column(column: &Column) -> bool {
    column.derived || column.name == UPDATED_AT || column.name == DELETED_AT
}

/// Whether the table's module computes this column ([`schema::Column::computed`]).
pub fn is_computed(column: &Column) -> bool {
    column.computed
}

/// Looks a table up by name, with an error naming the unknown table.
pub fn table(name: &str) -> Result<&'static TableDef> {
    schema::table(name).ok_or_else(|| Error::invalid("table", format!("unknown table \"{name}\"")))
}

/// Converts a JSON row into its typed record.
pub fn as_record<R: Record>(row: Row) -> Result<R> {
    serde_json::from_value(Value::Object(row))
        .map_err(|e| Error::invalid(R::TABLE.name, format!("row does not match its type: {e}")))
}

/// The actor's "now", as stored.
pub(crate) fn now(actor: &Actor) -> String {
    timestamp_text(actor.clock.now())
}
