//! Invoices: a draft from an order or from standalone lines; finalising gives it the next
//! number of its series ([`super::numbering`]) and freezes it; payments and refunds are
//! `transactions` that settle it ([`super::totals::settle_invoice`]). A refund issues a
//! credit note (an invoice of kind `credit_note` pointing at the one it credits) and
//! records the refund on the original invoice.

use chrono::Duration;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use ts_rs::TS;
use uuid::Uuid;

use super::hooks::text;
use super::numbering::{self, Series};
use super::orders::{children, find_product, money, strict, tax_fields, TaxInput};
use super::tables::{INVOICES, INVOICE_ITEMS, TRANSACTIONS};
use super::totals::{self, Kind};
use crate::audit::audit;
use crate::error::{Error, Result};
use crate::records::{self, Actor, Row};
use crate::schema::Decimal;
use crate::values::timestamp_text;

/// One line of a standalone invoice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct NewInvoiceLine {
    #[ts(optional)]
    pub description: Option<String>,
    /// A product by id or SKU: its name and price are the defaults.
    #[ts(optional)]
    pub product: Option<String>,
    #[ts(type = "string")]
    pub quantity: Decimal,
    #[ts(optional, type = "string")]
    pub unit_price: Option<Decimal>,
    #[ts(optional, type = "string")]
    pub discount: Option<Decimal>,
    #[ts(optional)]
    pub tax: Option<TaxInput>,
}

/// A new standalone invoice (a draft).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct NewInvoice {
    pub contact_id: Uuid,
    pub lines: Vec<NewInvoiceLine>,
    #[ts(optional)]
    pub currency: Option<String>,
    #[ts(optional, type = "string")]
    pub discount: Option<Decimal>,
    #[ts(optional, type = "string")]
    pub shipping: Option<Decimal>,
    #[ts(optional)]
    pub tax: Option<TaxInput>,
    /// Days from issue to due (30 when left out).
    #[ts(optional)]
    pub payment_terms_days: Option<i64>,
    #[ts(optional)]
    pub notes: Option<String>,
}

/// A payment or refund as input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Payment {
    #[ts(type = "string")]
    pub amount: Decimal,
    /// cash, bank_transfer, card...
    pub method: String,
    /// stripe, paypal...; none for a manual payment.
    #[ts(optional)]
    pub gateway: Option<String>,
    #[ts(optional)]
    pub gateway_transaction_id: Option<String>,
    /// The request that asked for it (kept in the transaction's metadata): a writer that
    /// may be asked twice (the server refunding a card) records it once per request.
    #[serde(default)]
    #[ts(optional)]
    pub request_id: Option<Uuid>,
}

fn uuid(field: &str, id: &str) -> Result<Uuid> {
    Uuid::parse_str(id).map_err(|_| Error::invalid(field, format!("\"{id}\" is not a UUID")))
}

fn line_row(invoice: &str, position: usize) -> Row {
    let mut row = Row::new();
    row.insert("invoice_id".into(), Value::from(invoice));
    row.insert("position".into(), Value::from(position as i64));
    row
}

/// Creates a draft invoice with standalone lines; returns it as [`show`] does.
pub fn create(conn: &mut Connection, actor: &Actor, input: &NewInvoice) -> Result<Value> {
    let tx = conn.transaction()?;
    let id = create_in(&tx, actor, input)?;
    let shown = show(&tx, actor, &id)?;
    tx.commit()?;
    Ok(shown)
}

