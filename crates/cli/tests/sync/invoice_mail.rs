//! Invoices by mail through a real `aio-crm serve` and a real SMTP server (aiosmtpd): an
//! invoice sent with its PDF attached (read back by pdftotext), and payment reminders
//! through the job runner, before, on and after the due date, each sent once across
//! server restarts, none once the invoice is paid. The server's clock is moved with
//! `AIO_CLOCK_OFFSET_MINUTES`, as a person rehearsing reminders would.

use std::path::Path;
use std::process::Command;
use std::str::FromStr;

use aio_core::modules::commerce::invoices::{self, NewInvoice, NewInvoiceLine, Payment};
use aio_core::schema::Decimal;
use base64::Engine;
use serde_json::{json, Value};
use uuid::Uuid;

use super::booking_mail::{free_port, messages, wait_for, Smtp};
use super::{sign_up_team, Server};

/// `aio-crm serve` with mail, its clock at noon (UTC) `days` ahead, or now for 0.
/// Noon, not now plus whole days: reminders are due at 09:00 of their day, so a run
/// between midnight and nine would otherwise reach the due date before its reminder.
fn serve(db: &Path, bind: &str, smtp: u16, days: i64) -> Server {
    let now = chrono::Utc::now();
    let noon = (now.date_naive() + chrono::Duration::days(days))
        .and_hms_opt(12, 0, 0)
        .expect("noon")
        .and_utc();
    let offset = if days == 0 {
        0
    } else {
        (noon - now).num_minutes()
    }
    .to_string();
    Server::start_with_env(
        db,
        bind,
        &[
            "--smtp-url",
            &format!("smtp://127.0.0.1:{smtp}"),
            "--mail-from",
            "Sim Agency <billing@agency.test>",
        ],
        &[("AIO_CLOCK_OFFSET_MINUTES", &offset)],
    )
}

fn subjects(maildir: &Path, prefix: &str) -> Vec<String> {
    messages(maildir)
        .iter()
        .filter_map(|m| m["subject"].as_str().map(str::to_string))
        .filter(|s| s.starts_with(prefix))
        .collect()
}

