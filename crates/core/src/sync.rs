//! The replica side of local-first sync (DESIGN.md §3): one small yrs document per synced
//! row, whose root map holds the row's columns and whose root texts hold the free text
//! people edit together (notes, descriptions), so concurrent edits of one note merge.
//!
//! Every write to a synced table marks its row dirty in the same transaction (triggers
//! from migration V5), whichever code path wrote it: the record path, imports, merges,
//! bulk edits, undo. `flush` turns dirty rows into document updates and appends them to
//! the outbox; `apply_remote` first flushes (so a local edit is in its document before a
//! remote one merges with it), applies remote updates to the documents, and rebuilds the
//! materialised rows from them. The same updates in any order, any number of times, give
//! the same rows on every replica; `repair` then restores, identically everywhere, what a
//! CRDT cannot hold by itself (unique contact emails).

use std::collections::{BTreeSet, HashMap, HashSet};

use rusqlite::types::Value as Sql;
use rusqlite::{params, params_from_iter, OptionalExtension, Transaction};
use serde_json::Value;
use yrs::updates::decoder::Decode;
use yrs::{
    Any, ClientID, Doc, GetString, Map, MapRef, Number, OffsetKind, Options, Out, ReadTxn,
    StateVector, Text, Transact, Update,
};

use crate::error::{Error, Result};
use crate::records::{self, Row};
use crate::schema::{Column, Kind, Scope, TableDef};
use crate::settings;
use crate::tables::{CONTACTS, TABLES};
use crate::values;

/// The root map of a row document.
const ROW_MAP: &str = "row";
/// Client ids are 53-bit so JavaScript peers read them exactly (DESIGN.md §3).
pub const MAX_CLIENT_ID: u64 = (1 << 53) - 1;
/// Longest update accepted from outside (a row document is a few KB; 1 MiB of text fits).
pub const MAX_UPDATE_BYTES: usize = 2 << 20;

/// Whether rows of `table` are synced: everything an organisation shares. People,
/// organisations and memberships come from the server's accounts; private rows and the
/// audit log stay on the device.
pub fn synced(table: &TableDef) -> bool {
    !table.read_only
        && table.name != "organization_members"
        && matches!(
            table.scope,
            Scope::Org | Scope::Parent { .. } | Scope::MemberOwned
        )
}

/// Unique rules of synced tables other than contact emails: the table, the columns that
/// scope the rule, the column that must be unique within that scope, and whether it is
/// compared without case. Two devices can take the same value offline; after a merge
/// the oldest row keeps it and the others get `value-<last 8 characters of their id>`,
/// the same on every replica (a test checks this list against the schema's indexes).
pub const UNIQUE_VALUES: &[(&str, &[&str], &str, bool)] = &[
    ("tags", &["organization_id", "type"], "name", true),
    ("forms", &["organization_id"], "slug", false),
    ("products", &["organization_id"], "sku", false),
    ("orders", &["organization_id"], "order_number", false),
    ("invoices", &["organization_id"], "invoice_number", false),
    (
        "custom_field_definitions",
        &["organization_id", "entity"],
        "key",
        false,
    ),
    ("saved_views", &["organization_id", "entity"], "name", true),
    ("booking_types", &[], "slug", false),
];

/// The value a row that loses a unique value gets: its own, marked with the end of its
/// id (the random part: time-ordered ids share their first characters).
fn renamed(column: &str, value: &str, row_id: &str) -> String {
    // Custom field keys allow only letters, digits and underscores.
    let separator = if column == "key" { '_' } else { '-' };
    format!(
        "{value}{separator}{}",
        &row_id[row_id.len().saturating_sub(8)..]
    )
}

/// The repair group a row's unique value belongs to: its table, scope values and value.
fn unique_group(table: &TableDef, row: &Row) -> Option<(String, Vec<String>)> {
    let (_, scope, column, _) = UNIQUE_VALUES.iter().find(|(t, ..)| *t == table.name)?;
    let value = row.get(*column)?.as_str()?;
    let mut key: Vec<String> = scope
        .iter()
        .map(|c| {
            row.get(*c)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    key.push(value.to_string());
    Some((table.name.to_string(), key))
}

/// The synced tables, every table after the tables its rows point to (companies before
/// the contacts that name them), so rows arriving in this order can all be stored at
/// once. Tables come by depth in the reference graph, roots first, then in declaration
/// order: tags arrive before the contacts that count them, so storing a tag never
/// recounts thousands of contacts. References to a table's own rows are ignored.
pub fn synced_tables() -> impl Iterator<Item = &'static TableDef> {
    static ORDER: std::sync::OnceLock<Vec<&'static TableDef>> = std::sync::OnceLock::new();
    ORDER
        .get_or_init(|| {
            let tables: Vec<&'static TableDef> =
                TABLES.iter().copied().filter(|t| synced(t)).collect();
            // Depth: 0 for a table that points to no other synced table, else one more
            // than its deepest parent. Settled by relaxation; a cycle (none in the schema
            // today) stops at the table count instead of looping.
            let mut depth = vec![0usize; tables.len()];
            for _ in 0..tables.len() {
                let mut changed = false;
                for (i, table) in tables.iter().enumerate() {
                    for parent in table.columns.iter().filter_map(|c| c.references) {
                        if let Some(p) = tables
                            .iter()
                            .position(|t| t.name == parent && t.name != table.name)
                        {
                            if depth[i] < depth[p] + 1 {
                                depth[i] = depth[p] + 1;
                                changed = true;
                            }
                        }
                    }
                }
                if !changed {
                    break;
                }
            }
            let mut order: Vec<usize> = (0..tables.len()).collect();
            order.sort_by_key(|&i| (depth[i], i));
            order.into_iter().map(|i| tables[i]).collect()
        })
        .iter()
        .copied()
}

/// Columns held in the document: not the key, not secrets, not what each replica derives
/// itself (tag usage counts, duplicate marks).
fn synced_columns(table: &TableDef) -> impl Iterator<Item = &'static Column> + '_ {
    table.columns.iter().filter(|c| {
        c.name != "id"
            && !table.hidden.contains(&c.name)
            && !matches!(c.name, "usage_count" | "duplicate_of")
    })
}

/// Long free text that two people may edit at once: merged character by character.
fn collaborative(column: &Column) -> bool {
    column.kind == Kind::Text && matches!(column.name, "content" | "description" | "notes")
}

/// A synced table by name, with an error naming the field for anything else.
pub fn synced_table(name: &str) -> Result<&'static TableDef> {
    let table = records::table(name)
        .map_err(|_| Error::invalid("table", format!("no table \"{name}\"")))?;
    if !synced(table) {
        return Err(Error::invalid("table", format!("{name} is not synced")));
    }
    Ok(table)
}

