//! An import's contact insert triggers, taken off for the batch and stood in for.

use std::collections::{BTreeMap, HashSet};

use rusqlite::Connection;

use super::search;
use crate::error::{Error, Result};
use crate::records::Actor;
use crate::schema::Meaning;
use crate::tables::CONTACTS;
use crate::values;

/// The `AFTER INSERT` triggers on contacts that a bulk insert may stand in for, and how:
/// search documents are deferred ([`search::defer_contacts`]) and built by
/// [`crate::deferred::finish`];
/// tag usage counts, sync's dirty marks and automations' events are written for the whole batch by
/// [`SuspendedTriggers::resume`].
const CONTACT_INSERT_TRIGGERS: [&str; 4] = [
    "contacts_search_insert",
    "contacts_tag_usage_insert",
    "sync_dirty_contacts_insert",
    "automations_contact_created",
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
        let ids = serde_json::Value::from(ids).to_string();
        tx.execute(
            "INSERT OR IGNORE INTO sync_dirty (table_name, row_id)
             SELECT 'contacts', c.id FROM json_each(?1) j JOIN contacts c ON c.id = j.value
             WHERE NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'sync_applying')",
            [&ids],
        )?;
        // automations_contact_created: the new rows' contact_created and tag_added events.
        crate::modules::automations::events::raise_contacts_created(
            tx,
            &ids,
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
