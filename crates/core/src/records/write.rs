//! The write path: create, update, soft delete and restore, each checked column by column,
//! with the table's hooks and an audit entry in the same transaction.

use rusqlite::types::Value as Sql;
use rusqlite::{params_from_iter, Connection, ErrorCode, Transaction};
use serde_json::{json, Value};
use uuid::Uuid;

use super::*;
use crate::audit::{audit, with_batch};
use crate::error::{Error, Result};
use crate::schema::{
    Column, Kind, Meaning, Scope, TableDef, CREATED_AT, DELETED_AT, ID, ORGANIZATION_ID, UPDATED_AT,
};
use crate::values;

/// Creates a record and its audit entry in one transaction; returns the stored row.
pub fn create(conn: &mut Connection, actor: &Actor, table: &TableDef, input: Row) -> Result<Row> {
    let tx = conn.transaction()?;
    let row = create_in(&tx, actor, table, input, None)?;
    table.rules.hooks.after_write(&tx, actor, table, &row)?;
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
    table.rules.hooks.after_write(&tx, actor, table, &row)?;
    tx.commit()?;
    Ok(row)
}

/// `update` inside the caller's transaction, as part of `batch` when given.
pub fn update_in(
    tx: &Transaction<'_>,
    actor: &Actor,
    table: &TableDef,
    id: Uuid,
    mut patch: Row,
    batch: Option<Uuid>,
) -> Result<Row> {
    writable(actor, table)?;
    let before = get(tx, actor, table, id)?;
    if !before.get(DELETED_AT).is_none_or(Value::is_null) {
        return Err(Error::invalid(
            ID,
            format!("{} {id} is deleted; restore it first", table.name),
        ));
    }
    table
        .rules
        .hooks
        .prepare(tx, actor, table, &mut patch, Some(&before))?;
    let mut sets: Vec<(&'static Column, Sql)> = Vec::new();
    for (field, value) in &patch {
        let column = input_column(table, field)?;
        if [ID, CREATED_AT, ORGANIZATION_ID].contains(&column.name) {
            if before.get(field) == Some(value) {
                continue;
            }
            return Err(Error::invalid(field, "cannot be changed"));
        }
        let sql = values::to_sql(column, value)?;
        table.rules.hooks.check(tx, actor, table, column, value)?;
        check_reference(tx, actor, table, column, &sql)?;
        sets.push((column, sql));
    }
    if table.has_column(UPDATED_AT) {
        sets.push((column_of(table, UPDATED_AT), Sql::Text(now(actor))));
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
    writable(actor, table)?;
    let before = get(tx, actor, table, id)?;
    let is_deleted = !before.get(DELETED_AT).is_none_or(Value::is_null);
    if is_deleted == delete {
        let state = if delete {
            "already deleted"
        } else {
            "not deleted"
        };
        return Err(Error::invalid(
            ID,
            format!("{} {id} is {state}", table.name),
        ));
    }
    if delete {
        table.rules.hooks.before_delete(tx, table, &before)?;
    }
    let stamp = now(actor);
    let mut sets = vec![(
        column_of(table, DELETED_AT),
        if delete {
            Sql::Text(stamp.clone())
        } else {
            Sql::Null
        },
    )];
    if table.has_column(UPDATED_AT) {
        sets.push((column_of(table, UPDATED_AT), Sql::Text(stamp)));
    }
    write_columns(tx, table, id, &sets, &before)?;
    let after = get(tx, actor, table, id)?;
    table.rules.hooks.after_delete(tx, actor, table, &after)?;
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

fn writable(actor: &Actor, table: &TableDef) -> Result<()> {
    if table.read_only {
        return Err(Error::Forbidden(format!(
            "{} is written only by the system",
            table.name
        )));
    }
    check_role(actor, table)
}

/// What the server refuses, refused here first, in every writer (app, CLI, import, bulk
/// edits, merges, automations): a viewer or client reads but does not change what the
/// organisation shares. A local-only table (saved views, settings) stays the person's own.
pub fn check_role(actor: &Actor, table: &TableDef) -> Result<()> {
    if actor.read_only && crate::sync::synced(table) {
        return Err(Error::Forbidden(
            "viewers and clients can read but not change an organization's data (your role here is viewer or client)"
                .into(),
        ));
    }
    Ok(())
}

/// Checks and inserts one row; returns its id.
fn insert(tx: &Transaction<'_>, actor: &Actor, table: &TableDef, mut input: Row) -> Result<String> {
    writable(actor, table)?;
    let stamp = now(actor);
    // Fill what the app fills: a fresh id, timestamps, the organisation, the acting user.
    input
        .entry(ID)
        .or_insert_with(|| Value::from(Uuid::now_v7().to_string()));
    for column in [CREATED_AT, UPDATED_AT] {
        if table.has_column(column) && (column == UPDATED_AT || !input.contains_key(column)) {
            input.insert(column.into(), Value::from(stamp.clone()));
        }
    }
    if table.scope == Scope::Org {
        let org = Value::from(actor.organization_id.to_string());
        match input.get(ORGANIZATION_ID) {
            None => {
                input.insert(ORGANIZATION_ID.into(), org);
            }
            Some(v) if *v == org => {}
            Some(_) => {
                return Err(Error::invalid(
                    ORGANIZATION_ID,
                    "must be the active organization",
                ))
            }
        }
    }
    for column in table.columns.iter().filter(|c| c.meaning == Meaning::Actor) {
        if !input.contains_key(column.name) {
            input.insert(column.name.into(), Value::from(actor.user_id.to_string()));
        }
    }
    table
        .rules
        .hooks
        .prepare(tx, actor, table, &mut input, None)?;

    let mut names = Vec::with_capacity(input.len());
    let mut params = Vec::with_capacity(input.len());
    for (field, value) in &input {
        // What the table's hooks computed in `prepare` (the caller's were refused above).
        let column = match table.column(field) {
            Some(c) if *field == UPDATED_AT || is_computed(c) => c,
            _ => input_column(table, field)?,
        };
        let sql = values::to_sql(column, value)?;
        table.rules.hooks.check(tx, actor, table, column, value)?;
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
        .get(ID)
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
        "SELECT {} FROM {} WHERE {ID} = ?",
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
pub(super) fn input_column(table: &TableDef, field: &str) -> Result<&'static Column> {
    if table.hidden.contains(&field) {
        return Err(Error::invalid(field, "cannot be set"));
    }
    let column = table
        .column(field)
        .ok_or_else(|| Error::invalid(field, format!("{} has no such field", table.name)))?;
    if is_system_column(column) {
        return Err(Error::invalid(field, "cannot be set"));
    }
    if is_computed(column) {
        return Err(Error::invalid(
            field,
            "is computed by the core; leave it out",
        ));
    }
    Ok(column)
}

/// A system column the caller knows the table has (writable tables all have `deleted_at`).
pub(super) fn column_of(table: &TableDef, name: &str) -> &'static Column {
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
        "UPDATE {} SET {} WHERE {ID} = ?",
        table.name,
        assignments.join(", ")
    );
    // Cached: the same set of columns is the same statement, and preparing an UPDATE
    // compiles every trigger of its table into it (a third of an automation step's cost).
    tx.prepare_cached(&sql)
        .and_then(|mut statement| statement.execute(params_from_iter(params)))
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
    if table.scope == Scope::Org && column.name == ORGANIZATION_ID {
        return Ok(());
    }
    let target = super::query::table_def(target_name);
    // Whoever writes may name themselves (every edge lets only members of the
    // organisation act in it), so a reference to the actor needs no lookup: the record
    // path fills the actor columns with it on every create, 100k times in an import.
    let people = matches!(target.scope, Scope::Members { .. });
    if people && *id == actor.user_id.to_string() {
        return Ok(());
    }
    let mut params = vec![Sql::Text(id.clone())];
    // Adding a user to the organisation is how a user becomes visible in it.
    let scope = match target.scope {
        Scope::Members { membership } if membership.table == table.name => "1".to_string(),
        _ => scope_sql(target, actor, &mut params),
    };
    let sql = format!(
        "SELECT count(*) FROM {} WHERE {ID} = ? AND {DELETED_AT} IS NULL AND {scope}",
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

fn row_id(row: &Row) -> Option<Uuid> {
    row.get(ID)
        .and_then(Value::as_str)
        .and_then(|s| Uuid::parse_str(s).ok())
}

fn changed_fields(before: &Row, after: &Row) -> (Row, Row) {
    let mut old = Row::new();
    let mut new = Row::new();
    for (k, v) in after {
        if k == UPDATED_AT {
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
    // "UNIQUE constraint failed: <table>.organization_id, <table>.email"
    let named = table
        .columns
        .iter()
        .rev()
        .filter(|c| {
            c.name != ORGANIZATION_ID && message.contains(&format!("{}.{}", table.name, c.name))
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
