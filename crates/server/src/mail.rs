//! Mail from the server (booking confirmations, changes, cancellations, reminders). A
//! message is queued in the server's SQLite in the same transaction as what it tells
//! about, so a booking is never without its mail nor a mail without its booking; a
//! background task sends the queue over SMTP and retries with backoff while the SMTP
//! server is down. Delivery is at least once: a crash between the SMTP server's "OK"
//! and the row's `sent_at` sends that message again after a restart. A message refused
//! for good, or still not taken after [`GIVE_UP_HOURS`], is marked failed; an
//! organisation's automation mail then wakes its runner, which tells the run (see
//! `automations::deliveries`).

use std::sync::Arc;
use std::time::Duration;

use crate::args;
use crate::store::sql::{Sql, SqlExt, Store};
use lettre::address::{Address, Envelope};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::Notify;

use crate::store::{now, Refusal, Result};

/// Messages sent per round before the queue is read again.
const BATCH: usize = 20;
/// The longest wait between two attempts at one message.
const MAX_BACKOFF_SECS: i64 = 300;
/// How long a message the SMTP server keeps turning away for a while (or cannot be
/// reached for) is tried before the queue gives up on it, as mail servers do.
pub const GIVE_UP_HOURS: i64 = 72;

/// How the server sends mail (`aio-crm serve --smtp-url … --mail-from … --public-url …`).
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// `smtp://host:port` (plain, for a relay on loopback), `smtp://host:port?tls=required`
    /// (STARTTLS) or `smtps://host:port`, with `user:password@` when the relay wants it.
    /// None: no mail is sent, and the booking page says so.
    pub smtp_url: Option<String>,
    pub from: Mailbox,
    /// The server's address as guests reach it: the base of the links in mail.
    pub public_url: String,
    /// How long before a meeting its reminder goes out.
    pub reminder_lead: chrono::Duration,
}

impl MailSettings {
    /// From `aio-crm serve`'s flags: `from` as `Name <address>` or an address, `lead` as
    /// `24h`, `90m` or minutes; an empty `public_url` means the server's bound address.
    pub fn from_flags(
        smtp_url: Option<String>,
        from: &str,
        public_url: Option<String>,
        lead: &str,
    ) -> anyhow::Result<MailSettings> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| anyhow::anyhow!("--mail-from: \"{from}\" is not a mailbox ({e})"))?;
        if let Some(url) = &smtp_url {
            AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .map_err(|e| anyhow::anyhow!("--smtp-url: {e}"))?;
        }
        let public_url = public_url
            .unwrap_or_default()
            .trim_end_matches('/')
            .to_string();
        let web = |u: &str| u.starts_with("http://") || u.starts_with("https://");
        if !public_url.is_empty() && !web(&public_url) {
            anyhow::bail!("--public-url: must start with http:// or https://");
        }
        Ok(MailSettings {
            smtp_url,
            from,
            public_url,
            reminder_lead: parse_lead(lead)?,
        })
    }

    pub fn enabled(&self) -> bool {
        self.smtp_url.is_some()
    }

    /// The reminder's lead time when reminders are sent: a meeting booked or moved that
    /// soon gets no separate reminder (the mail about the change is one).
    pub fn remind_within(&self) -> Option<chrono::Duration> {
        self.enabled().then_some(self.reminder_lead)
    }
}

/// `24h`, `90m` or a number of minutes.
fn parse_lead(text: &str) -> anyhow::Result<chrono::Duration> {
    let text = text.trim();
    let (number, unit) = match text.strip_suffix('h') {
        Some(n) => (n, 60),
        None => (text.strip_suffix('m').unwrap_or(text), 1),
    };
    match number.trim().parse::<i64>() {
        Ok(n) if (0..=60 * 24 * 365).contains(&(n * unit)) => {
            Ok(chrono::Duration::minutes(n * unit))
        }
        _ => anyhow::bail!("--reminder-lead: \"{text}\" is not a time such as 24h or 90m"),
    }
}

