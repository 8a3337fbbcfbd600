//! Full-text search over contacts (name, email, phone, company, notes) and companies
//! (name, domain, phone), by word prefixes: "gra hop" finds Grace Hopper, "5593223" finds
//! "+1 444 559 3223". The FTS5 index is kept by triggers (migration V3); this module turns
//! what a person typed into an FTS query and confines hits to the active organisation.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::records::{self, Actor, Row};
use crate::tables::{COMPANIES, CONTACTS};

/// While this `app_settings` key exists, new contacts skip their per-row search trigger
/// (migration V4); `index_pending_contacts` then indexes them all in one statement.
const DEFERRED: &str = "search_index_deferred";

/// While this `app_settings` key exists the database keeps no search index (migration V20).
const OFF: &str = "search_index_off";

/// Keeps no search index in this database from now on, and drops the documents it has:
/// for the server's replicas of organisations, where nobody searches, so form posts and
/// synced contacts do not pay for FTS5 segments and their merges. Idempotent.
pub fn keep_none(conn: &mut Connection) -> Result<()> {
    if !kept(conn)? {
        return Ok(());
    }
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT OR REPLACE INTO app_settings (key, value) VALUES (?1, '1')",
        [OFF],
    )?;
    tx.execute_batch("DELETE FROM contact_search; DELETE FROM company_search;")?;
    tx.commit()?;
    Ok(())
}

/// Whether this database keeps a search index (every device does; see [`keep_none`]).
pub fn kept(conn: &Connection) -> Result<bool> {
    let off: i64 = conn.query_row(
        "SELECT count(*) FROM app_settings WHERE key = ?1",
        [OFF],
        |r| r.get(0),
    )?;
    Ok(off == 0)
}

/// Defers search indexing of contacts created from now on: for bulk writes (imports, demo
/// data), where one indexing pass at the end is much cheaper than one per row. Inside a
/// transaction it lasts as long as that transaction; outside, until `index_pending_contacts`
/// (or the next open, after a crash).
pub fn defer_contacts(conn: &Connection) -> Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO app_settings (key, value) VALUES (?1, '1')",
        [DEFERRED],
    )?;
    Ok(())
}

/// Ends a deferral: every live contact without a search document gets one (with its
/// notes). Returns how many were indexed.
pub fn index_pending_contacts(conn: &Connection) -> Result<usize> {
    Ok(index_pending_contacts_after(conn, 0, i64::MAX)?.0)
}

/// Indexes deferred contacts in the next `chunk` contacts by rowid after `after_rowid`.
/// Returns how many were indexed and the last rowid covered, or `None` when this chunk
/// reached the last contact and so ended the deferral.
pub fn index_pending_contacts_after(
    conn: &Connection,
    after_rowid: i64,
    chunk: i64,
) -> Result<(usize, Option<i64>)> {
    let upto: Option<i64> = conn
        .query_row(
            "SELECT rowid FROM contacts WHERE rowid > ?1 ORDER BY rowid LIMIT 1 OFFSET ?2",
            [after_rowid, chunk.saturating_sub(1)],
            |r| r.get(0),
        )
        .optional()?;
    if upto.is_none() {
        conn.execute("DELETE FROM app_settings WHERE key = ?1", [DEFERRED])?;
    }
    if !kept(conn)? {
        return Ok((0, upto));
    }
    let indexed = conn.execute(
        "INSERT INTO contact_search (contact_id, organization_id, name, email, phone, company, notes)
         SELECT contact_id, organization_id, name, email, phone, company, notes FROM contact_search_source s
         WHERE s.contact_rowid > ?1 AND s.contact_rowid <= ?2
           AND NOT EXISTS (SELECT 1 FROM contact_search c WHERE c.contact_id = s.contact_id)",
        [after_rowid, upto.unwrap_or(i64::MAX)],
    )?;
    Ok((indexed, upto))
}

/// Search indexing of the contacts a batch of small writes creates, done once at the end
/// of the batch. FTS5 flushes its pending terms to a new segment whenever a savepoint
/// opens, and every write statement with triggers opens one, so contacts indexed one by
/// one inside a transaction each write a tiny segment that the automerge then merges into
/// the whole organisation's index: at 100k contacts that was half of a form post's time.
/// Indexed in one statement at the end, a batch writes one segment.
pub struct BatchIndexing {
    /// False when a bulk write's deferral was already open: its indexing pass (which
    /// covers every contact without a document) stays in charge and this batch leaves it.
    owns_deferral: bool,
}

impl BatchIndexing {
    /// Defers search indexing of contacts created from now on in `tx`'s transaction.
    pub fn begin(tx: &Connection) -> Result<Self> {
        let owns_deferral = !has_pending_contacts(tx)?;
        if owns_deferral {
            defer_contacts(tx)?;
        }
        Ok(Self { owns_deferral })
    }

