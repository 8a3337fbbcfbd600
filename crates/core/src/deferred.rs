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

use std::collections::{BTreeMap, HashSet};

use crate::crm::search;
use crate::error::Error;
use crate::error::Result;
use crate::records::Actor;
use crate::schema::{Meaning, TableDef};
use crate::tables::CONTACTS;
use crate::values;

/// `app_settings` key prefix of a dropped index; the value is its `CREATE INDEX` statement.
const INDEX_KEY: &str = "deferred_index:";

/// Indexes a bulk write itself relies on, kept: sync's email repair names the first
/// (`INDEXED BY`) and clears stale duplicate marks through the second (partial, so
/// nearly free to keep) on every batch. The third is how the search triggers read a
/// contact's notes (`contact_notes_search_insert` runs `SELECT group_concat(content)
/// FROM contact_notes WHERE contact_id = ?` for every note written): without it each
/// note inserted scans every note inserted before it, so a bulk write of notes was
/// quadratic (15,000 demo notes: 14 s; 50,000: minutes).
const KEPT: [&str; 3] = [
    "idx_contacts_email_group",
    "idx_contacts_duplicate_of",
    "idx_contact_notes_contact_id",
];

/// Contacts indexed for search per transaction while finishing.
const SEARCH_CHUNK: i64 = 25_000;

/// Drops `table`'s non-unique indexes (unique ones stay: they enforce rules and serve the
/// lookups a bulk write makes; so do the `KEPT` ones) and records them for [`finish`].
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
        .filter(|(name, _)| !KEPT.contains(&name.as_str()))
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

/// The `AFTER INSERT` triggers on contacts that a bulk insert may stand in for, and how:
/// search documents are deferred ([`search::defer_contacts`]) and built by [`finish`];
/// tag usage counts and sync's dirty marks are written for the whole batch by
/// [`SuspendedTriggers::resume`].
const CONTACT_INSERT_TRIGGERS: [&str; 3] = [
    "contacts_search_insert",
    "contacts_tag_usage_insert",
    "sync_dirty_contacts_insert",
];

/// Insert triggers taken off a table for the length of a bulk insert.
///
/// A row insert that fires triggers makes SQLite keep a statement journal and run the
/// trigger programs row by row: about a third of the cost of importing a contact. The
/// import drops them in its own transaction (DDL is transactional in SQLite: a rollback
/// or a crash brings them back), and [`resume`](Self::resume) puts them back and does
/// their work for all the new rows in a few set statements before the commit. No other
/// connection can write meanwhile (the transaction holds the write lock), so no row is
/// written without its triggers' effects.
pub(crate) struct SuspendedTriggers {
    triggers: Vec<(String, String)>,
    /// Rows inserted since the last settle, with the tags each was stored with.
    pending: Vec<(String, Vec<String>)>,
    pending_ids: HashSet<String>,
}

/// Puts search indexing off until [`finish`], for a bulk write of any table.
pub(crate) fn defer_search(tx: &Connection) -> Result<()> {
    search::defer_contacts(tx)
}

/// Takes the contacts insert triggers off in `tx`, or returns `None` (and leaves them)
/// when the table has an insert trigger this module does not know how to stand in for.
pub(crate) fn suspend_contact_insert_triggers(
    tx: &Connection,
) -> Result<Option<SuspendedTriggers>> {
    let triggers: Vec<(String, String)> = tx
        .prepare(
            "SELECT name, sql FROM sqlite_master
             WHERE type = 'trigger' AND tbl_name = 'contacts' AND sql LIKE '%AFTER INSERT ON%'",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if triggers
        .iter()
        .any(|(name, _)| !CONTACT_INSERT_TRIGGERS.contains(&name.as_str()))
    {
        return Ok(None);
    }
    search::defer_contacts(tx)?;
    for (name, _) in &triggers {
        tx.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
    }
    Ok(Some(SuspendedTriggers {
        triggers,
        pending: Vec::new(),
        pending_ids: HashSet::new(),
    }))
}

impl SuspendedTriggers {
    /// Notes a contact just inserted with these tags.
    pub(crate) fn inserted(&mut self, id: &str, tags: Vec<String>) {
        self.pending_ids.insert(id.to_string());
        self.pending.push((id.to_string(), tags));
    }

    /// Forgets the last contact noted: its savepoint was rolled back.
    pub(crate) fn rolled_back_last(&mut self) {
        if let Some((id, _)) = self.pending.pop() {
            self.pending_ids.remove(&id);
        }
    }

    /// Settles now when `id` is a contact inserted since the last settle: an update of
    /// it is about to run its own triggers, which must find the insert's work done (a
    /// tag count may not go below zero).
    pub(crate) fn settle_if_pending(
        &mut self,
        tx: &Connection,
        actor: &Actor,
        id: &str,
    ) -> Result<()> {
        if self.pending_ids.contains(id) {
            self.settle(tx, actor)?;
        }
        Ok(())
    }

    /// Does what the triggers would have done for the contacts inserted since the last
    /// settle: marks them dirty for sync and counts their tags.
    fn settle(&mut self, tx: &Connection, actor: &Actor) -> Result<()> {
        let inserted = std::mem::take(&mut self.pending);
        self.pending_ids.clear();
        // sync_dirty_contacts_insert: every new row is a local change to push.
        let ids: Vec<&str> = inserted.iter().map(|(id, _)| id.as_str()).collect();
        tx.execute(
            "INSERT OR IGNORE INTO sync_dirty (table_name, row_id)
             SELECT 'contacts', c.id FROM json_each(?1) j JOIN contacts c ON c.id = j.value
             WHERE NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'sync_applying')",
            [serde_json::Value::from(ids).to_string()],
        )?;
        // contacts_tag_usage_insert: each new row counts once for each tag it was stored
        // with (names as stored: trimmed, once each ignoring ASCII case, like NOCASE).
        let mut uses: BTreeMap<String, i64> = BTreeMap::new();
        let tag_column = CONTACTS
            .columns
            .iter()
            .find(|c| c.meaning == Meaning::TagList)
            .ok_or_else(|| Error::invalid("tags", "contacts have no tag list"))?;
        for (_, tags) in &inserted {
            let items: Vec<serde_json::Value> = tags.iter().map(|t| t.as_str().into()).collect();
            for name in values::string_list(tag_column, &items)? {
                *uses.entry(name.to_ascii_lowercase()).or_default() += 1;
            }
        }
        let org = actor.organization_id.to_string();
        for (name, n) in uses {
            tx.prepare_cached(
                "UPDATE tags SET usage_count = usage_count + ?3
                 WHERE organization_id = ?1 AND name = ?2 COLLATE NOCASE
                   AND type IN ('contact', 'general') AND deleted_at IS NULL",
            )?
            .execute(rusqlite::params![org, name, n])?;
        }
        // contacts_search_insert: the deferral set when the triggers came off stands;
        // `finish` (or the caller, for a small batch) indexes the new rows.
        Ok(())
    }

    /// Settles the last rows and puts the triggers back.
    pub(crate) fn resume(mut self, tx: &Connection, actor: &Actor) -> Result<()> {
        self.settle(tx, actor)?;
        for (_, sql) in &self.triggers {
            tx.execute_batch(sql)?;
        }
        Ok(())
    }
}
