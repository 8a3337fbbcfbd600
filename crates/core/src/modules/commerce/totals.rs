//! Keeps what an order or an invoice derives (line totals, subtotal, tax, total, and for
//! invoices the amount paid, payment state and status) equal to [`super::money`]'s
//! result over its stored rows. Called by the tables' hooks after every write through
//! the record path and after sync merges rows, so every writer's rows hold, and by
//! `doctor` (read-only) to find rows that do not.
//!
//! The writes are plain SQL on synced columns: they mark the rows dirty, so they go out
//! as this replica's edits; every replica computes the same values from the same rows.

use std::str::FromStr;

use bigdecimal::{BigDecimal, Zero};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use super::money::{Currency, Document, Line, TaxRate, Totals};
use crate::error::{Error, Result};
use crate::schema::Decimal;

/// An order or an invoice, with the table of its lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Order,
    Invoice,
}

impl Kind {
    fn table(self) -> &'static str {
        match self {
            Kind::Order => "orders",
            Kind::Invoice => "invoices",
        }
    }
    fn items(self) -> &'static str {
        match self {
            Kind::Order => "order_items",
            Kind::Invoice => "invoice_items",
        }
    }
    fn parent(self) -> &'static str {
        match self {
            Kind::Order => "order_id",
            Kind::Invoice => "invoice_id",
        }
    }
    fn line_order(self) -> &'static str {
        match self {
            Kind::Order => "created_at, id",
            Kind::Invoice => "position, created_at, id",
        }
    }
}

/// How the core stores an amount: rounded to the currency, then in the record path's
/// normal form ("59.9", not "59.90"), so a value written here and the same value
/// materialised from a synced document are the same text on every replica.
pub fn as_stored(c: &Currency, amount: &Decimal) -> String {
    c.round(amount).normalized().to_plain_string()
}

fn dec(field: &str, text: &str) -> Result<Decimal> {
    BigDecimal::from_str(text)
        .map_err(|_| Error::invalid(field, format!("stored value \"{text}\" is not a decimal")))
}

fn rate(
    field: &str,
    name: Option<String>,
    rate: Option<String>,
    inclusive: bool,
) -> Result<Option<TaxRate>> {
    rate.map(|r| TaxRate::new(field, name.as_deref(), dec(field, &r)?, inclusive))
        .transpose()
}

/// A stored document, as the maths sees it, with its line ids in line order.
pub struct Stored {
    pub document: Document,
    pub line_ids: Vec<String>,
    /// The stored line totals, subtotal, tax and total.
    pub stored_lines: Vec<String>,
    pub stored: [String; 3],
}