    /// Ends the deferral and indexes those of `contacts` without a search document (the
    /// batch's new ones; one edited later in the batch got its document from the update
    /// trigger). Call it before the commit: the deferral must not outlive the batch.
    pub fn finish(self, tx: &Connection, contacts: &[Uuid]) -> Result<usize> {
        if !self.owns_deferral {
            return Ok(0);
        }
        tx.execute("DELETE FROM app_settings WHERE key = ?1", [DEFERRED])?;
        if !kept(tx)? {
            return Ok(0);
        }
        let ids: Vec<String> = contacts.iter().map(Uuid::to_string).collect();
        let ids = serde_json::Value::from(ids).to_string();
        Ok(tx.execute(
            "INSERT INTO contact_search (contact_id, organization_id, name, email, phone, company, notes)
             SELECT contact_id, organization_id, name, email, phone, company, notes FROM contact_search_source s
             WHERE s.contact_id IN (SELECT value FROM json_each(?1))
               AND NOT EXISTS (SELECT 1 FROM contact_search c WHERE c.contact_id = s.contact_id)",
            [ids],
        )?)
    }
}

/// While this `app_settings` key exists (inside one transaction), notes leave their
/// contact's search document as it is (migration V18); [`NotesIndexing::finish`] brings
/// the documents of the contacts whose notes changed up to date in one statement.
const NOTES_DEFERRED: &str = "search_notes_deferred";

/// Search indexing of the notes a batch of small writes adds (an automations pass writes a
/// note per run, each in its own savepoint), done once at the end of the batch: FTS5
/// writes a segment at every savepoint, so one note at a time made a segment per note.
pub struct NotesIndexing(());

impl NotesIndexing {
    /// Defers the notes' search updates in `tx`'s transaction.
    pub fn begin(tx: &Connection) -> Result<Self> {
        tx.execute("INSERT OR REPLACE INTO app_settings (key, value) VALUES (?1, '1')", [NOTES_DEFERRED])?;
        Ok(NotesIndexing(()))
    }

    /// Ends the deferral and gives `contacts` (those whose notes the batch changed; more
    /// does no harm) their notes in the search index. Call it before the commit.
    pub fn finish(self, tx: &Connection, contacts: &[Uuid]) -> Result<usize> {
        tx.execute("DELETE FROM app_settings WHERE key = ?1", [NOTES_DEFERRED])?;
        if contacts.is_empty() {
            return Ok(0);
        }
        let ids: Vec<String> = contacts.iter().map(Uuid::to_string).collect();
        Ok(tx.execute(
            "UPDATE contact_search SET notes = coalesce((SELECT group_concat(content, ' ') FROM contact_notes
                 WHERE contact_id = contact_search.contact_id AND deleted_at IS NULL), '')
             WHERE contact_id IN (SELECT value FROM json_each(?1))",
            [serde_json::Value::from(ids).to_string()],
        )?)
    }
}

/// Whether a deferral was left open (a bulk write stopped before its indexing pass).
pub fn has_pending_contacts(conn: &Connection) -> Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM app_settings WHERE key = ?1",
        [DEFERRED],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    Contact,
    Company,
}

/// One search result, best first.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Hit {
    pub kind: HitKind,
    pub id: Uuid,
    #[ts(type = "Record<string, unknown>")]
    pub record: Row,
}

/// The FTS5 query for what a person typed: every word must match as a prefix. Quotes and
/// operators in the input are plain text, never FTS syntax.
pub fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(16)
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Contacts, then companies, matching `text` in the actor's organisation, best first:
/// up to `limit` of each kind, so many matching contacts never hide the companies.
pub fn search(conn: &Connection, actor: &Actor, text: &str, limit: u32) -> Result<Vec<Hit>> {
    let Some(query) = fts_query(text) else {
        return Ok(Vec::new());
    };
    let limit = limit.clamp(1, records::MAX_LIMIT);
    let mut hits = Vec::new();
    for (kind, table, sql) in [
        (
            HitKind::Contact,
            &CONTACTS,
            "SELECT s.contact_id FROM contacts_fts JOIN contact_search s ON s.key = contacts_fts.rowid
             WHERE contacts_fts MATCH ?1 AND s.organization_id = ?2 ORDER BY rank LIMIT ?3",
        ),
        (
            HitKind::Company,
            &COMPANIES,
            "SELECT s.company_id FROM companies_fts JOIN company_search s ON s.key = companies_fts.rowid
             WHERE companies_fts MATCH ?1 AND s.organization_id = ?2 ORDER BY rank LIMIT ?3",
        ),
    ] {
        let mut stmt = conn.prepare_cached(sql)?;
        let ids = stmt
            .query_map(
                rusqlite::params![query, actor.organization_id.to_string(), limit],
                |r| r.get::<_, String>(0),
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for id in ids {
            let id = Uuid::parse_str(&id)
                .map_err(|_| Error::invalid("search", format!("index holds a bad id {id}")))?;
            hits.push(Hit { kind, id, record: records::get(conn, actor, table, id)? });
        }
    }
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn typed_text_becomes_prefix_terms_without_fts_syntax() {
        assert_eq!(fts_query("gra hop").as_deref(), Some("\"gra\"* \"hop\"*"));
        assert_eq!(
            fts_query("ana@acme.io").as_deref(),
            Some("\"ana\"* \"acme\"* \"io\"*")
        );
        assert_eq!(
            fts_query("\"x\" OR NEAR(").as_deref(),
            Some("\"x\"* \"OR\"* \"NEAR\"*")
        );
        assert_eq!(fts_query("  -- "), None);
    }
}