/// One message to queue: plain text, and an iCalendar attachment with its METHOD or an
/// HTML alternative.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: Mailbox,
    pub subject: String,
    pub text: String,
    pub calendar: Option<(String, &'static str)>,
    pub html: Option<String>,
    /// A file sent with the text: its name, content type and bytes (an invoice's PDF).
    pub attachment: Option<(String, &'static str, Vec<u8>)>,
}

/// `name <email>`, with the email checked the way mail needs it.
pub fn mailbox(field: &str, name: Option<&str>, email: &str) -> Result<Mailbox> {
    let address: Address = email
        .trim()
        .parse()
        .map_err(|e| Refusal::invalid(field, format!("\"{email}\" is not a mail address ({e})")))?;
    let name = name
        .map(|n| n.replace(['\r', '\n', '"'], " ").trim().to_string())
        .filter(|n| !n.is_empty());
    Ok(Mailbox::new(name, address))
}

/// Writes `mail` into the queue inside `tx`; it goes out once `tx` commits.
pub fn enqueue(tx: &mut dyn Sql, from: &Mailbox, mail: Mail) -> Result<()> {
    enqueue_keyed(tx, from, mail, None, None)
}

/// [`enqueue`] under a key: a second message with the same key is not queued (an
/// automation step taken again after a crash sends nothing new). `organization` is
/// whose mail it is, told when the message fails.
pub fn enqueue_keyed(
    tx: &mut dyn Sql,
    from: &Mailbox,
    mail: Mail,
    key: Option<&str>,
    organization: Option<uuid::Uuid>,
) -> Result<()> {
    // A subject is one line, whatever a guest typed as their name.
    let subject: String = mail
        .subject
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let builder = Message::builder()
        .from(from.clone())
        .to(mail.to)
        .subject(subject);
    let text = SinglePart::plain(mail.text.clone());
    let message = match mail.calendar {
        None if mail.attachment.is_some() => {
            let (name, kind, bytes) = mail.attachment.clone().unwrap_or_default();
            let kind =
                ContentType::parse(kind).map_err(|e| Refusal::Internal(format!("mail: {e}")))?;
            builder.multipart(
                MultiPart::mixed()
                    .singlepart(text)
                    .singlepart(Attachment::new(name).body(bytes, kind)),
            )
        }
        None if mail.html.is_some() => builder.multipart(MultiPart::alternative_plain_html(
            mail.text.clone(),
            mail.html.clone().unwrap_or_default(),
        )),
        None => builder.singlepart(text),
        Some((ics, method)) => {
            // Calendar programs read the METHOD from the part's type as well as the file.
            let kind =
                ContentType::parse(&format!("text/calendar; charset=utf-8; method={method}"))
                    .map_err(|e| Refusal::Internal(format!("mail: {e}")))?;
            builder.multipart(
                MultiPart::mixed()
                    .singlepart(text)
                    .singlepart(Attachment::new("invite.ics".into()).body(ics, kind)),
            )
        }
    }
    .map_err(|e| Refusal::Internal(format!("mail: {e}")))?;
    let envelope = message.envelope();
    let sender = envelope
        .from()
        .map(ToString::to_string)
        .ok_or_else(|| Refusal::Internal("mail without a sender".into()))?;
    let recipients: Vec<String> = envelope.to().iter().map(ToString::to_string).collect();
    tx.execute(
        "INSERT INTO mail_outbox (sender, recipients, message, next_attempt_at, created_at, key, organization_id)
         VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
        args![
            sender,
            serde_json::to_string(&recipients).map_err(|e| Refusal::Internal(e.to_string()))?,
            message.formatted(),
            now(),
            key,
            organization.map(|o| o.to_string())
        ],
    )?;
    Ok(())
}

/// Who is told that an organisation's message failed for good.
pub type OnFailed = Arc<dyn Fn(uuid::Uuid) + Send + Sync>;

/// Starts the background sender; `wake` makes it look at the queue at once; `failed` is
/// called with the organisation of each message that fails for good.
pub fn spawn_sender(
    db: Arc<Store>,
    smtp_url: &str,
    wake: Arc<Notify>,
    failed: OnFailed,
) -> anyhow::Result<()> {
    let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
        .map_err(|e| anyhow::anyhow!("--smtp-url: {e}"))?
        .timeout(Some(Duration::from_secs(30)))
        .build();
    tokio::spawn(send_forever(db, transport, wake, failed));
    Ok(())
}

struct Queued {
    id: i64,
    envelope: Envelope,
    message: Vec<u8>,
    attempts: i64,
    created_at: String,
}

async fn send_forever(
    db: Arc<Store>,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    wake: Arc<Notify>,
    failed: OnFailed,
) {
    loop {
        let due = blocking(&db, |conn| due(conn, BATCH)).await;
        let full = due.as_ref().is_ok_and(|d| d.len() == BATCH);
        for mail in due.unwrap_or_else(|e| {
            tracing::error!("mail queue: {e}");
            Vec::new()
        }) {
            let outcome = transport
                .send_raw(&mail.envelope, &mail.message)
                .await
                .map(|_| ())
                .map_err(|e| (e.is_permanent(), e.to_string()));
            if let Err((_, e)) = &outcome {
                tracing::warn!(
                    "mail {} not sent (attempt {}): {e}",
                    mail.id,
                    mail.attempts + 1
                );
            }
            match blocking(&db, move |conn| {
                record(conn, &mail, outcome, chrono::Utc::now())
            })
            .await
            {
                Ok(Some(org)) => failed(org),
                Ok(None) => {}
                Err(e) => tracing::error!("mail queue: {e}"),
            }
        }
        if full {
            continue;
        }
        let wait = blocking(&db, next_due)
            .await
            .unwrap_or(Duration::from_secs(60));
        tokio::select! {
            _ = wake.notified() => {}
            _ = tokio::time::sleep(wait) => {}
        }
    }
}

async fn blocking<T: Send + 'static>(
    db: &Arc<Store>,
    f: impl FnOnce(&mut dyn Sql) -> Result<T> + Send + 'static,
) -> Result<T> {
    let db = db.clone();
    tokio::task::spawn_blocking(move || db.with(f))
        .await
        .map_err(|e| Refusal::Internal(e.to_string()))?
}

