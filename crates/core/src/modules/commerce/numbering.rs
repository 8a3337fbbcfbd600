//! Numbers people see (invoice and order numbers), unique and never reused even when
//! laptops work offline (DESIGN.md §10).
//!
//! A pattern such as `INV-{YYYY}-{seq:5}` names a series per period: `{YYYY}`, `{YY}`,
//! `{MM}` are the document's date, `{seq}` (or `{seq:N}`, zero-padded to N digits) its
//! number in the series, which restarts with each period the pattern names. A profile
//! that never synced owns its series outright and counts on. A synced profile takes
//! numbers only from blocks the server reserved for this device (`number_blocks`, kept
//! on the device and never synced): each sync round tops them up ([`wanted`],
//! [`add_block`]), so a laptop finalises offline from its block, and two laptops never
//! hold the same number.

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::records::Actor;
use crate::settings;

/// The series a document type numbers in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Series {
    Invoice,
    CreditNote,
    Order,
}

impl Series {
    pub const ALL: [Series; 3] = [Series::Invoice, Series::CreditNote, Series::Order];

    fn setting(self) -> &'static str {
        match self {
            Series::Invoice => "commerce.invoice_pattern",
            Series::CreditNote => "commerce.credit_note_pattern",
            Series::Order => "commerce.order_pattern",
        }
    }

    fn default_pattern(self) -> &'static str {
        match self {
            Series::Invoice => "INV-{YYYY}-{seq:5}",
            Series::CreditNote => "CN-{YYYY}-{seq:5}",
            Series::Order => "ORD-{YYYY}-{seq:5}",
        }
    }

    /// The field an error names.
    fn field(self) -> &'static str {
        match self {
            Series::Invoice | Series::CreditNote => "invoice_number",
            Series::Order => "order_number",
        }
    }
}

/// The pattern in use for a series on this device.
pub fn pattern(conn: &Connection, series: Series) -> Result<String> {
    Ok(settings::get(conn, series.setting())?.unwrap_or_else(|| series.default_pattern().to_string()))
}

/// Sets the pattern of a series after checking it.
pub fn set_pattern(conn: &Connection, series: Series, pattern: &str) -> Result<()> {
    parse(pattern, NaiveDate::default())?;
    settings::set(conn, series.setting(), pattern)
}

/// A pattern expanded for a date: the series key (the pattern with the date filled in
/// and `{seq}` kept) and the width of the number.
fn parse(pattern: &str, date: NaiveDate) -> Result<(String, usize)> {
    let bad = |why: &str| Error::invalid("pattern", format!("\"{pattern}\" {why}"));
    let mut key = String::new();
    let mut width = None;
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        key.push_str(&rest[..open]);
        let close = rest[open..].find('}').ok_or_else(|| bad("has a { without }"))? + open;
        let token = &rest[open + 1..close];
        match token {
            "YYYY" => key.push_str(&format!("{:04}", date.year())),
            "YY" => key.push_str(&format!("{:02}", date.year() % 100)),
            "MM" => key.push_str(&format!("{:02}", date.month())),
            _ if token == "seq" || token.starts_with("seq:") => {
                if width.is_some() {
                    return Err(bad("has {seq} twice"));
                }
                let w = match token.strip_prefix("seq:") {
                    Some(n) => n.parse::<usize>().ok().filter(|w| (1..=12).contains(w)).ok_or_else(|| bad("has a {seq:N} whose N is not 1 to 12"))?,
                    None => 1,
                };
                width = Some(w);
                key.push_str("{seq}");
            }
            _ => return Err(bad(&format!("has an unknown part {{{token}}} (use YYYY, YY, MM, seq or seq:N)"))),
        }
        rest = &rest[close + 1..];
    }
    key.push_str(rest);
    if key.len() > 64 {
        return Err(bad("is longer than 64 characters"));
    }
    let width = width.ok_or_else(|| bad("has no {seq} part"))?;
    Ok((key, width))
}

/// The number `seq` of a series key.
pub fn format(key: &str, width: usize, seq: i64) -> String {
    key.replacen("{seq}", &format!("{seq:0width$}"), 1)
}

/// The `app_settings` key the sync client (`aio-sync`) writes when the profile signs in
/// to a server.
pub const SYNC_LINK: &str = "sync_link";

