//! The commerce module: order maths through the core for every writer, stock, invoices
//! (finalising, payments, refunds with credit notes, overdue), numbering that never
//! collides across partitioned replicas, and totals that converge after sync.

use aio_core::doctor;
use aio_core::modules::commerce::invoices::{self, NewInvoice, NewInvoiceLine, Payment};
use aio_core::modules::commerce::numbering;
use aio_core::modules::commerce::orders::{self, NewOrder, NewOrderLine, TaxInput};
use aio_core::records::{self, Row};
use aio_core::tables::{CONTACTS, INVOICES, INVOICE_ITEMS, ORDERS, ORDER_ITEMS, PRODUCTS};
use aio_core::{Actor, Error};
use chrono::{TimeZone, Utc};
use rusqlite::Connection;
use serde_json::{json, Value};
use std::str::FromStr;
use uuid::Uuid;

use super::sync::replicas;
use super::{fresh, obj};

fn d(s: &str) -> bigdecimal::BigDecimal {
    bigdecimal::BigDecimal::from_str(s).expect("a decimal")
}

fn id(row: &Value) -> Uuid {
    Uuid::parse_str(row["id"].as_str().expect("an id")).expect("a uuid")
}

fn contact(conn: &mut Connection, actor: &Actor) -> Uuid {
    let row = records::create(
        conn,
        actor,
        &CONTACTS,
        obj(json!({"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"})),
    )
    .expect("contact");
    id(&Value::Object(row))
}

fn product(
    conn: &mut Connection,
    actor: &Actor,
    sku: &str,
    price: &str,
    stock: Option<i64>,
) -> Uuid {
    let row = records::create(
        conn,
        actor,
        &PRODUCTS,
        obj(json!({"name": format!("Product {sku}"), "sku": sku, "price": price,
                   "type": if stock.is_some() { "physical" } else { "service" }, "inventory_count": stock})),
    )
    .expect("product");
    id(&Value::Object(row))
}

fn line(sku: &str, quantity: i64) -> NewOrderLine {
    NewOrderLine {
        product: sku.into(),
        quantity,
        unit_price: None,
        discount: None,
        tax: None,
        description: None,
    }
}

fn order(contact: Uuid, lines: Vec<NewOrderLine>, tax: Option<&str>) -> NewOrder {
    NewOrder {
        contact_id: contact,
        lines,
        currency: None,
        discount: None,
        shipping: None,
        tax: tax.map(|r| TaxInput {
            name: Some("Sales tax".into()),
            rate: d(r),
            inclusive: false,
        }),
        notes: None,
    }
}

fn s<'a>(v: &'a Value, path: &[&str]) -> &'a str {
    let mut at = v;
    for p in path {
        at = &at[*p];
    }
    at.as_str()
        .unwrap_or_else(|| panic!("{path:?} is text in {v}"))
}

fn field_of(e: &Error) -> String {
    match e {
        Error::Invalid { field, .. } | Error::Conflict { field, .. } => field.clone(),
        other => panic!("expected an error naming a field, got {other}"),
    }
}

#[test]
fn an_order_is_totalled_by_the_core_with_the_hand_computed_figures() {
    let mut f = fresh();
    let c = contact(&mut f.conn, &f.actor);
    product(&mut f.conn, &f.actor, "SHIRT", "19.99", None);
    // 3 × 19.99 = 59.97; 8.25 % of it is 4.947525 → 4.95; total 64.92.
    let shown = orders::create(
        &mut f.conn,
        &f.actor,
        &order(c, vec![line("SHIRT", 3)], Some("8.25")),
    )
    .expect("order");
    assert_eq!(s(&shown, &["order", "subtotal"]), "59.97");
    assert_eq!(s(&shown, &["order", "tax"]), "4.95");
    assert_eq!(s(&shown, &["order", "total"]), "64.92");
    assert_eq!(shown["lines"].as_array().map(Vec::len), Some(1), "one line");
    assert_eq!(shown["lines"][0]["total"], json!("59.97"));
    assert_eq!(
        shown["taxes"][0]["tax"],
        json!("4.95"),
        "tax per rate: {shown}"
    );
}

