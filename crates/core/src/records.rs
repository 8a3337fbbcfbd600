//! The one generic path for records of every table: create, get, update, soft delete,
//! restore, list (filters, sort, cursor pagination) and count.
//!
//! Input and output are JSON objects checked against the table's `TableDef`; typed
//! records come from them through serde (`as_record`). Each mutation runs in one
//! transaction that also writes its `audit_logs` entry, so either both land or neither.
//! Every read and write is confined to the actor's organisation through the table's
//! `Scope`, including the rows that foreign keys point at.

use rusqlite::types::Value as Sql;
use rusqlite::{params_from_iter, Connection, ErrorCode, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::schema::{self, Column, Kind, Record, Scope, TableDef};
use crate::values::{self, timestamp_text};

/// Who is acting and in which organisation: every record call is made as someone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Actor {
    pub user_id: Uuid,
    pub organization_id: Uuid,
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

/// Columns the record path fills itself and never takes from input.
const SYSTEM_COLUMNS: &[&str] = &["updated_at", "deleted_at", "usage_count", "duplicate_of"];
/// Columns that default to the acting user when left out.
const ACTOR_COLUMNS: &[&str] = &["user_id", "owner_id", "created_by"];

/// Whether the record path fills this column itself (never taken from input).
pub fn is_system_column(name: &str) -> bool {
    SYSTEM_COLUMNS.contains(&name)
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

/// Creates a record and its audit entry in one transaction; returns the stored row.
pub fn create(conn: &mut Connection, actor: &Actor, table: &TableDef, input: Row) -> Result<Row> {
    let tx = conn.transaction()?;
    let row = create_in(&tx, actor, table, input, None)?;
    crate::tags::ensure_in(&tx, actor, table, &crate::tags::of(&row), None)?;
    tx.commit()?;
    Ok(row)
}

/// `create` inside the caller's transaction, as part of `batch` when given.
pub fn create_in(
    tx: &Transaction<'_>,
    actor: &Actor,
    table: &TableDef,
    input: Row,
    batch: Option<Uuid>,
) -> Result<Row> {
    let id = insert(tx, actor, table, input)?;
    let row = read_back(tx, table, &id)?;
    audit(
        tx,
        actor,
        "create",
        table,
        row_id(&row),
        with_batch(json!({ "after": row }), batch),
    )?;
    Ok(row)
}

/// Creates many records of one table in one transaction with one audit entry for the
/// batch (`action`, e.g. "import" or "demo"). Nothing is written if any row fails; the
/// error names the failing row (0-based).
pub fn create_many(
    conn: &mut Connection,
    actor: &Actor,
    table: &TableDef,
    rows: impl IntoIterator<Item = Row>,
    action: &str,
) -> Result<usize> {
    let rows: Vec<Row> = rows.into_iter().collect();
    let count = rows.len();
    let tx = conn.transaction()?;
    prepare_bulk_write(&tx, table, count)?;
    for (i, input) in rows.into_iter().enumerate() {
        insert(&tx, actor, table, input).map_err(|e| e.within(&format!("row {i}")))?;
    }
    audit(&tx, actor, action, table, None, json!({ "count": count }))?;
    tx.commit()?;
    // Only the indexes this batch dropped: a search deferral belongs to the caller (the
    // demo's spans all its tables; ending it here indexed every later contact and note
    // one row at a time).
    crate::deferred::rebuild_indexes(conn)?;
    // A batch can change a table's shape enough to mislead the query planner.
    conn.execute_batch("PRAGMA optimize")?;
    Ok(count)
}

/// Reads one record of the actor's organisation, deleted or not.
pub fn get(conn: &Connection, actor: &Actor, table: &TableDef, id: Uuid) -> Result<Row> {
    let mut params = Vec::new();
    let scope = scope_sql(table, actor, &mut params);
    params.insert(0, Sql::Text(id.to_string()));
    let sql = format!(
        "SELECT {} FROM {} WHERE id = ? AND {scope}",
        select_list(table),
        table.name
    );
    query_rows(conn, table, &sql, params)?
        .pop()
        .ok_or_else(|| Error::not_found(table.name, id))
}

/// Changes the given fields of a live record; returns the stored row.
pub fn update(
    conn: &mut Connection,
    actor: &Actor,
    table: &TableDef,
    id: Uuid,
    patch: Row,
) -> Result<Row> {
    let tx = conn.transaction()?;
    let row = update_in(&tx, actor, table, id, patch, None)?;
    crate::tags::ensure_in(&tx, actor, table, &crate::tags::of(&row), None)?;
    tx.commit()?;
    Ok(row)
}

/// `update` inside the caller's transaction, as part of `batch` when given.
pub fn update_in(
    tx: &Transaction<'_>,
    actor: &Actor,
    table: &TableDef,
    id: Uuid,
    patch: Row,
    batch: Option<Uuid>,
) -> Result<Row> {
    writable(table)?;
    let before = get(tx, actor, table, id)?;
    if !before.get("deleted_at").is_none_or(Value::is_null) {
        return Err(Error::invalid(
            "id",
            format!("{} {id} is deleted; restore it first", table.name),
        ));
    }
    let mut sets: Vec<(&'static Column, Sql)> = Vec::new();
    for (field, value) in &patch {
        let column = input_column(table, field)?;
        if matches!(column.name, "id" | "created_at" | "organization_id") {
            if before.get(field) == Some(value) {
                continue;
            }
            return Err(Error::invalid(field, "cannot be changed"));
        }
        let sql = values::to_sql(column, value)?;
        if column.name == "custom_fields" {
            crate::custom_fields::check(tx, actor, table, value)?;
        }
        check_reference(tx, actor, table, column, &sql)?;
        sets.push((column, sql));
    }
    if table.has_column("updated_at") {
        sets.push((column_of(table, "updated_at"), Sql::Text(now())));
    }
    write_columns(tx, table, id, &sets, &patch)?;
    let after = get(tx, actor, table, id)?;
    let (old, new) = changed_fields(&before, &after);
    if !new.is_empty() {
        audit(
            tx,
            actor,
            "update",
            table,
            Some(id),
            with_batch(json!({ "before": old, "after": new }), batch),
        )?;
    }
    Ok(after)
}

/// Soft-deletes a record: it leaves lists and goes to the trash, with everything attached.
pub fn delete(conn: &mut Connection, actor: &Actor, table: &TableDef, id: Uuid) -> Result<Row> {
    set_deleted(conn, actor, table, id, true)
}

/// Brings a record back from the trash.
pub fn restore(conn: &mut Connection, actor: &Actor, table: &TableDef, id: Uuid) -> Result<Row> {
    set_deleted(conn, actor, table, id, false)
}

fn set_deleted(
    conn: &mut Connection,
    actor: &Actor,
    table: &TableDef,
    id: Uuid,
    delete: bool,
) -> Result<Row> {
    let tx = conn.transaction()?;
    let row = set_deleted_in(&tx, actor, table, id, delete, None)?;
    tx.commit()?;
    Ok(row)
}

/// Soft-deletes (`delete`) or restores a record inside the caller's transaction.
pub fn set_deleted_in(
    tx: &Transaction<'_>,
    actor: &Actor,
    table: &TableDef,
    id: Uuid,
    delete: bool,
    batch: Option<Uuid>,
) -> Result<Row> {
    writable(table)?;
    let before = get(tx, actor, table, id)?;
    let is_deleted = !before.get("deleted_at").is_none_or(Value::is_null);
    if is_deleted == delete {
        let state = if delete {
            "already deleted"
        } else {
            "not deleted"
        };
        return Err(Error::invalid(
            "id",
            format!("{} {id} is {state}", table.name),
        ));
    }
    let stamp = now();
    let mut sets = vec![(
        column_of(table, "deleted_at"),
        if delete {
            Sql::Text(stamp.clone())
        } else {
            Sql::Null
        },
    )];
    if table.has_column("updated_at") {
        sets.push((column_of(table, "updated_at"), Sql::Text(stamp)));
    }
    write_columns(tx, table, id, &sets, &before)?;
    let after = get(tx, actor, table, id)?;
    let action = if delete { "delete" } else { "restore" };
    let (old, new) = changed_fields(&before, &after);
    audit(
        tx,
        actor,
        action,
        table,
        Some(id),
        with_batch(json!({ "before": old, "after": new }), batch),
    )?;
    Ok(after)
}

/// One page of records of the actor's organisation.
pub fn list(conn: &Connection, actor: &Actor, table: &TableDef, query: &ListQuery) -> Result<Page> {
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let sort = match &query.sort {
        Some(s) => Sort {
            field: s.field.clone(),
            desc: s.desc,
        },
        None => default_sort(table),
    };
    let key = field_ref(table, &sort.field, "sort")?;
    let (mut conditions, mut params) = where_clause(table, actor, query)?;
    if let Some(cursor) = &query.cursor {
        let (cond, cursor_params) = after_cursor(&key, sort.desc, cursor)?;
        conditions.push(cond);
        params.extend(cursor_params);
    }
    let dir = if sort.desc { "DESC" } else { "ASC" };
    let sql = format!(
        "SELECT {} FROM {} WHERE {} ORDER BY {} {dir}, id {dir} LIMIT {}",
        select_list(table),
        table.name,
        conditions.join(" AND "),
        key.expr,
        limit + 1
    );
    let mut items = query_rows(conn, table, &sql, params)?;
    let next_cursor = if items.len() > limit as usize {
        items.truncate(limit as usize);
        items
            .last()
            .map(|last| json!([key.value_of(last), last.get("id")]).to_string())
    } else {
        None
    };
    Ok(Page { items, next_cursor })
}

/// How many records match the query's filters (ignoring sort, limit and cursor).
pub fn count(conn: &Connection, actor: &Actor, table: &TableDef, query: &ListQuery) -> Result<i64> {
    let (conditions, params) = where_clause(table, actor, query)?;
    let sql = format!(
        "SELECT count(*) FROM {} WHERE {}",
        table.name,
        conditions.join(" AND ")
    );
    Ok(conn.query_row(&sql, params_from_iter(params), |r| r.get(0))?)
}

/// Calls `f` with every record the query's filters match, in storage order, reading them
/// as one stream (for exports: no pages, no sort).
pub fn for_each(
    conn: &Connection,
    actor: &Actor,
    table: &TableDef,
    query: &ListQuery,
    mut f: impl FnMut(Row) -> Result<()>,
) -> Result<()> {
    let (conditions, params) = where_clause(table, actor, query)?;
    let sql = format!(
        "SELECT {} FROM {} WHERE {} ORDER BY rowid",
        select_list(table),
        table.name,
        conditions.join(" AND ")
    );
    let columns: Vec<&Column> = visible_columns(table).collect();
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(params))?;
    while let Some(row) = rows.next()? {
        f(values::row_to_json(&columns, row)?)?;
    }
    Ok(())
}

/// The SQL (and its parameters) selecting the ids of every record the query's filters
/// match, in storage order, for actions on a whole filter result.
pub(crate) fn id_query(
    table: &TableDef,
    actor: &Actor,
    query: &ListQuery,
) -> Result<(String, Vec<Sql>)> {
    let (conditions, params) = where_clause(table, actor, query)?;
    let sql = format!(
        "SELECT id FROM {} WHERE {} ORDER BY rowid",
        table.name,
        conditions.join(" AND ")
    );
    Ok((sql, params))
}

/// Parses a filter written as text (`status=lead`, `lead_score>=50`, `email~acme`,
/// `first_name^an`, `tags@VIP`, `phone=null`); the value is read as the column's kind.
pub fn parse_filter(table: &TableDef, expr: &str) -> Result<Filter> {
    const OPS: &[(&str, FilterOp)] = &[
        ("!=", FilterOp::Ne),
        (">=", FilterOp::Gte),
        ("<=", FilterOp::Lte),
        ("=", FilterOp::Eq),
        (">", FilterOp::Gt),
        ("<", FilterOp::Lt),
        ("~", FilterOp::Contains),
        ("^", FilterOp::StartsWith),
        ("@", FilterOp::Has),
    ];
    let (at, token, op) = OPS
        .iter()
        .filter_map(|(token, op)| expr.find(token).map(|at| (at, *token, *op)))
        .min_by_key(|(at, token, _)| (*at, usize::MAX - token.len()))
        .ok_or_else(|| {
            Error::invalid(
                "filter",
                format!("\"{expr}\" has no operator (=, !=, >, >=, <, <=, ~, ^, @)"),
            )
        })?;
    let field = expr[..at].trim();
    let raw = expr[at + token.len()..].trim();
    let column = readable_column(table, field, "filter")?;
    let value =
        if raw == "null" && matches!(op, FilterOp::Eq | FilterOp::Ne) {
            Value::Null
        } else {
            match column.kind {
                Kind::Integer => Value::from(raw.parse::<i64>().map_err(|_| {
                    Error::invalid(field, format!("\"{raw}\" is not a whole number"))
                })?),
                Kind::Bool => Value::from(match raw {
                    "true" | "1" | "yes" => true,
                    "false" | "0" | "no" => false,
                    _ => {
                        return Err(Error::invalid(
                            field,
                            format!("\"{raw}\" is not true or false"),
                        ))
                    }
                }),
                _ => Value::from(raw),
            }
        };
    Ok(Filter {
        field: field.into(),
        op,
        value: Some(value),
    })
}

// ---------------------------------------------------------------------------------------

fn writable(table: &TableDef) -> Result<()> {
    if table.read_only {
        return Err(Error::Forbidden(format!(
            "{} is written only by the system",
            table.name
        )));
    }
    Ok(())
}

/// Checks and inserts one row; returns its id.
fn insert(tx: &Transaction<'_>, actor: &Actor, table: &TableDef, mut input: Row) -> Result<String> {
    writable(table)?;
    let stamp = now();
    // Fill what the app fills: a fresh id, timestamps, the organisation, the acting user.
    input
        .entry("id")
        .or_insert_with(|| Value::from(Uuid::now_v7().to_string()));
    for column in ["created_at", "updated_at"] {
        if table.has_column(column) && (column == "updated_at" || !input.contains_key(column)) {
            input.insert(column.into(), Value::from(stamp.clone()));
        }
    }
    if table.scope == Scope::Org {
        let org = Value::from(actor.organization_id.to_string());
        match input.get("organization_id") {
            None => {
                input.insert("organization_id".into(), org);
            }
            Some(v) if *v == org => {}
            Some(_) => {
                return Err(Error::invalid(
                    "organization_id",
                    "must be the active organization",
                ))
            }
        }
    }
    for column in ACTOR_COLUMNS {
        if table.has_column(column) && !input.contains_key(*column) {
            input.insert((*column).into(), Value::from(actor.user_id.to_string()));
        }
    }

    let mut names = Vec::with_capacity(input.len());
    let mut params = Vec::with_capacity(input.len());
    for (field, value) in &input {
        let column = if *field == "updated_at" {
            column_of(table, field)
        } else {
            input_column(table, field)?
        };
        let sql = values::to_sql(column, value)?;
        if column.name == "custom_fields" {
            crate::custom_fields::check(tx, actor, table, value)?;
        }
        check_reference(tx, actor, table, column, &sql)?;
        names.push(column.name);
        params.push(sql);
    }
    if let Some(missing) = table
        .columns
        .iter()
        .find(|c| !c.nullable && !c.has_default && !input.contains_key(c.name))
    {
        return Err(Error::invalid(missing.name, describe_required(missing)));
    }
    let id = input
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({})",
        table.name,
        names.join(", "),
        vec!["?"; names.len()].join(", ")
    );
    tx.prepare_cached(&sql)?
        .execute(params_from_iter(params))
        .map_err(|e| constraint_error(e, table, &input))?;
    Ok(id)
}

/// Readies `tx` for a bulk write of `rows` new rows of `table`. When they are at least
/// `BULK_ROWS` and at least as many as the table holds, the table's non-unique indexes are
/// dropped, for [`crate::deferred::finish`] to rebuild after the commit: one sorted build is
/// several times cheaper than as many incremental inserts (a rebuild sorts the whole table,
/// so it does not pay for a small batch into a big table). A rollback restores them.
/// Returns whether it dropped any.
pub(crate) fn prepare_bulk_write(
    tx: &Transaction<'_>,
    table: &TableDef,
    rows: usize,
) -> Result<bool> {
    let existing: i64 = tx.query_row(&format!("SELECT count(*) FROM {}", table.name), [], |r| {
        r.get(0)
    })?;
    if rows < BULK_ROWS || (rows as i64) < existing {
        return Ok(false);
    }
    Ok(crate::deferred::drop_indexes(tx, table)? > 0)
}

/// Checks and inserts one row without an audit entry of its own (the caller writes one
/// for the batch); returns its id.
pub(crate) fn insert_unaudited(
    tx: &Transaction<'_>,
    actor: &Actor,
    table: &TableDef,
    input: Row,
) -> Result<String> {
    insert(tx, actor, table, input)
}

/// The stored row by id, without scope (a row just written by the actor).
fn read_back(tx: &Connection, table: &TableDef, id: &str) -> Result<Row> {
    let sql = format!(
        "SELECT {} FROM {} WHERE id = ?",
        select_list(table),
        table.name
    );
    query_rows(tx, table, &sql, vec![Sql::Text(id.to_string())])?
        .pop()
        .ok_or_else(|| Error::not_found(table.name, id))
}

fn describe_required(column: &Column) -> String {
    match column.kind {
        Kind::Enum(values) => format!("is required (one of {})", values.join(", ")),
        _ => "is required".into(),
    }
}

/// The column an input field names, refusing unknown, hidden and system-managed fields.
fn input_column(table: &TableDef, field: &str) -> Result<&'static Column> {
    if table.hidden.contains(&field) || SYSTEM_COLUMNS.contains(&field) {
        return Err(Error::invalid(field, "cannot be set"));
    }
    table
        .column(field)
        .ok_or_else(|| Error::invalid(field, format!("{} has no such field", table.name)))
}

