//! The per-organisation update log: pushes checked update by update against the
//! organisation's rules, pulls after a cursor, bootstrap pages of row snapshots, and
//! compaction.

use super::sql::{Sql, SqlExt};
use crate::args;
use aio_core::sync;
use aio_core::sync::wire::*;
use serde_json::Value;
use std::collections::HashMap;
use uuid::Uuid;

use super::accounts::role;
use super::{now, Caller, Refusal, Result};

/// Most updates one push may carry.
pub const MAX_PUSH: usize = 1000;
/// Most rows or updates one page holds.
pub const MAX_PAGE: usize = 2000;
/// Compaction keeps at least this many recent log entries per organisation.
pub const KEEP_LOG: i64 = 50_000;

/// Makes the transaction the only writer of `org` until it ends, and reads its head. On
/// PostgreSQL this locks the organisation's row: pushes through any process take turns,
/// so each reads the row documents the last one left and the log's numbers stay gap-free
/// and in commit order. SQLite has one writer anyway (one connection behind one lock).
pub(crate) fn lock_organization(tx: &mut dyn Sql, org: &str) -> Result<i64> {
    let lock = tx.dialect().for_update();
    tx.one(
        &format!("SELECT head FROM organizations WHERE id = ?1{lock}"),
        args![org],
    )
}