#[test]
fn rounding_edges_hold_through_the_core() {
    let mut f = fresh();
    let c = contact(&mut f.conn, &f.actor);
    product(&mut f.conn, &f.actor, "TENTH", "0.1", None);
    product(&mut f.conn, &f.actor, "FIFTH", "0.2", None);
    product(&mut f.conn, &f.actor, "CENT", "0.01", None);
    let shown = orders::create(
        &mut f.conn,
        &f.actor,
        &order(c, vec![line("TENTH", 1), line("FIFTH", 1)], None),
    )
    .expect("order");
    assert_eq!(
        s(&shown, &["order", "total"]),
        "0.3",
        "0.1 + 0.2 is 0.30 exactly"
    );

    let cents = (0..100).map(|_| line("CENT", 1)).collect();
    let shown = orders::create(&mut f.conn, &f.actor, &order(c, cents, Some("10"))).expect("order");
    assert_eq!(s(&shown, &["order", "subtotal"]), "1", "100 lines of 0.01");
    assert_eq!(
        s(&shown, &["order", "tax"]),
        "0.1",
        "taxed once on the rate's sum"
    );
    assert_eq!(s(&shown, &["order", "total"]), "1.1");

    let mut full = order(c, vec![line("TENTH", 3), line("FIFTH", 2)], Some("20"));
    full.discount = Some(d("0.70"));
    full.shipping = Some(d("5"));
    let shown = orders::create(&mut f.conn, &f.actor, &full).expect("a 100 % discount");
    assert_eq!(s(&shown, &["order", "tax"]), "0");
    assert_eq!(s(&shown, &["order", "total"]), "5", "only shipping is left");

    full.discount = Some(d("0.71"));
    let e = orders::create(&mut f.conn, &f.actor, &full).expect_err("more than 100 %");
    assert_eq!(field_of(&e), "discount");
}

#[test]
fn every_writer_keeps_the_totals_and_forged_ones_are_refused() {
    let mut f = fresh();
    let c = contact(&mut f.conn, &f.actor);
    let p = product(&mut f.conn, &f.actor, "HOUR", "80", None);
    let shown = orders::create(
        &mut f.conn,
        &f.actor,
        &order(c, vec![line("HOUR", 2)], Some("10")),
    )
    .expect("order");
    let order_id = id(&shown["order"]);
    assert_eq!(s(&shown, &["order", "total"]), "176");

    // A forged total through the generic record path (what `aio-crm records update` does).
    let e = records::update(
        &mut f.conn,
        &f.actor,
        &ORDERS,
        order_id,
        obj(json!({"total": "1.00"})),
    )
    .expect_err("forged");
    assert_eq!(field_of(&e), "total");
    // The same total sent back with the whole row is accepted.
    records::update(
        &mut f.conn,
        &f.actor,
        &ORDERS,
        order_id,
        obj(json!({"total": "176", "notes": "ok"})),
    )
    .expect("unchanged total");
    let e = records::create(
        &mut f.conn,
        &f.actor,
        &ORDERS,
        obj(json!({"contact_id": c, "total": "5"})),
    )
    .expect_err("forged on create");
    assert_eq!(field_of(&e), "total");

    // A line added through the generic path takes its product's price and moves the order.
    let line = records::create(
        &mut f.conn,
        &f.actor,
        &ORDER_ITEMS,
        obj(json!({"order_id": order_id, "product_id": p, "quantity": 1})),
    )
    .expect("line");
    assert_eq!(line["unit_price"], json!("80"));
    let row = records::get(&f.conn, &f.actor, &ORDERS, order_id).expect("order");
    assert_eq!(row["total"], json!("264"), "3 hours at 80 plus 10 %");
    let line_id = id(&Value::Object(line));
    let e = records::update(
        &mut f.conn,
        &f.actor,
        &ORDER_ITEMS,
        line_id,
        obj(json!({"total": "0"})),
    )
    .expect_err("forged line total");
    assert_eq!(field_of(&e), "total");
    records::update(
        &mut f.conn,
        &f.actor,
        &ORDER_ITEMS,
        line_id,
        obj(json!({"discount": "30"})),
    )
    .expect("a line discount");
    let row = records::get(&f.conn, &f.actor, &ORDERS, order_id).expect("order");
    assert_eq!(row["total"], json!("231"), "(160 + 50) + 10 %");
    records::delete(&mut f.conn, &f.actor, &ORDER_ITEMS, line_id).expect("delete the line");
    let row = records::get(&f.conn, &f.actor, &ORDERS, order_id).expect("order");
    assert_eq!(
        row["total"],
        json!("176"),
        "a deleted line leaves the totals"
    );
    let e = records::update(
        &mut f.conn,
        &f.actor,
        &ORDERS,
        order_id,
        obj(json!({"currency": "usd"})),
    )
    .expect_err("bad currency");
    assert_eq!(field_of(&e), "currency");
    let e = records::update(
        &mut f.conn,
        &f.actor,
        &ORDERS,
        order_id,
        obj(json!({"tax_rate": "120"})),
    )
    .expect_err("bad rate");
    assert_eq!(field_of(&e), "tax_rate");

    // Doctor finds a total written around the core.
    let path = f.path.clone();
    assert!(
        doctor::check(&path).expect("doctor").problems.is_empty(),
        "healthy first"
    );
    f.conn
        .execute(
            "UPDATE orders SET total = '1.00' WHERE id = ?1",
            [order_id.to_string()],
        )
        .expect("raw write");
    let problems = doctor::check(&path).expect("doctor").problems;
    assert!(
        problems.iter().any(|p| p.contains(&order_id.to_string())
            && p.contains("total is 1.00 but its lines give 176.00")),
        "{problems:?}"
    );
}