fn readable_column(table: &TableDef, field: &str, what: &str) -> Result<&'static Column> {
    table
        .column(field)
        .ok_or_else(|| Error::invalid(what, format!("{} has no field \"{field}\"", table.name)))
}

/// A system column the caller knows the table has (writable tables all have `deleted_at`).
fn column_of(table: &TableDef, name: &str) -> &'static Column {
    table
        .column(name)
        .unwrap_or_else(|| unreachable!("{} has a {name} column", table.name))
}

fn write_columns(
    tx: &Transaction<'_>,
    table: &TableDef,
    id: Uuid,
    sets: &[(&Column, Sql)],
    input: &Row,
) -> Result<()> {
    if sets.is_empty() {
        return Ok(());
    }
    let assignments: Vec<String> = sets
        .iter()
        .map(|(c, _)| format!("{} = ?", c.name))
        .collect();
    let mut params: Vec<Sql> = sets.iter().map(|(_, v)| v.clone()).collect();
    params.push(Sql::Text(id.to_string()));
    let sql = format!(
        "UPDATE {} SET {} WHERE id = ?",
        table.name,
        assignments.join(", ")
    );
    tx.execute(&sql, params_from_iter(params))
        .map_err(|e| constraint_error(e, table, input))?;
    Ok(())
}

