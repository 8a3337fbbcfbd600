//! `aio-crm bench invoices` (in a temporary database): an order of 10 lines created
//! through the core (lines, totals, checks, audit, one transaction; target < 2 ms) beside
//! the plain SQLite inserts, and a 20-line invoice rendered as PDF (target < 50 ms).

use aio_core::db;
use aio_core::modules::commerce::invoices;
use aio_core::modules::commerce::orders::{self, NewOrder, NewOrderLine, TaxInput};
use aio_core::modules::commerce::pdf;
use aio_core::records;
use aio_core::schema::Decimal;
use aio_core::tables::{CONTACTS, PRODUCTS};
use aio_core::team::profile;
use anyhow::Result;
use serde_json::json;
use std::str::FromStr;
use uuid::Uuid;

use super::suites::{report, time};

fn order(contact: Uuid, lines: usize) -> Result<NewOrder> {
    Ok(NewOrder {
        contact_id: contact,
        lines: (0..lines)
            .map(|i| NewOrderLine {
                product: format!("SKU-{:02}", i % 20),
                quantity: (i % 4 + 1) as i64,
                unit_price: None,
                discount: None,
                tax: None,
                description: None,
            })
            .collect(),
        currency: None,
        discount: Some(Decimal::from(5)),
        shipping: Some(Decimal::from_str("9.90")?),
        tax: Some(TaxInput {
            name: Some("VAT".into()),
            rate: Decimal::from(20),
            inclusive: false,
        }),
        notes: None,
    })
}

pub fn run(runs: usize) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let (mut conn, _) = db::open(
        &dir.path().join("invoices.sqlite3"),
        db::OpenMode::CreateIfMissing,
    )?;
    let actor = profile::ensure(&mut conn)?;
    let contact = records::create(
        &mut conn,
        &actor,
        &CONTACTS,
        json!({"first_name": "Bench", "last_name": "Customer", "email": "bench@example.com"})
            .as_object()
            .cloned()
            .unwrap_or_default(),
    )?;
    let contact = Uuid::parse_str(contact["id"].as_str().unwrap_or_default())?;
    for i in 0..20 {
        let row = json!({"name": format!("Service package {i} with a longer description"), "sku": format!("SKU-{i:02}"),
                         "price": format!("{}.{:02}", 10 + i * 7, i * 3 % 100)});
        records::create(
            &mut conn,
            &actor,
            &PRODUCTS,
            row.as_object().cloned().unwrap_or_default(),
        )?;
    }
    let ten = order(contact, 10)?;
    let core = time(runs, || {
        orders::create(&mut conn, &actor, &ten)?;
        Ok(1)
    })?;
    let plain = time(runs, || {
        let tx = conn.transaction()?;
        let id = Uuid::now_v7().to_string();
        tx.execute(
            "INSERT INTO orders (id, organization_id, contact_id, order_number, total) VALUES (?1, ?2, ?3, ?1, '0')",
            [&id, &actor.organization_id.to_string(), &contact.to_string()],
        )?;
        let product: String = tx.query_row("SELECT id FROM products LIMIT 1", [], |r| r.get(0))?;
        for _ in 0..10 {
            tx.execute(
                "INSERT INTO order_items (id, order_id, product_id, quantity, unit_price, total) VALUES (?1, ?2, ?3, 1, '10', '10')",
                [&Uuid::now_v7().to_string(), &id, &product],
            )?;
        }
        tx.commit()?;
        Ok(1)
    })?;
    report(
        "create a 10-line order through the core (< 2 ms)",
        &core,
        &plain,
    );

    let big = orders::create(&mut conn, &actor, &order(contact, 20)?)?;
    let draft = invoices::from_order(
        &mut conn,
        &actor,
        big["order"]["id"].as_str().unwrap_or_default(),
        Some(14),
    )?;
    let id = draft["invoice"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    invoices::finalize(&mut conn, &actor, &id)?;
    let url = "https://pay.example.com/pay/0123456789abcdef0123456789abcdef";
    let mut size = 0;
    let rendered = time(runs, || {
        size = pdf::render_with(&conn, &actor, &id, Some(url))?.len();
        Ok(1)
    })?;
    let read = time(runs, || {
        invoices::show(&conn, &actor, &id)?;
        Ok(1)
    })?;
    report(
        &format!("render a 20-line invoice PDF ({} KB; < 50 ms)", size / 1024),
        &rendered,
        &read,
    );
    println!("(the PDF's baseline column is reading the invoice it draws)");
    Ok(())
}