#[test]
fn stock_is_taken_on_completion_given_back_on_cancel_and_never_below_zero() {
    let mut f = fresh();
    let c = contact(&mut f.conn, &f.actor);
    let p = product(&mut f.conn, &f.actor, "MUG", "12", Some(5));
    let stock = |conn: &Connection| -> i64 {
        conn.query_row(
            "SELECT inventory_count FROM products WHERE id = ?1",
            [p.to_string()],
            |r| r.get(0),
        )
        .expect("stock")
    };
    let first = id(
        &orders::create(&mut f.conn, &f.actor, &order(c, vec![line("MUG", 3)], None))
            .expect("order")["order"],
    );
    let second = id(
        &orders::create(&mut f.conn, &f.actor, &order(c, vec![line("MUG", 3)], None))
            .expect("order")["order"],
    );
    assert_eq!(stock(&f.conn), 5, "pending orders take nothing");
    records::update(
        &mut f.conn,
        &f.actor,
        &ORDERS,
        first,
        obj(json!({"status": "completed"})),
    )
    .expect("complete");
    assert_eq!(stock(&f.conn), 2);
    let e = records::update(
        &mut f.conn,
        &f.actor,
        &ORDERS,
        second,
        obj(json!({"status": "completed"})),
    )
    .expect_err("not enough");
    assert_eq!(field_of(&e), "status");
    assert!(
        e.to_string()
            .contains("has 2 in stock and the order needs 3"),
        "{e}"
    );
    assert_eq!(stock(&f.conn), 2, "the refused completion took nothing");
    records::update(
        &mut f.conn,
        &f.actor,
        &ORDERS,
        first,
        obj(json!({"status": "completed", "notes": "again"})),
    )
    .expect("same status");
    assert_eq!(
        stock(&f.conn),
        2,
        "saving a completed order again takes nothing more"
    );
    records::update(
        &mut f.conn,
        &f.actor,
        &ORDERS,
        first,
        obj(json!({"status": "cancelled"})),
    )
    .expect("cancel");
    assert_eq!(stock(&f.conn), 5, "given back");
    records::update(
        &mut f.conn,
        &f.actor,
        &ORDERS,
        second,
        obj(json!({"status": "completed"})),
    )
    .expect("now there is stock");
    assert_eq!(stock(&f.conn), 2);
    records::update(
        &mut f.conn,
        &f.actor,
        &ORDERS,
        second,
        obj(json!({"status": "refunded"})),
    )
    .expect("refund");
    assert_eq!(stock(&f.conn), 5, "a refund gives it back");
    let e = records::update(
        &mut f.conn,
        &f.actor,
        &ORDERS,
        second,
        obj(json!({"stock_committed": true})),
    )
    .expect_err("kept by the core");
    assert_eq!(field_of(&e), "stock_committed");
}