fn create_in(tx: &Transaction<'_>, actor: &Actor, input: &NewInvoice) -> Result<String> {
    if input.lines.is_empty() {
        return Err(Error::invalid("lines", "an invoice needs at least one line"));
    }
    let mut head = Row::new();
    head.insert("contact_id".into(), Value::from(input.contact_id.to_string()));
    if let Some(c) = &input.currency {
        head.insert("currency".into(), Value::from(c.clone()));
    }
    if let Some(d) = &input.discount {
        head.insert("discount".into(), money(d));
    }
    if let Some(s) = &input.shipping {
        head.insert("shipping".into(), money(s));
    }
    if let Some(t) = input.payment_terms_days {
        head.insert("payment_terms_days".into(), Value::from(t));
    }
    if let Some(n) = &input.notes {
        head.insert("notes".into(), Value::from(n.clone()));
    }
    tax_fields(&mut head, input.tax.as_ref(), false);
    let invoice = records::create_in(tx, actor, &INVOICES, head, None)?;
    let id = text(&invoice, "id").to_string();
    for (i, line) in input.lines.iter().enumerate() {
        let at = |e: Error| e.within(&format!("lines[{i}]"));
        let mut row = line_row(&id, i);
        if let Some(p) = &line.product {
            row.insert("product_id".into(), Value::from(find_product(tx, actor, "product", p).map_err(at)?));
        }
        if let Some(d) = &line.description {
            row.insert("description".into(), Value::from(d.clone()));
        }
        row.insert("quantity".into(), money(&line.quantity));
        if let Some(p) = &line.unit_price {
            row.insert("unit_price".into(), money(p));
        }
        if let Some(d) = &line.discount {
            row.insert("discount".into(), money(d));
        }
        tax_fields(&mut row, line.tax.as_ref(), true);
        records::create_in(tx, actor, &INVOICE_ITEMS, row, None).map_err(at)?;
    }
    INVOICES.rules.hooks.after_write(tx, actor, &INVOICES, &invoice)?;
    strict(tx, Kind::Invoice, &id)?;
    Ok(id)
}