/// A foreign key must point at a live row the actor can see in this organisation, so no
/// record is ever linked across organisations.
fn check_reference(
    tx: &Connection,
    actor: &Actor,
    table: &TableDef,
    column: &Column,
    value: &Sql,
) -> Result<()> {
    let (Some(target_name), Sql::Text(id)) = (column.references, value) else {
        return Ok(());
    };
    // organization_id of an org-scoped row is forced to the actor's organisation above.
    if table.scope == Scope::Org && column.name == "organization_id" {
        return Ok(());
    }
    // Whoever writes may name themselves (every edge lets only members of the
    // organisation act in it), so a reference to the actor needs no lookup: the record
    // path fills owner_id/user_id/created_by with it on every create, 100k times in an import.
    if target_name == "users" && *id == actor.user_id.to_string() {
        return Ok(());
    }
    let target = table_def(target_name);
    let mut params = vec![Sql::Text(id.clone())];
    // Adding a user to the organisation is how a user becomes visible in it.
    let scope = if table.name == "organization_members" && target.name == "users" {
        "1".to_string()
    } else {
        scope_sql(target, actor, &mut params)
    };
    let sql = format!(
        "SELECT count(*) FROM {} WHERE id = ? AND deleted_at IS NULL AND {scope}",
        target.name
    );
    let found: i64 = tx
        .prepare_cached(&sql)?
        .query_row(params_from_iter(params), |r| r.get(0))?;
    if found == 0 {
        return Err(Error::invalid(
            column.name,
            format!("no {target_name} record with id {id} in this organization"),
        ));
    }
    Ok(())
}

