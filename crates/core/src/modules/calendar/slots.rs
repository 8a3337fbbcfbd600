//! Free booking slots: from a booking type's weekly availability rules, the host's date
//! exceptions and busy events (every calendar of the host, Google events included, as
//! they are rows of `events` too), buffers and limits, the slot starts a visitor may
//! book, shown in any time zone.
//!
//! Rules and exceptions are wall-clock times in the host's zone ([`host_zone`]: their
//! booking settings' `timezone`, else their own `users.timezone`), so "09:00-17:00 on Mondays" stays 09:00-17:00
//! across daylight-saving changes. A local time that does not exist (the hour skipped in
//! spring) moves to the first instant after the gap; one that exists twice (the hour
//! repeated in autumn) opens a window at its first occurrence and closes it at its last.
//! [`free_slots`] is the pure engine; [`slots`] loads its input from the database.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension};
use serde_json::Value;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::records::{self, Actor, Row};
use crate::tables::BOOKING_TYPES;
use crate::values::timestamp_text;

/// One weekly availability rule: on `weekday` (0 = Sunday ... 6 = Saturday), from
/// `start` to `end` (minutes after local midnight; 1440 is the end of the day), the host
/// is available, or (when `available` is false) not, whatever other rules say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeeklyRule {
    pub weekday: u32,
    pub start: u32,
    pub end: u32,
    pub available: bool,
}

/// A change on one local date: a day off (`available` false, no times), hours off
/// (false, with times) or extra hours (true, with times).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateException {
    pub date: NaiveDate,
    pub hours: Option<(u32, u32)>,
    pub available: bool,
}

/// Everything the engine needs, already loaded.
#[derive(Debug, Clone)]
pub struct Availability {
    /// The host's zone, in which rules and exceptions are read.
    pub zone: Tz,
    pub duration: Duration,
    pub buffer_before: Duration,
    pub buffer_after: Duration,
    /// Step between slot starts within a window.
    pub interval: Duration,
    /// The earliest start is this long after now.
    pub minimum_notice: Duration,
    /// The latest start is this long after now.
    pub window: Duration,
    /// Most bookings of this type on one local day of the host.
    pub daily_limit: Option<u32>,
    pub rules: Vec<WeeklyRule>,
    pub exceptions: Vec<DateException>,
    /// Busy times of the host, in any order, possibly overlapping.
    pub busy: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    /// Bookings of this type already taken, per local date of the host.
    pub booked: HashMap<NaiveDate, u32>,
}