// --- this replica's identity --------------------------------------------------------

/// This replica's yrs client id, chosen at random on first use (the server replaces it if
/// another device already has it).
pub fn client_id(conn: &rusqlite::Connection) -> Result<u64> {
    if let Some(id) = settings::get(conn, "sync_client_id")? {
        return id
            .parse()
            .map_err(|_| Error::invalid("sync_client_id", "is not a number"));
    }
    let id = uuid::Uuid::new_v4().as_u64_pair().0 % MAX_CLIENT_ID + 1;
    settings::set(conn, "sync_client_id", &id.to_string())?;
    Ok(id)
}

/// Adopts the client id the server assigned. Documents keep their history; only new
/// edits carry the new id.
pub fn set_client_id(conn: &rusqlite::Connection, id: u64) -> Result<()> {
    if id == 0 || id > MAX_CLIENT_ID {
        return Err(Error::invalid("client_id", "must be between 1 and 2^53-1"));
    }
    settings::set(conn, "sync_client_id", &id.to_string())
}

// --- documents ------------------------------------------------------------------------

fn new_doc(client_id: u64) -> Doc {
    // UTF-16 offsets, as JavaScript peers count them.
    Doc::with_options(Options {
        offset_kind: OffsetKind::Utf16,
        ..Options::with_client_id(ClientID::new(client_id))
    })
}

fn load_doc(tx: &Transaction<'_>, client: u64, table: &str, row_id: &str) -> Result<Option<Doc>> {
    let state: Option<Vec<u8>> = tx
        .prepare_cached("SELECT state FROM sync_docs WHERE table_name = ?1 AND row_id = ?2")?
        .query_row([table, row_id], |r| r.get(0))
        .optional()?;
    let Some(state) = state else { return Ok(None) };
    let doc = new_doc(client);
    apply_bytes(&doc, &state).map_err(|e| {
        Error::invalid(
            "state",
            format!("stored document of {table} {row_id} is unreadable: {e}"),
        )
    })?;
    Ok(Some(doc))
}

fn save_doc(tx: &Transaction<'_>, table: &str, row_id: &str, doc: &Doc) -> Result<()> {
    let state = doc
        .transact()
        .encode_state_as_update_v1(&StateVector::default());
    store_state(tx, table, row_id, &state)
}

fn store_state(tx: &Transaction<'_>, table: &str, row_id: &str, state: &[u8]) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO sync_docs (table_name, row_id, state) VALUES (?1, ?2, ?3)
         ON CONFLICT (table_name, row_id) DO UPDATE SET state = excluded.state",
    )?
    .execute(params![table, row_id, state])?;
    Ok(())
}

fn apply_bytes(doc: &Doc, bytes: &[u8]) -> std::result::Result<(), String> {
    let update = Update::decode_v1(bytes).map_err(|e| format!("not a Yjs v1 update ({e})"))?;
    doc.transact_mut()
        .apply_update(update)
        .map_err(|e| format!("cannot be applied ({e})"))
}

/// A column value as the document holds it: scalars as they are, JSON as its text.
fn to_any(column: &Column, value: &Value) -> Any {
    match value {
        Value::Null => Any::Null,
        Value::Bool(b) => Any::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Any::Number(Number::Int(i)),
            None => Any::Number(Number::Float(n.as_f64().unwrap_or_default())),
        },
        Value::String(s) => Any::String(s.as_str().into()),
        other => {
            debug_assert!(matches!(
                column.kind,
                Kind::Object | Kind::Array | Kind::StringArray | Kind::Json
            ));
            Any::String(other.to_string().into())
        }
    }
}

/// A document value back as the JSON the record path checks.
fn from_any(column: &Column, any: &Any) -> Result<Value> {
    let bad = |why: &str| Error::invalid(column.name, format!("synced value {why}"));
    Ok(match any {
        Any::Null | Any::Undefined => Value::Null,
        Any::Bool(b) => Value::Bool(*b),
        // JavaScript peers send whole numbers above 31 bits as floats.
        Any::Number(Number::Int(i)) => Value::from(*i),
        Any::Number(Number::Float(f)) if f.fract() == 0.0 && column.kind == Kind::Integer => {
            Value::from(*f as i64)
        }
        Any::Number(Number::Float(f)) => serde_json::Number::from_f64(*f)
            .map(Value::Number)
            .ok_or_else(|| bad("is not a finite number"))?,
        Any::String(s) => match column.kind {
            Kind::Object | Kind::Array | Kind::StringArray | Kind::Json => {
                serde_json::from_str(s).map_err(|_| bad("is not JSON"))?
            }
            _ => Value::String(s.to_string()),
        },
        _ => return Err(bad("has an unsupported type")),
    })
}

