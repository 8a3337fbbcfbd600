//! The read path: one row, pages with filters, sort and keyset cursors, counts, streams;
//! every query confined to the actor's organisation by the table's scope.

use rusqlite::types::Value as Sql;
use rusqlite::{params_from_iter, Connection};
use serde_json::{json, Value};
use uuid::Uuid;

use super::*;
use crate::error::{Error, Result};
use crate::schema::{
    self, Column, Kind, Meaning, Membership, Scope, TableDef, CREATED_AT, DELETED_AT, ID,
    ORGANIZATION_ID,
};
use crate::values;

/// Reads one record of the actor's organisation, deleted or not.
pub fn get(conn: &Connection, actor: &Actor, table: &TableDef, id: Uuid) -> Result<Row> {
    let mut params = Vec::new();
    let scope = scope_sql(table, actor, &mut params);
    params.insert(0, Sql::Text(id.to_string()));
    let sql = format!(
        "SELECT {} FROM {} WHERE {ID} = ? AND {scope}",
        select_list(table),
        table.name
    );
    query_rows(conn, table, &sql, params)?
        .pop()
        .ok_or_else(|| Error::not_found(table.name, id))
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
        "SELECT {} FROM {} WHERE {} ORDER BY {} {dir}, {ID} {dir} LIMIT {}",
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
            .map(|last| json!([key.value_of(last), last.get(ID)]).to_string())
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
        "SELECT {ID} FROM {} WHERE {} ORDER BY rowid",
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

pub(super) fn readable_column(
    table: &TableDef,
    field: &str,
    what: &str,
) -> Result<&'static Column> {
    table
        .column(field)
        .ok_or_else(|| Error::invalid(what, format!("{} has no field \"{field}\"", table.name)))
}

pub(super) fn table_def(name: &str) -> &'static TableDef {
    schema::table(name).unwrap_or_else(|| unreachable!("table {name} is declared"))
}

/// SQL condition that keeps the rows of `table` belonging to the actor's organisation.
pub(crate) fn scope_sql(table: &TableDef, actor: &Actor, params: &mut Vec<Sql>) -> String {
    let org = || Sql::Text(actor.organization_id.to_string());
    let me = || Sql::Text(actor.user_id.to_string());
    let members = |m: &Membership| {
        format!(
            "SELECT {} FROM {} WHERE {} = ? AND {DELETED_AT} IS NULL",
            m.user, m.table, m.organization
        )
    };
    match table.scope {
        Scope::Org => {
            params.push(org());
            format!("{ORGANIZATION_ID} = ?")
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
                "EXISTS (SELECT 1 FROM {p} WHERE {p}.{ID} = {t}.{column} AND {p}.{DELETED_AT} IS NULL AND {inner})",
                p = parent.name,
                t = table.name,
            )
        }
        Scope::MemberOwned { owner, membership } => {
            params.push(org());
            format!("{owner} IN ({})", members(membership))
        }
        Scope::Private { owner } => {
            params.push(me());
            format!("{owner} = ?")
        }
        Scope::Members { membership } => {
            params.push(org());
            format!("{ID} IN ({})", members(membership))
        }
        Scope::MyOrganizations { owner, membership } => {
            params.push(me());
            params.push(me());
            format!(
                "({ID} IN (SELECT {} FROM {} WHERE {} = ? AND {DELETED_AT} IS NULL) OR {owner} = ?)",
                membership.organization, membership.table, membership.user
            )
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
    if table.has_column(DELETED_AT) {
        match query.deleted {
            Deleted::Exclude => conditions.push(format!("{DELETED_AT} IS NULL")),
            Deleted::Only => conditions.push(format!("{DELETED_AT} IS NOT NULL")),
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
                (Some(custom), _) => format!("{}, '$.{}'", custom.column, custom.key),
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

/// The custom fields column and key of a `<column>.<key>` filter or sort field (the
/// column declared as custom fields), the key checked so it can be spliced into a JSON
/// path; `None` for a plain column.
fn custom_key(table: &TableDef, field: &str) -> Result<Option<CustomField>> {
    let Some((name, key)) = field.split_once('.') else {
        return Ok(None);
    };
    let Some(column) = table
        .column(name)
        .filter(|c| c.meaning == Meaning::CustomFields)
    else {
        return Err(Error::invalid(
            field,
            format!("{} has no custom fields", table.name),
        ));
    };
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
    Ok(Some(CustomField {
        column: column.name,
        key: key.to_string(),
    }))
}

/// One key of a custom fields column.
struct CustomField {
    column: &'static str,
    key: String,
}

impl CustomField {
    /// Its value as SQL reads it.
    fn expr(&self) -> String {
        format!("json_extract({}, '$.{}')", self.column, self.key)
    }
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
    let field = if table.has_column(CREATED_AT) {
        CREATED_AT
    } else {
        ID
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

/// What a filter or sort names: a column or a custom field (`<column>.<key>`).
struct FieldRef {
    /// How the list orders by it (text ignoring case, decimals as numbers).
    expr: String,
    column: Option<&'static Column>,
    custom: Option<CustomField>,
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
            (Some(custom), _) => row.get(custom.column).and_then(|c| c.get(&custom.key)),
            (None, Some(column)) => row.get(column.name),
            (None, None) => None,
        };
        value.cloned().unwrap_or(Value::Null)
    }
}

fn field_ref(table: &TableDef, field: &str, what: &str) -> Result<FieldRef> {
    if let Some(custom) = custom_key(table, field)? {
        return Ok(FieldRef {
            expr: custom.expr(),
            column: None,
            custom: Some(custom),
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
            format!("({expr} IS NULL AND {ID} {id_cmp} ?)")
        } else {
            format!("(({expr} IS NULL AND {ID} {id_cmp} ?) OR {expr} IS NOT NULL)")
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
        format!("({expr} {cmp} {placeholder} OR ({expr} = {placeholder} AND {ID} {id_cmp} ?){nulls_after})"),
        vec![v.clone(), v, id],
    ))
}

pub(super) fn visible_columns(table: &TableDef) -> impl Iterator<Item = &'static Column> + '_ {
    table
        .columns
        .iter()
        .filter(|c| !table.hidden.contains(&c.name))
}

pub(crate) fn select_list(table: &TableDef) -> String {
    visible_columns(table)
        .map(|c| c.name)
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn query_rows(
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