/// A draft invoice for an order: its contact, currency, discount, shipping, tax and a
/// copy of its lines (the invoice keeps them as billed). Returns it as [`show`] does.
pub fn from_order(conn: &mut Connection, actor: &Actor, order_id: &str, terms_days: Option<i64>) -> Result<Value> {
    let tx = conn.transaction()?;
    let order = records::get(&tx, actor, &super::tables::ORDERS, uuid("order", order_id)?)
        .map_err(|_| Error::invalid("order", format!("no order with id {order_id}")))?;
    let mut head = Row::new();
    for field in ["contact_id", "currency", "discount", "shipping", "tax_name", "tax_rate", "tax_inclusive", "notes"] {
        if let Some(v) = order.get(field).filter(|v| !v.is_null()) {
            head.insert(field.into(), v.clone());
        }
    }
    head.insert("order_id".into(), Value::from(order_id));
    if let Some(t) = terms_days {
        head.insert("payment_terms_days".into(), Value::from(t));
    }
    let invoice = records::create_in(&tx, actor, &INVOICES, head, None)?;
    let id = text(&invoice, "id").to_string();
    type Item = (Option<String>, Option<String>, i64, String, Option<String>, Option<String>, Option<String>, Option<bool>);
    let items: Vec<Item> = tx
        .prepare(
            "SELECT i.product_id, coalesce(i.description, p.name), i.quantity, i.unit_price, i.discount,
                    i.tax_name, i.tax_rate, i.tax_inclusive
             FROM order_items i LEFT JOIN products p ON p.id = i.product_id
             WHERE i.order_id = ?1 AND i.deleted_at IS NULL ORDER BY i.created_at, i.id",
        )?
        .query_map([order_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    if items.is_empty() {
        return Err(Error::invalid("order", "the order has no lines to invoice"));
    }
    for (i, (product, description, quantity, unit_price, discount, tax_name, tax_rate, inclusive)) in items.into_iter().enumerate() {
        let mut row = line_row(&id, i);
        let fields: [(&str, Value); 8] = [
            ("product_id", product.map_or(Value::Null, Value::from)),
            ("description", Value::from(description.unwrap_or_else(|| "Item".into()))),
            ("quantity", Value::from(quantity.to_string())),
            ("unit_price", Value::from(unit_price)),
            ("discount", discount.map_or(Value::Null, Value::from)),
            ("tax_name", tax_name.map_or(Value::Null, Value::from)),
            ("tax_rate", tax_rate.map_or(Value::Null, Value::from)),
            ("tax_inclusive", inclusive.map_or(Value::Null, Value::from)),
        ];
        for (k, v) in fields {
            if !v.is_null() {
                row.insert(k.into(), v);
            }
        }
        records::create_in(&tx, actor, &INVOICE_ITEMS, row, None)?;
    }
    INVOICES.rules.hooks.after_write(&tx, actor, &INVOICES, &invoice)?;
    strict(&tx, Kind::Invoice, &id)?;
    let shown = show(&tx, actor, &id)?;
    tx.commit()?;
    Ok(shown)
}

/// Finalises a draft: the next number of its series, issued today, due after its terms
/// (or as far after today as its draft's due date was after its issue date). Returns it
/// as [`show`] does.
pub fn finalize(conn: &mut Connection, actor: &Actor, id: &str) -> Result<Value> {
    let tx = conn.transaction()?;
    finalize_in(&tx, actor, id, actor.clock.now().date_naive())?;
    let shown = show(&tx, actor, id)?;
    tx.commit()?;
    Ok(shown)
}

/// [`finalize`] inside the caller's transaction, issued on `today`; returns the number.
pub fn finalize_in(tx: &Connection, actor: &Actor, id: &str, today: chrono::NaiveDate) -> Result<String> {
    let before = records::get(tx, actor, &INVOICES, uuid("id", id)?)?;
    if !before.get("deleted_at").is_none_or(Value::is_null) {
        return Err(Error::invalid("id", "the invoice is deleted"));
    }
    if text(&before, "status") != "draft" {
        return Err(Error::invalid(
            "status",
            format!("only a draft is finalised; this one is {} ({})", text(&before, "status"), text(&before, "invoice_number")),
        ));
    }
    let lines: i64 = tx.query_row(
        "SELECT count(*) FROM invoice_items WHERE invoice_id = ?1 AND deleted_at IS NULL",
        [id],
        |r| r.get(0),
    )?;
    if lines == 0 {
        return Err(Error::invalid("lines", "an invoice needs at least one line"));
    }
    strict(tx, Kind::Invoice, id)?;
    let issue = chrono::NaiveDate::parse_from_str(text(&before, "issue_date"), "%Y-%m-%d").unwrap_or(today);
    let due_draft = chrono::NaiveDate::parse_from_str(text(&before, "due_date"), "%Y-%m-%d").unwrap_or(today);
    let days = before
        .get("payment_terms_days")
        .and_then(Value::as_i64)
        .unwrap_or_else(|| (due_draft - issue).num_days().max(0));
    let due = today + Duration::days(days);
    let series = if text(&before, "kind") == "credit_note" { Series::CreditNote } else { Series::Invoice };
    let number = numbering::take(tx, actor, series, today)?;
    let now = timestamp_text(actor.clock.now());
    tx.execute(
        "UPDATE invoices SET invoice_number = ?1, status = 'sent', issue_date = ?2, due_date = ?3,
                finalized_at = ?4, updated_at = ?4 WHERE id = ?5",
        params![number, today.to_string(), due.to_string(), now, id],
    )
    .map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
            Error::Conflict { field: "invoice_number".into(), reason: format!("{number} is already used") }
        }
        e => e.into(),
    })?;
    totals::recompute(tx, Kind::Invoice, id, Some(today))?;
    audit(
        tx,
        actor,
        "finalize",
        &INVOICES,
        Some(uuid("id", id)?),
        json!({ "before": { "status": "draft", "invoice_number": text(&before, "invoice_number") },
                "after": { "status": "sent", "invoice_number": number, "due_date": due.to_string() } }),
    )?;
    Ok(number)
}

fn open_invoice(tx: &Transaction<'_>, actor: &Actor, id: &str) -> Result<Row> {
    let invoice = records::get(tx, actor, &INVOICES, uuid("id", id)?)?;
    match text(&invoice, "status") {
        "draft" => Err(Error::invalid("id", "the invoice is a draft: finalise it first")),
        "cancelled" => Err(Error::invalid("id", "the invoice is cancelled")),
        _ if text(&invoice, "kind") == "credit_note" => Err(Error::invalid("id", "this is a credit note")),
        _ => Ok(invoice),
    }
}

