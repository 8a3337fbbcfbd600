//! What the commerce tables add to the generic record path, so every writer (the app, the
//! CLI's `records`, imports, sync) keeps the same rules:
//! - totals are the core's: `subtotal`, `tax`, `total`, line totals, an invoice's
//!   `amount_paid` and `payment_status` are computed ([`super::totals`]) after each write
//!   and after each merge; input that names them with another value is refused;
//! - a line's unit price defaults to its product's price;
//! - stock is taken when an order is completed and given back when it leaves completed
//!   ([`super::stock`]);
//! - an invoice is a draft until it is finalised ([`super::invoices::finalize`]); its
//!   number and its status are the core's, and a finalised invoice's lines and amounts
//!   do not change (a credit note corrects it);
//! - a payment or refund moves its invoice's and order's payment state.

use std::str::FromStr;

use bigdecimal::{BigDecimal, Zero};
use chrono::{Duration, NaiveDate};
use rusqlite::{OptionalExtension, Transaction};
use serde_json::Value;

use super::money::{Currency, TaxRate};
use super::totals::{self, Kind};
use super::{numbering, stock};
use crate::error::{Error, Result};
use crate::records::{Actor, Row};
use crate::schema::{Column, Hooks, TableDef};

pub struct ProductHooks;
pub static PRODUCT_HOOKS: ProductHooks = ProductHooks;
pub struct OrderHooks;
pub static ORDER_HOOKS: OrderHooks = OrderHooks;
pub struct OrderItemHooks;
pub static ORDER_ITEM_HOOKS: OrderItemHooks = OrderItemHooks;
pub struct InvoiceHooks;
pub static INVOICE_HOOKS: InvoiceHooks = InvoiceHooks;
pub struct InvoiceItemHooks;
pub static INVOICE_ITEM_HOOKS: InvoiceItemHooks = InvoiceItemHooks;
pub struct TransactionHooks;
pub static TRANSACTION_HOOKS: TransactionHooks = TransactionHooks;

/// What a finalised invoice keeps as it was issued.
const INVOICE_FROZEN: &[&str] = &[
    "contact_id", "order_id", "kind", "credit_for_id", "currency", "discount", "shipping", "tax_name",
    "tax_rate", "tax_inclusive", "issue_date",
];

pub(crate) fn text<'a>(row: &'a Row, field: &str) -> &'a str {
    row.get(field).and_then(Value::as_str).unwrap_or_default()
}

fn decimal_of(value: &Value) -> Option<BigDecimal> {
    match value {
        Value::String(s) => BigDecimal::from_str(s.trim()).ok(),
        Value::Number(n) => BigDecimal::from_str(&n.to_string()).ok(),
        _ => None,
    }
}