/// The slot starts in `[from, to)`, in order: inside the host's available hours, with the
/// meeting and its buffers clear of every busy time, no sooner than the minimum notice
/// and no later than the window allows, on days below the daily limit.
pub fn free_slots(
    a: &Availability,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Vec<DateTime<Utc>> {
    let busy = merged(&a.busy);
    let earliest = from.max(now + a.minimum_notice);
    let latest = to.min(now + a.window + Duration::seconds(1));
    let mut out = Vec::new();
    if a.duration <= Duration::zero() || a.interval <= Duration::zero() || earliest >= latest {
        return out;
    }
    // Local dates whose hours can reach into the range, a day either side for the zone.
    let first = earliest.with_timezone(&a.zone).date_naive().pred_opt();
    let last = latest.with_timezone(&a.zone).date_naive().succ_opt();
    let (Some(mut date), Some(last)) = (first, last) else {
        return out;
    };
    while date <= last {
        let full = a
            .daily_limit
            .is_some_and(|limit| a.booked.get(&date).copied().unwrap_or(0) >= limit);
        if !full {
            for (start, end) in day_windows(a, date) {
                let (Some(start), Some(end)) = (
                    instant(a.zone, date, start, Edge::Opens),
                    instant(a.zone, date, end, Edge::Closes),
                ) else {
                    continue;
                };
                let mut slot = start;
                while slot + a.duration <= end {
                    if slot >= earliest
                        && slot < latest
                        && clear(
                            &busy,
                            slot - a.buffer_before,
                            slot + a.duration + a.buffer_after,
                        )
                    {
                        out.push(slot);
                    }
                    slot += a.interval;
                }
            }
        }
        match date.succ_opt() {
            Some(next) => date = next,
            None => break,
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The available minutes of one local date: the weekly rules of its weekday, less their
/// unavailable hours, changed by the date's exceptions. Sorted and disjoint.
fn day_windows(a: &Availability, date: NaiveDate) -> Vec<(u32, u32)> {
    let weekday = date.weekday().num_days_from_sunday();
    let exceptions: Vec<&DateException> = a.exceptions.iter().filter(|e| e.date == date).collect();
    if exceptions.iter().any(|e| !e.available && e.hours.is_none()) {
        return Vec::new();
    }
    let mut open: Vec<(u32, u32)> = a
        .rules
        .iter()
        .filter(|r| r.weekday == weekday && r.available)
        .map(|r| (r.start, r.end))
        .chain(
            exceptions
                .iter()
                .filter(|e| e.available)
                .filter_map(|e| e.hours),
        )
        .filter(|(s, e)| s < e)
        .collect();
    open.sort_unstable();
    let mut windows: Vec<(u32, u32)> = Vec::new();
    for (s, e) in open {
        match windows.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => windows.push((s, e)),
        }
    }
    let closed = a
        .rules
        .iter()
        .filter(|r| r.weekday == weekday && !r.available)
        .map(|r| (r.start, r.end))
        .chain(
            exceptions
                .iter()
                .filter(|e| !e.available)
                .filter_map(|e| e.hours),
        );
    for (cs, ce) in closed {
        windows = windows
            .into_iter()
            .flat_map(|(s, e)| {
                let mut parts = Vec::new();
                if s < cs.min(e) {
                    parts.push((s, cs.min(e)));
                }
                if ce.max(s) < e {
                    parts.push((ce.max(s), e));
                }
                parts
            })
            .collect();
    }
    windows
}

#[derive(Clone, Copy)]
enum Edge {
    Opens,
    Closes,
}

/// The instant of a local date and minute in `zone` (1440 is the next midnight).
fn instant(zone: Tz, date: NaiveDate, minute: u32, edge: Edge) -> Option<DateTime<Utc>> {
    let midnight = date.and_time(NaiveTime::MIN);
    let local = midnight + Duration::minutes(i64::from(minute));
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, last) => Some(match edge {
            Edge::Opens => first.with_timezone(&Utc),
            Edge::Closes => last.with_timezone(&Utc),
        }),
        // In a gap: the first local minute after it (gaps are at most a few hours).
        LocalResult::None => (1..=240).find_map(|m| {
            zone.from_local_datetime(&(local + Duration::minutes(m)))
                .earliest()
                .map(|t| t.with_timezone(&Utc))
        }),
    }
}

/// Busy times sorted by start with overlapping ones joined.
fn merged(busy: &[(DateTime<Utc>, DateTime<Utc>)]) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut sorted: Vec<_> = busy.iter().copied().filter(|(s, e)| s < e).collect();
    sorted.sort_unstable();
    let mut out: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::with_capacity(sorted.len());
    for (s, e) in sorted {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// Whether `[start, end)` touches no busy time (`busy` merged).
fn clear(
    busy: &[(DateTime<Utc>, DateTime<Utc>)],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> bool {
    // The first busy time ending after `start` is the only one that can overlap first.
    let i = busy.partition_point(|(_, e)| *e <= start);
    busy.get(i).is_none_or(|(s, _)| *s >= end)
}

/// A time zone by IANA name, with a clear error naming `field`.
pub fn zone(field: &str, name: &str) -> Result<Tz> {
    name.parse::<Tz>().map_err(|_| {
        Error::invalid(
            field,
            format!("\"{name}\" is not a time zone (use an IANA name such as Europe/Berlin)"),
        )
    })
}

/// What a visitor asks for: `days` local dates from `from`, in zone `tz`, as of `now`.
#[derive(Debug, Clone, Copy)]
pub struct SlotRequest {
    pub from: NaiveDate,
    pub days: u32,
    pub tz: Tz,
    pub now: DateTime<Utc>,
}

/// Longest range one request may cover.
pub const MAX_DAYS: u32 = 366;

/// The free slots of the booking type `slug` in the actor's organisation, each in the
/// visitor's zone.
pub fn slots(
    conn: &Connection,
    actor: &Actor,
    slug: &str,
    request: &SlotRequest,
) -> Result<Vec<DateTime<Tz>>> {
    slots_except(conn, actor, slug, request, None)
}

/// `slots` as if the event `except` were not there: where a booking can move to (its
/// own time must not block itself, nor count towards its day's limit).
pub fn slots_except(
    conn: &Connection,
    actor: &Actor,
    slug: &str,
    request: &SlotRequest,
    except: Option<Uuid>,
) -> Result<Vec<DateTime<Tz>>> {
    if request.days == 0 || request.days > MAX_DAYS {
        return Err(Error::invalid(
            "days",
            format!("must be between 1 and {MAX_DAYS}"),
        ));
    }
    let from = local_midnight(request.tz, request.from)?;
    let to = local_midnight(
        request.tz,
        request.from + Duration::days(i64::from(request.days)),
    )?;
    let availability = load(conn, actor, slug, from, to, except)?;
    Ok(free_slots(&availability, from, to, request.now)
        .into_iter()
        .map(|t| t.with_timezone(&request.tz))
        .collect())
}

fn local_midnight(tz: Tz, date: NaiveDate) -> Result<DateTime<Utc>> {
    instant(tz, date, 0, Edge::Opens)
        .ok_or_else(|| Error::invalid("from", format!("{date} has no midnight in {tz}")))
}

/// The zone a host's hours are in: their booking settings' `timezone`, else their own
/// (`users.timezone`), so a host who never opened the booking settings still gets their
/// hours in their zone rather than in UTC; UTC only when neither row names one.
pub fn host_zone(conn: &Connection, user_id: Uuid) -> Result<Tz> {
    let user_id = user_id.to_string();
    let settings: Option<String> = conn
        .query_row(
            "SELECT timezone FROM booking_settings WHERE user_id = ?1 AND deleted_at IS NULL
             ORDER BY created_at LIMIT 1",
            [&user_id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(name) = settings {
        return zone("booking_settings.timezone", &name);
    }
    let own: Option<String> = conn
        .query_row(
            "SELECT timezone FROM users WHERE id = ?1",
            [&user_id],
            |r| r.get(0),
        )
        .optional()?;
    match own {
        Some(name) => zone("users.timezone", &name),
        None => Ok(Tz::UTC),
    }
}

/// A booking type found by its public slug, and its host: the member whose availability
/// it offers and as whom its bookings are written.
#[derive(Debug, Clone)]
pub struct BookingType {
    pub row: Row,
    pub host: Actor,
}

/// The active booking type `slug` of an organisation (of any of its members).
pub fn booking_type(conn: &Connection, organization_id: Uuid, slug: &str) -> Result<BookingType> {
    let found: Option<(String, String, bool)> = conn
        .query_row(
            "SELECT b.id, b.user_id, b.is_active FROM booking_types b
             JOIN organization_members m ON m.user_id = b.user_id AND m.deleted_at IS NULL
             WHERE b.slug = ?1 AND b.deleted_at IS NULL AND m.organization_id = ?2",
            rusqlite::params![slug, organization_id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((id, host, active)) = found else {
        return Err(Error::invalid(
            "booking_type",
            format!("no booking type with slug \"{slug}\" in this organization"),
        ));
    };
    if !active {
        return Err(Error::invalid(
            "booking_type",
            format!("\"{slug}\" is not active"),
        ));
    }
    let parse = |id: &str| {
        Uuid::parse_str(id).map_err(|_| Error::invalid("booking_type", format!("bad id {id}")))
    };
    let host = Actor::new(parse(&host)?, organization_id);
    let row = records::get(conn, &host, &BOOKING_TYPES, parse(&id)?)?;
    Ok(BookingType { row, host })
}

/// Reads a booking type, its host's rules, exceptions and busy events around `[from, to)`.
fn load(
    conn: &Connection,
    actor: &Actor,
    slug: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    except: Option<Uuid>,
) -> Result<Availability> {
    let BookingType { row, host } = booking_type(conn, actor.organization_id, slug)?;
    let id = row
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let minutes = |field: &str| row.get(field).and_then(Value::as_i64);
    let duration = minutes("duration_minutes").unwrap_or(0);
    let (before, after) = (
        minutes("buffer_before_minutes").unwrap_or(0),
        minutes("buffer_after_minutes").unwrap_or(0),
    );
    let (notice, window) = (
        minutes("minimum_notice_minutes").unwrap_or(0),
        minutes("booking_window_days").unwrap_or(0),
    );
    let (interval, limit) = (minutes("slot_interval_minutes"), minutes("daily_limit"));
    let zone = host_zone(conn, host.user_id)?;
    let host = host.user_id.to_string();

    // Rules of this booking type when it has its own, else the host's general ones.
    let mut rules = weekly_rules(conn, &host, Some(&id))?;
    if rules.is_empty() {
        rules = weekly_rules(conn, &host, None)?;
    }
    let margin = Duration::days(2);
    let (first_day, last_day) = (
        (from - margin).date_naive().to_string(),
        (to + margin).date_naive().to_string(),
    );
    let exceptions = conn
        .prepare_cached(
            "SELECT date, start_time, end_time, is_available FROM availability_exceptions
             WHERE user_id = ?1 AND deleted_at IS NULL AND date BETWEEN ?2 AND ?3",
        )?
        .query_map(rusqlite::params![host, first_day, last_day], |r| {
            let date = parse(r, 0, |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())?;
            let start = parse_opt(r, 1, time)?;
            let end = parse_opt(r, 2, time)?;
            Ok(DateException {
                date,
                hours: start.zip(end).map(|(s, e)| (minute_of(s), end_minute(e))),
                available: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;

    // Every event of the host (in any of their calendars, or naming them) that is not
    // cancelled: meetings, Google events and other bookings alike.
    let before_d = Duration::minutes(before);
    let after_d = Duration::minutes(after);
    let (range_start, range_end) = (
        timestamp_text(from - margin - after_d),
        timestamp_text(to + margin + before_d),
    );
    let mut busy = Vec::new();
    let mut booked: HashMap<NaiveDate, u32> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT start_time, end_time, all_day, booking_type_id IS ?4 FROM events e
         WHERE e.deleted_at IS NULL AND e.status <> 'cancelled' AND e.id IS NOT ?5
           AND e.start_time < ?3 AND e.end_time > ?2
           AND (e.user_id = ?1 OR e.calendar_id IN
                (SELECT id FROM calendars WHERE user_id = ?1 AND deleted_at IS NULL))",
    )?;
    let except = except.map(|e| e.to_string());
    let rows = stmt.query_map(
        rusqlite::params![host, range_start, range_end, id, except],
        |r| {
            Ok((
                parse(r, 0, instant_of)?,
                parse(r, 1, instant_of)?,
                r.get::<_, bool>(2)?,
                r.get::<_, bool>(3)?,
            ))
        },
    )?;
    for row in rows {
        let (start, end, all_day, this_type) = row?;
        let (start, end) = if all_day {
            // All-day events are dates: they take the host's whole local days.
            let first = start.date_naive();
            let last = (end - Duration::seconds(1)).date_naive().max(first);
            let open = instant(zone, first, 0, Edge::Opens).unwrap_or(start);
            let close = instant(zone, last, 1440, Edge::Closes).unwrap_or(end);
            (open, close)
        } else {
            (start, end)
        };
        busy.push((start, end));
        if this_type {
            *booked
                .entry(start.with_timezone(&zone).date_naive())
                .or_insert(0) += 1;
        }
    }
    Ok(Availability {
        zone,
        duration: Duration::minutes(duration),
        buffer_before: before_d,
        buffer_after: after_d,
        interval: Duration::minutes(interval.unwrap_or(duration)),
        minimum_notice: Duration::minutes(notice),
        window: Duration::days(window),
        daily_limit: limit.and_then(|l| u32::try_from(l).ok()),
        rules,
        exceptions,
        busy,
        booked,
    })
}

fn weekly_rules(
    conn: &Connection,
    host: &str,
    booking_type: Option<&str>,
) -> Result<Vec<WeeklyRule>> {
    Ok(conn
        .prepare_cached(
            "SELECT day_of_week, start_time, end_time, is_available FROM availability_rules
             WHERE user_id = ?1 AND deleted_at IS NULL AND booking_type_id IS ?2",
        )?
        .query_map(rusqlite::params![host, booking_type], |r| {
            let day: i64 = r.get(0)?;
            let start = parse(r, 1, time)?;
            let end = parse(r, 2, time)?;
            Ok(WeeklyRule {
                weekday: u32::try_from(day).unwrap_or(7),
                start: minute_of(start),
                end: end_minute(end),
                available: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// A stored text column read with `read` (the schema's CHECKs keep it readable).
fn parse<T>(
    r: &rusqlite::Row<'_>,
    i: usize,
    read: impl Fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    let text: String = r.get(i)?;
    read(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            format!("unreadable value \"{text}\"").into(),
        )
    })
}

fn parse_opt<T>(
    r: &rusqlite::Row<'_>,
    i: usize,
    read: impl Fn(&str) -> Option<T>,
) -> rusqlite::Result<Option<T>> {
    match r.get::<_, Option<String>>(i)? {
        None => Ok(None),
        Some(_) => parse(r, i, read).map(Some),
    }
}

fn time(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M"))
        .ok()
}

fn instant_of(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn minute_of(t: NaiveTime) -> u32 {
    use chrono::Timelike;
    t.hour() * 60 + t.minute()
}

/// An end time of 00:00 means the end of the day ("18:00 to 00:00").
fn end_minute(t: NaiveTime) -> u32 {
    match minute_of(t) {
        0 => 1440,
        m => m,
    }
}