fn dec(row: &Row, field: &str) -> Decimal {
    super::money::decimal(field, text(row, field)).unwrap_or_default()
}

fn transaction_row(invoice: &Row, kind: &str, payment: &Payment) -> Result<Row> {
    if payment.method.trim().is_empty() {
        return Err(Error::invalid("method", "is required (cash, bank_transfer, card...)"));
    }
    let mut row = Row::new();
    row.insert("invoice_id".into(), Value::from(text(invoice, "id")));
    row.insert("transaction_type".into(), Value::from(kind));
    row.insert("amount".into(), money(&payment.amount));
    row.insert("status".into(), Value::from("completed"));
    row.insert("payment_method".into(), Value::from(payment.method.trim()));
    if let Some(g) = &payment.gateway {
        row.insert("payment_gateway".into(), Value::from(g.clone()));
    }
    if let Some(g) = &payment.gateway_transaction_id {
        row.insert("gateway_transaction_id".into(), Value::from(g.clone()));
    }
    if let Some(request) = payment.request_id {
        row.insert("metadata".into(), serde_json::json!({ "request_id": request }));
    }
    Ok(row)
}

/// Records a payment of an open invoice (at most what is due); returns the invoice as
/// [`show`] does.
pub fn record_payment(conn: &mut Connection, actor: &Actor, id: &str, payment: &Payment) -> Result<Value> {
    let tx = conn.transaction()?;
    record_payment_in(&tx, actor, id, payment)?;
    let shown = show(&tx, actor, id)?;
    tx.commit()?;
    Ok(shown)
}

/// [`record_payment`] inside the caller's transaction; returns the transaction row.
pub fn record_payment_in(tx: &Transaction<'_>, actor: &Actor, id: &str, payment: &Payment) -> Result<Row> {
    let invoice = open_invoice(tx, actor, id)?;
    let due = dec(&invoice, "total") - dec(&invoice, "amount_paid") - totals::credited(tx, id)?;
    if payment.amount > due {
        return Err(Error::invalid(
            "amount",
            format!("{} is more than the {} due", payment.amount.normalized(), due.normalized()),
        ));
    }
    let row = transaction_row(&invoice, "payment", payment)?;
    let stored = records::create_in(tx, actor, &TRANSACTIONS, row, None)?;
    TRANSACTIONS.rules.hooks.after_write(tx, actor, &TRANSACTIONS, &stored)?;
    Ok(stored)
}

/// Refunds part or all of what an invoice received: a finalised credit note for the
/// amount (with the invoice's tax rate when it has one) and a refund transaction on the
/// invoice. Returns the invoice as [`show`] does, with `credit_note`.
pub fn refund(conn: &mut Connection, actor: &Actor, id: &str, payment: &Payment) -> Result<Value> {
    let tx = conn.transaction()?;
    let note = refund_in(&tx, actor, id, payment)?;
    let mut shown = show(&tx, actor, id)?;
    shown["credit_note"] = show(&tx, actor, &note)?;
    tx.commit()?;
    Ok(shown)
}