#[test]
fn invoices_are_numbered_at_finalising_and_settled_by_payments_and_refunds() {
    let mut f = fresh();
    let at = Utc
        .with_ymd_and_hms(2026, 3, 2, 10, 0, 0)
        .single()
        .expect("t");
    let actor = f.actor.at(at);
    let c = contact(&mut f.conn, &actor);
    product(&mut f.conn, &actor, "SHIRT", "19.99", None);
    let o = orders::create(
        &mut f.conn,
        &actor,
        &order(c, vec![line("SHIRT", 3)], Some("8.25")),
    )
    .expect("order");
    let draft = invoices::from_order(&mut f.conn, &actor, s(&o, &["order", "id"]), Some(14))
        .expect("invoice");
    let inv = s(&draft, &["invoice", "id"]).to_string();
    assert_eq!(s(&draft, &["invoice", "status"]), "draft");
    assert_eq!(s(&draft, &["invoice", "total"]), "64.92");
    assert!(s(&draft, &["invoice", "invoice_number"]).starts_with("DRAFT-"));
    let e = invoices::record_payment(&mut f.conn, &actor, &inv, &pay("10"))
        .expect_err("a draft takes no payment");
    assert_eq!(field_of(&e), "id");

    let done = invoices::finalize(&mut f.conn, &actor, &inv).expect("finalise");
    assert_eq!(s(&done, &["invoice", "invoice_number"]), "INV-2026-00001");
    assert_eq!(s(&done, &["invoice", "status"]), "sent");
    assert_eq!(s(&done, &["invoice", "due_date"]), "2026-03-16");
    let e = invoices::finalize(&mut f.conn, &actor, &inv).expect_err("twice");
    assert_eq!(field_of(&e), "status");
    // A finalised invoice's lines and amounts stay as issued.
    let line = id(&done["lines"][0]);
    let e = records::update(
        &mut f.conn,
        &actor,
        &INVOICE_ITEMS,
        line,
        obj(json!({"quantity": "4"})),
    )
    .expect_err("frozen line");
    assert_eq!(field_of(&e), "invoice_id");
    let inv_uuid = Uuid::parse_str(&inv).expect("uuid");
    let e = records::update(
        &mut f.conn,
        &actor,
        &INVOICES,
        inv_uuid,
        obj(json!({"discount": "5"})),
    )
    .expect_err("frozen");
    assert_eq!(field_of(&e), "discount");
    let e = records::update(
        &mut f.conn,
        &actor,
        &INVOICES,
        inv_uuid,
        obj(json!({"status": "paid"})),
    )
    .expect_err("derived");
    assert_eq!(field_of(&e), "status");

    let part = invoices::record_payment(&mut f.conn, &actor, &inv, &pay("20")).expect("partial");
    assert_eq!(s(&part, &["invoice", "payment_status"]), "partially_paid");
    assert_eq!(s(&part, &["invoice", "status"]), "sent");
    assert_eq!(s(&part, &["amount_due"]), "44.92");
    let e =
        invoices::record_payment(&mut f.conn, &actor, &inv, &pay("44.93")).expect_err("overpaid");
    assert_eq!(field_of(&e), "amount");
    let paid =
        invoices::record_payment(&mut f.conn, &actor, &inv, &pay("44.92")).expect("the rest");
    assert_eq!(s(&paid, &["invoice", "status"]), "paid");
    assert_eq!(s(&paid, &["invoice", "payment_status"]), "paid");
    let order_row = records::get(&f.conn, &actor, &ORDERS, id(&o["order"])).expect("order");
    assert_eq!(
        order_row["payment_status"],
        json!("paid"),
        "the order follows its invoice"
    );

    let refunded =
        invoices::refund(&mut f.conn, &actor, &inv, &pay("10.83")).expect("partial refund");
    // The credit note takes 10.83 off what is owed: still settled, nothing due.
    assert_eq!(s(&refunded, &["invoice", "payment_status"]), "paid");
    assert_eq!(s(&refunded, &["amount_due"]), "0");
    assert_eq!(s(&refunded, &["invoice", "amount_paid"]), "54.09");
    let note = &refunded["credit_note"];
    assert_eq!(s(note, &["invoice", "invoice_number"]), "CN-2026-00001");
    assert_eq!(s(note, &["invoice", "kind"]), "credit_note");
    assert_eq!(s(note, &["invoice", "total"]), "10.83");
    assert_eq!(
        s(note, &["invoice", "tax"]),
        "0.83",
        "10.83 × 8.25 / 108.25 = 0.825 → 0.83"
    );
    let e =
        invoices::refund(&mut f.conn, &actor, &inv, &pay("54.10")).expect_err("more than received");
    assert_eq!(field_of(&e), "amount");
    let all = invoices::refund(&mut f.conn, &actor, &inv, &pay("54.09")).expect("the rest back");
    assert_eq!(s(&all, &["invoice", "payment_status"]), "refunded");
    assert_eq!(s(&all, &["invoice", "amount_paid"]), "0");
}

fn pay(amount: &str) -> Payment {
    Payment {
        amount: d(amount),
        method: "bank_transfer".into(),
        gateway: None,
        gateway_transaction_id: None,
        request_id: None,
    }
}