fn table_def(name: &str) -> &'static TableDef {
    schema::table(name).unwrap_or_else(|| unreachable!("table {name} is declared"))
}

/// SQL condition that keeps the rows of `table` belonging to the actor's organisation.
pub(crate) fn scope_sql(table: &TableDef, actor: &Actor, params: &mut Vec<Sql>) -> String {
    let org = || Sql::Text(actor.organization_id.to_string());
    let me = || Sql::Text(actor.user_id.to_string());
    const MEMBERS: &str =
        "SELECT user_id FROM organization_members WHERE organization_id = ? AND deleted_at IS NULL";
    match table.scope {
        Scope::Org => {
            params.push(org());
            "organization_id = ?".into()
        }
        Scope::Parent {
            column,
            table: parent,
        } => {
            let parent = table_def(parent);
            let inner = scope_sql(parent, actor, params);
            // Correlated, so each row looks its own parent up by key. The uncorrelated
            // `{column} IN (SELECT id FROM parent ...)` made SQLite list every live parent
            // of the organisation on each execution: a note read or written one at a time
            // (undo, bulk actions, merges) cost a pass over all contacts, ~0.1 s at 30k.
            // Unqualified names inside resolve to the parent, as they did in the list.
            format!(
                "EXISTS (SELECT 1 FROM {p} WHERE {p}.id = {t}.{column} AND {p}.deleted_at IS NULL AND {inner})",
                p = parent.name,
                t = table.name,
            )
        }
        Scope::MemberOwned => {
            params.push(org());
            format!("user_id IN ({MEMBERS})")
        }
        Scope::Private => {
            params.push(me());
            "user_id = ?".into()
        }
        Scope::Members => {
            params.push(org());
            format!("id IN ({MEMBERS})")
        }
        Scope::MyOrganizations => {
            params.push(me());
            params.push(me());
            "(id IN (SELECT organization_id FROM organization_members WHERE user_id = ? AND deleted_at IS NULL) OR owner_id = ?)".into()
        }
    }
}