/// Reads an order or invoice and its live lines; `None` when there is no such row.
pub fn load(conn: &Connection, kind: Kind, id: &str) -> Result<Option<Stored>> {
    type Head = (String, String, String, Option<String>, Option<String>, bool, String, String, String);
    let head: Option<Head> = conn
        .prepare_cached(&format!(
            "SELECT currency, discount, shipping, tax_name, tax_rate, tax_inclusive, subtotal, tax, total
             FROM {} WHERE id = ?1",
            kind.table()
        ))?
        .query_row([id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?))
        })
        .optional()?;
    let Some((currency, discount, shipping, tax_name, tax_rate, inclusive, subtotal, tax, total)) = head
    else {
        return Ok(None);
    };
    let mut statement = conn.prepare_cached(&format!(
        "SELECT id, CAST(quantity AS TEXT), unit_price, discount, tax_name, tax_rate, tax_inclusive, total
         FROM {} WHERE {} = ?1 AND deleted_at IS NULL ORDER BY {}",
        kind.items(),
        kind.parent(),
        kind.line_order()
    ))?;
    let mut lines = Vec::new();
    let mut line_ids = Vec::new();
    let mut stored_lines = Vec::new();
    type Item = (String, String, String, Option<String>, Option<String>, Option<String>, Option<bool>, String);
    let rows: Vec<Item> = statement
        .query_map([id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (line_id, quantity, unit_price, line_discount, name, line_rate, line_inclusive, line_total) in rows {
        lines.push(Line {
            quantity: dec("quantity", &quantity)?,
            unit_price: dec("unit_price", &unit_price)?,
            discount: line_discount.map(|d| dec("discount", &d)).transpose()?,
            tax: rate("tax_rate", name, line_rate, line_inclusive.unwrap_or(inclusive))?,
        });
        line_ids.push(line_id);
        stored_lines.push(line_total);
    }
    Ok(Some(Stored {
        document: Document {
            currency: Currency::parse("currency", &currency)?,
            lines,
            discount: dec("discount", &discount)?,
            shipping: dec("shipping", &shipping)?,
            tax: rate("tax_rate", tax_name, tax_rate, inclusive)?,
        },
        line_ids,
        stored_lines,
        stored: [subtotal, tax, total],
    }))
}

/// Computes a document's totals from its stored rows and writes those that differ.
/// Returns the totals (`None`: no such row).
pub fn recompute(
    conn: &Connection,
    kind: Kind,
    id: &str,
    today: Option<NaiveDate>,
) -> Result<Option<Totals>> {
    let Some(stored) = load(conn, kind, id)? else {
        return Ok(None);
    };
    let totals = stored.document.totals();
    let c = stored.document.currency;
    for ((line_id, old), new) in stored.line_ids.iter().zip(&stored.stored_lines).zip(&totals.lines) {
        let new = as_stored(&c, new);
        if *old != new {
            conn.prepare_cached(&format!("UPDATE {} SET total = ?1 WHERE id = ?2", kind.items()))?
                .execute(params![new, line_id])?;
        }
    }
    let new = [as_stored(&c, &totals.subtotal), as_stored(&c, &totals.tax), as_stored(&c, &totals.total)];
    if stored.stored != new {
        conn.prepare_cached(&format!(
            "UPDATE {} SET subtotal = ?1, tax = ?2, total = ?3 WHERE id = ?4",
            kind.table()
        ))?
        .execute(params![new[0], new[1], new[2], id])?;
    }
    if kind == Kind::Invoice {
        settle_invoice(conn, id, today)?;
    }
    Ok(Some(totals))
}

/// Net amount received for an invoice or order: completed payments and credits less
/// completed refunds.
pub fn amount_paid(conn: &Connection, column: &str, id: &str) -> Result<Decimal> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT transaction_type, amount FROM transactions
         WHERE {column} = ?1 AND status = 'completed' AND deleted_at IS NULL"
    ))?;
    let rows: Vec<(String, String)> = statement
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut paid = BigDecimal::zero();
    for (kind, amount) in rows {
        let amount = dec("amount", &amount)?;
        if kind == "refund" {
            paid -= amount;
        } else {
            paid += amount;
        }
    }
    Ok(paid)
}

/// What the finalised credit notes of an invoice credit (the sum of their totals).
pub fn credited(conn: &Connection, invoice: &str) -> Result<Decimal> {
    let totals: Vec<String> = conn
        .prepare_cached(
            "SELECT total FROM invoices WHERE credit_for_id = ?1 AND kind = 'credit_note'
               AND status NOT IN ('draft', 'cancelled') AND deleted_at IS NULL",
        )?
        .query_map([invoice], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    totals.iter().map(|t| dec("total", t)).sum()
}

/// What payments make of a document of `total` that has received `paid` net.
pub fn payment_status(total: &Decimal, paid: &Decimal, refunded: bool) -> &'static str {
    let zero = BigDecimal::zero();
    if *paid >= *total && (*paid > zero || total.is_zero()) {
        "paid"
    } else if *paid > zero {
        "partially_paid"
    } else if refunded {
        "refunded"
    } else {
        "unpaid"
    }
}

fn has_refund(conn: &Connection, column: &str, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM transactions WHERE {column} = ?1 AND transaction_type = 'refund'
               AND status = 'completed' AND deleted_at IS NULL"
        ))?
        .query_row([id], |r| r.get::<_, i64>(0))?
        > 0)
}