/// How long a sender holds the messages it took before another may take them again (a
/// sender that died mid-batch): longer than a batch of SMTP timeouts.
const CLAIM_SECS: i64 = 20 * 60;

/// Takes up to `limit` due messages: their next attempt moves past the claim, in the
/// statement that picks them, so two server processes never send one message both (on
/// PostgreSQL rows another sender is taking are skipped, not waited for).
fn due(conn: &mut dyn Sql, limit: usize) -> Result<Vec<Queued>> {
    let now = chrono::Utc::now();
    let claim = aio_core::values::timestamp_text(now + chrono::Duration::seconds(CLAIM_SECS));
    let mut rows = conn.query_map(
        &format!(
            "UPDATE mail_outbox SET next_attempt_at = ?3 WHERE id IN (
               SELECT id FROM mail_outbox
               WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ?1
               ORDER BY next_attempt_at, id LIMIT ?2{})
             RETURNING id, sender, recipients, message, attempts, created_at",
            conn.dialect().skip_locked()
        ),
        args![aio_core::values::timestamp_text(now), limit as i64, claim],
        |r| {
            Ok((
                r.get::<i64>(0)?,
                r.get::<String>(1)?,
                r.get::<String>(2)?,
                r.get::<Vec<u8>>(3)?,
                r.get::<i64>(4)?,
                r.get::<String>(5)?,
            ))
        },
    )?;
    rows.sort_by_key(|r| r.0);
    let mut out = Vec::with_capacity(rows.len());
    for (id, sender, recipients, message, attempts, created_at) in rows {
        let parse = |a: &str| {
            a.parse::<Address>()
                .map_err(|e| Refusal::Internal(e.to_string()))
        };
        let to: Vec<String> = serde_json::from_str(&recipients)
            .map_err(|e| Refusal::Internal(format!("mail {id}: {e}")))?;
        let to = to.iter().map(|a| parse(a)).collect::<Result<Vec<_>>>()?;
        let envelope = Envelope::new(Some(parse(&sender)?), to)
            .map_err(|e| Refusal::Internal(format!("mail {id}: {e}")))?;
        out.push(Queued {
            id,
            envelope,
            message,
            attempts,
            created_at,
        });
    }
    Ok(out)
}