fn same_value(a: &Value, b: &Value) -> bool {
    match (decimal_of(a), decimal_of(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a == b,
    }
}

/// Refuses input for the table's computed columns, except a value equal to the stored
/// one (a screen sending the whole row back), which is dropped from the patch.
fn keep_computed(input: &mut Row, before: Option<&Row>, table: &TableDef, what: &str) -> Result<()> {
    for field in table.columns.iter().filter(|c| c.computed).map(|c| c.name) {
        let Some(value) = input.get(field) else { continue };
        let unchanged = before
            .and_then(|b| b.get(field))
            .is_some_and(|stored| same_value(stored, value));
        if !unchanged {
            return Err(Error::invalid(
                field,
                format!("is computed by the core from {what}; leave it out"),
            ));
        }
        input.remove(field);
    }
    Ok(())
}

fn not_negative(column: &Column, value: &Value) -> Result<()> {
    if let Some(d) = decimal_of(value) {
        if d < BigDecimal::zero() {
            return Err(Error::invalid(column.name, "must not be negative"));
        }
    }
    Ok(())
}

fn check_common(column: &Column, value: &Value) -> Result<()> {
    match column.name {
        "currency" => value
            .as_str()
            .map_or(Ok(()), |code| Currency::parse(column.name, code).map(|_| ())),
        "tax_rate" => match decimal_of(value) {
            Some(rate) => TaxRate::new(column.name, None, rate, false).map(|_| ()),
            None => Ok(()),
        },
        "price" | "unit_price" | "discount" | "shipping" | "inventory_count" => not_negative(column, value),
        "quantity" => match decimal_of(value) {
            Some(q) if q <= BigDecimal::zero() => Err(Error::invalid(column.name, "must be more than 0")),
            _ => Ok(()),
        },
        "amount" => match decimal_of(value) {
            Some(a) if a <= BigDecimal::zero() => Err(Error::invalid(column.name, "must be more than 0")),
            _ => Ok(()),
        },
        _ => Ok(()),
    }
}

fn today(actor: &Actor) -> NaiveDate {
    actor.clock.now().date_naive()
}

/// A line's unit price (and, for invoices, description) from its product when left out.
fn default_from_product(tx: &Transaction<'_>, input: &mut Row, with_description: bool) -> Result<()> {
    let Some(product) = input.get("product_id").and_then(Value::as_str).map(str::to_string) else {
        return Ok(());
    };
    let found: Option<(String, String)> = tx
        .prepare_cached("SELECT price, name FROM products WHERE id = ?1 AND deleted_at IS NULL")?
        .query_row([&product], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((price, name)) = found {
        input.entry("unit_price").or_insert(Value::from(price));
        if with_description {
            input.entry("description").or_insert(Value::from(name));
        }
    }
    Ok(())
}

fn refuse_line_change(input: &Row, before: Option<&Row>, parent: &str) -> Result<()> {
    if let (Some(before), Some(value)) = (before, input.get(parent)) {
        if before.get(parent) != Some(value) {
            return Err(Error::invalid(parent, "cannot be changed: delete the line and add it to the other one"));
        }
    }
    Ok(())
}

impl Hooks for ProductHooks {
    fn check(&self, _tx: &Transaction<'_>, _actor: &Actor, _table: &TableDef, column: &Column, value: &Value) -> Result<()> {
        check_common(column, value)
    }
}

impl Hooks for OrderHooks {
    fn prepare(&self, tx: &Transaction<'_>, actor: &Actor, table: &TableDef, input: &mut Row, before: Option<&Row>) -> Result<()> {
        keep_computed(input, before, table, "the order's lines, discount, tax and shipping")?;
        if before.is_none() {
            input.insert("total".into(), Value::from("0"));
            if !input.contains_key("order_number") {
                let number = numbering::take(tx, actor, numbering::Series::Order, today(actor))?;
                input.insert("order_number".into(), Value::from(number));
            }
        }
        Ok(())
    }

    fn check(&self, _tx: &Transaction<'_>, _actor: &Actor, _table: &TableDef, column: &Column, value: &Value) -> Result<()> {
        check_common(column, value)
    }

    fn after_write(&self, tx: &Transaction<'_>, actor: &Actor, _table: &TableDef, row: &Row) -> Result<()> {
        let id = text(row, "id");
        after_document_write(tx, Kind::Order, id)?;
        stock::settle(tx, actor, id)
    }

    fn problems(&self, conn: &rusqlite::Connection, _table: &TableDef) -> Result<Vec<String>> {
        totals::problems(conn, Kind::Order)
    }

    fn after_merge(&self, tx: &Transaction<'_>, _table: &TableDef, ids: &[&str]) -> Result<()> {
        for id in ids {
            totals::recompute(tx, Kind::Order, id, None)?;
            totals::settle_order(tx, id)?;
        }
        Ok(())
    }
}

/// Recomputes a document after a write and refuses amounts out of range (a discount
/// above the new subtotal), naming the field.
fn after_document_write(tx: &Transaction<'_>, kind: Kind, id: &str) -> Result<()> {
    if let Some(stored) = totals::load(tx, kind, id)? {
        stored.document.check_lines()?;
    }
    totals::recompute(tx, kind, id, None)?;
    Ok(())
}

/// A line's product and quantity, as stored or as it will be.
fn stocked(row: &Row) -> Option<(&str, i64)> {
    let product = row.get("product_id").and_then(Value::as_str)?;
    let quantity = row.get("quantity").and_then(Value::as_i64)?;
    Some((product, quantity))
}

impl Hooks for OrderItemHooks {
    fn prepare(&self, tx: &Transaction<'_>, actor: &Actor, table: &TableDef, input: &mut Row, before: Option<&Row>) -> Result<()> {
        keep_computed(input, before, table, "the line's quantity, unit price and discount")?;
        refuse_line_change(input, before, "order_id")?;
        if before.is_none() {
            default_from_product(tx, input, false)?;
            input.insert("total".into(), Value::from("0"));
        }
        // A completed order's stock follows its lines.
        let order = text(before.unwrap_or(input), "order_id").to_string();
        let live = |row: &Row| row.get("deleted_at").is_none_or(Value::is_null);
        let old = before.filter(|b| live(b)).and_then(stocked);
        let mut merged = before.cloned().unwrap_or_default();
        merged.extend(input.iter().map(|(k, v)| (k.clone(), v.clone())));
        stock::line_changed(tx, actor, &order, old, stocked(&merged))
    }

    fn check(&self, _tx: &Transaction<'_>, _actor: &Actor, _table: &TableDef, column: &Column, value: &Value) -> Result<()> {
        check_common(column, value)
    }

    fn after_write(&self, tx: &Transaction<'_>, _actor: &Actor, _table: &TableDef, row: &Row) -> Result<()> {
        after_document_write(tx, Kind::Order, text(row, "order_id"))
    }

    fn after_delete(&self, tx: &Transaction<'_>, actor: &Actor, table: &TableDef, row: &Row) -> Result<()> {
        let order = text(row, "order_id");
        match row.get("deleted_at").is_none_or(Value::is_null) {
            true => stock::line_changed(tx, actor, order, None, stocked(row))?,
            false => stock::line_changed(tx, actor, order, stocked(row), None)?,
        }
        self.after_write(tx, actor, table, row)
    }

    fn after_merge(&self, tx: &Transaction<'_>, _table: &TableDef, ids: &[&str]) -> Result<()> {
        for order in parents(tx, "order_items", "order_id", ids)? {
            totals::recompute(tx, Kind::Order, &order, None)?;
        }
        Ok(())
    }
}

/// The parents of the given lines, each once.
fn parents(tx: &Transaction<'_>, table: &str, column: &str, ids: &[&str]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    let mut statement = tx.prepare_cached(&format!("SELECT {column} FROM {table} WHERE id = ?1"))?;
    for id in ids {
        if let Some(parent) = statement.query_row([id], |r| r.get::<_, Option<String>>(0)).optional()?.flatten() {
            if !out.contains(&parent) {
                out.push(parent);
            }
        }
    }
    Ok(out)
}

fn invoice_status(tx: &Transaction<'_>, invoice: &str) -> Result<Option<String>> {
    Ok(tx
        .prepare_cached("SELECT status FROM invoices WHERE id = ?1")?
        .query_row([invoice], |r| r.get(0))
        .optional()?)
}

impl Hooks for InvoiceHooks {
    fn prepare(&self, _tx: &Transaction<'_>, actor: &Actor, table: &TableDef, input: &mut Row, before: Option<&Row>) -> Result<()> {
        keep_computed(input, before, table, "its lines, payments and series")?;
        match before {
            None => {
                match input.get("status").and_then(Value::as_str) {
                    None | Some("draft") => {}
                    Some(_) => {
                        return Err(Error::invalid(
                            "status",
                            "a new invoice is a draft: finalise it to give it its number",
                        ))
                    }
                }
                let id = text(input, "id").to_string();
                input.insert("invoice_number".into(), Value::from(format!("DRAFT-{id}")));
                input.insert("total".into(), Value::from("0"));
                let issue = match input.get("issue_date").and_then(Value::as_str) {
                    Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
                        .map_err(|_| Error::invalid("issue_date", "is not a date YYYY-MM-DD"))?,
                    None => {
                        let d = today(actor);
                        input.insert("issue_date".into(), Value::from(d.to_string()));
                        d
                    }
                };
                if !input.contains_key("due_date") {
                    let days = input.get("payment_terms_days").and_then(Value::as_i64).unwrap_or(super::DEFAULT_TERMS_DAYS);
                    input.insert("due_date".into(), Value::from((issue + Duration::days(days)).to_string()));
                }
            }
            Some(before) => {
                let status = text(before, "status");
                if let Some(new) = input.get("status").and_then(Value::as_str) {
                    let allowed = new == status || new == "cancelled" || (status == "cancelled" && new == "draft" && text(before, "finalized_at").is_empty());
                    if !allowed {
                        return Err(Error::invalid(
                            "status",
                            format!("is derived from payments and the due date (it is {status}): finalise a draft, record a payment, or cancel"),
                        ));
                    }
                    if new == "cancelled" && status != "cancelled" && text(before, "payment_status") != "unpaid" {
                        return Err(Error::invalid("status", "an invoice with payments cannot be cancelled: refund it with a credit note"));
                    }
                }
                if status != "draft" {
                    for field in INVOICE_FROZEN {
                        if let Some(value) = input.get(*field) {
                            if !before.get(*field).is_some_and(|b| same_value(b, value)) {
                                return Err(Error::invalid(
                                    *field,
                                    "cannot change once the invoice is finalised: issue a credit note",
                                ));
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn check(&self, _tx: &Transaction<'_>, _actor: &Actor, _table: &TableDef, column: &Column, value: &Value) -> Result<()> {
        check_common(column, value)
    }

    fn after_write(&self, tx: &Transaction<'_>, actor: &Actor, _table: &TableDef, row: &Row) -> Result<()> {
        let id = text(row, "id");
        if text(row, "due_date") < text(row, "issue_date") {
            return Err(Error::invalid("due_date", "is before the issue date"));
        }
        if let Some(stored) = totals::load(tx, Kind::Invoice, id)? {
            stored.document.check_lines()?;
        }
        totals::recompute(tx, Kind::Invoice, id, Some(today(actor)))?;
        Ok(())
    }

    fn problems(&self, conn: &rusqlite::Connection, _table: &TableDef) -> Result<Vec<String>> {
        totals::problems(conn, Kind::Invoice)
    }

    fn after_merge(&self, tx: &Transaction<'_>, _table: &TableDef, ids: &[&str]) -> Result<()> {
        for id in ids {
            totals::recompute(tx, Kind::Invoice, id, None)?;
        }
        Ok(())
    }
}

impl Hooks for InvoiceItemHooks {
    fn prepare(&self, tx: &Transaction<'_>, _actor: &Actor, table: &TableDef, input: &mut Row, before: Option<&Row>) -> Result<()> {
        keep_computed(input, before, table, "the line's quantity, unit price and discount")?;
        refuse_line_change(input, before, "invoice_id")?;
        if before.is_none() {
            default_from_product(tx, input, true)?;
            input.insert("total".into(), Value::from("0"));
        }
        Ok(())
    }

    fn check(&self, _tx: &Transaction<'_>, _actor: &Actor, _table: &TableDef, column: &Column, value: &Value) -> Result<()> {
        check_common(column, value)
    }

    fn after_write(&self, tx: &Transaction<'_>, actor: &Actor, _table: &TableDef, row: &Row) -> Result<()> {
        let invoice = text(row, "invoice_id");
        if invoice_status(tx, invoice)?.is_some_and(|s| s != "draft") {
            return Err(Error::invalid(
                "invoice_id",
                "the invoice is finalised: its lines do not change (issue a credit note)",
            ));
        }
        if let Some(stored) = totals::load(tx, Kind::Invoice, invoice)? {
            stored.document.check_lines()?;
        }
        totals::recompute(tx, Kind::Invoice, invoice, Some(today(actor)))?;
        Ok(())
    }

    fn after_delete(&self, tx: &Transaction<'_>, actor: &Actor, table: &TableDef, row: &Row) -> Result<()> {
        self.after_write(tx, actor, table, row)
    }

    fn after_merge(&self, tx: &Transaction<'_>, _table: &TableDef, ids: &[&str]) -> Result<()> {
        for invoice in parents(tx, "invoice_items", "invoice_id", ids)? {
            totals::recompute(tx, Kind::Invoice, &invoice, None)?;
        }
        Ok(())
    }
}

impl Hooks for TransactionHooks {
    fn prepare(&self, tx: &Transaction<'_>, _actor: &Actor, _table: &TableDef, input: &mut Row, before: Option<&Row>) -> Result<()> {
        if before.is_some() {
            return Ok(());
        }
        let Some(invoice) = input.get("invoice_id").and_then(Value::as_str).map(str::to_string) else {
            return Ok(());
        };
        let found: Option<(String, Option<String>, String)> = tx
            .prepare_cached("SELECT contact_id, order_id, currency FROM invoices WHERE id = ?1 AND deleted_at IS NULL")?
            .query_row([&invoice], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let Some((contact, order, currency)) = found else {
            return Ok(()); // the reference check names invoice_id
        };
        input.entry("contact_id").or_insert(Value::from(contact));
        if let Some(order) = order {
            input.entry("order_id").or_insert(Value::from(order));
        }
        match input.get("currency").and_then(Value::as_str) {
            None => {
                input.insert("currency".into(), Value::from(currency));
            }
            Some(c) if c != currency => {
                return Err(Error::invalid("currency", format!("is {c} but the invoice is in {currency}")));
            }
            Some(_) => {}
        }
        Ok(())
    }

    fn check(&self, _tx: &Transaction<'_>, _actor: &Actor, _table: &TableDef, column: &Column, value: &Value) -> Result<()> {
        check_common(column, value)
    }

    fn after_write(&self, tx: &Transaction<'_>, actor: &Actor, _table: &TableDef, row: &Row) -> Result<()> {
        settle_transaction(tx, row, Some(today(actor)))?;
        super::events::payment_received(tx, actor, row)?;
        for (column, what) in [("invoice_id", "invoice"), ("order_id", "order")] {
            let id = text(row, column);
            if !id.is_empty() && totals::amount_paid(tx, column, id)? < BigDecimal::zero() {
                return Err(Error::invalid(
                    "amount",
                    format!("refunds more than the {what} received"),
                ));
            }
        }
        Ok(())
    }

    fn after_delete(&self, tx: &Transaction<'_>, actor: &Actor, _table: &TableDef, row: &Row) -> Result<()> {
        settle_transaction(tx, row, Some(today(actor)))
    }

    fn after_merge(&self, tx: &Transaction<'_>, _table: &TableDef, ids: &[&str]) -> Result<()> {
        let mut statement = tx.prepare_cached("SELECT invoice_id, order_id FROM transactions WHERE id = ?1")?;
        for id in ids {
            let Some((invoice, order)) = statement
                .query_row([id], |r| Ok((r.get::<_, Option<String>>(0)?, r.get::<_, Option<String>>(1)?)))
                .optional()?
            else {
                continue;
            };
            if let Some(invoice) = invoice {
                totals::settle_invoice(tx, &invoice, None)?;
            }
            if let Some(order) = order {
                totals::settle_order(tx, &order)?;
            }
        }
        Ok(())
    }
}

fn settle_transaction(tx: &Transaction<'_>, row: &Row, today: Option<NaiveDate>) -> Result<()> {
    let invoice = text(row, "invoice_id");
    if !invoice.is_empty() {
        totals::settle_invoice(tx, invoice, today)?;
    }
    let order = text(row, "order_id");
    if !order.is_empty() {
        totals::settle_order(tx, order)?;
    }
    Ok(())
}
