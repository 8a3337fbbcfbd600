//! Demo rows of the commerce module (see [`crate::demo`]).

use bigdecimal::BigDecimal;
use chrono::Duration;
use rand::Rng;
use serde_json::json;

use crate::demo::{Demo, Gen, row, money_text};
use crate::error::Result;
use super::tables::{INVOICES, ORDERS, ORDER_ITEMS, PRODUCTS, TRANSACTIONS};

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
    let mut products: Vec<(String, BigDecimal)> = Vec::new();
    let mut product_rows = Vec::new();
    for (i, (name, kind, price)) in product_specs.iter().enumerate() {
        let id = g.id();
        product_rows.push(row(json!({
            "id": id, "name": name, "sku": format!("BL-{:04}", i + 1), "price": price, "type": kind, "is_active": true,
            "inventory_count": (*kind == "physical").then_some(250), "images": [], "metadata": {},
            "description": format!("{name} delivered by the Brightleaf team."),
        })));
        products.push((id, price.parse().unwrap_or_default()));
    }
    d.put(&PRODUCTS, product_rows)?;
    let order_count = (d.contacts_wanted / 20)
        .clamp(10, 5000)
        .min(contacts.len().max(1));
    let (mut orders, mut items, mut payments, mut invoices) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for n in 0..order_count {
        let Some(contact) = contacts
            .get(g.rng.gen_range(0..contacts.len().max(1)))
            .cloned()
        else {
            break;
        };
        let order_id = g.id();
        let mut subtotal = BigDecimal::from(0);
        for _ in 0..g.rng.gen_range(1..=3) {
            let (product, price) = products[g.rng.gen_range(0..products.len())].clone();
            let quantity = g.rng.gen_range(1..=3);
            let total = &price * BigDecimal::from(quantity);
            subtotal += &total;
            items.push(row(json!({ "order_id": order_id, "product_id": product, "quantity": quantity, "unit_price": money_text(&price), "total": money_text(&total) })));
        }
        let tax = (&subtotal * BigDecimal::new(8.into(), 2))
            .with_scale_round(2, bigdecimal::RoundingMode::HalfEven);
        let total = &subtotal + &tax;
        let paid = g.chance(0.7);
        let created = g.past(365);
        orders.push(row(json!({
            "id": order_id, "contact_id": contact, "order_number": format!("ORD-{:06}", n + 1),
            "status": if paid { "completed" } else { g.pick(&["pending", "processing", "cancelled"]) },
            "subtotal": money_text(&subtotal), "tax": money_text(&tax), "shipping": "0.00", "discount": "0.00", "total": money_text(&total),
            "payment_status": if paid { "paid" } else { "unpaid" }, "payment_method": paid.then_some("card"),
            "shipping_address": g.address(), "billing_address": g.address(), "created_at": created,
        })));
        if paid {
            payments.push(row(json!({
                "order_id": order_id, "contact_id": contact, "transaction_type": "payment", "amount": money_text(&total),
                "currency": "USD", "status": "completed", "payment_method": "card", "payment_gateway": "stripe",
                "gateway_transaction_id": format!("ch_{}", &g.id().replace('-', "")[..24]), "metadata": {}, "created_at": created,
            })));
        }
        let issue = g.today - Duration::days(g.rng.gen_range(0..365));
        invoices.push(row(json!({
            "contact_id": contact, "order_id": order_id, "invoice_number": format!("INV-{:06}", n + 1),
            "status": if paid { "paid" } else if issue < g.today - Duration::days(30) { "overdue" } else { "sent" },
            "issue_date": issue.to_string(), "due_date": (issue + Duration::days(30)).to_string(),
            "subtotal": money_text(&subtotal), "tax": money_text(&tax), "total": money_text(&total),
        })));
    }
    d.put(&ORDERS, orders)?;
    d.put(&ORDER_ITEMS, items)?;
    d.put(&TRANSACTIONS, payments)?;
    d.put(&INVOICES, invoices)?;

    Ok(())
}