/// Marks a message sent, or schedules its next attempt (1 s, 2 s, 4 s … at most five
/// minutes later); a permanent refusal, or failures for [`GIVE_UP_HOURS`], mark it failed
/// and not tried again. Returns the organisation of a message that just failed for good.
fn record(
    conn: &mut dyn Sql,
    mail: &Queued,
    outcome: std::result::Result<(), (bool, String)>,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<Option<uuid::Uuid>> {
    let stamp = aio_core::values::timestamp_text(at);
    let queued_for = chrono::DateTime::parse_from_rfc3339(&mail.created_at)
        .map(|t| at - t.with_timezone(&chrono::Utc))
        .unwrap_or_default();
    let error = match outcome {
        Ok(()) => {
            conn.execute(
                "UPDATE mail_outbox SET sent_at = ?2, attempts = attempts + 1, last_error = NULL WHERE id = ?1",
                args![mail.id, stamp],
            )?;
            return Ok(None);
        }
        Err((true, error)) => error,
        Err((false, error)) if queued_for >= chrono::Duration::hours(GIVE_UP_HOURS) => {
            format!(
                "given up after {} attempts over {GIVE_UP_HOURS} hours: {error}",
                mail.attempts + 1
            )
        }
        Err((false, error)) => {
            let delay = 1_i64
                .checked_shl(mail.attempts.clamp(0, 16) as u32)
                .unwrap_or(MAX_BACKOFF_SECS)
                .min(MAX_BACKOFF_SECS);
            let next = at + chrono::Duration::seconds(delay);
            conn.execute(
                "UPDATE mail_outbox SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3
                 WHERE id = ?1",
                args![mail.id, error, aio_core::values::timestamp_text(next)],
            )?;
            return Ok(None);
        }
    };
    let org: Option<String> = conn.query_row(
        "UPDATE mail_outbox SET failed_at = ?2, attempts = attempts + 1, last_error = ?3 WHERE id = ?1
         RETURNING organization_id",
        args![mail.id, stamp, error],
        |r| r.get(0),
    )?;
    Ok(org.and_then(|o| uuid::Uuid::parse_str(&o).ok()))
}

/// How long until the next queued message is due (at most a minute).
fn next_due(conn: &mut dyn Sql) -> Result<Duration> {
    let next: Option<String> = conn
        .query_opt(
            "SELECT min(next_attempt_at) FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL",
            args![],
            |r| r.get(0))?
        .flatten();
    let wait = next
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| (t.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_milliseconds())
        .unwrap_or(60_000)
        .clamp(0, 60_000);
    Ok(Duration::from_millis(wait as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_refused_for_good_or_failing_for_three_days_is_marked_failed_and_its_organisation_told(
    ) {
        let conn = std::cell::RefCell::new(crate::store::sql::Sqlite(
            crate::store::open(std::path::Path::new(":memory:")).expect("db"),
        ));
        let org = uuid::Uuid::new_v4();
        let t0 = chrono::Utc::now();
        let insert = |key: &str, organization: Option<String>| -> Queued {
            let conn = &conn.borrow().0;
            conn.execute(
                "INSERT INTO mail_outbox (sender, recipients, message, next_attempt_at, created_at, key, organization_id)
                 VALUES ('a@agency.test', '[\"c@client.test\"]', x'00', ?1, ?1, ?2, ?3)",
                rusqlite::params![aio_core::values::timestamp_text(t0), key, organization],
            )
            .expect("queue");
            let address: Address = "c@client.test".parse().expect("address");
            Queued {
                id: conn.last_insert_rowid(),
                envelope: Envelope::new(Some(address.clone()), vec![address]).expect("envelope"),
                message: Vec::new(),
                attempts: 3,
                created_at: aio_core::values::timestamp_text(t0),
            }
        };
        let state = |id: i64| -> (Option<String>, Option<String>) {
            conn.borrow()
                .0
                .query_row(
                    "SELECT failed_at, last_error FROM mail_outbox WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .expect("row")
        };
        let busy = || Err((false, "421 try later".to_string()));
        let slow = insert("automation:run:0", Some(org.to_string()));
        let told = record(
            &mut *conn.borrow_mut(),
            &slow,
            busy(),
            t0 + chrono::Duration::hours(GIVE_UP_HOURS - 1),
        );
        assert_eq!(
            told.expect("record"),
            None,
            "a temporary failure is tried again"
        );
        assert_eq!(state(slow.id).0, None);
        let told = record(
            &mut *conn.borrow_mut(),
            &slow,
            busy(),
            t0 + chrono::Duration::hours(GIVE_UP_HOURS),
        );
        assert_eq!(
            told.expect("record"),
            Some(org),
            "given up: its organisation is told"
        );
        let (failed, error) = state(slow.id);
        assert!(failed.is_some());
        assert!(
            error.as_deref().is_some_and(
                |e| e.starts_with("given up after 4 attempts") && e.ends_with("421 try later")
            ),
            "{error:?}"
        );
        let booking = insert("booking:1", None);
        let told = record(
            &mut *conn.borrow_mut(),
            &booking,
            Err((true, "550 no such user".into())),
            t0,
        );
        assert_eq!(told.expect("record"), None, "no organisation to tell");
        let (failed, error) = state(booking.id);
        assert!(failed.is_some(), "a permanent refusal is not tried again");
        assert_eq!(error.as_deref(), Some("550 no such user"));
    }

    #[test]
    fn reminder_lead_takes_hours_minutes_or_a_number_of_minutes() {
        assert_eq!(parse_lead("24h").ok(), Some(chrono::Duration::hours(24)));
        assert_eq!(parse_lead("90m").ok(), Some(chrono::Duration::minutes(90)));
        assert_eq!(parse_lead(" 15 ").ok(), Some(chrono::Duration::minutes(15)));
        for bad in ["", "h", "-5m", "1d", "tomorrow", "999999h"] {
            let error = parse_lead(bad).expect_err(bad).to_string();
            assert!(error.contains("--reminder-lead"), "{error}");
        }
    }

    #[test]
    fn flags_are_checked_and_name_themselves() {
        let ok = MailSettings::from_flags(
            Some("smtp://127.0.0.1:2525".into()),
            "Agency <bookings@agency.test>",
            Some("https://book.agency.test/".into()),
            "24h",
        )
        .expect("settings");
        assert_eq!(ok.public_url, "https://book.agency.test");
        assert_eq!(ok.from.email.to_string(), "bookings@agency.test");
        assert_eq!(
            ok.remind_within(),
            Some(chrono::Duration::hours(24)),
            "with mail, reminders go out 24 hours ahead"
        );
        for (smtp, from, public, flag) in [
            (Some("ftp://x"), "a@b.test", None, "--smtp-url"),
            (None, "not a mailbox", None, "--mail-from"),
            (None, "a@b.test", Some("book.agency.test"), "--public-url"),
        ] {
            let error = MailSettings::from_flags(
                smtp.map(str::to_string),
                from,
                public.map(str::to_string),
                "24h",
            )
            .expect_err(flag)
            .to_string();
            assert!(error.starts_with(flag), "{error}");
        }
        let off = MailSettings {
            smtp_url: None,
            ..ok
        };
        assert_eq!(off.remind_within(), None, "no mail, no reminders");
    }
}