#[test]
fn a_standalone_invoice_goes_overdue_after_its_due_date() {
    let mut f = fresh();
    let at = Utc
        .with_ymd_and_hms(2026, 3, 2, 10, 0, 0)
        .single()
        .expect("t");
    let actor = f.actor.at(at);
    let c = contact(&mut f.conn, &actor);
    let input = NewInvoice {
        contact_id: c,
        lines: vec![NewInvoiceLine {
            description: Some("Consulting".into()),
            product: None,
            quantity: d("1.5"),
            unit_price: Some(d("100")),
            discount: None,
            tax: None,
        }],
        currency: Some("EUR".into()),
        discount: None,
        shipping: None,
        tax: Some(TaxInput {
            name: Some("VAT".into()),
            rate: d("20"),
            inclusive: true,
        }),
        payment_terms_days: Some(7),
        notes: None,
    };
    let draft = invoices::create(&mut f.conn, &actor, &input).expect("invoice");
    assert_eq!(s(&draft, &["invoice", "total"]), "150");
    assert_eq!(s(&draft, &["invoice", "tax"]), "25", "150 × 20 / 120");
    let inv = s(&draft, &["invoice", "id"]).to_string();
    invoices::finalize(&mut f.conn, &actor, &inv).expect("finalise");
    let later = f.actor.at(Utc
        .with_ymd_and_hms(2026, 3, 10, 10, 0, 0)
        .single()
        .expect("t"));
    let moved = invoices::refresh_overdue(&f.conn, &later, later.clock.now().date_naive())
        .expect("refresh");
    assert_eq!(moved, 1);
    let row = records::get(
        &f.conn,
        &later,
        &INVOICES,
        Uuid::parse_str(&inv).expect("uuid"),
    )
    .expect("invoice");
    assert_eq!(row["status"], json!("overdue"));
    let paid = invoices::record_payment(&mut f.conn, &later, &inv, &pay("150")).expect("paid late");
    assert_eq!(s(&paid, &["invoice", "status"]), "paid");
    let e = invoices::create(
        &mut f.conn,
        &actor,
        &NewInvoice {
            lines: vec![],
            ..input
        },
    )
    .expect_err("no lines");
    assert_eq!(field_of(&e), "lines");
}

#[test]
fn a_profile_that_never_synced_owns_its_series() {
    let mut f = fresh();
    let c = contact(&mut f.conn, &f.actor);
    product(&mut f.conn, &f.actor, "X", "1", None);
    let year = f.actor.clock.now().format("%Y").to_string();
    let mut numbers = Vec::new();
    for _ in 0..3 {
        let o = orders::create(&mut f.conn, &f.actor, &order(c, vec![line("X", 1)], None))
            .expect("order");
        numbers.push(s(&o, &["order", "order_number"]).to_string());
    }
    assert_eq!(
        numbers,
        (1..=3)
            .map(|n| format!("ORD-{year}-{n:05}"))
            .collect::<Vec<_>>()
    );
    numbering::set_pattern(&f.conn, numbering::Series::Order, "SO{YY}-{seq:3}").expect("pattern");
    let o =
        orders::create(&mut f.conn, &f.actor, &order(c, vec![line("X", 1)], None)).expect("order");
    assert_eq!(
        s(&o, &["order", "order_number"]),
        format!("SO{}-001", &year[2..])
    );
    let e =
        numbering::set_pattern(&f.conn, numbering::Series::Order, "SO-{YYYY}").expect_err("no seq");
    assert_eq!(field_of(&e), "pattern");
}

/// Marks a replica as signed in to a server, as the sync client does.
fn sign_in(conn: &Connection) {
    aio_core::settings::set(conn, numbering::SYNC_LINK, "{}").expect("link");
}

#[test]
fn two_partitioned_replicas_finalise_from_their_blocks_and_never_share_a_number() {
    let (_dir, mut r) = replicas(2);
    let at = Utc
        .with_ymd_and_hms(2026, 5, 4, 9, 0, 0)
        .single()
        .expect("t");
    let a0 = r[0].actor.at(at);
    let a1 = r[1].actor.at(at);
    let c = contact(&mut r[0].conn, &a0);
    let start = r[0].take();
    r[1].apply(&start);
    for replica in &r {
        sign_in(&replica.conn);
    }
    let org = a0.organization_id.to_string();
    let e = {
        let input = standalone(c);
        invoices::create(&mut r[0].conn, &a0, &input)
            .and_then(|v| invoices::finalize(&mut r[0].conn, &a0, s(&v, &["invoice", "id"])))
            .expect_err("no block yet")
    };
    assert_eq!(field_of(&e), "invoice_number");
    assert!(e.to_string().contains("sync once while online"), "{e}");
    // What the server handed out: disjoint blocks.
    numbering::add_block(&r[0].conn, &org, "INV-2026-{seq}", 1, 50).expect("block");
    numbering::add_block(&r[1].conn, &org, "INV-2026-{seq}", 51, 100).expect("block");
    let wanted = numbering::wanted(&r[1].conn, &org, at.date_naive()).expect("wanted");
    assert!(
        wanted
            .iter()
            .any(|w| w.series == "INV-2026-{seq}" && w.left == 50),
        "{wanted:?}"
    );

    // Partitioned: each finalises three invoices.
    let mut numbers = Vec::new();
    for (i, actor) in [a0, a1].iter().enumerate() {
        for _ in 0..3 {
            let v = invoices::create(&mut r[i].conn, actor, &standalone(c)).expect("draft");
            let done = invoices::finalize(&mut r[i].conn, actor, s(&v, &["invoice", "id"]))
                .expect("finalise offline");
            numbers.push(s(&done, &["invoice", "invoice_number"]).to_string());
        }
    }
    let from0 = r[0].take();
    let from1 = r[1].take();
    r[0].apply(&from1);
    r[1].apply(&from0);
    let all = |conn: &Connection| -> Vec<String> {
        conn.prepare("SELECT invoice_number FROM invoices WHERE deleted_at IS NULL AND kind = 'invoice' AND status <> 'draft' ORDER BY invoice_number")
            .expect("query")
            .query_map([], |r| r.get(0))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("numbers")
    };
    let expected = [
        "INV-2026-00001",
        "INV-2026-00002",
        "INV-2026-00003",
        "INV-2026-00051",
        "INV-2026-00052",
        "INV-2026-00053",
    ];
    assert_eq!(all(&r[0].conn), expected, "replica 0 after sync");
    assert_eq!(all(&r[1].conn), expected, "replica 1 after sync");
    numbers.sort();
    assert_eq!(numbers, expected, "each number was given once");
    let left = numbering::wanted(&r[0].conn, &org, at.date_naive()).expect("wanted");
    assert!(
        left.iter()
            .any(|w| w.series == "INV-2026-{seq}" && w.left == 47),
        "{left:?}"
    );
}

