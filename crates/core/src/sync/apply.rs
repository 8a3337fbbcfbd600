//! Remote updates become documents and materialised rows: parents before children, rows
//! of one table in multi-row statements, rows whose parent has not arrived left waiting.

use std::collections::{BTreeSet, HashMap, HashSet};

use rusqlite::types::Value as Sql;
use rusqlite::{params_from_iter, Transaction};
use serde_json::Value;
use yrs::{Doc, Transact};

use super::document::{
    apply_bytes, decode_update, doc_row, load_doc, new_doc, save_doc, store_state,
};
use super::outbox::{self, flush, unrecorded};
use super::repair::{self, Repairs};
use super::{client_id, synced_table, synced_tables, MAX_UPDATE_BYTES};
use crate::error::{Error, Result};
use crate::records::Row;
use crate::schema::{TableDef, DELETED_AT, ID};
use crate::values;

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
    apply_received(tx, &received, &HashSet::new(), None)
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
///
/// With `merged`, the tables' after-merge repairs wait: the rows touched are added to it,
/// for [`after_merge`] once every page of a bootstrap is in. A repair run on a partial
/// copy (an invoice whose lines and payments are on later pages) would rewrite the row
/// twice and push both edits.
pub fn apply_received(
    tx: &Transaction<'_>,
    received: &[Received],
    new_tables: &HashSet<&str>,
    merged: Option<&mut Merged>,
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
        let decoded = match decode_update(&update.data) {
            Ok(u) => u,
            Err(e) => {
                applied
                    .rejected
                    .push(format!("{} {}: update: {e}", update.table, update.row_id));
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
    let sources = Sources {
        client,
        docs: &docs,
        read_ahead: &read_ahead,
        new_tables,
    };
    applied.rows = materialise_with_waiting(tx, &sources, touched, merged)?;
    applied.pending = tx.query_row("SELECT count(*) FROM sync_pending", [], |r| {
        r.get::<_, i64>(0)
    })? as usize;
    Ok(applied)
}

/// Rebuilds the rows of documents replaced here (refused changes undone back to the
/// server's state) as rows of arriving documents are: parents first, repairs settled.
pub(crate) fn rebuild_rows(
    tx: &Transaction<'_>,
    client: u64,
    docs: &HashMap<Key, Doc>,
) -> Result<usize> {
    let sources = Sources {
        client,
        docs,
        read_ahead: &HashMap::new(),
        new_tables: &HashSet::new(),
    };
    materialise_with_waiting(tx, &sources, docs.keys().cloned().collect(), None)
}

/// Materialises `touched` and, as they may now land, the rows left waiting by an earlier
/// pull; returns how many rows were written.
fn materialise_with_waiting(
    tx: &Transaction<'_>,
    sources: &Sources<'_>,
    mut touched: BTreeSet<Key>,
    merged: Option<&mut Merged>,
) -> Result<usize> {
    let waiting: BTreeSet<Key> = tx
        .prepare_cached("SELECT table_name, row_id FROM sync_pending")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    touched.extend(waiting.iter().cloned());
    let written = unrecorded(tx, || materialise(tx, sources, &touched, &waiting))?;
    match merged {
        Some(later) => later.extend(touched),
        None => after_merge(tx, &touched)?,
    }
    Ok(written)
}

/// Rows stored whose tables' after-merge repairs wait (see [`apply_received`]).
pub type Merged = BTreeSet<Key>;

/// What the tables' modules restore across rows after a merge of `merged`: recorded
/// writes, so they go out as this replica's edits (every replica makes the same ones).
pub fn after_merge(tx: &Transaction<'_>, merged: &Merged) -> Result<()> {
    for table in super::synced_tables() {
        let ids: Vec<&str> = merged
            .iter()
            .filter(|(t, _)| t == table.name)
            .map(|(_, id)| id.as_str())
            .collect();
        if !ids.is_empty() {
            table.rules.hooks.after_merge(tx, table, &ids)?;
        }
    }
    Ok(())
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
    repairs.settle(tx, sources.client)?;
    Ok(written)
}

/// Rows per multi-row statement (a contact has about 45 columns: well under SQLite's
/// limit of 32,766 parameters).
const BATCH_ROWS: usize = 100;

/// One row ready to store: its columns and their values as SQLite takes them.
struct Prepared<'k> {
    key: &'k (String, String),
    table: &'static TableDef,
    names: Vec<&'static str>,
    params: Vec<Sql>,
    /// A row whose flagged-duplicate group the repair step must settle once it is
    /// written.
    regroup: bool,
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
    for row in rows.iter().filter(|r| r.regroup) {
        repairs.note_stored(tx, row.table, &row.key.1)?;
    }
    Ok(())
}

/// A row as its document holds it, ready to store (`None` for a document with no row
/// yet).
/// Under a flagging unique rule, a row that existed is written marked as a duplicate of
/// itself and unmarked by the repair step, so the rule never blocks a merge halfway; a
/// new one is marked only when another row holds its value.
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
    // A merge that left a range out of order is stored put back in order, and the row is
    // marked as edited so the next flush sends that (every replica makes the same edit).
    let in_order = repair::put_in_order(table, row);
    if in_order.is_some() {
        outbox::mark_dirty(tx, table.name, row_id)?;
    }
    let row = in_order.as_ref().unwrap_or(row);
    let mut names = vec![ID];
    let mut params = vec![Sql::Text(row_id.to_string())];
    let renamed_column = repair::renamed_column(table);
    let is_new = sources.new_tables.contains(table.name);
    if renamed_column.is_some() && !is_new {
        // The group the row leaves is settled too, not only the one it joins.
        repairs.note_stored_value(tx, table, row_id)?;
    }
    for (field, value) in row {
        let column = table
            .column(field)
            .ok_or_else(|| Error::invalid(field, "no such field"))?;
        let mut sql = values::to_sql(column, value)?;
        // Written as the loser's value; the repair step gives it back to the winner.
        if let (Some(unique), Sql::Text(text)) = (renamed_column, &sql) {
            if column.name == unique {
                repairs.note(table, row);
                // A trashed row is outside the rule and keeps its own value.
                if row.get(DELETED_AT).is_none_or(Value::is_null) {
                    sql = Sql::Text(repair::renamed(table, text, row_id));
                }
            }
        }
        params.push(sql);
        names.push(column.name);
    }
    // Whether the repair step must settle this row's duplicate group: always for a row
    // that existed (its old and new groups both may change), for a new one only when
    // another row holds its value (the usual bootstrap writes no group at all).
    let mut regroup = false;
    if let Some(flagged) = repair::Flagged::of(table) {
        let (mark, settle) = flagged.prepare(tx, repairs, row_id, row, is_new)?;
        regroup = settle;
        names.push(flagged.flag);
        params.push(mark.map_or(Sql::Null, Sql::Text));
    }
    Ok(Some(Prepared {
        key,
        table,
        names,
        params,
        regroup,
    }))
}
