//! Stock follows an order's status: taken when it is completed, given back when it leaves
//! completed (cancelled, refunded, or reopened), never below zero. `orders.stock_committed`
//! (synced) says whether the order's stock is taken, so another device that reopens the
//! order gives back exactly what was taken. Only products that count stock
//! (`inventory_count` set) move.
//!
//! Lines of a completed order may still change: each change moves the stock by its
//! difference ([`line_changed`]).
//!
//! Two devices completing orders of the same product while offline each take stock from
//! the count they last saw; the merge keeps one count (last writer wins), so such sales
//! are not both subtracted. Counting stock exactly across offline devices needs a stock
//! ledger; until then the desktop that completes orders should be online.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Error, Result};
use crate::records::Actor;
use crate::values::timestamp_text;

/// Takes or gives back the order's stock so that it is taken exactly while completed.
pub(crate) fn settle(tx: &Connection, actor: &Actor, order: &str) -> Result<()> {
    let Some((status, committed)): Option<(String, bool)> = tx
        .prepare_cached("SELECT status, stock_committed FROM orders WHERE id = ?1 AND deleted_at IS NULL")?
        .query_row([order], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
    else {
        return Ok(());
    };
    let want = status == "completed";
    if want == committed {
        return Ok(());
    }
    let lines: Vec<(String, String, Option<i64>, i64)> = tx
        .prepare_cached(
            "SELECT p.id, p.name, p.inventory_count, sum(i.quantity) FROM order_items i
             JOIN products p ON p.id = i.product_id
             WHERE i.order_id = ?1 AND i.deleted_at IS NULL
             GROUP BY p.id ORDER BY p.name, p.id",
        )?
        .query_map([order], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let now = timestamp_text(actor.clock.now());
    for (product, name, count, quantity) in lines {
        let Some(count) = count else { continue };
        let new = if want { count - quantity } else { count + quantity };
        if new < 0 {
            return Err(Error::invalid(
                "status",
                format!("cannot complete the order: \"{name}\" has {count} in stock and the order needs {quantity}"),
            ));
        }
        tx.prepare_cached("UPDATE products SET inventory_count = ?1, updated_at = ?2 WHERE id = ?3")?
            .execute(params![new, now, product])?;
    }
    tx.prepare_cached("UPDATE orders SET stock_committed = ?1 WHERE id = ?2")?
        .execute(params![want, order])?;
    Ok(())
}

/// Whether the order's stock is taken.
fn committed(tx: &Connection, order: &str) -> Result<bool> {
    Ok(tx
        .prepare_cached("SELECT stock_committed FROM orders WHERE id = ?1")?
        .query_row([order], |r| r.get::<_, bool>(0))
        .optional()?
        .unwrap_or(false))
}

/// Moves a product's stock by `delta` (negative: taken), if it counts stock.
fn adjust(tx: &Connection, actor: &Actor, product: &str, delta: i64) -> Result<()> {
    if delta == 0 {
        return Ok(());
    }
    let Some((name, Some(count))): Option<(String, Option<i64>)> = tx
        .prepare_cached("SELECT name, inventory_count FROM products WHERE id = ?1")?
        .query_row([product], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
    else {
        return Ok(());
    };
    let new = count + delta;
    if new < 0 {
        return Err(Error::invalid(
            "quantity",
            format!("the order is completed and \"{name}\" has {count} in stock: {} more cannot be taken", -delta),
        ));
    }
    tx.prepare_cached("UPDATE products SET inventory_count = ?1, updated_at = ?2 WHERE id = ?3")?
        .execute(params![new, timestamp_text(actor.clock.now()), product])?;
    Ok(())
}

/// A line of `order` changes from `before` to `after` (product, quantity; `None`: no
/// line): while the order's stock is taken, the difference moves.
pub(crate) fn line_changed(
    tx: &Connection,
    actor: &Actor,
    order: &str,
    before: Option<(&str, i64)>,
    after: Option<(&str, i64)>,
) -> Result<()> {
    if before == after || !committed(tx, order)? {
        return Ok(());
    }
    if let Some((product, quantity)) = before {
        adjust(tx, actor, product, quantity)?;
    }
    if let Some((product, quantity)) = after {
        adjust(tx, actor, product, -quantity)?;
    }
    Ok(())
}
