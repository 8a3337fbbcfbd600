//! Payment reminders through the one job runner ([`crate::jobs`]): for each open
//! invoice, one job per step of the organisation's schedule (days from the due date:
//! before, on and after it; `reminder_days` of the invoice template, else
//! [`DEFAULT_DAYS`]), keyed by invoice and step, so planning again adds nothing and each
//! step runs once. A step whose invoice is paid, cancelled or gone by then sends nothing.
//! The handler hands its mail back keyed by the job (the executor queues it in the same
//! commit as the job's state) and writes a contact activity, synced, so people see that
//! the reminder went.

use std::cell::RefCell;

use chrono::{Duration, NaiveDate, NaiveTime};
use rusqlite::{Connection, Transaction};
use serde_json::{json, Value};

use super::money::Currency;
use crate::error::{Error, Result};
use crate::jobs::{self, Handler, Job, Outcome};
use crate::records::{self, Actor};
use crate::schema::{Decimal, Timestamp};
use crate::tables::CONTACT_ACTIVITIES;

/// The job kind.
pub const KIND: &str = "invoice_reminder";
/// Three days before the due date, on it, and a week after.
pub const DEFAULT_DAYS: &[i64] = &[-3, 0, 7];

/// A reminder to send, keyed by its job.
#[derive(Debug, Clone, PartialEq)]
pub struct ReminderMail {
    pub key: String,
    pub to: String,
    pub to_name: Option<String>,
    pub subject: String,
    pub text: String,
    pub invoice_id: String,
}

/// The organisation's schedule: days from the due date.
pub fn schedule(conn: &Connection, actor: &Actor) -> Result<Vec<i64>> {
    let template = super::pdf::template(conn, actor)?;
    Ok(template.reminder_days.unwrap_or_else(|| DEFAULT_DAYS.to_vec()))
}

/// Adds the reminder jobs of every open invoice of the organisation (those already there
/// stay as they are); returns how many were added. Steps already past when an invoice
/// is first planned run at once (a late reminder rather than none).
pub fn plan(conn: &Connection, actor: &Actor) -> Result<usize> {
    let days = schedule(conn, actor)?;
    let open: Vec<(String, String)> = conn
        .prepare_cached(
            "SELECT id, due_date FROM invoices WHERE organization_id = ?1 AND deleted_at IS NULL
               AND kind = 'invoice' AND status IN ('sent', 'overdue') AND payment_status IN ('unpaid', 'partially_paid')",
        )?
        .query_map([actor.organization_id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut added = 0;
    for (id, due) in open {
        let Ok(due) = NaiveDate::parse_from_str(&due, "%Y-%m-%d") else { continue };
        for day in &days {
            let at = (due + Duration::days(*day))
                .and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default())
                .and_utc();
            let key = format!("{KIND}:{id}:{day}");
            if jobs::enqueue(conn, KIND, &key, &json!({ "invoice_id": id, "day": day }), at)? {
                added += 1;
            }
        }
    }
    Ok(added)
}

/// Runs reminder jobs; collects the mail they ask for.
pub struct Reminders {
    actor: Actor,
    mail: RefCell<Vec<ReminderMail>>,
}

impl Reminders {
    pub fn new(actor: Actor) -> Reminders {
        Reminders {
            actor,
            mail: RefCell::new(Vec::new()),
        }
    }

    /// The mail of the jobs run so far.
    pub fn take_mail(&self) -> Vec<ReminderMail> {
        std::mem::take(&mut self.mail.borrow_mut())
    }
}

impl Handler for Reminders {
    fn kind(&self) -> &'static str {
        KIND
    }

    fn run(&self, tx: &Transaction<'_>, job: &Job, now: Timestamp) -> Result<Outcome> {
        let invoice = job.payload["invoice_id"].as_str().unwrap_or_default().to_string();
        let day = job.payload["day"].as_i64().unwrap_or(0);
        let actor = self.actor.at(now);
        // Overdue first, so the letter says so.
        super::totals::settle_invoice(tx, &invoice, Some(now.date_naive()))?;
        let Ok(shown) = super::invoices::show(tx, &actor, &invoice) else {
            return Ok(Outcome::Done);
        };
        let inv = &shown["invoice"];
        let text = |k: &str| inv[k].as_str().unwrap_or_default().to_string();
        let open = matches!(text("status").as_str(), "sent" | "overdue")
            && matches!(text("payment_status").as_str(), "unpaid" | "partially_paid")
            && inv["deleted_at"].is_null();
        if !open {
            return Ok(Outcome::Done);
        }
        let contact = &shown["contact"];
        let email = contact["email"].as_str().unwrap_or_default().to_string();
        if email.is_empty() {
            return Err(Error::invalid("email", "the invoice's contact has no email address"));
        }
        let currency = Currency::parse("currency", &text("currency"))?;
        let due_amount: Decimal = shown["amount_due"].as_str().unwrap_or("0").parse().unwrap_or_default();
        let number = text("invoice_number");
        let due_date = text("due_date");
        let subject = match day {
            d if d < 0 => format!("Reminder: invoice {number} is due on {due_date}"),
            0 => format!("Invoice {number} is due today"),
            _ => format!("Overdue: invoice {number} was due on {due_date}"),
        };
        let amount = format!("{} {}", currency.text(&due_amount), currency.code());
        let name = contact["name"].as_str().filter(|n| !n.trim().is_empty()).map(str::to_string);
        let greeting = name.as_deref().unwrap_or("Hello");
        let body = format!(
            "{greeting},\n\n{amount} is due on invoice {number} (due {due_date}).\n\
             If you have paid already, thank you, and please ignore this message.\n"
        );
        let contact_id = text("contact_id");
        let activity = json!({
            "contact_id": contact_id, "activity_type": "email", "title": subject,
            "description": format!("Payment reminder for invoice {number}: {amount} due."),
            "metadata": { "invoice_id": invoice, "reminder_day": day },
        });
        let Value::Object(activity) = activity else {
            unreachable!("an object literal")
        };
        records::create_in(tx, &actor, &CONTACT_ACTIVITIES, activity, None)?;
        self.mail.borrow_mut().push(ReminderMail {
            key: job.key.clone(),
            to: email,
            to_name: name,
            subject,
            text: body,
            invoice_id: invoice,
        });
        Ok(Outcome::Done)
    }
}