#[test]
fn invoices_go_by_mail_with_their_pdf_and_reminders_go_once_until_paid() {
    let dir = tempfile::tempdir().expect("dir");
    let maildir = dir.path().join("mail");
    let smtp_port = free_port();
    let _smtp = Smtp::start(&maildir, smtp_port);
    let db = dir.path().join("server.sqlite3");
    let mut server = serve(&db, "127.0.0.1:0", smtp_port, 0);
    let addr = server.addr.clone();
    let mut devices = sign_up_team(dir.path(), &server, 1);
    let owner = &mut devices[0];
    owner.sync().expect("the first sync");
    let actor = owner.actor;
    let contact = aio_core::records::create(
        &mut owner.conn,
        &actor,
        &aio_core::tables::CONTACTS,
        json!({"first_name": "Ada", "last_name": "Lovelace", "email": "ada@client.test"})
            .as_object()
            .cloned()
            .expect("obj"),
    )
    .expect("contact");
    let contact = Uuid::parse_str(contact["id"].as_str().expect("id")).expect("uuid");
    let draft = invoices::create(
        &mut owner.conn,
        &actor,
        &NewInvoice {
            contact_id: contact,
            lines: vec![
                NewInvoiceLine {
                    description: Some("Strategy workshop".into()),
                    product: None,
                    quantity: Decimal::from(2),
                    unit_price: Some(Decimal::from(450)),
                    discount: None,
                    tax: None,
                },
                NewInvoiceLine {
                    description: Some("Travel".into()),
                    product: None,
                    quantity: Decimal::from(1),
                    unit_price: Some(Decimal::from_str("120.50").expect("d")),
                    discount: None,
                    tax: None,
                },
            ],
            currency: Some("EUR".into()),
            discount: None,
            shipping: None,
            tax: None,
            payment_terms_days: Some(10),
            notes: None,
        },
    )
    .expect("a draft");
    let id = draft["invoice"]["id"].as_str().expect("id").to_string();
    let done = invoices::finalize(&mut owner.conn, &actor, &id).expect("finalised");
    let number = done["invoice"]["invoice_number"]
        .as_str()
        .expect("number")
        .to_string();
    let due = done["invoice"]["due_date"]
        .as_str()
        .expect("due")
        .to_string();
    owner.sync().expect("sync");

    // Sent with its PDF; the sending is on the invoice and the contact's timeline.
    aio_sync::send_invoice(&owner.conn, Uuid::parse_str(&id).expect("uuid")).expect("sent");
    let sent = wait_for(&maildir, &format!("Invoice {number}"), 1);
    assert_eq!(
        sent[0]["rcpt"]
            .as_str()
            .map(|r| r.contains("ada@client.test")),
        Some(true),
        "{}",
        sent[0]
    );
    let file = &sent[0]["attachments"][0];
    assert_eq!(file["content_type"], "application/pdf", "{file}");
    assert_eq!(file["filename"], Value::from(format!("{number}.pdf")));
    let pdf = base64::engine::general_purpose::STANDARD
        .decode(file["base64"].as_str().expect("b64"))
        .expect("bytes");
    let pdf_path = dir.path().join("sent.pdf");
    std::fs::write(&pdf_path, pdf).expect("write");
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf_path)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&out.stdout);
    for expected in [
        number.as_str(),
        due.as_str(),
        "Strategy workshop",
        "Travel",
        "900.00",
        "120.50",
        "1,020.50",
    ] {
        assert!(
            text.contains(expected),
            "the mailed PDF shows {expected}:\n{text}"
        );
    }
    owner.sync().expect("sync");
    let sent_at: Option<String> = owner
        .conn
        .query_row("SELECT sent_at FROM invoices WHERE id = ?1", [&id], |r| {
            r.get(0)
        })
        .expect("row");
    assert!(sent_at.is_some(), "sent_at synced back");

    // Reminders: none yet (due in ten days).
    std::thread::sleep(std::time::Duration::from_secs(2));
    assert!(
        subjects(&maildir, "Reminder").is_empty(),
        "{:?}",
        subjects(&maildir, "")
    );
    // Eight days on: three days before the due date.
    drop(server);
    server = serve(&db, &addr, smtp_port, 8);
    assert_eq!(wait_for(&maildir, "Reminder: invoice", 1).len(), 1);
    // Restarted on the same day: nothing again.
    drop(server);
    server = serve(&db, &addr, smtp_port, 8);
    std::thread::sleep(std::time::Duration::from_secs(3));
    assert_eq!(
        subjects(&maildir, "Reminder: invoice").len(),
        1,
        "each step once, across a restart"
    );
    // On the due date.
    drop(server);
    server = serve(&db, &addr, smtp_port, 10);
    let today = wait_for(&maildir, &format!("Invoice {number} is due today"), 1);
    assert!(
        today[0]["text"]
            .as_str()
            .is_some_and(|t| t.contains("1020.50 EUR")),
        "{}",
        today[0]
    );
    // Paid; a week after the due date nothing more goes.
    let actor = owner.actor;
    invoices::record_payment(
        &mut owner.conn,
        &actor,
        &id,
        &Payment {
            amount: Decimal::from_str("1020.50").expect("d"),
            method: "bank_transfer".into(),
            gateway: None,
            gateway_transaction_id: None,
            request_id: None,
        },
    )
    .expect("paid");
    owner.sync().expect("sync");
    drop(server);
    server = serve(&db, &addr, smtp_port, 18);
    std::thread::sleep(std::time::Duration::from_secs(3));
    assert!(
        subjects(&maildir, "Overdue").is_empty(),
        "paid: no more reminders"
    );
    assert_eq!(
        subjects(&maildir, "").len(),
        3,
        "the invoice and two reminders, nothing else"
    );
    owner.sync().expect("sync");
    let timeline: i64 = owner
        .conn
        .query_row("SELECT count(*) FROM contact_activities WHERE contact_id = ?1 AND activity_type = 'email'", [contact.to_string()], |r| r.get(0))
        .expect("count");
    assert_eq!(
        timeline, 3,
        "the sending and both reminders are on the contact's timeline"
    );
    drop(server);
}