fn where_clause(
    table: &TableDef,
    actor: &Actor,
    query: &ListQuery,
) -> Result<(Vec<String>, Vec<Sql>)> {
    let mut params = Vec::new();
    let mut conditions = vec![scope_sql(table, actor, &mut params)];
    if table.has_column("deleted_at") {
        match query.deleted {
            Deleted::Exclude => conditions.push("deleted_at IS NULL".into()),
            Deleted::Only => conditions.push("deleted_at IS NOT NULL".into()),
            Deleted::Include => {}
        }
    }
    for filter in &query.filters {
        conditions.push(filter_sql(table, filter, &mut params)?);
    }
    Ok((conditions, params))
}

/// One filter as SQL, on a column or a custom field alike: the field's value expression,
/// its filter value bound as that field's type.
fn filter_sql(table: &TableDef, filter: &Filter, params: &mut Vec<Sql>) -> Result<String> {
    let target = field_ref(table, &filter.field, "filter")?;
    if let Some(column) = target.column.filter(|c| table.hidden.contains(&c.name)) {
        return Err(Error::invalid(
            "filter",
            format!("{} cannot be filtered on", column.name),
        ));
    }
    let name = filter.field.as_str();
    let expr = target.value_expr();
    let value = || {
        filter
            .value
            .as_ref()
            .ok_or_else(|| Error::invalid(name, "this filter needs a value"))
    };
    let text = || {
        value()?
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| Error::invalid(name, "this filter needs a text value"))
    };
    let compare = |op: &str, params: &mut Vec<Sql>| -> Result<String> {
        let v = value()?;
        if v.is_null() {
            let test = if op == "=" { "IS NULL" } else { "IS NOT NULL" };
            return Ok(format!("{expr} {test}"));
        }
        let bound = target.bind(name, v)?;
        // Custom fields hold what people typed: equal text ignores case.
        let nocase = target.custom.is_some() && op == "=" && matches!(bound, Sql::Text(_));
        params.push(bound);
        let collate = if nocase { " COLLATE NOCASE" } else { "" };
        Ok(format!("{expr} {op} {}{collate}", target.placeholder()))
    };
    Ok(match filter.op {
        FilterOp::Eq => compare("=", params)?,
        FilterOp::Ne => {
            let cond = compare("<>", params)?;
            if filter.value.as_ref().is_some_and(|v| !v.is_null()) && target.nullable() {
                format!("({cond} OR {expr} IS NULL)")
            } else {
                cond
            }
        }
        FilterOp::Lt => compare("<", params)?,
        FilterOp::Lte => compare("<=", params)?,
        FilterOp::Gt => compare(">", params)?,
        FilterOp::Gte => compare(">=", params)?,
        FilterOp::Contains | FilterOp::StartsWith | FilterOp::EndsWith => {
            params.push(Sql::Text(like_pattern(filter.op, &text()?)));
            format!("{expr} LIKE ? ESCAPE '\\'")
        }
        FilterOp::In => {
            let items = value()?
                .as_array()
                .ok_or_else(|| Error::invalid(name, "the in filter needs an array of values"))?;
            if items.is_empty() {
                return Ok("0".into());
            }
            for item in items {
                params.push(target.bind(name, item)?);
            }
            let placeholders = vec![target.placeholder(); items.len()].join(", ");
            format!("{expr} IN ({placeholders})")
        }
        // An emptied custom field may hold "" rather than nothing.
        FilterOp::IsNull if target.custom.is_some() => format!("({expr} IS NULL OR {expr} = '')"),
        FilterOp::NotNull if target.custom.is_some() => {
            format!("({expr} IS NOT NULL AND {expr} <> '')")
        }
        FilterOp::IsNull => format!("{expr} IS NULL"),
        FilterOp::NotNull => format!("{expr} IS NOT NULL"),
        FilterOp::Has => {
            let list = match (&target.custom, target.column) {
                (Some(key), _) => format!("custom_fields, '$.{key}'"),
                (None, Some(c)) if c.kind == Kind::StringArray => c.name.to_string(),
                _ => {
                    return Err(Error::invalid(
                        name,
                        "the has filter works on tag lists only",
                    ))
                }
            };
            // The value is one item of the list, not a list.
            params.push(json_scalar(name, value()?)?);
            format!("EXISTS (SELECT 1 FROM json_each({list}) WHERE value = ? COLLATE NOCASE)")
        }
    })
}

