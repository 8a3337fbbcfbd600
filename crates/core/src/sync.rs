//! The replica side of local-first sync (DESIGN.md §3): one small yrs document per synced
//! row, whose root map holds the row's columns and whose root texts hold the free text
//! people edit together (the columns declared collaborative), so concurrent edits merge.
//!
//! Every write to a synced table marks its row dirty in the same transaction (triggers
//! from migration V5), whichever code path wrote it: the record path, imports, merges,
//! bulk edits, undo. [`flush`] turns dirty rows into document updates and appends them to
//! the outbox; [`apply_remote`] first flushes (so a local edit is in its document before a
//! remote one merges with it), applies remote updates to the documents, and rebuilds the
//! materialised rows from them. The same updates in any order, any number of times, give
//! the same rows on every replica; [`repair`] then restores, identically everywhere, the
//! unique rules a CRDT cannot hold by itself (declared with each table).
//!
//! - [`document`]: the typed row document;
//! - [`outbox`]: local writes to updates; [`apply`]: updates to rows;
//! - [`repair`]: unique rules after a merge; [`checks`]: what the server checks;
//! - [`bootstrap`]: a new replica's first copy; [`wire`]: the JSON the server speaks;
//! - [`undo`]: changes the server refused, undone back to its state.

pub mod apply;
pub mod bootstrap;
pub mod checks;
pub mod document;
pub mod outbox;
pub mod repair;
pub mod undo;
pub mod wire;

use crate::error::{Error, Result};
use crate::records;
use crate::schema::{Column, Meaning, Scope, TableDef, ID};
use crate::settings;
use crate::tables::TABLES;

pub use apply::{
    after_merge, apply_received, apply_remote, tables_without_rows, Applied, Merged, Received,
    RemoteUpdate,
};
pub use checks::{check_update, update_clients};
pub use outbox::{
    acknowledge, acknowledge_of, assign_organizations, flush, forget_organization, mark_all_dirty,
    mark_organization_dirty, outbox, outbox_of, pending_changes, set_aside_other_organizations,
    Destination, OutboxEntry,
};

/// The largest yrs client id: ids are 53-bit so JavaScript peers hold them exactly.
pub const MAX_CLIENT_ID: u64 = (1 << 53) - 1;
/// Longest update accepted from outside (a row document is a few KB; 1 MiB of text fits).
pub const MAX_UPDATE_BYTES: usize = 2 << 20;

/// Whether rows of `table` are synced: everything an organisation shares. Tables that
/// declare themselves not synced (memberships come from the server's accounts), private
/// rows and the audit log stay on the device.
pub fn synced(table: &TableDef) -> bool {
    !table.read_only
        && table.rules.synced
        && matches!(
            table.scope,
            Scope::Org | Scope::Parent { .. } | Scope::MemberOwned { .. }
        )
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

/// Whether a member with the `client` role receives `table`: the tables declared
/// `client_reads` and every synced table their rows point at, transitively (an invoice's
/// contact, that contact's company), so no row of theirs waits on their device for a parent
/// that never comes. The app shows a client only the tables declared `client_reads`.
pub fn client_receives(table: &str) -> bool {
    static RECEIVED: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    RECEIVED
        .get_or_init(|| {
            let mut received: Vec<&'static str> = synced_tables()
                .filter(|t| t.client_reads)
                .map(|t| t.name)
                .collect();
            let mut next = 0;
            while next < received.len() {
                let Ok(table) = synced_table(received[next]) else {
                    next += 1;
                    continue;
                };
                let parent = match table.scope {
                    crate::schema::Scope::Parent { table, .. } => Some(table),
                    _ => None,
                };
                for parent in table
                    .columns
                    .iter()
                    .filter_map(|c| c.references)
                    .chain(parent)
                {
                    if synced_table(parent).is_ok() && !received.contains(&parent) {
                        received.push(parent);
                    }
                }
                next += 1;
            }
            received
        })
        .contains(&table)
}

/// Columns held in the document: not the key, not secrets, not what each replica derives
/// itself (declared `derived`: counts, duplicate marks).
pub(crate) fn synced_columns(table: &TableDef) -> impl Iterator<Item = &'static Column> + '_ {
    table
        .columns
        .iter()
        .filter(|c| c.name != ID && !table.hidden.contains(&c.name) && !c.derived)
}

/// Long free text that two people may edit at once: merged character by character.
pub(crate) fn collaborative(column: &Column) -> bool {
    column.meaning == Meaning::CollaborativeText
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_receives_what_it_reads_and_what_those_rows_point_at_and_no_crm_internals() {
        for read in synced_tables().filter(|t| t.client_reads) {
            assert!(client_receives(read.name), "{} is read", read.name);
            for parent in read.columns.iter().filter_map(|c| c.references) {
                if synced_table(parent).is_ok() {
                    assert!(client_receives(parent), "{} points at {parent}", read.name);
                }
            }
        }
        // An invoice names its contact, a contact its company: they come as parents.
        assert!(client_receives("contacts") && client_receives("companies"));
        for internal in [
            "contact_notes",
            "contact_activities",
            "pipeline_cards",
            "automations",
            "email_campaigns",
            "form_submissions",
        ] {
            assert!(
                !client_receives(internal),
                "{internal} stays with the agency"
            );
        }
        let received: Vec<&str> = synced_tables()
            .map(|t| t.name)
            .filter(|t| client_receives(t))
            .collect();
        eprintln!("a client receives {received:?}");
    }
}
