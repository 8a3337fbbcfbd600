//! Invoices on the server, the executor of every organisation that syncs (DESIGN.md §8):
//! open invoices past due become overdue (raising `invoice_overdue` once for the
//! automations), and payment reminders run on the organisation's replica through the core's job runner
//! ([`aio_core::modules::commerce::reminders`]); each pass's writes (the jobs' states, the
//! contact activities) are pushed into the log with its mail queued under each job's key
//! in the log's transaction, so a step taken again after a crash or a restart sends
//! nothing new.

use crate::store::sql::Store;

use aio_core::db::Connection;
use aio_core::jobs;
use aio_core::modules::commerce::reminders::{self, Reminders};
use aio_core::records::Actor;
use aio_core::schema::Timestamp;

use crate::mail::{self, Mail, MailSettings};
use crate::store::replicas::{commit, PublicPages};
use crate::store::Result;

/// Overdue invoices and the reminders due at `now` (the server's clock,
/// `AIO_CLOCK_OFFSET_MINUTES` too); returns the log's head when anything was written.
/// Without mail, no reminder is planned.
pub fn remind(
    conn: &mut Connection,
    server: &Store,
    pages: &PublicPages,
    settings: &MailSettings,
    now: Timestamp,
) -> Result<Option<i64>> {
    let actor = Actor::new(pages.caller.account_id, pages.organization.id).at(now);
    let tx = conn.transaction()?;
    // Open invoices past their due date become overdue, once each an automation trigger.
    let moved =
        aio_core::modules::commerce::invoices::refresh_overdue(&tx, &actor, now.date_naive())?;
    let overdue = aio_core::modules::commerce::events::invoices_overdue(&tx, &actor)?;
    // Reminders go only where mail does.
    let (ran, letters) = if settings.enabled() {
        reminders::plan(&tx, &actor)?;
        let handler = Reminders::new(actor);
        let report = jobs::run_due(&tx, now, &[&handler], 200)?;
        (report.ran(), handler.take_mail())
    } else {
        (0, Vec::new())
    };
    if ran == 0 && overdue == 0 && moved == 0 {
        tx.commit()?;
        return Ok(None);
    }
    let head = commit(tx, server, pages, |log| {
        for m in letters {
            let letter = Mail {
                to: mail::mailbox("email", m.to_name.as_deref(), &m.to)?,
                subject: m.subject,
                text: m.text,
                calendar: None,
                html: None,
                attachment: None,
            };
            mail::enqueue_keyed(log, &settings.from, letter, Some(&m.key), None)?;
        }
        Ok(())
    })?;
    Ok(Some(head))
}

/// Sends a finalised invoice to its contact with the PDF attached (and its payment link
/// when the organisation takes cards), records it on the contact's timeline and as the
/// invoice's `sent_at`; `request` keys the mail, so a retried request sends once. Returns
/// the log's head.
pub fn send_invoice(
    replicas: &crate::store::replicas::Replicas,
    server: &Store,
    settings: &MailSettings,
    org: uuid::Uuid,
    invoice: uuid::Uuid,
    request: uuid::Uuid,
    now: Timestamp,
) -> Result<i64> {
    use crate::store::Refusal;
    use aio_core::modules::commerce::{invoices, pdf};
    if !settings.enabled() {
        return Err(Refusal::Conflict(
            "this server sends no mail (start it with --smtp-url)".into(),
        ));
    }
    let pages = crate::store::replicas::public_pages(server, &org.to_string())?;
    let replica = replicas.get(org)?;
    let mut conn = crate::store::replicas::ready(server, &pages, &replica)?;
    let actor = Actor::new(pages.caller.account_id, org).at(now);
    let id = invoice.to_string();
    let shown = invoices::show(&conn, &actor, &id)
        .map_err(|_| Refusal::NotFound(format!("no invoice {id}")))?;
    let inv = &shown["invoice"];
    let text = |k: &str| inv[k].as_str().unwrap_or_default().to_string();
    if matches!(text("status").as_str(), "draft" | "cancelled") {
        return Err(Refusal::invalid(
            "id",
            format!(
                "a {} invoice is not sent: finalise it first",
                text("status")
            ),
        ));
    }
    let email = shown["contact"]["email"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let name = shown["contact"]["name"].as_str().map(str::to_string);
    let to = mail::mailbox("email", name.as_deref(), &email)?;
    let pay_url = {
        let mut server = server.conn()?;
        match crate::stripe::keys(&mut *server, &org.to_string())? {
            Some(_) => Some(format!(
                "{}/pay/{}",
                settings.public_url.trim_end_matches('/'),
                crate::stripe::link_token(&mut *server, org, invoice)?
            )),
            None => None,
        }
    };
    let bytes = pdf::render_with(&conn, &actor, &id, pay_url.as_deref())?;
    let number = text("invoice_number");
    let kind = if text("kind") == "credit_note" {
        "Credit note"
    } else {
        "Invoice"
    };
    let subject = format!("{kind} {number} from {}", pages.organization.name);
    let due = format!(
        "{} {}",
        shown["amount_due"].as_str().unwrap_or("0"),
        text("currency")
    );
    let mut body = format!(
        "Hello {},\n\nPlease find {} {number} attached: {due} due by {}.\n",
        name.as_deref()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or("there"),
        kind.to_lowercase(),
        text("due_date")
    );
    if let Some(url) = &pay_url {
        body.push_str(&format!("\nPay online: {url}\n"));
    }
    let tx = conn.transaction()?;
    tx.execute(
        "UPDATE invoices SET sent_at = ?1 WHERE id = ?2",
        rusqlite::params![aio_core::values::timestamp_text(now), id],
    )?;
    let activity = serde_json::json!({
        "contact_id": text("contact_id"), "activity_type": "email", "title": subject,
        "metadata": { "invoice_id": id },
    });
    if let serde_json::Value::Object(activity) = activity {
        aio_core::records::create_in(
            &tx,
            &actor,
            &aio_core::tables::CONTACT_ACTIVITIES,
            activity,
            None,
        )?;
    }
    let letter = Mail {
        to,
        subject,
        text: body,
        calendar: None,
        html: None,
        attachment: Some((format!("{number}.pdf"), "application/pdf", bytes)),
    };
    commit(tx, server, &pages, |log| {
        mail::enqueue_keyed(
            log,
            &settings.from,
            letter,
            Some(&format!("invoice-send:{id}:{request}")),
            None,
        )
    })
}