/// The key of a `custom_fields.<key>` filter or sort field, checked so it can be spliced
/// into a JSON path; `None` for a plain column.
fn custom_key(table: &TableDef, field: &str) -> Result<Option<String>> {
    let Some(key) = field.strip_prefix("custom_fields.") else {
        return Ok(None);
    };
    if !table.has_column("custom_fields") {
        return Err(Error::invalid(
            field,
            format!("{} has no custom fields", table.name),
        ));
    }
    let valid = key.starts_with(|c: char| c.is_ascii_lowercase())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !valid {
        return Err(Error::invalid(
            field,
            "a custom field key is lowercase letters, digits and _",
        ));
    }
    Ok(Some(key.to_string()))
}

fn custom_expr(key: &str) -> String {
    format!("json_extract(custom_fields, '$.{key}')")
}

/// A JSON value as the SQL scalar `json_extract` compares it with.
fn json_scalar(field: &str, value: &Value) -> Result<Sql> {
    Ok(match value {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Sql::Integer(i),
            None => Sql::Real(n.as_f64().unwrap_or_default()),
        },
        Value::String(s) => Sql::Text(s.clone()),
        _ => {
            return Err(Error::invalid(
                field,
                "a custom field filter needs a text, number or true/false value",
            ))
        }
    })
}

