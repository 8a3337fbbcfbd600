//! A new replica's first copy of an organisation: every row's merged document, page by
//! page. A device signing in gets the pages from the server over HTTP; the server's
//! booking-page replica of an organisation gets them from the server's own store. Both
//! store them here, the same way.
//!
//! Tables empty at the start take their rows without their list indexes and search
//! documents (built once afterwards by `deferred::finish`, as after a big import; after a
//! crash the next open of the database finishes them) and without probing for a document
//! or row of theirs (`sync::apply_received`). The next pages are fetched, and their
//! documents read, on a second thread while this one stores the page before. The
//! tables' after-merge repairs run once, after the last page: on a partial copy they
//! would "repair" an invoice whose lines are still to come, and push that.

use std::collections::HashSet;
use std::sync::mpsc;

use rusqlite::{Connection, Transaction};

use crate::error::Error;
use crate::sync::wire::Bootstrap;
use crate::{deferred, sync};

/// Pages stored per transaction: fewer commits, while a crash loses at most this many.
const PAGES_PER_COMMIT: usize = 10;

/// What a bootstrap stored.
#[derive(Debug, Default)]
pub struct Bootstrapped {
    /// Rows received.
    pub received: usize,
    /// Rows whose materialised state was written.
    pub written: usize,
    /// Updates refused, with the reason.
    pub rejected: Vec<String>,
    /// The log position of the first page: what came after it is pulled afterwards.
    pub cursor: i64,
    /// Whether list indexes or search documents wait for `deferred::finish`.
    pub indexing: bool,
}

/// Fetches every page with `fetch(after)` (`after` is the previous page's `next`) and
/// stores it. `finish(tx, cursor)` runs in the transaction of the last page, to record
/// that the replica is now caught up to `cursor`: a crash before it leaves a bootstrap to
/// run again, never a replica that believes it is complete.
pub fn run<E>(
    conn: &mut Connection,
    fetch: impl FnMut(Option<&str>) -> Result<Bootstrap, E> + Send,
    finish: impl FnOnce(&Transaction<'_>, i64) -> Result<(), E>,
) -> Result<Bootstrapped, E>
where
    E: From<Error> + From<rusqlite::Error> + Send,
{
    let tx = conn.transaction()?;
    let new_tables = sync::tables_without_rows(&tx)?;
    for table in sync::synced_tables().filter(|t| new_tables.contains(t.name)) {
        deferred::drop_indexes(&tx, table)?;
    }
    deferred::defer_search(&tx)?;
    tx.commit()?;
    let mut done = store_pages(conn, fetch, finish, &new_tables)?;
    done.indexing = deferred::pending(conn)?;
    Ok(done)
}

/// A page, read ahead: its documents decoded and their rows taken out.
struct ReadPage {
    rows: Vec<sync::Received>,
    next: Option<String>,
    cursor: i64,
}

fn store_pages<E>(
    conn: &mut Connection,
    mut fetch: impl FnMut(Option<&str>) -> Result<Bootstrap, E> + Send,
    finish: impl FnOnce(&Transaction<'_>, i64) -> Result<(), E>,
    new_tables: &HashSet<&str>,
) -> Result<Bootstrapped, E>
where
    E: From<Error> + From<rusqlite::Error> + Send,
{
    std::thread::scope(|scope| {
        let (sender, pages) = mpsc::sync_channel::<Result<ReadPage, E>>(2);
        scope.spawn(move || {
            let mut after: Option<String> = None;
            loop {
                let page = fetch(after.as_deref()).and_then(|page| {
                    let rows = page
                        .rows
                        .into_iter()
                        .map(|row| row.into_remote().map(sync::Received::read))
                        .collect::<Result<_, Error>>()?;
                    Ok(ReadPage {
                        rows,
                        next: page.next,
                        cursor: page.cursor,
                    })
                });
                after = page.as_ref().ok().and_then(|p| p.next.clone());
                if sender.send(page).is_err() || after.is_none() {
                    return;
                }
            }
        });
        // Freeing a page's decoded rows costs about a second over a 100k-contact
        // bootstrap: a third thread does it.
        let (used, to_free) = mpsc::channel::<ReadPage>();
        scope.spawn(move || to_free.into_iter().for_each(drop));
        let mut done = Bootstrapped::default();
        let mut start = None;
        // Repairs across rows run once the whole copy is here (`sync::apply_received`).
        let mut merged = sync::Merged::new();
        let mut tx = conn.transaction()?;
        for (n, page) in pages.into_iter().enumerate() {
            let page = page?;
            let cursor = *start.get_or_insert(page.cursor);
            done.received += page.rows.len();
            let applied = sync::apply_received(&tx, &page.rows, new_tables, Some(&mut merged))?;
            done.written += applied.rows;
            done.rejected.extend(applied.rejected);
            let last = page.next.is_none();
            let _ = used.send(page);
            if last {
                done.cursor = cursor;
                sync::after_merge(&tx, &merged)?;
                finish(&tx, cursor)?;
                tx.commit()?;
                return Ok(done);
            }
            if (n + 1) % PAGES_PER_COMMIT == 0 {
                tx.commit()?;
                tx = conn.transaction()?;
            }
        }
        Err(Error::Io(std::io::Error::other(
            "the bootstrap stopped before its last page",
        ))
        .into())
    })
}