/// The row a document describes (only the columns it holds).
pub fn doc_row(doc: &Doc, table: &TableDef) -> Result<Row> {
    let map = doc.get_or_insert_map(ROW_MAP);
    let texts: Vec<_> = synced_columns(table)
        .filter(|c| collaborative(c))
        .map(|c| (c, doc.get_or_insert_text(c.name)))
        .collect();
    let txn = doc.transact();
    let mut row = Row::new();
    // Map keys that name a column; any other key is refused below.
    let mut known_keys = 0;
    for column in synced_columns(table) {
        if let Some((_, text)) = texts.iter().find(|(c, _)| c.name == column.name) {
            // A text column is present once its presence flag is in the map.
            if map.get(&txn, column.name).is_some() {
                known_keys += 1;
                let s = text.get_string(&txn);
                let value = if s.is_empty() && column.nullable {
                    Value::Null
                } else {
                    Value::String(s)
                };
                row.insert(column.name.into(), value);
            }
            continue;
        }
        match map.get(&txn, column.name) {
            Some(Out::Any(any)) => {
                known_keys += 1;
                row.insert(column.name.into(), from_any(column, &any)?);
            }
            Some(_) => {
                return Err(Error::invalid(
                    column.name,
                    "synced value is not a plain value",
                ));
            }
            None => {}
        }
    }
    // Keys no column of this table has: an update from a newer or a hostile peer. (Only
    // looked for when there are any: a new device reads hundreds of thousands of rows.)
    if map.len(&txn) == known_keys {
        return Ok(row);
    }
    for key in map.keys(&txn) {
        if !synced_columns(table).any(|c| c.name == key) {
            return Err(Error::invalid(
                key,
                format!("{} has no synced field \"{key}\"", table.name),
            ));
        }
    }
    Ok(row)
}

/// Writes the fields of `row` that differ from the document into it; true if any did.
fn write_row(doc: &Doc, table: &TableDef, row_id: &str, row: &Row) -> bool {
    let map: MapRef = doc.get_or_insert_map(ROW_MAP);
    let texts: HashMap<&str, _> = synced_columns(table)
        .filter(|c| collaborative(c))
        .map(|c| (c.name, doc.get_or_insert_text(c.name)))
        .collect();
    let mut txn = doc.transact_mut();
    let mut changed = false;
    for column in synced_columns(table) {
        let Some(value) = row.get(column.name) else {
            continue;
        };
        if let Some(text) = texts.get(column.name) {
            let new = value.as_str().unwrap_or_default();
            let old = text.get_string(&txn);
            if map.get(&txn, column.name).is_none() {
                map.insert(&mut txn, column.name, Any::Bool(true));
                changed = true;
            }
            if old != new {
                // Replace only the changed middle, so a concurrent edit elsewhere survives.
                let (start, old_len, inserted) = text_diff(&old, new);
                if old_len > 0 {
                    text.remove_range(&mut txn, start, old_len);
                }
                if !inserted.is_empty() {
                    text.insert(&mut txn, start, &inserted);
                }
                changed = true;
            }
            continue;
        }
        let any = to_any(column, value);
        let current = map.get(&txn, column.name);
        // A value the repair step renamed is the document's own value, not an edit.
        if let (Some(Out::Any(Any::String(own))), Some(text)) = (&current, value.as_str()) {
            if text == renamed(column.name, own, row_id)
                && UNIQUE_VALUES
                    .iter()
                    .any(|(t, _, c, _)| *t == table.name && *c == column.name)
            {
                continue;
            }
        }
        let same = matches!(current, Some(Out::Any(current)) if current == any);
        if !same {
            map.insert(&mut txn, column.name, any);
            changed = true;
        }
    }
    changed
}

/// The common prefix and suffix of two texts, in UTF-16 units: where the change starts,
/// how much of the old text it removes, and what it inserts.
fn text_diff(old: &str, new: &str) -> (u32, u32, String) {
    let a: Vec<u16> = old.encode_utf16().collect();
    let b: Vec<u16> = new.encode_utf16().collect();
    let mut prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    // Never split a surrogate pair.
    while prefix > 0 && (0xDC00..0xE000).contains(&a.get(prefix).copied().unwrap_or(0)) {
        prefix -= 1;
    }
    let max_suffix = a.len().min(b.len()) - prefix;
    let mut suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    while suffix > 0 && (0xDC00..0xE000).contains(&a[a.len() - suffix]) {
        suffix -= 1;
    }
    let inserted = String::from_utf16_lossy(&b[prefix..b.len() - suffix]);
    (prefix as u32, (a.len() - suffix - prefix) as u32, inserted)
}

// --- local writes -> outbox ---------------------------------------------------------------

/// One update waiting in the outbox.
#[derive(Debug, Clone)]
pub struct OutboxEntry {
    pub seq: i64,
    pub table: String,
    pub row_id: String,
    pub data: Vec<u8>,
}

