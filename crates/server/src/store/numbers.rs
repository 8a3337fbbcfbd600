//! Numbering series: blocks of numbers handed to devices, each number once (DESIGN.md
//! §10). A device finalises offline from its block; the series' next number only grows.

use super::sql::{Sql, SqlExt};
use crate::args;
use uuid::Uuid;

use aio_core::sync::wire::{NumberBlock, NumberRequest};

use super::{accounts, Caller, Refusal, Result};

/// Most numbers one request may take.
pub const MAX_BLOCK: i64 = 1000;

/// Reserves `count` numbers of a series for the caller's device.
pub fn reserve(
    conn: &mut dyn Sql,
    caller: &Caller,
    org: Uuid,
    request: &NumberRequest,
) -> Result<NumberBlock> {
    accounts::may_change(conn, caller, org, "finalise invoices or orders")?;
    let series = request.series.trim();
    if series.is_empty() || series.len() > 64 || series.matches("{seq}").count() != 1 {
        return Err(Refusal::invalid(
            "series",
            "is a pattern with one {seq} and at most 64 characters",
        ));
    }
    if !(1..=MAX_BLOCK).contains(&request.count) {
        return Err(Refusal::invalid(
            "count",
            format!("must be from 1 to {MAX_BLOCK}"),
        ));
    }
    if request.min_next < 1 {
        return Err(Refusal::invalid("min_next", "must be at least 1"));
    }
    let org = org.to_string();
    let mut tx = conn.transaction()?;
    // Two reservations of one organisation take turns (on PostgreSQL: its row's lock).
    super::log::lock_organization(&mut *tx, &org)?;
    let next: i64 = tx
        .query_opt(
            "SELECT next FROM number_series WHERE organization_id = ?1 AND series = ?2",
            args![org, series],
            |r| r.get(0),
        )?
        .unwrap_or(1)
        .max(request.min_next);
    let last = next + request.count - 1;
    tx.execute(
        "INSERT INTO number_series (organization_id, series, next) VALUES (?1, ?2, ?3)
         ON CONFLICT (organization_id, series) DO UPDATE SET next = excluded.next",
        args![org, series, last + 1],
    )?;
    tx.execute(
        "INSERT INTO number_blocks (organization_id, series, first, last, device_id) VALUES (?1, ?2, ?3, ?4, ?5)",
        args![org, series, next, last, caller.device_id.to_string()],
    )?;
    tx.commit()?;
    Ok(NumberBlock {
        series: series.to_string(),
        first: next,
        last,
    })
}