fn head(conn: &mut dyn Sql, org: Uuid) -> Result<(i64, i64)> {
    conn.query_row(
        "SELECT head, compacted_through FROM organizations WHERE id = ?1",
        args![org.to_string()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// Takes a push update by update; each accepted one is in the log before this returns.
pub fn push(conn: &mut dyn Sql, caller: &Caller, org: Uuid, input: &Push) -> Result<PushResult> {
    push_then(conn, caller, org, input, |_, _| Ok(()))
}

/// `push`, then `then` in the same transaction (the server's own records of what the
/// push did, such as mail about a booking): both are committed, or neither.
///
/// Updates are checked one by one against the documents as the earlier ones left them,
/// but written together at the end (a few statements for the whole push): on PostgreSQL
/// every statement is a round trip made while the organisation is locked. A refused
/// update writes nothing, so no savepoint is needed to undo it.
pub fn push_then(
    conn: &mut dyn Sql,
    caller: &Caller,
    org: Uuid,
    input: &Push,
    then: impl FnOnce(&mut dyn Sql, &PushResult) -> Result<()>,
) -> Result<PushResult> {
    let role = role(conn, caller, org)?;
    if input.updates.len() > MAX_PUSH {
        return Err(Refusal::invalid(
            "updates",
            format!("at most {MAX_PUSH} per push"),
        ));
    }
    let mut tx = conn.transaction()?;
    let mut pending = Pending::new(lock_organization(&mut *tx, &org.to_string())?);
    let mut results = Vec::with_capacity(input.updates.len());
    for (i, update) in input.updates.iter().enumerate() {
        // A viewer's or client's updates are each refused, with the row's state here, so
        // the device undoes them and goes on syncing (a whole push refused would wedge it).
        let accepted = if role == "viewer" {
            Err(Refusal::Forbidden(
                "viewers can read but not change an organization's data".into(),
            ))
        } else if role == "client" {
            Err(Refusal::Forbidden(
                "clients can read their bookings, invoices and forms but not change the organization's data".into(),
            ))
        } else {
            accept(&mut *tx, caller, org, update, &mut pending)
        };
        match accepted {
            Ok(seq) => results.push(PushOutcome {
                ok: true,
                seq: Some(seq),
                error: None,
                state: None,
            }),
            Err(Refusal::Internal(e)) => return Err(Refusal::Internal(e)),
            Err(e) => results.push(PushOutcome {
                ok: false,
                seq: None,
                error: Some(format!(
                    "updates[{i}] ({} {}): {e}",
                    update.table, update.row_id
                )),
                state: pending
                    .state(&mut *tx, org, update)?
                    .map(|state| encode(&state)),
            }),
        }
    }
    pending.write(&mut *tx, caller, org)?;
    let result = PushResult {
        results,
        head: pending.head,
    };
    then(&mut *tx, &result)?;
    if result.results.iter().any(|r| r.ok) {
        super::sql::notify_others(&mut *tx, org, pending.head)?;
    }
    tx.commit()?;
    Ok(result)
}

/// One push's accepted updates, not yet written, and what its checks learned.
struct Pending {
    /// The organisation's head after the accepted updates.
    head: i64,
    /// Accepted updates in log order: table, row, update, sequence number.
    log: Vec<(&'static str, String, Vec<u8>, i64)>,
    /// The documents they leave (table, row → state, sequence number): read before the
    /// database's, which does not have them yet.
    docs: HashMap<(&'static str, String), (Vec<u8>, i64)>,
    /// Answers of the reference checks, asked once per value and push.
    members: HashMap<String, bool>,
    elsewhere: HashMap<String, bool>,
}

impl Pending {
    fn new(head: i64) -> Pending {
        Pending {
            head,
            log: Vec::new(),
            docs: HashMap::new(),
            members: HashMap::new(),
            elsewhere: HashMap::new(),
        }
    }

    /// The organisation's document of the row an update is for, if it has one.
    fn state(&self, tx: &mut dyn Sql, org: Uuid, update: &RowUpdate) -> Result<Option<Vec<u8>>> {
        if let Ok(table) = sync::synced_table(&update.table) {
            if let Some((state, _)) = self.docs.get(&(table.name, update.row_id.clone())) {
                return Ok(Some(state.clone()));
            }
        }
        tx.query_opt(
            "SELECT state FROM rows WHERE table_name = ?1 AND row_id = ?2 AND organization_id = ?3",
            args![update.table, update.row_id, org.to_string()],
            |r| r.get(0),
        )
    }

    /// Appends the accepted updates to the log and stores the documents they leave.
    fn write(&self, tx: &mut dyn Sql, caller: &Caller, org: Uuid) -> Result<()> {
        if self.log.is_empty() {
            return Ok(());
        }
        let org = org.to_string();
        let device = caller.device_id.to_string();
        let created_at = now();
        tx.execute(
            "UPDATE organizations SET head = ?1 WHERE id = ?2",
            args![self.head, &org],
        )?;
        for chunk in self.log.chunks(WRITE_CHUNK) {
            let mut params = Vec::with_capacity(chunk.len() * 7);
            for (table, row_id, data, seq) in chunk {
                params.extend_from_slice(args![
                    &org,
                    seq,
                    table,
                    row_id,
                    data,
                    &device,
                    &created_at
                ]);
            }
            tx.execute(
                &format!(
                    "INSERT INTO updates (organization_id, seq, table_name, row_id, data, device_id, created_at) VALUES {}",
                    placeholders(chunk.len(), 7)
                ),
                &params,
            )?;
        }
        // One entry per row (a statement may not change a row twice), in log order.
        let mut docs: Vec<_> = self.docs.iter().collect();
        docs.sort_by_key(|(_, (_, seq))| *seq);
        for chunk in docs.chunks(WRITE_CHUNK) {
            let mut params = Vec::with_capacity(chunk.len() * 5);
            for ((table, row_id), (state, seq)) in chunk {
                params.extend_from_slice(args![table, row_id, &org, state, seq]);
            }
            tx.execute(
                &format!(
                    "INSERT INTO rows (table_name, row_id, organization_id, state, seq) VALUES {}
                     ON CONFLICT (table_name, row_id) DO UPDATE SET state = excluded.state, seq = excluded.seq",
                    placeholders(chunk.len(), 5)
                ),
                &params,
            )?;
        }
        Ok(())
    }
}

/// Rows per multi-row `INSERT` (each size is one more prepared statement per connection).
const WRITE_CHUNK: usize = 100;

/// `(?1, ?2), (?3, ?4)` for `rows` rows of `columns` values.
fn placeholders(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|r| {
            let values: Vec<String> = (1..=columns)
                .map(|c| format!("?{}", r * columns + c))
                .collect();
            format!("({})", values.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks one update against the organisation's rules and, if it adds anything, adds it
/// to the push's pending log and documents. Returns its sequence number.
fn accept(
    tx: &mut dyn Sql,
    caller: &Caller,
    org: Uuid,
    update: &RowUpdate,
    pending: &mut Pending,
) -> Result<i64> {
    let table = sync::synced_table(&update.table)?;
    let row_id = Uuid::parse_str(&update.row_id)
        .map_err(|_| Refusal::invalid("row_id", "is not a UUID"))?
        .to_string();
    let data = update.bytes()?;
    for client in sync::update_clients(&data)? {
        if client != caller.client_id {
            return Err(Refusal::invalid(
                "data",
                format!(
                    "carries changes of client {client}, not of this device ({})",
                    caller.client_id
                ),
            ));
        }
    }
    let key = (table.name, row_id);
    let prior: Option<(Vec<u8>, i64)> = match pending.docs.get(&key) {
        Some(doc) => Some(doc.clone()),
        None => {
            let stored: Option<(String, Vec<u8>, i64)> = tx.query_opt(
                "SELECT organization_id, state, seq FROM rows WHERE table_name = ?1 AND row_id = ?2",
                args![table.name, &key.1],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            match stored {
                Some((owner, _, _)) if owner != org.to_string() => {
                    return Err(Refusal::Forbidden(format!(
                        "{} {} belongs to another organization",
                        table.name, key.1
                    )));
                }
                other => other.map(|(_, state, seq)| (state, seq)),
            }
        }
    };
    let (state, row, changed) =
        sync::check_update(table, prior.as_ref().map(|(s, _)| s.as_slice()), &data)?;
    if !changed {
        // Already here (a retried push): acknowledge it under the row's last number.
        return Ok(prior.map(|(_, seq)| seq).unwrap_or(0));
    }
    check_row(tx, caller, org, table, &row, prior.is_none(), pending)?;
    pending.head += 1;
    let seq = pending.head;
    pending.log.push((table.name, key.1.clone(), data, seq));
    pending.docs.insert(key, (state, seq));
    Ok(seq)
}

/// The merged row stays in its organisation: its `organization_id` is this one, every
/// row it points to that the server knows is in this organisation, every person it names
/// is a member, and a new row is created by the person pushing it.
fn check_row(
    tx: &mut dyn Sql,
    caller: &Caller,
    org: Uuid,
    table: &aio_core::schema::TableDef,
    row: &aio_core::records::Row,
    created: bool,
    pending: &mut Pending,
) -> Result<()> {
    let org_text = org.to_string();
    for column in table.columns {
        let Some(Value::String(value)) = row.get(column.name) else {
            continue;
        };
        if column.name == "organization_id" {
            if *value != org_text {
                return Err(Refusal::invalid(
                    "organization_id",
                    "cannot move a row to another organization",
                ));
            }
            continue;
        }
        let Some(target) = column.references else {
            continue;
        };
        if target == "users" {
            let member = match pending.members.get(value) {
                Some(known) => *known,
                None => {
                    let member: bool = tx.one("SELECT EXISTS (SELECT 1 FROM organization_access WHERE organization_id = ?1 AND account_id = ?2)
                         OR EXISTS (SELECT 1 FROM invitations WHERE organization_id = ?1 AND account_id = ?2)", args![&org_text, value])?;
                    pending.members.insert(value.clone(), member);
                    member
                }
            };
            if !member {
                return Err(Refusal::invalid(
                    column.name,
                    format!("{value} is not a member of this organization"),
                ));
            }
            if created && column.name == "created_by" && *value != caller.account_id.to_string() {
                return Err(Refusal::invalid(
                    "created_by",
                    "must be the person creating the row",
                ));
            }
            continue;
        }
        let elsewhere = match pending.elsewhere.get(value) {
            Some(known) => *known,
            None => {
                let elsewhere: bool = tx.one(
                    "SELECT EXISTS (SELECT 1 FROM rows WHERE row_id = ?1 AND organization_id <> ?2)",
                    args![value, &org_text],
                )?;
                pending.elsewhere.insert(value.clone(), elsewhere);
                elsewhere
            }
        };
        if elsewhere {
            return Err(Refusal::invalid(
                column.name,
                format!("{value} belongs to another organization"),
            ));
        }
    }
    Ok(())
}

/// Which synced tables a member with `role` receives: a client only their bookings,
/// invoices and forms and the rows those point at (`sync::client_receives`), everyone
/// else every table.
fn readable(role: &str) -> impl Fn(&str) -> bool {
    let client = role == "client";
    move |table| !client || sync::client_receives(table)
}

pub fn pull(
    conn: &mut dyn Sql,
    caller: &Caller,
    org: Uuid,
    after: i64,
    limit: usize,
) -> Result<Pull> {
    let readable = readable(&role(conn, caller, org)?);
    let (head, compacted) = head(conn, org)?;
    if after < compacted {
        return Err(Refusal::Gone(format!(
            "the log before {compacted} is compacted; bootstrap this device again"
        )));
    }
    let limit = limit.clamp(1, MAX_PAGE);
    // The device's own updates are scanned (the cursor passes them) but not sent back.
    let mut scanned: Vec<(i64, Option<RowUpdate>)> = conn.query_map(
        "SELECT seq, table_name, row_id, CASE WHEN device_id = ?4 THEN NULL ELSE data END
             FROM updates WHERE organization_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
        args![
            org.to_string(),
            after,
            limit as i64 + 1,
            caller.device_id.to_string()
        ],
        |r| {
            let seq: i64 = r.get(0)?;
            let table: String = r.get(1)?;
            // A table the caller's role does not read: the cursor passes it unsent.
            let data: Option<Vec<u8>> = if readable(&table) { r.get(3)? } else { None };
            Ok((
                seq,
                data.map(|d| RowUpdate {
                    seq: Some(seq),
                    table,
                    row_id: r.get(2).unwrap_or_default(),
                    data: encode(&d),
                }),
            ))
        },
    )?;
    let more = scanned.len() > limit;
    scanned.truncate(limit);
    let cursor = scanned.last().map(|(seq, _)| *seq).unwrap_or(after);
    let updates = scanned.into_iter().filter_map(|(_, u)| u).collect();
    Ok(Pull {
        updates,
        cursor,
        head,
        more,
    })
}

/// One page of row snapshots in key order; `cursor` is the head when the page was read
/// (pull after the first page's cursor once every page is in).
pub fn bootstrap(
    conn: &mut dyn Sql,
    caller: &Caller,
    org: Uuid,
    after: Option<&str>,
    limit: usize,
) -> Result<Bootstrap> {
    let readable = readable(&role(conn, caller, org)?);
    let (head, _) = head(conn, org)?;
    let (after_table, after_row) = match after {
        Some(key) => key
            .split_once('/')
            .ok_or_else(|| Refusal::invalid("after", "must be \"table/row_id\""))?,
        None => ("", ""),
    };
    // Tables in declaration order, parents before children, so a new device can store
    // every row as it arrives instead of holding children back for their parents.
    let tables: Vec<&str> = sync::synced_tables().map(|t| t.name).collect();
    let first = match after_table {
        "" => 0,
        name => tables
            .iter()
            .position(|t| *t == name)
            .ok_or_else(|| Refusal::invalid("after", format!("no synced table \"{name}\"")))?,
    };
    let limit = limit.clamp(1, MAX_PAGE);
    let mut rows: Vec<RowUpdate> = Vec::new();
    for (i, table) in tables.iter().enumerate().skip(first) {
        if !readable(table) {
            continue;
        }
        let after_row = if i == first { after_row } else { "" };
        let wanted = limit + 1 - rows.len();
        let page = conn
            .query_map(
                "SELECT row_id, state FROM rows WHERE organization_id = ?1 AND table_name = ?2 AND row_id > ?3
                 ORDER BY row_id LIMIT ?4",
                args![org.to_string(), table, after_row, wanted as i64],
                |r| {
                    Ok(RowUpdate {
                        seq: None,
                        table: table.to_string(),
                        row_id: r.get(0)?,
                        data: encode(&r.get::<Vec<u8>>(1)?),
                    })
                },
            )?;
        rows.extend(page);
        if rows.len() > limit {
            break;
        }
    }
    let next = if rows.len() > limit {
        rows.truncate(limit);
        rows.last().map(|r| format!("{}/{}", r.table, r.row_id))
    } else {
        None
    };
    Ok(Bootstrap {
        rows,
        next,
        cursor: head,
    })
}

/// Folds the oldest log entries into the row snapshots (which already hold them) by
/// deleting them, keeping the newest `keep`. Devices behind the new floor bootstrap.
pub fn compact(conn: &mut dyn Sql, org: Uuid, keep: i64) -> Result<i64> {
    let mut tx = conn.transaction()?;
    lock_organization(&mut *tx, &org.to_string())?;
    let (head, compacted) = head(&mut *tx, org)?;
    let through = head - keep;
    if through <= compacted {
        return Ok(0);
    }
    let removed = tx.execute(
        "DELETE FROM updates WHERE organization_id = ?1 AND seq <= ?2",
        args![org.to_string(), through],
    )?;
    tx.execute(
        "UPDATE organizations SET compacted_through = ?1 WHERE id = ?2",
        args![through, org.to_string()],
    )?;
    tx.commit()?;
    Ok(removed as i64)
}
