//! A row's yrs document: its root map holds the row's columns, and each collaborative
//! text column is a root text of its own (with a presence flag in the map). Reading and
//! writing a row through here is the only way the sync code touches a document.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension, Transaction};
use serde_json::Value;
use yrs::updates::decoder::Decode;
use yrs::{
    Any, ClientID, Doc, GetString, Map, MapRef, Number, OffsetKind, Options, Out, ReadTxn,
    StateVector, Text, Transact, Update,
};

use super::{collaborative, repair, synced_columns};
use crate::error::{Error, Result};
use crate::records::Row;
use crate::schema::{Column, Kind, TableDef};

/// The root map of a row document.
const ROW_MAP: &str = "row";

pub(crate) fn new_doc(client_id: u64) -> Doc {
    // UTF-16 offsets, as JavaScript peers count them.
    Doc::with_options(Options {
        offset_kind: OffsetKind::Utf16,
        ..Options::with_client_id(ClientID::new(client_id))
    })
}

pub(crate) fn load_doc(
    tx: &Transaction<'_>,
    client: u64,
    table: &str,
    row_id: &str,
) -> Result<Option<Doc>> {
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

pub(crate) fn save_doc(tx: &Transaction<'_>, table: &str, row_id: &str, doc: &Doc) -> Result<()> {
    let state = doc
        .transact()
        .encode_state_as_update_v1(&StateVector::default());
    store_state(tx, table, row_id, &state)
}

pub(crate) fn store_state(
    tx: &Transaction<'_>,
    table: &str,
    row_id: &str,
    state: &[u8],
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO sync_docs (table_name, row_id, state) VALUES (?1, ?2, ?3)
         ON CONFLICT (table_name, row_id) DO UPDATE SET state = excluded.state",
    )?
    .execute(params![table, row_id, state])?;
    Ok(())
}

/// Decodes a v1 update that came from outside. yrs asserts instead of erring on some
/// malformed input (fuzzing found 14 bytes that panic in its block decoder), so a panic
/// here is a malformed update like any other: neither the server nor a device goes down
/// on bytes it was sent.
pub(crate) fn decode_update(bytes: &[u8]) -> std::result::Result<Update, String> {
    declared_counts_fit(bytes)?;
    match std::panic::catch_unwind(|| Update::decode_v1(bytes)) {
        Ok(decoded) => decoded.map_err(|e| format!("not a Yjs v1 update ({e})")),
        Err(_) => Err("not a Yjs v1 update (malformed)".into()),
    }
}

/// yrs reserves room for the clients and blocks an update declares before it reads
/// them; its map of clients is zeroed up front, so five bytes declaring 2^28 clients had
/// it fill 512 MB (found by fuzzing: a cheap way to exhaust a server's memory). Each
/// client takes at least three bytes and each block one, so a larger count is refused
/// before yrs sees it.
fn declared_counts_fit(bytes: &[u8]) -> std::result::Result<(), String> {
    let mut at = 0;
    let limit = bytes.len() as u64;
    let clients = read_var(bytes, &mut at);
    if clients.is_some_and(|n| n > limit) {
        return Err("not a Yjs v1 update (it declares more clients than it holds)".into());
    }
    if clients.is_some_and(|n| n > 0) && read_var(bytes, &mut at).is_some_and(|n| n > limit) {
        return Err("not a Yjs v1 update (it declares more blocks than it holds)".into());
    }
    Ok(())
}

/// An unsigned LEB128 number, as Yjs writes counts; None when the bytes end first.
fn read_var(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value: u64 = 0;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

pub(crate) fn apply_bytes(doc: &Doc, bytes: &[u8]) -> std::result::Result<(), String> {
    let update = decode_update(bytes)?;
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
pub(crate) fn write_row(doc: &Doc, table: &TableDef, row_id: &str, row: &Row) -> bool {
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
            if repair::is_renamed(table, column.name, own, text, row_id) {
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
