//! `aio-crm products|orders|invoices`: an order from SKUs with tax, its invoice finalised
//! with its number, the PDF read back by an independent reader (poppler's `pdftotext`),
//! payments moving it to paid, a refund with its credit note, and forged totals refused
//! through `records update`.

use std::process::Command;

use serde_json::Value;

use super::{aio, create_record, json_line, migrated};

fn ok(args: &[&str]) -> Value {
    let run = aio(args);
    assert!(run.ok, "aio-crm {args:?}: {}", run.stderr);
    json_line(&run.stdout)
}

fn pdf_text(path: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by scripts/test.sh");
    assert!(
        out.status.success(),
        "pdftotext: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn an_order_is_invoiced_rendered_paid_and_refunded_from_the_command_line() {
    let (dir, db) = migrated();
    let contact = create_record(
        &db,
        "contacts",
        r#"{"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"}"#,
    );
    let shirt = ok(&[
        "products",
        "create",
        "--db",
        &db,
        "--name",
        "Organic T-shirt",
        "--sku",
        "SHIRT",
        "--price",
        "19.99",
        "--type",
        "physical",
        "--stock",
        "10",
    ]);
    assert_eq!(shirt["inventory_count"], 10);
    ok(&[
        "products",
        "create",
        "--db",
        &db,
        "--name",
        "Design hour",
        "--sku",
        "HOUR",
        "--price",
        "80",
    ]);
    let listed = ok(&["products", "list", "--db", &db]);
    assert_eq!(listed.as_array().map(Vec::len), Some(2));

    let bad = aio(&[
        "orders",
        "create",
        "--db",
        &db,
        "--contact",
        &contact,
        "--line",
        "NOPE:1",
    ]);
    assert!(
        !bad.ok && bad.stderr.contains("no product with SKU or id \"NOPE\""),
        "{}",
        bad.stderr
    );
    let bad = aio(&[
        "orders",
        "create",
        "--db",
        &db,
        "--contact",
        &contact,
        "--line",
        "SHIRT:x",
    ]);
    assert!(!bad.ok && bad.stderr.contains("line[0]"), "{}", bad.stderr);

    // 3 × 19.99 + 2 × 75 (its own price) = 209.97; 8.25 % = 17.322525 → 17.32;
    // less 9.97 discount, plus 5 shipping: the discount takes 0.83 of its tax.
    let order = ok(&[
        "orders",
        "create",
        "--db",
        &db,
        "--contact",
        &contact,
        "--line",
        "SHIRT:3",
        "--line",
        "HOUR:2:75",
        "--tax-rate",
        "8.25",
        "--tax-name",
        "Sales tax",
        "--discount",
        "9.97",
        "--shipping",
        "5",
    ]);
    let o = &order["order"];
    assert_eq!(o["subtotal"], "209.97");
    assert_eq!(o["tax"], "16.5", "(209.97 − 9.97) × 8.25 % = 16.50");
    assert_eq!(o["total"], "221.5", "200 + 16.50 + 5");
    let order_id = o["id"].as_str().expect("id").to_string();
    let shown = ok(&["orders", "show", "--db", &db, "--id", &order_id]);
    assert_eq!(shown["lines"].as_array().map(Vec::len), Some(2));

    // A forged total through the generic path is refused, naming the field.
    let forged = aio(&[
        "records",
        "update",
        "--db",
        &db,
        "--table",
        "orders",
        "--id",
        &order_id,
        "--json",
        r#"{"total": "1.00"}"#,
    ]);
    assert!(
        !forged.ok && forged.stderr.contains("total"),
        "{}",
        forged.stderr
    );

    let draft = ok(&[
        "invoices", "create", "--db", &db, "--order", &order_id, "--terms", "14",
    ]);
    let id = draft["invoice"]["id"].as_str().expect("id").to_string();
    let done = ok(&["invoices", "finalize", "--db", &db, "--id", &id]);
    let number = done["invoice"]["invoice_number"]
        .as_str()
        .expect("number")
        .to_string();
    assert!(
        number.starts_with("INV-") && number.ends_with("-00001"),
        "{number}"
    );
    let due = done["invoice"]["due_date"]
        .as_str()
        .expect("due")
        .to_string();

    let file = dir.path().join("invoice.pdf");
    let rendered = ok(&[
        "invoices",
        "pdf",
        "--db",
        &db,
        "--id",
        &id,
        "--out",
        &file.display().to_string(),
    ]);
    assert!(rendered["bytes"].as_u64().unwrap_or(0) > 1000, "{rendered}");
    let text = pdf_text(&file);
    for expected in [
        number.as_str(),
        due.as_str(),
        "Organic T-shirt",
        "Design hour",
        "19.99",
        "59.97",
        "75.00",
        "150.00",
        "209.97",
        "-9.97",
        "16.50",
        "5.00",
        "221.50",
        "Ada Lovelace",
        "Sales tax 8.25%",
    ] {
        assert!(text.contains(expected), "the PDF shows {expected}:\n{text}");
    }

    let part = ok(&[
        "invoices",
        "record-payment",
        "--db",
        &db,
        "--id",
        &id,
        "--amount",
        "100",
        "--method",
        "cash",
    ]);
    assert_eq!(part["invoice"]["payment_status"], "partially_paid");
    let over = aio(&[
        "invoices",
        "record-payment",
        "--db",
        &db,
        "--id",
        &id,
        "--amount",
        "200",
    ]);
    assert!(
        !over.ok && over.stderr.contains("amount"),
        "{}",
        over.stderr
    );
    let paid = ok(&[
        "invoices",
        "record-payment",
        "--db",
        &db,
        "--id",
        &id,
        "--amount",
        "121.50",
    ]);
    assert_eq!(paid["invoice"]["status"], "paid");
    assert_eq!(
        ok(&["orders", "show", "--db", &db, "--id", &order_id])["order"]["payment_status"],
        "paid"
    );

    let refunded = ok(&[
        "invoices", "refund", "--db", &db, "--id", &id, "--amount", "21.50",
    ]);
    assert_eq!(
        refunded["invoice"]["payment_status"], "paid",
        "the credit note takes it off what is owed"
    );
    let note = refunded["credit_note"]["invoice"]["invoice_number"]
        .as_str()
        .expect("credit note");
    assert!(note.starts_with("CN-"), "{note}");
    let listed = ok(&["invoices", "list", "--db", &db]);
    assert_eq!(
        listed.as_array().map(Vec::len),
        Some(2),
        "the invoice and its credit note"
    );

    let pattern = aio(&[
        "invoices",
        "series",
        "--db",
        &db,
        "--kind",
        "invoice",
        "--pattern",
        "INV-{YYYY}",
    ]);
    assert!(
        !pattern.ok && pattern.stderr.contains("pattern"),
        "{}",
        pattern.stderr
    );
}

#[test]
fn a_twenty_line_invoice_renders_every_line_quickly() {
    let (dir, db) = migrated();
    let contact = create_record(
        &db,
        "contacts",
        r#"{"first_name": "Bo", "last_name": "Ng", "email": "bo@example.com"}"#,
    );
    let mut args: Vec<String> = [
        "invoices",
        "create",
        "--db",
        &db,
        "--contact",
        &contact,
        "--tax-rate",
        "20",
        "--tax-name",
        "VAT",
        "--currency",
        "EUR",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for i in 1..=20 {
        args.push("--item".into());
        args.push(format!("Workshop day {i:02}|{}|{}.50", i % 3 + 1, 100 + i));
    }
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let draft = ok(&refs);
    let id = draft["invoice"]["id"].as_str().expect("id").to_string();
    ok(&["invoices", "finalize", "--db", &db, "--id", &id]);
    let file = dir.path().join("twenty.pdf");
    let rendered = ok(&[
        "invoices",
        "pdf",
        "--db",
        &db,
        "--id",
        &id,
        "--out",
        &file.display().to_string(),
    ]);
    let ms = rendered["render_ms"].as_f64().expect("render time");
    assert!(
        ms < 50.0,
        "a 20-line invoice renders in under 50 ms, took {ms} ms"
    );
    let text = pdf_text(&file);
    for i in 1..=20 {
        assert!(
            text.contains(&format!("Workshop day {i:02}")),
            "line {i} is in the PDF:\n{text}"
        );
    }
    let total = ok(&["invoices", "show", "--db", &db, "--id", &id])["invoice"]["total"]
        .as_str()
        .expect("total")
        .to_string();
    let shown_total = format!("{:.2}", total.parse::<f64>().expect("a number"));
    let grouped = if shown_total.len() > 6 {
        format!(
            "{},{}",
            &shown_total[..shown_total.len() - 6],
            &shown_total[shown_total.len() - 6..]
        )
    } else {
        shown_total
    };
    assert!(
        text.contains(&grouped) && text.contains("Total EUR"),
        "total {grouped}:\n{text}"
    );
}