fn standalone(c: Uuid) -> NewInvoice {
    NewInvoice {
        contact_id: c,
        lines: vec![NewInvoiceLine {
            description: Some("Retainer".into()),
            product: None,
            quantity: d("1"),
            unit_price: Some(d("500")),
            discount: None,
            tax: None,
        }],
        currency: None,
        discount: None,
        shipping: None,
        tax: None,
        payment_terms_days: None,
        notes: None,
    }
}

#[test]
fn totals_converge_when_lines_arrive_by_sync() {
    let (_dir, mut r) = replicas(2);
    let (a0, a1) = (r[0].actor, r[1].actor);
    let c = contact(&mut r[0].conn, &a0);
    let p = product(&mut r[0].conn, &a0, "HOUR", "80", None);
    let o = orders::create(
        &mut r[0].conn,
        &a0,
        &order(c, vec![line("HOUR", 1)], Some("10")),
    )
    .expect("order");
    let order_id = id(&o["order"]);
    let start = r[0].take();
    r[1].apply(&start);
    // Concurrently: replica 0 adds a line, replica 1 adds another and sets shipping.
    records::create(
        &mut r[0].conn,
        &a0,
        &ORDER_ITEMS,
        obj(json!({"order_id": order_id, "product_id": p, "quantity": 2})),
    )
    .expect("line");
    records::create(
        &mut r[1].conn,
        &a1,
        &ORDER_ITEMS,
        obj(json!({"order_id": order_id, "product_id": p, "quantity": 4, "unit_price": "50"})),
    )
    .expect("line");
    records::update(
        &mut r[1].conn,
        &a1,
        &ORDERS,
        order_id,
        obj(json!({"shipping": "9.99"})),
    )
    .expect("shipping");
    let from0 = r[0].take();
    let from1 = r[1].take();
    r[0].apply(&from1);
    r[1].apply(&from0);
    // Each replica recomputed after the merge; their edits cross once more.
    let again0 = r[0].take();
    let again1 = r[1].take();
    r[0].apply(&again1);
    r[1].apply(&again0);
    let total = |conn: &Connection| -> (String, String, String) {
        conn.query_row(
            "SELECT subtotal, tax, total FROM orders WHERE id = ?1",
            [order_id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("order")
    };
    // 80 + 160 + 200 = 440; tax 44; shipping 9.99 → 493.99.
    let want = ("440".to_string(), "44".to_string(), "493.99".to_string());
    assert_eq!(total(&r[0].conn), want, "replica 0");
    assert_eq!(total(&r[1].conn), want, "replica 1");
    let _: Row = records::get(&r[1].conn, &a1, &ORDERS, order_id).expect("readable");
}

#[test]
fn reminders_go_once_per_step_and_stop_when_paid() {
    use aio_core::jobs;
    use aio_core::modules::commerce::reminders::{self, Reminders};
    let mut f = fresh();
    let at = |d: u32, h: u32| {
        Utc.with_ymd_and_hms(2026, 3, d, h, 0, 0)
            .single()
            .expect("t")
    };
    let actor = f.actor.at(at(2, 10));
    let c = contact(&mut f.conn, &actor);
    let mut input = standalone(c);
    input.payment_terms_days = Some(10); // due 2026-03-12
    let v = invoices::create(&mut f.conn, &actor, &input).expect("draft");
    let inv = s(&v, &["invoice", "id"]).to_string();
    assert_eq!(
        reminders::plan(&f.conn, &actor).expect("plan"),
        0,
        "a draft gets no reminders"
    );
    invoices::finalize(&mut f.conn, &actor, &inv).expect("finalise");
    let other = invoices::create(&mut f.conn, &actor, &input).expect("draft");
    let other = s(&other, &["invoice", "id"]).to_string();
    invoices::finalize(&mut f.conn, &actor, &other).expect("finalise");
    assert_eq!(
        reminders::plan(&f.conn, &actor).expect("plan"),
        6,
        "three steps for two invoices"
    );
    assert_eq!(
        reminders::plan(&f.conn, &actor).expect("plan"),
        0,
        "planning again adds nothing"
    );

    let actor0 = f.actor;
    let run = |conn: &mut Connection, now: chrono::DateTime<Utc>| -> Vec<String> {
        let handler = Reminders::new(actor0);
        let tx = conn.transaction().expect("tx");
        jobs::run_due(&tx, now, &[&handler], 100).expect("run");
        tx.commit().expect("commit");
        handler.take_mail().into_iter().map(|m| m.subject).collect()
    };
    assert!(
        run(&mut f.conn, at(8, 10)).is_empty(),
        "nothing before three days ahead"
    );
    let before = run(&mut f.conn, at(9, 10));
    assert_eq!(before.len(), 2, "{before:?}");
    assert!(
        before[0].starts_with("Reminder: invoice INV-"),
        "{before:?}"
    );
    assert!(run(&mut f.conn, at(9, 11)).is_empty(), "each step once");
    // One invoice is paid: its later steps send nothing.
    invoices::record_payment(&mut f.conn, &f.actor.at(at(10, 9)), &inv, &pay("500")).expect("paid");
    let on = run(&mut f.conn, at(12, 10));
    assert_eq!(on.len(), 1, "only the unpaid one: {on:?}");
    assert!(on[0].ends_with("is due today"), "{on:?}");
    let after = run(&mut f.conn, at(19, 10));
    assert_eq!(after.len(), 1, "{after:?}");
    assert!(after[0].starts_with("Overdue: invoice"), "{after:?}");
    let activities: i64 = f
        .conn
        .query_row(
            "SELECT count(*) FROM contact_activities WHERE title LIKE '%invoice INV-%'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(
        activities, 4,
        "each reminder sent is on the contact's timeline"
    );
    assert!(
        run(&mut f.conn, at(30, 10)).is_empty(),
        "every step has run"
    );
}

#[test]
fn payments_and_overdue_invoices_are_automation_triggers_once() {
    use aio_core::modules::commerce::events;
    let mut f = fresh();
    let at = Utc
        .with_ymd_and_hms(2026, 3, 2, 10, 0, 0)
        .single()
        .expect("t");
    let actor = f.actor.at(at);
    let c = contact(&mut f.conn, &actor);
    let v = invoices::create(&mut f.conn, &actor, &standalone(c)).expect("draft");
    let inv = s(&v, &["invoice", "id"]).to_string();
    invoices::finalize(&mut f.conn, &actor, &inv).expect("finalise");
    let count = |conn: &Connection, kind: &str| -> i64 {
        conn.query_row(
            "SELECT count(*) FROM trigger_events WHERE kind = ?1",
            [kind],
            |r| r.get(0),
        )
        .expect("count")
    };
    let later = f.actor.at(Utc
        .with_ymd_and_hms(2026, 4, 20, 10, 0, 0)
        .single()
        .expect("t"));
    invoices::refresh_overdue(&f.conn, &later, later.clock.now().date_naive()).expect("refresh");
    for _ in 0..2 {
        let tx = f.conn.transaction().expect("tx");
        events::invoices_overdue(&tx, &later).expect("raise");
        tx.commit().expect("commit");
    }
    assert_eq!(count(&f.conn, "invoice_overdue"), 1, "once per invoice");
    invoices::record_payment(&mut f.conn, &later, &inv, &pay("200")).expect("part");
    invoices::record_payment(&mut f.conn, &later, &inv, &pay("300")).expect("rest");
    assert_eq!(count(&f.conn, "payment_received"), 2, "one per payment");
    let payload: String = f
        .conn
        .query_row(
            "SELECT payload FROM trigger_events WHERE kind = 'payment_received' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("payload");
    assert!(
        payload.contains(&c.to_string()),
        "the contact the automation runs for: {payload}"
    );
}

#[test]
fn the_pdf_takes_the_latest_settings_template_and_passes_html_ones_over() {
    use aio_core::modules::commerce::pdf;
    use aio_core::tables::TEMPLATES;
    let mut f = fresh();
    let actor = f.actor;
    let c = contact(&mut f.conn, &actor);
    let v = invoices::create(&mut f.conn, &actor, &standalone(c)).expect("draft");
    let inv = s(&v, &["invoice", "id"]).to_string();
    let template = |conn: &mut Connection, content: &str| {
        records::create(
            conn,
            &actor,
            &TEMPLATES,
            obj(json!({"name": "Invoice", "type": "invoice", "html_content": content})),
        )
        .expect("template");
    };
    template(
        &mut f.conn,
        r#"{"company_name": "Brightleaf", "footer": "Registered in England"}"#,
    );
    template(
        &mut f.conn,
        "<table><tr><td>{{invoice_number}}</td></tr></table>",
    );
    let t = pdf::template(&f.conn, &actor).expect("the JSON one");
    assert_eq!(t.company_name.as_deref(), Some("Brightleaf"));
    let bytes = pdf::render(&f.conn, &actor, &inv).expect("a PDF");
    assert!(bytes.starts_with(b"%PDF-"), "a PDF file");
    template(&mut f.conn, r#"{"accent": "blue"}"#);
    let e = pdf::render(&f.conn, &actor, &inv).expect_err("a bad colour");
    assert_eq!(field_of(&e), "template.accent");
}

#[test]
fn revenue_sums_received_open_and_overdue_by_age_and_month() {
    use aio_core::modules::commerce::revenue;
    let mut f = fresh();
    let on = |y, m, d| {
        f.actor
            .at(Utc.with_ymd_and_hms(y, m, d, 10, 0, 0).single().expect("t"))
    };
    let c = contact(&mut f.conn, &on(2026, 1, 5));
    // An invoice of `price`, issued on `day` with `terms` days to pay.
    let issue = |conn: &mut Connection, day: Actor, price: &str, terms: i64, finalise: bool| {
        let mut input = standalone(c);
        input.lines[0].unit_price = Some(d(price));
        input.payment_terms_days = Some(terms);
        let draft = invoices::create(conn, &day, &input).expect("invoice");
        let inv = s(&draft, &["invoice", "id"]).to_string();
        if finalise {
            invoices::finalize(conn, &day, &inv).expect("finalise");
        }
        inv
    };
    // A: 100.00 issued 10 Feb, paid in full 5 Mar, 20.00 refunded 2 May.
    let a = issue(&mut f.conn, on(2026, 2, 10), "100", 30, true);
    invoices::record_payment(&mut f.conn, &on(2026, 3, 5), &a, &pay("100")).expect("paid");
    invoices::refund(&mut f.conn, &on(2026, 5, 2), &a, &pay("20")).expect("refund");
    // B: 250.50 issued 15 Mar, due 14 Apr, 50.25 paid 1 Apr: 200.25 open, 36 days late.
    let b = issue(&mut f.conn, on(2026, 3, 15), "250.50", 30, true);
    invoices::record_payment(&mut f.conn, &on(2026, 4, 1), &b, &pay("50.25")).expect("part");
    // C: 80.10 issued 25 Apr, due 9 May: 11 days late. E: 40 issued 15 May, not due.
    issue(&mut f.conn, on(2026, 4, 25), "80.10", 14, true);
    issue(&mut f.conn, on(2026, 5, 15), "40", 30, true);
    // A draft counts nowhere.
    issue(&mut f.conn, on(2026, 5, 16), "999", 30, false);

    let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 20).expect("day");
    let r = revenue::summary(&f.conn, &f.actor, today, 4).expect("summary");
    assert_eq!(r.currencies.len(), 1, "one currency: {r:?}");
    let usd = &r.currencies[0];
    assert_eq!(usd.currency, "USD");
    assert_eq!(usd.outstanding, "320.35", "200.25 + 80.10 + 40.00");
    assert_eq!(usd.open_count, 3);
    assert_eq!(usd.overdue, "280.35", "B and C are past due");
    assert_eq!(usd.overdue_count, 2);
    let aging: Vec<(&str, &str, i64)> = usd
        .aging
        .iter()
        .map(|b| (b.label.as_str(), b.amount.as_str(), b.count))
        .collect();
    assert_eq!(
        aging,
        vec![
            ("0–30", "80.10", 1),
            ("31–60", "200.25", 1),
            ("61–90", "0.00", 0),
            ("90+", "0.00", 0)
        ]
    );
    let months: Vec<(&str, &str, &str)> = usd
        .by_month
        .iter()
        .map(|m| (m.month.as_str(), m.invoiced.as_str(), m.received.as_str()))
        .collect();
    assert_eq!(
        months,
        vec![
            ("2026-02", "100.00", "0.00"),
            ("2026-03", "250.50", "100.00"),
            ("2026-04", "80.10", "50.25"),
            ("2026-05", "40.00", "-20.00"),
        ],
        "the credit note is not invoicing; the refund takes from May"
    );
    assert_eq!(usd.received, "130.25", "100 + 50.25 − 20");
}
