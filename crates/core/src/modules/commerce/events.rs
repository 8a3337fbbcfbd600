//! What commerce tells automations (through their public [`crate::modules::automations::events`]
//! API): `payment_received` once per completed payment, raised where the payment is
//! written (a device, or the server's replica for a card payment), and
//! `invoice_overdue` once per invoice that went past its due date unpaid, raised by the
//! executor that runs reminders.

use rusqlite::{OptionalExtension, Transaction};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::modules::automations::events;
use crate::modules::automations::tables::TriggerType;
use crate::error::Result;
use crate::records::{Actor, Row};

/// Whether `kind` was raised for a row of `table` (by the subject index: a trigger
/// event table grows with every form submission and contact).
fn raised(tx: &Transaction<'_>, kind: TriggerType, table: &str, subject: &str) -> Result<bool> {
    Ok(tx
        .prepare_cached(
            "SELECT 1 FROM trigger_events WHERE subject_table = ?1 AND subject_id = ?2 AND kind = ?3",
        )?
        .query_row([table, subject, kind.as_str()], |_| Ok(()))
        .optional()?
        .is_some())
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// After a transaction was written: a completed payment raises `payment_received` once.
pub(crate) fn payment_received(tx: &Transaction<'_>, actor: &Actor, row: &Row) -> Result<()> {
    let text = |k: &str| row.get(k).and_then(Value::as_str).unwrap_or_default();
    if text("transaction_type") != "payment" || text("status") != "completed" {
        return Ok(());
    }
    let Ok(id) = Uuid::parse_str(text("id")) else { return Ok(()) };
    if raised(tx, TriggerType::PaymentReceived, "transactions", text("id"))? {
        return Ok(());
    }
    let payload = object(json!({
        "contact_id": text("contact_id"), "transaction_id": text("id"),
        "invoice_id": row.get("invoice_id"), "order_id": row.get("order_id"),
        "amount": text("amount"), "currency": text("currency"),
    }));
    events::raise(tx, actor, TriggerType::PaymentReceived, "transactions", id, payload, actor.clock.now())?;
    Ok(())
}

/// Raises `invoice_overdue` once for each overdue invoice of the organisation that has
/// not had one; returns how many.
pub fn invoices_overdue(tx: &Transaction<'_>, actor: &Actor) -> Result<usize> {
    let due: Vec<(String, String, String, String)> = tx
        .prepare_cached(
            "SELECT i.id, i.contact_id, i.invoice_number, i.due_date FROM invoices i
             WHERE i.organization_id = ?1 AND i.status = 'overdue' AND i.deleted_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM trigger_events e WHERE e.subject_table = 'invoices' AND e.subject_id = i.id AND e.kind = 'invoice_overdue')",
        )?
        .query_map([actor.organization_id.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, contact, number, due_date) in &due {
        let Ok(subject) = Uuid::parse_str(id) else { continue };
        let payload = object(json!({
            "contact_id": contact, "invoice_id": id, "invoice_number": number, "due_date": due_date,
        }));
        events::raise(tx, actor, TriggerType::InvoiceOverdue, "invoices", subject, payload, actor.clock.now())?;
    }
    Ok(due.len())
}