/// Turns every dirty row into an update of its document and appends it to the outbox;
/// returns how many rows changed.
pub fn flush(tx: &Transaction<'_>) -> Result<usize> {
    let dirty: Vec<(String, String)> = tx
        .prepare_cached("SELECT table_name, row_id FROM sync_dirty")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if dirty.is_empty() {
        return Ok(0);
    }
    let client = client_id(tx)?;
    let mut changed = 0;
    // Unique values this device changed, old and new: repaired here as on every replica.
    let mut emails: BTreeSet<(String, String)> = BTreeSet::new();
    let mut groups: BTreeSet<(String, Vec<String>)> = BTreeSet::new();
    for (table_name, row_id) in &dirty {
        let table = synced_table(table_name)?;
        let Some(row) = read_row(tx, table, row_id)? else {
            continue;
        };
        let doc = match load_doc(tx, client, table_name, row_id)? {
            Some(doc) => doc,
            None => new_doc(client),
        };
        let before_row = doc_row(&doc, table)?;
        restore_own_value_if_trashed(tx, table, row_id, &row, &before_row)?;
        for r in [&before_row, &row] {
            groups.extend(unique_group(table, r));
            if table.name == CONTACTS.name {
                if let (Some(Value::String(org)), Some(Value::String(email))) =
                    (r.get("organization_id"), r.get("email"))
                {
                    emails.insert((org.clone(), email.to_lowercase()));
                }
            }
        }
        let before = doc.transact().state_vector();
        if !write_row(&doc, table, row_id, &row) {
            continue;
        }
        let update = doc.transact().encode_diff_v1(&before);
        save_doc(tx, table_name, row_id, &doc)?;
        tx.prepare_cached(
            "INSERT INTO sync_outbox (table_name, row_id, data) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![table_name, row_id, update])?;
        changed += 1;
    }
    tx.execute("DELETE FROM sync_dirty", [])?;
    // The repairs' own writes are not edits to send.
    unrecorded(tx, || {
        repair_contact_emails(tx, &emails)?;
        repair_unique_values(tx, client, &groups)
    })?;
    Ok(changed)
}

/// The `app_settings` key that stands the dirty triggers aside (migration V6).
const APPLYING: &str = "sync_applying";

/// Runs writes that are not local edits (materialised remote rows, repairs) without
/// marking their rows dirty. The key lives only inside the caller's transaction.
fn unrecorded<T>(tx: &Transaction<'_>, writes: impl FnOnce() -> Result<T>) -> Result<T> {
    settings::set(tx, APPLYING, "1")?;
    let result = writes();
    settings::clear(tx, APPLYING)?;
    result
}

/// A trashed row is outside the unique rules: a value the repair renamed goes back to the
/// row's own, as every other replica stores it.
fn restore_own_value_if_trashed(
    tx: &Transaction<'_>,
    table: &TableDef,
    row_id: &str,
    row: &Row,
    doc: &Row,
) -> Result<()> {
    let Some((_, _, column, _)) = UNIQUE_VALUES.iter().find(|(t, ..)| *t == table.name) else {
        return Ok(());
    };
    let trashed = !row.get("deleted_at").is_none_or(Value::is_null);
    if let (true, Some(Value::String(current)), Some(Value::String(own))) =
        (trashed, row.get(*column), doc.get(*column))
    {
        if *current == renamed(column, own, row_id) {
            tx.execute(
                &format!("UPDATE {} SET {column} = ?1 WHERE id = ?2", table.name),
                [own, row_id],
            )?;
        }
    }
    Ok(())
}

/// The materialised row's synced columns, as JSON.
fn read_row(tx: &Transaction<'_>, table: &TableDef, row_id: &str) -> Result<Option<Row>> {
    let columns: Vec<&Column> = synced_columns(table).collect();
    let sql = format!(
        "SELECT {} FROM {} WHERE id = ?1",
        columns
            .iter()
            .map(|c| c.name)
            .collect::<Vec<_>>()
            .join(", "),
        table.name
    );
    let mut stmt = tx.prepare_cached(&sql)?;
    let mut rows = stmt.query([row_id])?;
    match rows.next()? {
        Some(r) => Ok(Some(values::row_to_json(&columns, r)?)),
        None => Ok(None),
    }
}

/// The oldest `limit` outbox entries.
pub fn outbox(conn: &rusqlite::Connection, limit: usize) -> Result<Vec<OutboxEntry>> {
    Ok(conn
        .prepare_cached(
            "SELECT seq, table_name, row_id, data FROM sync_outbox ORDER BY seq LIMIT ?1",
        )?
        .query_map([limit as i64], |r| {
            Ok(OutboxEntry {
                seq: r.get(0)?,
                table: r.get(1)?,
                row_id: r.get(2)?,
                data: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// Forgets the outbox entries up to `seq`: the server has stored them.
pub fn acknowledge(conn: &rusqlite::Connection, seq: i64) -> Result<()> {
    conn.execute("DELETE FROM sync_outbox WHERE seq <= ?1", [seq])?;
    Ok(())
}

/// How many local changes wait to be pushed (dirty rows and outbox entries).
pub fn pending_changes(conn: &rusqlite::Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM sync_dirty) + (SELECT count(*) FROM sync_outbox)",
        [],
        |r| r.get(0),
    )?)
}

/// Marks every synced row dirty: the first connection to a server uploads everything.
pub fn mark_all_dirty(tx: &Transaction<'_>) -> Result<()> {
    for table in synced_tables() {
        tx.execute(
            &format!(
                "INSERT OR IGNORE INTO sync_dirty SELECT '{0}', id FROM {0}",
                table.name
            ),
            [],
        )?;
    }
    Ok(())
}

// --- remote updates -> rows ---------------------------------------------------------------

/// One update received from the server (or a snapshot of a row's whole document).
#[derive(Debug, Clone)]
pub struct RemoteUpdate {
    pub table: String,
    pub row_id: String,
    pub data: Vec<u8>,
}

/// What applying remote updates did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Applied {
    /// Rows whose materialised state was written.
    pub rows: usize,
    /// Updates refused, with the reason (the rest were applied).
    pub rejected: Vec<String>,
    /// Rows waiting for a parent row or holding a value the schema refuses.
    pub pending: usize,
}

/// An update received and, when it was read ahead (`Received::read`, on another thread
/// while this one stores the page before), the row it holds by itself.
#[derive(Debug, Clone)]
pub struct Received {
    pub update: RemoteUpdate,
    row: Option<Row>,
}

impl Received {
    /// Reads the row an update holds by itself: what a device with no document for that
    /// row stores, so a new device's first sync leaves no document work to the thread
    /// that writes. An update that does not read is left to `apply_received` to refuse.
    pub fn read(update: RemoteUpdate) -> Received {
        let row = synced_table(&update.table).ok().and_then(|table| {
            let doc = new_doc(1);
            apply_bytes(&doc, &update.data).ok()?;
            doc_row(&doc, table).ok()
        });
        Received { update, row }
    }
}

type Key = (String, String);

/// Applies remote updates in the caller's transaction and rebuilds the rows they touch.
/// A malformed update is refused with its reason and changes nothing.
pub fn apply_remote(tx: &Transaction<'_>, updates: &[RemoteUpdate]) -> Result<Applied> {
    let received: Vec<Received> = updates
        .iter()
        .map(|update| Received {
            update: update.clone(),
            row: None,
        })
        .collect();
    apply_received(tx, &received, &HashSet::new())
}

/// Synced tables with no rows here. A new replica's bootstrap stores every row of these
/// as new (`apply_received`): each row arrives once, so there is no document or earlier
/// row of it to look for.
pub fn tables_without_rows(conn: &rusqlite::Connection) -> Result<HashSet<&'static str>> {
    let mut empty = HashSet::new();
    for table in synced_tables() {
        let none: bool = conn.query_row(
            &format!("SELECT NOT EXISTS (SELECT 1 FROM {})", table.name),
            [],
            |r| r.get(0),
        )?;
        if none {
            empty.insert(table.name);
        }
    }
    Ok(empty)
}

/// `apply_remote` for updates possibly read ahead. Rows of `new_tables` (see
/// [`tables_without_rows`]; empty outside a bootstrap) are taken as new here: stored
/// without probing for a document or row of theirs, which is a tenth of what a new
/// device's first sync spends per row.
pub fn apply_received(
    tx: &Transaction<'_>,
    received: &[Received],
    new_tables: &HashSet<&str>,
) -> Result<Applied> {
    flush(tx)?;
    let client = client_id(tx)?;
    let mut applied = Applied::default();
    let mut touched: BTreeSet<Key> = BTreeSet::new();
    let mut docs: HashMap<Key, Doc> = HashMap::new();
    // Rows with no document here that received exactly one update: that update is their
    // whole state. Read ahead, they need no document here at all.
    let mut whole: HashMap<Key, &[u8]> = HashMap::new();
    let mut read_ahead: HashMap<Key, &Row> = HashMap::new();
    for Received { update, row } in received {
        let check = (|| -> Result<()> {
            synced_table(&update.table)?;
            uuid::Uuid::parse_str(&update.row_id)
                .map_err(|_| Error::invalid("row_id", "is not a UUID"))?;
            if update.data.len() > MAX_UPDATE_BYTES {
                return Err(Error::invalid("update", "is larger than 2 MiB"));
            }
            Ok(())
        })();
        if let Err(e) = check {
            applied
                .rejected
                .push(format!("{} {}: {e}", update.table, update.row_id));
            continue;
        }
        let key = (update.table.clone(), update.row_id.clone());
        if read_ahead.remove(&key).is_some() {
            // A second update of a row read ahead: merge them in a document after all.
            let doc = new_doc(client);
            apply_bytes(&doc, whole[&key]).map_err(|e| Error::invalid("update", e))?;
            docs.insert(key.clone(), doc);
        }
        if docs.contains_key(&key) {
            whole.remove(&key);
        } else {
            let stored = if new_tables.contains(update.table.as_str()) {
                None
            } else {
                load_doc(tx, client, &update.table, &update.row_id)?
            };
            match stored {
                Some(doc) => {
                    docs.insert(key.clone(), doc);
                }
                None => {
                    whole.insert(key.clone(), &update.data);
                    if let Some(row) = row {
                        read_ahead.insert(key.clone(), row);
                        touched.insert(key);
                        continue;
                    }
                    docs.insert(key.clone(), new_doc(client));
                }
            }
        }
        let doc = &docs[&key];
        // Decode before touching the document: a malformed update leaves it as it was.
        let decoded = match Update::decode_v1(&update.data) {
            Ok(u) => u,
            Err(e) => {
                applied.rejected.push(format!(
                    "{} {}: update: not a Yjs v1 update ({e})",
                    update.table, update.row_id
                ));
                continue;
            }
        };
        if let Err(e) = doc.transact_mut().apply_update(decoded) {
            applied
                .rejected
                .push(format!("{} {}: update: {e}", update.table, update.row_id));
            continue;
        }
        touched.insert(key);
    }
    for key in &touched {
        let (table, row_id) = key;
        match (whole.get(key), docs.get(key)) {
            (Some(data), _) => store_state(tx, table, row_id, data)?,
            (None, Some(doc)) => save_doc(tx, table, row_id, doc)?,
            (None, None) => {}
        }
    }
    // Rows left waiting by an earlier pull get another chance now.
    let waiting: BTreeSet<Key> = tx
        .prepare_cached("SELECT table_name, row_id FROM sync_pending")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    touched.extend(waiting.iter().cloned());
    let sources = Sources {
        client,
        docs: &docs,
        read_ahead: &read_ahead,
        new_tables,
    };
    applied.rows = unrecorded(tx, || materialise(tx, &sources, &touched, &waiting))?;
    applied.pending = tx.query_row("SELECT count(*) FROM sync_pending", [], |r| {
        r.get::<_, i64>(0)
    })? as usize;
    Ok(applied)
}

/// Where the rows to materialise come from: documents just updated, rows read ahead, or
/// (for rows left waiting earlier) documents stored here.
struct Sources<'a> {
    client: u64,
    docs: &'a HashMap<Key, Doc>,
    read_ahead: &'a HashMap<Key, &'a Row>,
    /// Tables whose rows are all new here (a row that waited in `sync_pending` was never
    /// stored either).
    new_tables: &'a HashSet<&'a str>,
}

impl Sources<'_> {
    fn row(&self, tx: &Transaction<'_>, key: &Key) -> Result<Option<std::borrow::Cow<'_, Row>>> {
        use std::borrow::Cow;
        if let Some(row) = self.read_ahead.get(key) {
            return Ok(Some(Cow::Borrowed(*row)));
        }
        let table = synced_table(&key.0)?;
        let row = match self.docs.get(key) {
            Some(doc) => doc_row(doc, table)?,
            None => match load_doc(tx, self.client, &key.0, &key.1)? {
                Some(doc) => doc_row(&doc, table)?,
                None => return Ok(None),
            },
        };
        Ok(Some(Cow::Owned(row)))
    }
}

/// Writes the rows of the given documents, parents before children: a row whose parent
/// has not arrived waits in `sync_pending` and is retried as others land. Rows of one
/// table go in multi-row statements (a new device stores hundreds of thousands); when a
/// statement fails, its rows are written one by one to find the ones that must wait.
fn materialise(
    tx: &Transaction<'_>,
    sources: &Sources<'_>,
    rows: &BTreeSet<Key>,
    was_pending: &BTreeSet<Key>,
) -> Result<usize> {
    let mut todo: Vec<&(String, String)> = rows.iter().collect();
    // Parents first, which settles every row in one pass when all have arrived.
    let order = |name: &str| {
        synced_tables()
            .position(|t| t.name == name)
            .unwrap_or(usize::MAX)
    };
    todo.sort_by_key(|(t, id)| (order(t), id.clone()));
    let mut repairs = Repairs::default();
    let mut written = 0;
    // Rows that failed in an earlier pass here and may land in a later one.
    let mut failed_here: BTreeSet<&(String, String)> = BTreeSet::new();
    loop {
        let mut outcomes: Vec<(&(String, String), Result<()>)> = Vec::new();
        let mut batch: Vec<Prepared> = Vec::new();
        for key in todo {
            let Some(row) = sources.row(tx, key)? else {
                continue;
            };
            let table = synced_table(&key.0)?;
            let prepared = match prepare_row(tx, sources, table, key, &row, &mut repairs) {
                Ok(Some(prepared)) => prepared,
                Ok(None) => continue,
                Err(reason) => {
                    outcomes.push((key, Err(reason)));
                    continue;
                }
            };
            let fits = batch.first().is_none_or(|first| {
                first.table.name == table.name
                    && first.names == prepared.names
                    && batch.len() < BATCH_ROWS
            });
            if !fits {
                store_batch(tx, sources, &mut batch, &mut repairs, &mut outcomes)?;
            }
            batch.push(prepared);
        }
        store_batch(tx, sources, &mut batch, &mut repairs, &mut outcomes)?;
        let mut waiting = Vec::new();
        let mut progress = false;
        for (key, outcome) in outcomes {
            let (table_name, row_id) = key;
            match outcome {
                Ok(()) => {
                    if was_pending.contains(key) || failed_here.contains(key) {
                        tx.prepare_cached(
                            "DELETE FROM sync_pending WHERE table_name = ?1 AND row_id = ?2",
                        )?
                        .execute([table_name, row_id])?;
                    }
                    written += 1;
                    progress = true;
                }
                Err(reason) => {
                    tx.prepare_cached(
                        "INSERT INTO sync_pending (table_name, row_id, reason) VALUES (?1, ?2, ?3)
                         ON CONFLICT (table_name, row_id) DO UPDATE SET reason = excluded.reason",
                    )?
                    .execute([table_name, row_id, &reason.to_string()])?;
                    failed_here.insert(key);
                    waiting.push(key);
                }
            }
        }
        if waiting.is_empty() || !progress {
            break;
        }
        todo = waiting;
    }
    repair_contact_emails(tx, &repairs.emails)?;
    repair_unique_values(tx, sources.client, &repairs.groups)?;
    Ok(written)
}

/// Rows per multi-row statement (a contact has about 45 columns: well under SQLite's
/// limit of 32,766 parameters).
const BATCH_ROWS: usize = 100;

/// What the repair steps must settle after rows are written: contact email groups
/// (organisation, lower-case email) and other unique-value groups.
#[derive(Default)]
struct Repairs {
    emails: BTreeSet<(String, String)>,
    groups: BTreeSet<(String, Vec<String>)>,
}

/// One row ready to store: its columns and their values as SQLite takes them.
struct Prepared<'k> {
    key: &'k (String, String),
    table: &'static TableDef,
    names: Vec<&'static str>,
    params: Vec<Sql>,
    /// A contact whose email group the repair step must settle once it is written.
    repair_email: bool,
}