fn like_pattern(op: FilterOp, text: &str) -> String {
    let needle = escape_like(text);
    match op {
        FilterOp::StartsWith => format!("{needle}%"),
        FilterOp::EndsWith => format!("%{needle}"),
        _ => format!("%{needle}%"),
    }
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

fn default_sort(table: &TableDef) -> Sort {
    let field = if table.has_column("created_at") {
        "created_at"
    } else {
        "id"
    };
    Sort {
        field: field.into(),
        desc: true,
    }
}

/// Decimals are text on disk; they sort by value.
/// How a column orders: decimals as numbers, text ignoring case (as the list indexes do).
fn sort_expr(column: &Column) -> String {
    match column.kind {
        Kind::Decimal => format!("CAST({} AS REAL)", column.name),
        Kind::Text => format!("{} COLLATE NOCASE", column.name),
        _ => column.name.to_string(),
    }
}

/// What a filter or sort names: a column or a custom field (`custom_fields.<key>`).
struct FieldRef {
    /// How the list orders by it (text ignoring case, decimals as numbers).
    expr: String,
    column: Option<&'static Column>,
    custom: Option<String>,
}

impl FieldRef {
    /// The expression a filter compares (plain column, decimals as numbers).
    fn value_expr(&self) -> String {
        match self.column {
            Some(c) if c.kind == Kind::Decimal => format!("CAST({} AS REAL)", c.name),
            Some(c) => c.name.to_string(),
            None => self.expr.clone(),
        }
    }

    /// Where a bound value goes in a comparison.
    fn placeholder(&self) -> &'static str {
        match self.column {
            Some(c) if c.kind == Kind::Decimal => "CAST(? AS REAL)",
            _ => "?",
        }
    }

    fn nullable(&self) -> bool {
        self.column.is_none_or(|c| c.nullable)
    }

    /// A filter or cursor value bound as this field's type; `name` names it in errors.
    fn bind(&self, name: &str, value: &Value) -> Result<Sql> {
        match self.column {
            Some(column) => values::to_sql(
                &Column {
                    nullable: false,
                    has_default: true,
                    ..*column
                },
                value,
            ),
            None => json_scalar(name, value),
        }
    }

    /// The row's sort value, as the cursor records it.
    fn value_of(&self, row: &Row) -> Value {
        let value = match (&self.custom, self.column) {
            (Some(key), _) => row.get("custom_fields").and_then(|c| c.get(key)),
            (None, Some(column)) => row.get(column.name),
            (None, None) => None,
        };
        value.cloned().unwrap_or(Value::Null)
    }
}

fn field_ref(table: &TableDef, field: &str, what: &str) -> Result<FieldRef> {
    if let Some(key) = custom_key(table, field)? {
        return Ok(FieldRef {
            expr: custom_expr(&key),
            column: None,
            custom: Some(key),
        });
    }
    let column = readable_column(table, field, what)?;
    Ok(FieldRef {
        expr: sort_expr(column),
        column: Some(column),
        custom: None,
    })
}

