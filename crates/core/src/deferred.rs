//! Work a bulk write puts off until its rows are in.
//!
//! Writing 100k rows into a table with a dozen indexes and a search index costs far more
//! than writing the rows: each index takes 100k random B-tree inserts, where one sorted
//! rebuild afterwards is several times cheaper, and search documents are cheapest built
//! in one pass. So an import or a new device's first sync drops the table's non-unique
//! indexes and defers search indexing, commits its rows (visible at once, every unique
//! rule still enforced), and then [`finish`] rebuilds each index in a transaction of its
//! own, so another writer (the sync worker, an edit in the app) waits for one index at
//! most, never for the whole pass, and indexes the new contacts for search in chunks.
//!
//! What was put off is recorded in `app_settings` in the same transaction as the drop, so
//! a crash before `finish` leaves nothing lost: the next open of the database finishes.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::crm::search;
use crate::error::Result;
use crate::schema::TableDef;

/// `app_settings` key prefix of a dropped index; the value is its `CREATE INDEX` statement.
const INDEX_KEY: &str = "deferred_index:";

/// Contacts indexed for search per transaction while finishing.
const SEARCH_CHUNK: i64 = 25_000;

/// Drops `table`'s non-unique indexes (unique ones stay: they enforce rules and serve the
/// lookups a bulk write makes; so do those the table declares `kept_in_bulk`) and records them for [`finish`].
/// Returns how many.
pub fn drop_indexes(conn: &Connection, table: &TableDef) -> Result<usize> {
    let indexes: Vec<(String, String)> = conn
        .prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1
               AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
        )?
        .query_map([table.name], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let indexes: Vec<_> = indexes
        .into_iter()
        .filter(|(name, _)| !table.rules.kept_in_bulk.contains(&name.as_str()))
        .collect();
    for (name, sql) in &indexes {
        conn.execute(
            "INSERT OR REPLACE INTO app_settings (key, value) VALUES (?1, ?2)",
            [format!("{INDEX_KEY}{name}"), sql.clone()],
        )?;
        conn.execute_batch(&format!("DROP INDEX \"{name}\""))?;
    }
    Ok(indexes.len())
}

/// Whether some work is still put off (indexes to rebuild or contacts to index).
pub fn pending(conn: &Connection) -> Result<bool> {
    let indexes: i64 = conn.query_row(
        "SELECT count(*) FROM app_settings WHERE key >= ?1 AND key < ?2",
        [INDEX_KEY.to_string(), key_bound()],
        |r| r.get(0),
    )?;
    Ok(indexes > 0 || search::has_pending_contacts(conn)?)
}

/// What [`finish`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Finished {
    pub indexes: usize,
    pub contacts_indexed: usize,
}

/// Rebuilds every dropped index, one transaction each, then indexes deferred contacts for
/// search (their search documents read notes through the rebuilt indexes). Safe to run
/// from two connections at once: each step claims its work inside its own transaction.
pub fn finish(conn: &mut Connection) -> Result<Finished> {
    let mut finished = Finished {
        indexes: rebuild_indexes(conn)?,
        contacts_indexed: 0,
    };
    let mut after_rowid = 0;
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if !search::has_pending_contacts(&tx)? {
            break;
        }
        let (indexed, last_rowid) =
            search::index_pending_contacts_after(&tx, after_rowid, SEARCH_CHUNK)?;
        tx.commit()?;
        finished.contacts_indexed += indexed;
        match last_rowid {
            Some(rowid) => after_rowid = rowid,
            None => break,
        }
    }
    Ok(finished)
}

/// The index half of [`finish`]: rebuilds every dropped index, one transaction each, and
/// leaves a search deferral to whoever set it (a batch of one table inside a bigger bulk
/// write, as the demo's, must not end the writer's deferral: its later rows would then be
/// indexed one by one). Returns how many indexes it built.
pub fn rebuild_indexes(conn: &mut Connection) -> Result<usize> {
    let mut built = 0;
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let next: Option<(String, String)> = tx
            .query_row(
                "SELECT key, value FROM app_settings WHERE key >= ?1 AND key < ?2 LIMIT 1",
                [INDEX_KEY.to_string(), key_bound()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((key, sql)) = next else { break };
        // A migration may have created the index again meanwhile.
        let sql = sql.replacen("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1);
        tx.execute_batch(&sql)?;
        tx.execute("DELETE FROM app_settings WHERE key = ?1", [&key])?;
        tx.commit()?;
        built += 1;
    }
    Ok(built)
}

/// The first key after every `INDEX_KEY` key, for a range scan of the primary key.
fn key_bound() -> String {
    let mut bound = INDEX_KEY.to_string();
    bound.pop();
    bound.push(char::from(b':' + 1));
    bound
}

/// Puts search indexing off until [`finish`], for a bulk write of any table.
pub(crate) fn defer_search(tx: &Connection) -> Result<()> {
    search::defer_contacts(tx)
}