/// [`refund`] inside the caller's transaction; returns the credit note's id.
pub fn refund_in(tx: &Transaction<'_>, actor: &Actor, id: &str, payment: &Payment) -> Result<String> {
    let invoice = open_invoice(tx, actor, id)?;
    let paid = dec(&invoice, "amount_paid");
    if payment.amount > paid {
        return Err(Error::invalid(
            "amount",
            format!("{} is more than the {} received", payment.amount.normalized(), paid.normalized()),
        ));
    }
    // The credit note: one line for the amount, inclusive of the invoice's single rate.
    let rates: Vec<(Option<String>, String)> = tx
        .prepare(
            "SELECT DISTINCT coalesce(i.tax_name, v.tax_name), coalesce(i.tax_rate, v.tax_rate)
             FROM invoice_items i JOIN invoices v ON v.id = i.invoice_id
             WHERE i.invoice_id = ?1 AND i.deleted_at IS NULL AND coalesce(i.tax_rate, v.tax_rate) IS NOT NULL",
        )?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut head = Row::new();
    for field in ["contact_id", "order_id", "currency"] {
        if let Some(v) = invoice.get(field).filter(|v| !v.is_null()) {
            head.insert(field.into(), v.clone());
        }
    }
    head.insert("kind".into(), Value::from("credit_note"));
    head.insert("credit_for_id".into(), Value::from(id));
    head.insert("payment_terms_days".into(), Value::from(0));
    let note = records::create_in(tx, actor, &INVOICES, head, None)?;
    let note_id = text(&note, "id").to_string();
    let mut line = line_row(&note_id, 0);
    line.insert(
        "description".into(),
        Value::from(format!("Refund of invoice {}", text(&invoice, "invoice_number"))),
    );
    line.insert("quantity".into(), Value::from("1"));
    line.insert("unit_price".into(), money(&payment.amount));
    if let [(name, rate)] = rates.as_slice() {
        line.insert("tax_rate".into(), Value::from(rate.clone()));
        if let Some(name) = name {
            line.insert("tax_name".into(), Value::from(name.clone()));
        }
        line.insert("tax_inclusive".into(), Value::from(true));
    }
    records::create_in(tx, actor, &INVOICE_ITEMS, line, None)?;
    INVOICES.rules.hooks.after_write(tx, actor, &INVOICES, &note)?;
    finalize_in(tx, actor, &note_id, actor.clock.now().date_naive())?;
    let mut row = transaction_row(&invoice, "refund", payment)?;
    let mut metadata = match row.remove("metadata") {
        Some(Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    };
    metadata.insert("credit_note_id".into(), Value::from(note_id.clone()));
    row.insert("metadata".into(), Value::Object(metadata));
    let stored = records::create_in(tx, actor, &TRANSACTIONS, row, None)?;
    TRANSACTIONS.rules.hooks.after_write(tx, actor, &TRANSACTIONS, &stored)?;
    Ok(note_id)
}

/// Moves every open invoice of the organisation to overdue once its due date passed
/// (`today`); returns how many changed. Lists, reminders and the app call it.
pub fn refresh_overdue(conn: &Connection, actor: &Actor, today: chrono::NaiveDate) -> Result<usize> {
    let ids: Vec<String> = conn
        .prepare(
            "SELECT id FROM invoices WHERE organization_id = ?1 AND deleted_at IS NULL
               AND status = 'sent' AND due_date < ?2",
        )?
        .query_map(params![actor.organization_id.to_string(), today.to_string()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in &ids {
        totals::settle_invoice(conn, id, Some(today))?;
    }
    Ok(ids.len())
}

/// An invoice with its lines, taxes per rate, payments and credit notes.
pub fn show(conn: &Connection, actor: &Actor, id: &str) -> Result<Value> {
    let invoice = records::get(conn, actor, &INVOICES, uuid("id", id)?)?;
    let lines = children(conn, actor, "invoice_items", "invoice_id", id)?;
    let taxes = totals::load(conn, Kind::Invoice, id)?
        .map(|s| s.document.totals().taxes)
        .unwrap_or_default();
    let payments = children(conn, actor, "transactions", "invoice_id", id)?;
    let credit_notes = children(conn, actor, "invoices", "credit_for_id", id)?;
    let due = dec(&invoice, "total") - dec(&invoice, "amount_paid") - totals::credited(conn, id)?;
    let contact: Option<(String, Option<String>)> = conn
        .query_row(
            "SELECT trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')), email FROM contacts WHERE id = ?1",
            [text(&invoice, "contact_id")],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(json!({
        "invoice": invoice,
        "lines": lines,
        "taxes": taxes,
        "amount_due": due.normalized().to_plain_string(),
        "payments": payments,
        "credit_notes": credit_notes,
        "contact": contact.map(|(name, email)| json!({ "name": name, "email": email })),
    }))
}