/// Whether this profile takes numbers from server blocks: it is signed in to a server,
/// or holds a block from one, so it no longer owns its series.
fn synced(conn: &Connection, actor: &Actor) -> Result<bool> {
    if settings::get(conn, SYNC_LINK)?.is_some() {
        return Ok(true);
    }
    Ok(conn
        .prepare_cached("SELECT count(*) FROM number_blocks WHERE organization_id = ?1 AND last IS NOT NULL")?
        .query_row([actor.organization_id.to_string()], |r| r.get::<_, i64>(0))?
        > 0)
}

/// Takes the next number of `series` for a document dated `date`.
pub fn take(tx: &Connection, actor: &Actor, series: Series, date: NaiveDate) -> Result<String> {
    let (key, width) = parse(&pattern(tx, series)?, date)?;
    let org = actor.organization_id.to_string();
    let seq = if synced(tx, actor)? {
        let block: Option<(i64, i64)> = tx
            .prepare_cached(
                "SELECT first, next FROM number_blocks
                 WHERE organization_id = ?1 AND series = ?2 AND last IS NOT NULL AND next <= last
                 ORDER BY first LIMIT 1",
            )?
            .query_row(params![org, key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((first, next)) = block else {
            return Err(Error::invalid(
                series.field(),
                format!("no numbers of series {key} are reserved on this device: sync once while online to reserve more"),
            ));
        };
        tx.prepare_cached("UPDATE number_blocks SET next = next + 1 WHERE organization_id = ?1 AND series = ?2 AND first = ?3")?
            .execute(params![org, key, first])?;
        next
    } else {
        let next: i64 = tx
            .prepare_cached("SELECT next FROM number_blocks WHERE organization_id = ?1 AND series = ?2 AND last IS NULL")?
            .query_row(params![org, key], |r| r.get(0))
            .optional()?
            .unwrap_or(1);
        tx.prepare_cached(
            "INSERT INTO number_blocks (organization_id, series, first, next, last) VALUES (?1, ?2, 1, ?3, NULL)
             ON CONFLICT (organization_id, series, first) DO UPDATE SET next = excluded.next",
        )?
        .execute(params![org, key, next + 1])?;
        next
    };
    Ok(format(&key, width, seq))
}

/// A series this device wants numbers of: how many it has left, and the first number
/// the server may hand out (past what this profile numbered on its own before it synced).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Want {
    pub series: String,
    pub left: i64,
    pub min_next: i64,
}

/// The series of every pattern for `date`, with what this device has left of each.
pub fn wanted(conn: &Connection, organization_id: &str, date: NaiveDate) -> Result<Vec<Want>> {
    let mut out = Vec::new();
    for series in Series::ALL {
        let (key, _) = parse(&pattern(conn, series)?, date)?;
        let (left, own_next): (i64, Option<i64>) = conn.query_row(
            "SELECT coalesce(sum(CASE WHEN last IS NOT NULL THEN last - next + 1 END), 0),
                    max(CASE WHEN last IS NULL THEN next END)
             FROM number_blocks WHERE organization_id = ?1 AND series = ?2",
            params![organization_id, key],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        out.push(Want {
            series: key,
            left,
            min_next: own_next.unwrap_or(1),
        });
    }
    Ok(out)
}

/// Stores a block `first..=last` the server reserved for this device.
pub fn add_block(conn: &Connection, organization_id: &str, series: &str, first: i64, last: i64) -> Result<()> {
    if first < 1 || last < first {
        return Err(Error::invalid("block", format!("{first}..{last} is not a block of numbers")));
    }
    conn.execute(
        "INSERT OR IGNORE INTO number_blocks (organization_id, series, first, next, last) VALUES (?1, ?2, ?3, ?3, ?4)",
        params![organization_id, series, first, last],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_expand_per_period() {
        let date = NaiveDate::from_ymd_opt(2026, 3, 9).expect("a date");
        let (key, width) = parse("INV-{YYYY}-{seq:5}", date).expect("a pattern");
        assert_eq!(key, "INV-2026-{seq}");
        assert_eq!(format(&key, width, 42), "INV-2026-00042");
        let (key, width) = parse("{YY}{MM}/{seq}", date).expect("a pattern");
        assert_eq!(format(&key, width, 7), "2603/7");
        assert!(parse("INV-{YYYY}", date).is_err(), "no seq");
        assert!(parse("INV-{seq}-{seq}", date).is_err(), "two seqs");
        assert!(parse("INV-{DD}-{seq}", date).is_err(), "unknown part");
    }
}