/// Keyset condition for the rows after `cursor` (`[sort value, id]`) in the list order.
/// SQLite puts NULLs first ascending and last descending; the condition follows that.
fn after_cursor(key: &FieldRef, desc: bool, cursor: &str) -> Result<(String, Vec<Sql>)> {
    let bad = || Error::invalid("cursor", "is not a cursor returned by a previous page");
    let parsed: Vec<Value> = serde_json::from_str(cursor).map_err(|_| bad())?;
    let [sort_value, Value::String(id)] = parsed.as_slice() else {
        return Err(bad());
    };
    let id = Sql::Text(id.clone());
    let expr = &key.expr;
    let (cmp, id_cmp) = if desc { ("<", "<") } else { (">", ">") };
    let placeholder = key.placeholder();
    if sort_value.is_null() {
        let cond = if desc {
            format!("({expr} IS NULL AND id {id_cmp} ?)")
        } else {
            format!("(({expr} IS NULL AND id {id_cmp} ?) OR {expr} IS NOT NULL)")
        };
        return Ok((cond, vec![id]));
    }
    let v = key.bind("cursor", sort_value).map_err(|_| bad())?;
    let nulls_after = if desc && key.nullable() {
        format!(" OR {expr} IS NULL")
    } else {
        String::new()
    };
    Ok((
        format!("({expr} {cmp} {placeholder} OR ({expr} = {placeholder} AND id {id_cmp} ?){nulls_after})"),
        vec![v.clone(), v, id],
    ))
}

fn visible_columns(table: &TableDef) -> impl Iterator<Item = &'static Column> + '_ {
    table
        .columns
        .iter()
        .filter(|c| !table.hidden.contains(&c.name))
}

fn select_list(table: &TableDef) -> String {
    visible_columns(table)
        .map(|c| c.name)
        .collect::<Vec<_>>()
        .join(", ")
}

fn query_rows(
    conn: &Connection,
    table: &TableDef,
    sql: &str,
    params: Vec<Sql>,
) -> Result<Vec<Row>> {
    let columns: Vec<&Column> = visible_columns(table).collect();
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params_from_iter(params))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(values::row_to_json(&columns, row)?);
    }
    Ok(out)
}

fn row_id(row: &Row) -> Option<Uuid> {
    row.get("id")
        .and_then(Value::as_str)
        .and_then(|s| Uuid::parse_str(s).ok())
}

fn changed_fields(before: &Row, after: &Row) -> (Row, Row) {
    let mut old = Row::new();
    let mut new = Row::new();
    for (k, v) in after {
        if k == "updated_at" {
            continue;
        }
        let prev = before.get(k).cloned().unwrap_or(Value::Null);
        if prev != *v {
            old.insert(k.clone(), prev);
            new.insert(k.clone(), v.clone());
        }
    }
    (old, new)
}

/// Turns a constraint violation into an error naming the field.
fn constraint_error(e: rusqlite::Error, table: &TableDef, input: &Row) -> Error {
    let rusqlite::Error::SqliteFailure(code, Some(message)) = &e else {
        return e.into();
    };
    if code.code != ErrorCode::ConstraintViolation {
        return e.into();
    }
    // "UNIQUE constraint failed: contacts.organization_id, contacts.email"
    let named = table
        .columns
        .iter()
        .rev()
        .filter(|c| {
            c.name != "organization_id" && message.contains(&format!("{}.{}", table.name, c.name))
        })
        .map(|c| c.name)
        .next()
        .or_else(|| {
            table
                .columns
                .iter()
                .map(|c| c.name)
                .find(|n| message.contains(n))
        });
    let field = named.unwrap_or(table.name).to_string();
    if message.starts_with("UNIQUE") {
        let shown = input
            .get(&field)
            .map(|v| format!(" {v}"))
            .unwrap_or_default();
        Error::Conflict {
            reason: format!("{shown} is already used by another {} record", table.name)
                .trim_start()
                .to_string(),
            field,
        }
    } else {
        Error::invalid(field, format!("rejected by the database ({message})"))
    }
}

/// Marks an audit entry's changes as part of a batch, which `batch::undo` reverts whole.
pub(crate) fn with_batch(mut changes: Value, batch: Option<Uuid>) -> Value {
    if let (Some(batch), Some(map)) = (batch, changes.as_object_mut()) {
        map.insert("batch".into(), Value::from(batch.to_string()));
    }
    changes
}

/// Writes one audit entry in the caller's transaction.
pub(crate) fn audit(
    tx: &Connection,
    actor: &Actor,
    action: &str,
    table: &TableDef,
    entity_id: Option<Uuid>,
    changes: Value,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO audit_logs (id, organization_id, user_id, action, entity_type, entity_id, changes, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )?
    .execute(rusqlite::params![
        Uuid::now_v7().to_string(),
        actor.organization_id.to_string(),
        actor.user_id.to_string(),
        action,
        table.name,
        entity_id.map(|id| id.to_string()),
        changes.to_string(),
        now(),
    ])?;
    Ok(())
}

pub(crate) fn now() -> String {
    timestamp_text(chrono::Utc::now())
}
