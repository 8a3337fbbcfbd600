//! Demo rows of the commerce module (see [`crate::demo`]).

use bigdecimal::BigDecimal;
use chrono::Duration;
use rand::Rng;
use serde_json::json;

use super::tables::{INVOICES, INVOICE_ITEMS, ORDERS, ORDER_ITEMS, PRODUCTS, TRANSACTIONS};
use super::totals::{self, Kind};
use super::{invoices, stock};
use crate::demo::{money_text, row, Demo, Gen};
use crate::error::Result;

/// Writes this module's demo rows.
pub fn generate(d: &mut Demo, g: &mut Gen) -> Result<()> {
    let contacts = d.contacts.clone();

    // Products, orders, items, transactions, invoices.
    let product_specs = [
        ("Local SEO package", "service", "799.00"),
        ("Website care plan", "subscription", "149.00"),
        ("Landing page", "service", "1200.00"),
        ("Brand photography session", "service", "450.00"),
        ("Social media starter kit", "digital", "99.00"),
        ("Printed flyers (500)", "physical", "89.50"),
    ];
    let order_count = (d.contacts_wanted / 20)
        .clamp(10, 5000)
        .min(contacts.len().max(1));
    // Enough stock for every completed order's lines (at most 3 lines of 3 each), with
    // 250 left: completing an order never takes stock below zero.
    let stock = 250 + order_count * 9;
    let mut products: Vec<(String, BigDecimal)> = Vec::new();
    let mut product_rows = Vec::new();
    for (i, (name, kind, price)) in product_specs.iter().enumerate() {
        let id = g.id();
        product_rows.push(row(json!({
            "id": id, "name": name, "sku": format!("BL-{:04}", i + 1), "price": price, "type": kind, "is_active": true,
            "inventory_count": (*kind == "physical").then_some(stock), "images": [], "metadata": {},
            "description": format!("{name} delivered by the Brightleaf team."),
        })));
        products.push((id, price.parse().unwrap_or_default()));
    }
    d.put(&PRODUCTS, product_rows)?;
    // Orders and their lines through the record path: numbers from the order series,
    // totals computed by the core afterwards as for any bulk write.
    let (mut orders, mut items, mut plan) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..order_count {
        let Some(contact) = contacts
            .get(g.rng.gen_range(0..contacts.len().max(1)))
            .cloned()
        else {
            break;
        };
        let order_id = g.id();
        for _ in 0..g.rng.gen_range(1..=3) {
            let (product, price) = products[g.rng.gen_range(0..products.len())].clone();
            let quantity = g.rng.gen_range(1..=3);
            items.push(row(json!({ "order_id": order_id, "product_id": product, "quantity": quantity, "unit_price": money_text(&price) })));
        }
        let paid = g.chance(0.7);
        let created = g.past(365);
        orders.push(row(json!({
            "id": order_id, "contact_id": contact,
            "status": if paid { "completed" } else { g.pick(&["pending", "processing", "cancelled"]) },
            "shipping": "0.00", "discount": "0.00", "currency": "USD",
            "tax_name": "Sales tax", "tax_rate": "8", "tax_inclusive": false,
            "payment_status": if paid { "paid" } else { "unpaid" }, "payment_method": paid.then_some("card"),
            "shipping_address": g.address(), "billing_address": g.address(), "created_at": created,
        })));
        let issue = g.today - Duration::days(g.rng.gen_range(0..365));
        plan.push((order_id, contact, paid, issue));
    }
    d.put(&ORDERS, orders)?;
    d.put(&ORDER_ITEMS, items)?;
    let actor = *d.actor();
    let conn = d.connection();
    for (order, _, _, _) in &plan {
        totals::recompute(conn, Kind::Order, order, None)?;
        stock::settle(conn, &actor, order)?;
    }

    // An invoice per order, billed from its lines, finalised on its issue date; paid ones
    // carry their card payment.
    let (mut invoices, mut lines) = (Vec::new(), Vec::new());
    for (order, contact, _, issue) in &plan {
        let invoice = g.id();
        invoices.push(row(json!({
            "id": invoice, "contact_id": contact, "order_id": order, "currency": "USD",
            "tax_name": "Sales tax", "tax_rate": "8", "tax_inclusive": false,
            "issue_date": issue.to_string(), "due_date": (*issue + Duration::days(30)).to_string(),
            "payment_terms_days": 30,
        })));
        let order_lines: Vec<(String, String, i64, String)> = conn
            .prepare("SELECT i.product_id, p.name, i.quantity, i.unit_price FROM order_items i JOIN products p ON p.id = i.product_id WHERE i.order_id = ?1 ORDER BY i.created_at, i.id")?
            .query_map([order], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (i, (product, name, quantity, price)) in order_lines.into_iter().enumerate() {
            lines.push(row(json!({ "invoice_id": invoice, "product_id": product, "description": name, "quantity": quantity.to_string(), "unit_price": price, "position": i })));
        }
    }
    d.put(&INVOICES, invoices)?;
    d.put(&INVOICE_ITEMS, lines)?;
    let conn = d.connection();
    let invoice_ids: Vec<String> = conn
        .prepare("SELECT id FROM invoices WHERE organization_id = ?1 AND deleted_at IS NULL ORDER BY issue_date, id")?
        .query_map([actor.organization_id.to_string()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in &invoice_ids {
        totals::recompute(conn, Kind::Invoice, id, None)?;
        let issue: String = conn.query_row("SELECT issue_date FROM invoices WHERE id = ?1", [id], |r| r.get(0))?;
        let issue = chrono::NaiveDate::parse_from_str(&issue, "%Y-%m-%d").unwrap_or(g.today);
        invoices::finalize_in(conn, &actor, id, issue)?;
    }
    let mut payments = Vec::new();
    for (order, contact, paid, _) in &plan {
        if !paid {
            continue;
        }
        let (invoice, total): (String, String) = conn.query_row(
            "SELECT id, total FROM invoices WHERE order_id = ?1", [order], |r| Ok((r.get(0)?, r.get(1)?)))?;
        payments.push(row(json!({
            "invoice_id": invoice, "order_id": order, "contact_id": contact, "transaction_type": "payment", "amount": total,
            "currency": "USD", "status": "completed", "payment_method": "card", "payment_gateway": "stripe",
            "gateway_transaction_id": format!("ch_{}", &g.id().replace('-', "")[..24]), "metadata": {},
        })));
    }
    d.put(&TRANSACTIONS, payments)?;
    let conn = d.connection();
    for id in &invoice_ids {
        totals::settle_invoice(conn, id, Some(g.today))?;
    }

    Ok(())
}