/// Writes a batch in one statement, or row by row (each prepared again, as the rows
/// before it may have changed what it collides with) when the statement fails.
fn store_batch<'k>(
    tx: &Transaction<'_>,
    sources: &Sources<'_>,
    batch: &mut Vec<Prepared<'k>>,
    repairs: &mut Repairs,
    outcomes: &mut Vec<(&'k (String, String), Result<()>)>,
) -> Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    if store_rows(tx, batch, repairs).is_ok() {
        outcomes.extend(batch.drain(..).map(|p| (p.key, Ok(()))));
        return Ok(());
    }
    for key in batch.drain(..).map(|p| p.key) {
        let Some(row) = sources.row(tx, key)? else {
            continue;
        };
        let table = synced_table(&key.0)?;
        let outcome = match prepare_row(tx, sources, table, key, &row, repairs)? {
            Some(prepared) => store_rows(tx, &[prepared], repairs).map_err(|e| {
                Error::invalid(
                    table.name,
                    format!("row {} cannot be stored yet: {e}", key.1),
                )
            }),
            None => continue,
        };
        outcomes.push((key, outcome));
    }
    Ok(())
}

/// Upserts rows of one table with the same columns in one statement: all or none.
fn store_rows(tx: &Transaction<'_>, rows: &[Prepared], repairs: &mut Repairs) -> Result<()> {
    let Some(first) = rows.first() else {
        return Ok(());
    };
    let one = format!("({})", vec!["?"; first.names.len()].join(", "));
    let updates: Vec<String> = first.names[1..]
        .iter()
        .map(|n| format!("{n} = excluded.{n}"))
        .collect();
    let sql = format!(
        "INSERT INTO {} ({}) VALUES {} ON CONFLICT (id) DO UPDATE SET {}",
        first.table.name,
        first.names.join(", "),
        vec![one; rows.len()].join(", "),
        updates.join(", ")
    );
    tx.prepare_cached(&sql)?
        .execute(params_from_iter(rows.iter().flat_map(|r| r.params.iter())))?;
    for row in rows.iter().filter(|r| r.repair_email) {
        let new = tx
            .prepare_cached("SELECT organization_id, lower(email) FROM contacts WHERE id = ?1")?
            .query_row([&row.key.1], |r| Ok((r.get(0)?, r.get(1)?)))?;
        repairs.emails.insert(new);
    }
    Ok(())
}