/// Writes an invoice's amount paid, payment state and status (draft and cancelled stay;
/// otherwise paid, overdue past its due date on `today` (default: the system's), or
/// sent), and its order's payment state.
pub fn settle_invoice(conn: &Connection, id: &str, today: Option<NaiveDate>) -> Result<()> {
    type Head = (String, String, String, String, String, String, Option<String>, String);
    let Some((currency, total, paid_before, state_before, status, due, order, kind)): Option<Head> = conn
        .prepare_cached(
            "SELECT currency, total, amount_paid, payment_status, status, due_date, order_id, kind
             FROM invoices WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
        })
        .optional()?
    else {
        return Ok(());
    };
    let c = Currency::parse("currency", &currency)?;
    let total = dec("total", &total)?;
    let paid = amount_paid(conn, "invoice_id", id)?;
    let state = if kind == "credit_note" {
        // A credit note is settled by the refund it records, not by payments.
        "paid"
    } else {
        // What is owed is the total less what credit notes took off it.
        let owed = &total - credited(conn, id)?;
        let refunded = has_refund(conn, "invoice_id", id)?;
        if refunded && paid <= BigDecimal::zero() {
            "refunded"
        } else {
            payment_status(&owed, &paid, refunded)
        }
    };
    let today = today.unwrap_or_else(|| crate::clock::Clock::System.now().date_naive());
    let new_status = match status.as_str() {
        "draft" | "cancelled" => status.clone(),
        _ if matches!(state, "paid" | "refunded") => "paid".into(),
        _ if due.as_str() < today.to_string().as_str() => "overdue".into(),
        _ => "sent".into(),
    };
    let paid_text = as_stored(&c, &paid);
    if paid_text != paid_before || state != state_before || new_status != status {
        conn.prepare_cached(
            "UPDATE invoices SET amount_paid = ?1, payment_status = ?2, status = ?3 WHERE id = ?4",
        )?
        .execute(params![paid_text, state, new_status, id])?;
    }
    if let Some(order) = order {
        settle_order(conn, &order)?;
    }
    Ok(())
}

/// Writes an order's payment state from the transactions that name it.
pub fn settle_order(conn: &Connection, id: &str) -> Result<()> {
    let Some((total, before)): Option<(String, String)> = conn
        .prepare_cached("SELECT total, payment_status FROM orders WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
    else {
        return Ok(());
    };
    let total = dec("total", &total)?;
    let paid = amount_paid(conn, "order_id", id)?;
    let state = payment_status(&total, &paid, has_refund(conn, "order_id", id)?);
    // An order nobody paid through a transaction keeps what was set by hand.
    let any: i64 = conn
        .prepare_cached("SELECT count(*) FROM transactions WHERE order_id = ?1 AND deleted_at IS NULL")?
        .query_row([id], |r| r.get(0))?;
    if any > 0 && state != before {
        conn.prepare_cached("UPDATE orders SET payment_status = ?1 WHERE id = ?2")?
            .execute(params![state, id])?;
    }
    Ok(())
}

/// Every live order and invoice whose stored totals differ from what its rows give
/// (`doctor`): one line each, naming the row and both values.
pub fn problems(conn: &Connection, kind: Kind) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    {
        let ids: Vec<String> = conn
            .prepare(&format!("SELECT id FROM {} WHERE deleted_at IS NULL ORDER BY id", kind.table()))?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in ids {
            let stored = match load(conn, kind, &id) {
                Ok(Some(stored)) => stored,
                Ok(None) => continue,
                Err(e) => {
                    problems.push(format!("{} {id}: {e}", kind.table()));
                    continue;
                }
            };
            let totals = stored.document.totals();
            let c = stored.document.currency;
            let want = [c.text(&totals.subtotal), c.text(&totals.tax), c.text(&totals.total)];
            for ((name, have), want) in ["subtotal", "tax", "total"].iter().zip(&stored.stored).zip(&want) {
                if !same(have, want) {
                    problems.push(format!(
                        "{} {id}: {name} is {have} but its lines give {want}",
                        kind.table()
                    ));
                }
            }
            for ((line, have), want) in stored.line_ids.iter().zip(&stored.stored_lines).zip(&totals.lines) {
                if !same(have, &c.text(want)) {
                    problems.push(format!(
                        "{} {line}: total is {have} but its quantity, price and discount give {}",
                        kind.items(),
                        c.text(want)
                    ));
                }
            }
        }
    }
    Ok(problems)
}

fn same(a: &str, b: &str) -> bool {
    match (BigDecimal::from_str(a), BigDecimal::from_str(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