/// For each (table, scope values + value) touched: among the live rows whose document
/// holds that value, the oldest (then lowest id) gets it and the others their renamed
/// value; rows no longer in the group get their own value back.
fn repair_unique_values(
    tx: &Transaction<'_>,
    client: u64,
    groups: &BTreeSet<(String, Vec<String>)>,
) -> Result<()> {
    for (table_name, key) in groups {
        let Some((_, scope, column, nocase)) = UNIQUE_VALUES.iter().find(|(t, ..)| t == table_name)
        else {
            continue;
        };
        let table = synced_table(table_name)?;
        let Some((value, scope_values)) = key.split_last() else {
            continue;
        };
        let collate = if *nocase { " COLLATE NOCASE" } else { "" };
        // Live rows whose value starts with this one (it, and it renamed), through the
        // unique index: the same scope columns, the same collation, the same WHERE.
        let mut conditions: Vec<String> = scope
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c} = ?{}", i + 3))
            .collect();
        conditions.push("deleted_at IS NULL".into());
        conditions.push(format!(
            "{column} >= ?1{collate} AND {column} < ?2{collate}"
        ));
        let sql = format!(
            "SELECT id, created_at FROM {table_name} WHERE {}",
            conditions.join(" AND ")
        );
        let mut params: Vec<String> = vec![value.clone(), format!("{value}\u{10FFFF}")];
        params.extend(scope_values.iter().cloned());
        let candidates: Vec<(String, String)> = tx
            .prepare_cached(&sql)?
            .query_map(params_from_iter(params.iter()), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let same = |a: &str, b: &str| {
            if *nocase {
                a.to_lowercase() == b.to_lowercase()
            } else {
                a == b
            }
        };
        let mut members: Vec<(String, String, String)> = Vec::new();
        for (id, created_at) in candidates {
            // What the row's own document says, not what an earlier repair wrote.
            let own = match load_doc(tx, client, table_name, &id)? {
                Some(doc) => doc_row(&doc, table)?
                    .get(*column)
                    .and_then(Value::as_str)
                    .map(str::to_string),
                None => None,
            };
            if let Some(own) = own.filter(|own| same(own, value)) {
                members.push((created_at, id, own));
            }
        }
        members.sort();
        // The others step aside first, so the winner never collides on the way. Rows
        // already holding what they should are not written (a tag rename recounts its
        // usage over every contact).
        let set = format!(
            "UPDATE {table_name} SET {column} = ?1 WHERE id = ?2 AND {column} IS NOT ?1 COLLATE BINARY"
        );
        for (_, id, own) in members.iter().skip(1) {
            tx.prepare_cached(&set)?
                .execute([renamed(column, own, id), id.clone()])?;
        }
        if let Some((_, winner, own)) = members.first() {
            tx.prepare_cached(&set)?.execute([own, winner])?;
        }
    }
    Ok(())
}

/// A row as its document holds it, ready to store (`None` for a document with no row
/// yet).
/// A contact that existed is written marked as a duplicate of itself and unmarked by
/// the repair step, so the unique email rule never blocks a merge halfway; a new one is
/// marked only when another contact holds its email.
fn prepare_row<'k>(
    tx: &Transaction<'_>,
    sources: &Sources<'_>,
    table: &'static TableDef,
    key: &'k Key,
    row: &Row,
    repairs: &mut Repairs,
) -> Result<Option<Prepared<'k>>> {
    let row_id = key.1.as_str();
    if row.is_empty() {
        return Ok(None);
    }
    let mut names = vec!["id"];
    let mut params = vec![Sql::Text(row_id.to_string())];
    let rule = UNIQUE_VALUES.iter().find(|(t, ..)| *t == table.name);
    for (field, value) in row {
        let column = table
            .column(field)
            .ok_or_else(|| Error::invalid(field, "no such field"))?;
        let mut sql = values::to_sql(column, value)?;
        // Written as the loser's value; the repair step gives it back to the winner.
        if let (Some((_, _, unique, _)), Sql::Text(text)) = (rule, &sql) {
            if column.name == *unique {
                repairs.groups.extend(unique_group(table, row));
                // A trashed row is outside the rule and keeps its own value.
                if row.get("deleted_at").is_none_or(Value::is_null) {
                    sql = Sql::Text(renamed(unique, text, row_id));
                }
            }
        }
        params.push(sql);
        names.push(column.name);
    }
    // Whether the repair step must settle this contact's email group: always for a
    // contact that existed (its old and new groups both may change), for a new one only
    // when another contact holds its email (the usual bootstrap writes no group at all).
    let mut repair_email = false;
    if table.name == CONTACTS.name {
        let old: Option<(String, String)> = if sources.new_tables.contains(table.name) {
            None
        } else {
            tx.prepare_cached("SELECT organization_id, lower(email) FROM contacts WHERE id = ?1")?
                .query_row([row_id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
        };
        let mark = match old {
            Some(old) => {
                repairs.emails.insert(old);
                repair_email = true;
                // Marked as a duplicate of itself until the repair step decides.
                Some(row_id.to_string())
            }
            None => {
                let live = row.get("deleted_at").is_none_or(Value::is_null);
                let holder: Option<String> = match (row.get("organization_id"), row.get("email")) {
                    (Some(Value::String(org)), Some(Value::String(email))) if live => tx
                        .prepare_cached(
                            "SELECT id FROM contacts INDEXED BY uq_contacts_organization_id_email
                             WHERE organization_id = ?1 AND email = ?2 COLLATE NOCASE
                               AND deleted_at IS NULL AND duplicate_of IS NULL",
                        )?
                        .query_row([org, email], |r| r.get(0))
                        .optional()?,
                    _ => None,
                };
                repair_email = holder.is_some();
                holder
            }
        };
        names.push("duplicate_of");
        params.push(mark.map_or(Sql::Null, Sql::Text));
    }
    Ok(Some(Prepared {
        key,
        table,
        names,
        params,
        repair_email,
    }))
}

/// Among live contacts of one organisation sharing an email, the oldest (then the lowest
/// id) keeps it; the others stay, marked as its duplicates, for a person to merge.
fn repair_contact_emails(tx: &Transaction<'_>, emails: &BTreeSet<(String, String)>) -> Result<()> {
    for (org, email) in emails {
        let group: Vec<String> = tx
            .prepare_cached(
                "SELECT id FROM contacts INDEXED BY idx_contacts_email_group
                 WHERE organization_id = ?1 AND email = ?2 COLLATE NOCASE AND deleted_at IS NULL
                 ORDER BY created_at, id",
            )?
            .query_map([org, email], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let Some(winner) = group.first() else {
            continue;
        };
        for loser in &group[1..] {
            tx.prepare_cached(
                "UPDATE contacts SET duplicate_of = ?1 WHERE id = ?2 AND duplicate_of IS NOT ?1",
            )?
            .execute([winner, loser])?;
        }
        tx.prepare_cached(
            "UPDATE contacts SET duplicate_of = NULL WHERE id = ?1 AND duplicate_of IS NOT NULL",
        )?
        .execute([winner])?;
    }
    // A deleted contact or one whose email changed keeps no stale mark.
    tx.prepare_cached(
        "UPDATE contacts SET duplicate_of = NULL WHERE duplicate_of IS NOT NULL AND (deleted_at IS NOT NULL
           OR NOT EXISTS (SELECT 1 FROM contacts w WHERE w.id = contacts.duplicate_of
                          AND w.email = contacts.email COLLATE NOCASE AND w.deleted_at IS NULL))",
    )?
    .execute([])?;
    Ok(())
}

/// Checks an update from outside against the table's schema: it decodes, and applied to
/// `prior` (the row's current document, if any) it leaves a row whose every field is
/// valid for its column. Returns the merged document state. Used by the server before it
/// accepts an update.
pub fn check_update(
    table: &TableDef,
    prior: Option<&[u8]>,
    update: &[u8],
) -> Result<(Vec<u8>, Row, bool)> {
    if update.len() > MAX_UPDATE_BYTES {
        return Err(Error::invalid("update", "is larger than 2 MiB"));
    }
    let doc = new_doc(1);
    if let Some(prior) = prior {
        apply_bytes(&doc, prior).map_err(|e| Error::invalid("state", e))?;
    }
    let before = doc.transact().state_vector();
    apply_bytes(&doc, update).map_err(|e| Error::invalid("update", e))?;
    let txn = doc.transact();
    if txn.has_missing_updates() {
        drop(txn);
        return Err(Error::invalid(
            "update",
            "depends on changes the server does not have",
        ));
    }
    let after = txn.state_vector();
    let state = txn.encode_state_as_update_v1(&StateVector::default());
    drop(txn);
    let row = doc_row(&doc, table)?;
    for (field, value) in &row {
        let column = table
            .column(field)
            .ok_or_else(|| Error::invalid(field, "no such field"))?;
        values::to_sql(column, value)?;
    }
    Ok((state, row, after != before))
}

/// The yrs client ids whose changes an update carries.
pub fn update_clients(update: &[u8]) -> Result<Vec<u64>> {
    let decoded = Update::decode_v1(update)
        .map_err(|e| Error::invalid("update", format!("not a Yjs v1 update ({e})")))?;
    // Deletions carry no blocks of their own; what they delete is checked with the row.
    let mut clients: Vec<u64> = decoded
        .state_vector_lower()
        .iter()
        .map(|(c, _)| c.get())
        .collect();
    clients.sort_unstable();
    Ok(clients)
}
