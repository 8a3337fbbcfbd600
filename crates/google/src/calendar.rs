//! Picking Google calendars and syncing each linked one both ways.
//!
//! A linked calendar is a local `calendars` row with `google_calendar_id` and
//! `sync_enabled`; its events are ordinary `events` rows (so the slot engine counts them
//! as busy), written through the record path (validation, audit, CRDT sync). What this
//! device knows about Google lives in V9's local-only tables: the calendar's sync token
//! (`google_sync_state`) and per event the version last seen on each side
//! (`google_event_links`).
//!
//! One run per calendar is a pull, then a push, each written to `sync_logs`:
//! - pull: `events.list` with the sync token (the first time, or after 410 Gone, a full
//!   list), page by page; cancelled events are deleted here (soft), others are created or
//!   updated by `google_event_id`; after a full list, linked events Google no longer has
//!   are deleted here too;
//! - push: new local events are inserted (their Google id stored), edited ones patched,
//!   deleted ones deleted;
//! - an event changed on both sides keeps the later change (Google's `updated` against
//!   the row's `updated_at`; Google's on a tie) and the log says whose change was lost.

use std::collections::HashSet;

use aio_core::db::Connection;
use aio_core::records::{self, Row};
use aio_core::tables::{CALENDARS, EVENTS, SYNC_LOGS};
use aio_core::Actor;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use reqwest::Method;
use rusqlite::OptionalExtension;
use rusqlite::Transaction;
use serde::Serialize;
use serde_json::{json, Value};
use ts_rs::TS;
use uuid::Uuid;

use crate::api::Google;
use crate::{Config, Error, Result};

/// Events asked for per page (Google's default; it may send fewer).
const PAGE_SIZE: u32 = 250;

/// A calendar of the Google account, and the local calendar it is linked to.
#[derive(Debug, Clone, Serialize, TS)]
pub struct GoogleCalendar {
    pub id: String,
    pub summary: String,
    pub color: Option<String>,
    pub primary: bool,
    pub access_role: String,
    pub linked_calendar_id: Option<Uuid>,
}

/// A local calendar linked to Google.
#[derive(Debug, Clone, Serialize, TS)]
pub struct LinkedCalendar {
    pub id: Uuid,
    pub name: String,
    pub color: String,
    pub google_calendar_id: String,
    pub sync_enabled: bool,
    pub last_pull_at: Option<String>,
    pub last_push_at: Option<String>,
}

/// A `sync_logs` row as the Integrations panel lists it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SyncLogEntry {
    pub id: Uuid,
    pub calendar_id: Option<Uuid>,
    pub calendar_name: Option<String>,
    pub sync_type: String,
    pub status: String,
    #[ts(type = "number")]
    pub events_synced: i64,
    pub error_message: Option<String>,
    pub created_at: String,
}

/// What one run did for one calendar.
#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct CalendarRun {
    pub calendar_id: Uuid,
    pub name: String,
    /// The pull listed everything (first run, or Google answered 410 Gone).
    pub full: bool,
    #[ts(type = "number")]
    pub pulled: i64,
    #[ts(type = "number")]
    pub pushed: i64,
    /// Changes lost to a later one on the other side, and items that failed.
    pub notes: Vec<String>,
    /// Set when a phase failed as a whole (offline, signed out, ...).
    pub error: Option<String>,
}

// --- picking calendars --------------------------------------------------------------------

/// The Google account's calendars (`calendarList`, every page), with their local links.
pub fn calendars(
    conn: &mut Connection,
    actor: &Actor,
    config: &Config,
) -> Result<Vec<GoogleCalendar>> {
    let mut google = Google::open(conn, actor, config)?;
    let linked = linked(conn, actor, false)?;
    let mut out = Vec::new();
    let mut page: Option<String> = None;
    loop {
        let mut query = vec![("maxResults", PAGE_SIZE.to_string())];
        if let Some(token) = &page {
            query.push(("pageToken", token.clone()));
        }
        let body = google.call(
            conn,
            actor,
            Method::GET,
            "/users/me/calendarList",
            &query,
            None,
        )?;
        for item in body["items"].as_array().into_iter().flatten() {
            let id = item["id"].as_str().unwrap_or_default().to_string();
            out.push(GoogleCalendar {
                linked_calendar_id: linked
                    .iter()
                    .find(|c| c.google_calendar_id == id)
                    .map(|c| c.id),
                summary: item["summaryOverride"]
                    .as_str()
                    .or(item["summary"].as_str())
                    .unwrap_or(&id)
                    .to_string(),
                color: item["backgroundColor"].as_str().map(str::to_string),
                primary: item["primary"].as_bool().unwrap_or(false),
                access_role: item["accessRole"].as_str().unwrap_or("reader").to_string(),
                id,
            });
        }
        match body["nextPageToken"].as_str() {
            Some(next) => page = Some(next.to_string()),
            None => return Ok(out),
        }
    }
}

/// Links the Google calendar `google_calendar_id` to a new local calendar (its name and
/// colour) with sync on; a calendar already linked gets its sync turned on again.
pub fn link(
    conn: &mut Connection,
    actor: &Actor,
    config: &Config,
    google_calendar_id: &str,
) -> Result<LinkedCalendar> {
    let found = calendars(conn, actor, config)?
        .into_iter()
        .find(|c| c.id == google_calendar_id)
        .ok_or_else(|| {
            aio_core::Error::invalid(
                "google_calendar_id",
                format!("the Google account has no calendar \"{google_calendar_id}\""),
            )
        })?;
    if let Some(id) = found.linked_calendar_id {
        return set_sync(conn, actor, id, true);
    }
    let mut input = Row::new();
    input.insert("name".into(), found.summary.clone().into());
    // Google's colours are #rrggbb; anything else gets Google's own blue.
    let color = found
        .color
        .filter(|c| c.len() == 7 && c.starts_with('#'))
        .unwrap_or_else(|| "#4285f4".into());
    input.insert("color".into(), color.into());
    input.insert("google_calendar_id".into(), google_calendar_id.into());
    input.insert("sync_enabled".into(), true.into());
    let row = records::create(conn, actor, &CALENDARS, input)?;
    let id = row_uuid(&row, "id")?;
    linked(conn, actor, false)?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or_else(|| aio_core::Error::not_found("calendars", id).into())
}

/// Turns sync of a linked calendar on or off.
pub fn set_sync(
    conn: &mut Connection,
    actor: &Actor,
    calendar_id: Uuid,
    enabled: bool,
) -> Result<LinkedCalendar> {
    let found = linked(conn, actor, false)?
        .into_iter()
        .find(|c| c.id == calendar_id)
        .ok_or_else(|| {
            aio_core::Error::invalid(
                "calendar_id",
                format!("{calendar_id} is not a calendar linked to Google"),
            )
        })?;
    let mut patch = Row::new();
    patch.insert("sync_enabled".into(), enabled.into());
    records::update(conn, actor, &CALENDARS, calendar_id, patch)?;
    Ok(LinkedCalendar {
        sync_enabled: enabled,
        ..found
    })
}

/// The actor's live calendars linked to Google (only those with sync on when `syncing`).
pub(crate) fn linked(
    conn: &Connection,
    actor: &Actor,
    syncing: bool,
) -> Result<Vec<LinkedCalendar>> {
    let mut stmt = conn.prepare(
        "SELECT c.id, c.name, c.color, c.google_calendar_id, c.sync_enabled, s.last_pull_at, s.last_push_at
         FROM calendars c LEFT JOIN google_sync_state s ON s.calendar_id = c.id
         WHERE c.user_id = ?1 AND c.deleted_at IS NULL AND c.google_calendar_id IS NOT NULL
           AND (?2 = 0 OR c.sync_enabled = 1)
         ORDER BY c.created_at, c.id",
    )?;
    let rows = stmt.query_map(rusqlite::params![actor.user_id.to_string(), syncing], |r| {
        Ok((
            r.get::<_, String>(0)?,
            LinkedCalendar {
                id: Uuid::nil(),
                name: r.get(1)?,
                color: r.get(2)?,
                google_calendar_id: r.get(3)?,
                sync_enabled: r.get(4)?,
                last_pull_at: r.get(5)?,
                last_push_at: r.get(6)?,
            },
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, calendar) = row?;
        out.push(LinkedCalendar {
            id: parse_uuid("calendars.id", &id)?,
            ..calendar
        });
    }
    Ok(out)
}

/// The newest `sync_logs` rows of the actor.
pub(crate) fn recent_logs(
    conn: &Connection,
    actor: &Actor,
    limit: u32,
) -> Result<Vec<SyncLogEntry>> {
    let mut stmt = conn.prepare(
        "SELECT l.id, l.calendar_id, c.name, l.sync_type, l.status, l.events_synced, l.error_message, l.created_at
         FROM sync_logs l LEFT JOIN calendars c ON c.id = l.calendar_id
         WHERE l.user_id = ?1 AND l.deleted_at IS NULL
         ORDER BY l.created_at DESC, l.id DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(rusqlite::params![actor.user_id.to_string(), limit], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?,
            SyncLogEntry {
                id: Uuid::nil(),
                calendar_id: None,
                calendar_name: r.get(2)?,
                sync_type: r.get(3)?,
                status: r.get(4)?,
                events_synced: r.get(5)?,
                error_message: r.get(6)?,
                created_at: r.get(7)?,
            },
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, calendar, entry) = row?;
        out.push(SyncLogEntry {
            id: parse_uuid("sync_logs.id", &id)?,
            calendar_id: calendar
                .map(|c| parse_uuid("sync_logs.calendar_id", &c))
                .transpose()?,
            ..entry
        });
    }
    Ok(out)
}

// --- sync -----------------------------------------------------------------------------------

/// Syncs every linked calendar with sync on: pull, then push. A calendar that fails does
/// not stop the others; its failure is in its run and its `sync_logs` row.
pub fn sync(conn: &mut Connection, actor: &Actor, config: &Config) -> Result<Vec<CalendarRun>> {
    // One run at a time in this process (the app's Sync now and its background worker):
    // two pushes could both send a new event before either records Google's id for it.
    static RUNNING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _running = RUNNING.lock().unwrap_or_else(|p| p.into_inner());
    let mut google = Google::open(conn, actor, config)?;
    let zone = host_zone(conn, actor)?;
    let mut runs = Vec::new();
    for calendar in linked(conn, actor, true)? {
        let mut run = CalendarRun {
            calendar_id: calendar.id,
            name: calendar.name.clone(),
            ..CalendarRun::default()
        };
        let pulled = pull(&mut google, conn, actor, &calendar, &mut run);
        let pull_notes = std::mem::take(&mut run.notes);
        let pull_failed = pulled.as_ref().err().map(ToString::to_string);
        let kind = if run.full { "full" } else { "pull" };
        log(
            conn,
            actor,
            &calendar,
            kind,
            run.pulled,
            &pull_notes,
            pull_failed.as_deref(),
        )?;
        if let Some(error) = pull_failed {
            // Without the pull, a push could overwrite a newer Google change.
            run.notes = pull_notes;
            run.error = Some(error);
            runs.push(run);
            continue;
        }
        let pushed = push(&mut google, conn, actor, &calendar, zone, &mut run);
        let push_failed = pushed.as_ref().err().map(ToString::to_string);
        log(
            conn,
            actor,
            &calendar,
            "push",
            run.pushed,
            &run.notes,
            push_failed.as_deref(),
        )?;
        run.notes.splice(0..0, pull_notes);
        run.error = push_failed;
        runs.push(run);
    }
    Ok(runs)
}

/// One `sync_logs` row: failed when the phase failed, partial when items failed.
fn log(
    conn: &mut Connection,
    actor: &Actor,
    calendar: &LinkedCalendar,
    kind: &str,
    count: i64,
    notes: &[String],
    failure: Option<&str>,
) -> Result<()> {
    let failed_items = notes.iter().any(|n| n.starts_with("failed"));
    let status = match (failure, failed_items) {
        (Some(_), _) => "failed",
        (None, true) => "partial",
        (None, false) => "success",
    };
    let mut message: Vec<&str> = failure.into_iter().collect();
    message.extend(notes.iter().map(String::as_str));
    let mut input = Row::new();
    input.insert("calendar_id".into(), calendar.id.to_string().into());
    input.insert("sync_type".into(), kind.into());
    input.insert("status".into(), status.into());
    input.insert("events_synced".into(), count.into());
    if !message.is_empty() {
        input.insert("error_message".into(), message.join("\n").into());
    }
    records::create(conn, actor, &SYNC_LOGS, input)?;
    Ok(())
}

/// The host's zone (booking settings), in which timed events are sent to Google.
fn host_zone(conn: &Connection, actor: &Actor) -> Result<Tz> {
    let name: Option<String> = conn
        .query_row(
            "SELECT timezone FROM booking_settings WHERE user_id = ?1 AND deleted_at IS NULL
             ORDER BY created_at LIMIT 1",
            [actor.user_id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    Ok(match name {
        Some(name) => aio_core::calendar::slots::zone("booking_settings.timezone", &name)?,
        None => Tz::UTC,
    })
}

fn events_path(calendar: &LinkedCalendar) -> String {
    format!("/calendars/{}/events", encode(&calendar.google_calendar_id))
}

/// A path segment: calendar ids are email-like (`x@group.calendar.google.com`).
fn encode(segment: &str) -> String {
    let mut url = reqwest::Url::parse("http://x/").expect("a constant URL");
    url.path_segments_mut()
        .expect("an http URL has segments")
        .push(segment);
    url.path().trim_start_matches('/').to_string()
}

// --- pull -----------------------------------------------------------------------------------

fn pull(
    google: &mut Google,
    conn: &mut Connection,
    actor: &Actor,
    calendar: &LinkedCalendar,
    run: &mut CalendarRun,
) -> Result<()> {
    let mut sync_token: Option<String> = conn
        .query_row(
            "SELECT sync_token FROM google_sync_state WHERE calendar_id = ?1",
            [calendar.id.to_string()],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    run.full = sync_token.is_none();
    let mut page: Option<String> = None;
    let mut seen = HashSet::new();
    let mut failed = false;
    loop {
        let mut query = vec![
            ("maxResults", PAGE_SIZE.to_string()),
            ("showDeleted", "true".to_string()),
            // Recurring events arrive as their instances, each an event here.
            ("singleEvents", "true".to_string()),
        ];
        if let Some(token) = &sync_token {
            query.push(("syncToken", token.clone()));
        }
        if let Some(token) = &page {
            query.push(("pageToken", token.clone()));
        }
        let body = match google.call(
            conn,
            actor,
            Method::GET,
            &events_path(calendar),
            &query,
            None,
        ) {
            Err(Error::Api { status: 410, .. }) if sync_token.is_some() => {
                run.notes.push(
                    "Google no longer accepts the sync token (410 Gone): listed everything again"
                        .into(),
                );
                sync_token = None;
                run.full = true;
                page = None;
                seen.clear();
                continue;
            }
            other => other?,
        };
        for item in body["items"].as_array().into_iter().flatten() {
            let id = item["id"].as_str().unwrap_or_default().to_string();
            let applied = parse_remote(item).and_then(|remote| {
                let tx = conn.transaction()?;
                let changed = apply(&tx, actor, calendar, &remote, &mut run.notes)?;
                tx.commit()?;
                Ok(changed)
            });
            match applied {
                Ok(changed) => run.pulled += i64::from(changed),
                Err(e) => {
                    failed = true;
                    run.notes
                        .push(format!("failed to take Google event {id}: {e}"));
                }
            }
            if item["status"].as_str() != Some("cancelled") {
                seen.insert(id);
            }
        }
        if let Some(next) = body["nextPageToken"].as_str() {
            page = Some(next.to_string());
            continue;
        }
        let next_sync = body["nextSyncToken"].as_str().map(str::to_string);
        let tx = conn.transaction()?;
        if run.full {
            run.pulled += forget_missing(&tx, actor, calendar, &seen, &mut run.notes)?;
        }
        // An event that could not be taken keeps the old sync token, so the next pull
        // lists it again instead of starting after it.
        tx.execute(
            "INSERT INTO google_sync_state (calendar_id, sync_token, last_pull_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (calendar_id) DO UPDATE SET
               sync_token = CASE WHEN ?4 THEN google_sync_state.sync_token ELSE excluded.sync_token END,
               last_pull_at = excluded.last_pull_at",
            rusqlite::params![
                calendar.id.to_string(),
                if failed { None } else { next_sync },
                crate::timestamp(Utc::now()),
                failed
            ],
        )?;
        tx.commit()?;
        return Ok(());
    }
}

/// A Google event as this module reads it.
struct Remote {
    id: String,
    cancelled: bool,
    updated: DateTime<Utc>,
    fields: Row,
}

fn parse_remote(item: &Value) -> Result<Remote> {
    let id = item["id"]
        .as_str()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| aio_core::Error::invalid("id", "missing"))?
        .to_string();
    let cancelled = item["status"].as_str() == Some("cancelled");
    let updated = item["updated"]
        .as_str()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.with_timezone(&Utc))
        // Google sends `updated` on every event; without one the event is the oldest.
        .unwrap_or(DateTime::<Utc>::MIN_UTC);
    let mut fields = Row::new();
    if !cancelled {
        let (start, all_day) = when(&item["start"], "start")?;
        let (end, _) = when(&item["end"], "end")?;
        let title = item["summary"]
            .as_str()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or("(no title)");
        fields.insert("title".into(), title.into());
        fields.insert("description".into(), item["description"].clone());
        fields.insert("location".into(), item["location"].clone());
        fields.insert("start_time".into(), crate::timestamp(start).into());
        fields.insert("end_time".into(), crate::timestamp(end.max(start)).into());
        fields.insert("all_day".into(), all_day.into());
        let attendees: Vec<Value> = item["attendees"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| {
                let email = a["email"].as_str()?;
                Some(json!({
                    "email": email,
                    "name": a["displayName"].as_str().unwrap_or_default(),
                    "status": a["responseStatus"].as_str().unwrap_or("needsAction"),
                }))
            })
            .collect();
        fields.insert("attendees".into(), attendees.into());
    }
    Ok(Remote {
        id,
        cancelled,
        updated,
        fields,
    })
}

/// `{"date": "2026-12-05"}` (all day: that date at midnight UTC, as all-day events are
/// stored here) or `{"dateTime": RFC 3339 with offset}`.
fn when(value: &Value, field: &str) -> Result<(DateTime<Utc>, bool)> {
    if let Some(date) = value["date"].as_str() {
        let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|e| {
            aio_core::Error::invalid(format!("{field}.date"), format!("\"{date}\": {e}"))
        })?;
        let midnight = day.and_hms_opt(0, 0, 0).expect("midnight exists");
        return Ok((midnight.and_utc(), true));
    }
    if let Some(text) = value["dateTime"].as_str() {
        let t = DateTime::parse_from_rfc3339(text).map_err(|e| {
            aio_core::Error::invalid(format!("{field}.dateTime"), format!("\"{text}\": {e}"))
        })?;
        return Ok((t.with_timezone(&Utc), false));
    }
    Err(aio_core::Error::invalid(field, "has neither date nor dateTime").into())
}

/// The local event with this Google id in this calendar, and its link.
struct Local {
    id: Uuid,
    title: String,
    updated_at: DateTime<Utc>,
    deleted: bool,
    /// (google_updated, local_updated_at) when this device has synced it before.
    link: Option<(DateTime<Utc>, DateTime<Utc>)>,
}

impl Local {
    /// Changed here since this device last synced it.
    fn dirty(&self) -> bool {
        self.link.is_none_or(|(_, local)| self.updated_at > local)
    }
}

/// id, title, updated_at, deleted, google_updated, local_updated_at.
type LocalRow = (String, String, String, bool, Option<String>, Option<String>);

fn find_local(
    tx: &Transaction,
    calendar: &LinkedCalendar,
    google_id: &str,
) -> Result<Option<Local>> {
    let row: Option<LocalRow> = tx
        .query_row(
            "SELECT e.id, e.title, e.updated_at, e.deleted_at IS NOT NULL, l.google_updated, l.local_updated_at
             FROM events e LEFT JOIN google_event_links l ON l.event_id = e.id
             WHERE e.calendar_id = ?1 AND e.google_event_id = ?2
             ORDER BY e.deleted_at IS NOT NULL, e.created_at LIMIT 1",
            [calendar.id.to_string(), google_id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .optional()?;
    let Some((id, title, updated_at, deleted, google_updated, local_updated)) = row else {
        return Ok(None);
    };
    let link = match (google_updated, local_updated) {
        (Some(g), Some(l)) => Some((parse_time(&g)?, parse_time(&l)?)),
        _ => None,
    };
    Ok(Some(Local {
        id: parse_uuid("events.id", &id)?,
        title,
        updated_at: parse_time(&updated_at)?,
        deleted,
        link,
    }))
}

/// Takes one Google event; `true` when it changed something here.
fn apply(
    tx: &Transaction,
    actor: &Actor,
    calendar: &LinkedCalendar,
    remote: &Remote,
    notes: &mut Vec<String>,
) -> Result<bool> {
    let local = find_local(tx, calendar, &remote.id)?;
    let Some(local) = local else {
        if remote.cancelled {
            return Ok(false);
        }
        let mut input = remote.fields.clone();
        input.insert("calendar_id".into(), calendar.id.to_string().into());
        input.insert("google_event_id".into(), remote.id.clone().into());
        input.insert("status".into(), "confirmed".into());
        let row = records::create_in(tx, actor, &EVENTS, input, None)?;
        let id = row_uuid(&row, "id")?;
        set_link(
            tx,
            id,
            calendar,
            &remote.id,
            remote.updated,
            row_time(&row)?,
        )?;
        return Ok(true);
    };
    let title = &local.title;
    if local.link.is_some_and(|(seen, _)| remote.updated <= seen) {
        return Ok(false); // nothing new (often our own push coming back)
    }
    let local_wins = local.dirty() && local.updated_at > remote.updated;
    if remote.cancelled {
        if local.deleted {
            forget_link(tx, local.id)?;
            return Ok(false);
        }
        if local_wins {
            notes.push(format!(
                "conflict: \"{title}\" was deleted in Google at {} but edited here later at {}; the local event stays and goes to Google as a new event",
                crate::timestamp(remote.updated), crate::timestamp(local.updated_at)
            ));
            let mut patch = Row::new();
            patch.insert("google_event_id".into(), Value::Null);
            records::update_in(tx, actor, &EVENTS, local.id, patch, None)?;
            forget_link(tx, local.id)?;
            return Ok(false);
        }
        if local.dirty() {
            notes.push(format!(
                "conflict: the local edit of \"{title}\" at {} was lost: the event was deleted in Google later, at {}",
                crate::timestamp(local.updated_at), crate::timestamp(remote.updated)
            ));
        }
        records::set_deleted_in(tx, actor, &EVENTS, local.id, true, None)?;
        forget_link(tx, local.id)?;
        return Ok(true);
    }
    if local_wins {
        let what = if local.deleted { "deletion" } else { "edit" };
        notes.push(format!(
            "conflict: Google's edit of \"{title}\" at {} was lost to the later local {what} at {}",
            crate::timestamp(remote.updated),
            crate::timestamp(local.updated_at)
        ));
        // Seen, so the push sends the local version (or the deletion) over it.
        let local_seen = local.link.map_or(DateTime::<Utc>::MIN_UTC, |(_, l)| l);
        set_link(
            tx,
            local.id,
            calendar,
            &remote.id,
            remote.updated,
            local_seen,
        )?;
        return Ok(false);
    }
    if local.dirty() {
        let what = if local.deleted { "deletion" } else { "edit" };
        notes.push(format!(
            "conflict: the local {what} of \"{title}\" at {} was lost to Google's later edit at {}",
            crate::timestamp(local.updated_at),
            crate::timestamp(remote.updated)
        ));
    }
    if local.deleted {
        records::set_deleted_in(tx, actor, &EVENTS, local.id, false, None)?;
    }
    let row = records::update_in(tx, actor, &EVENTS, local.id, remote.fields.clone(), None)?;
    set_link(
        tx,
        local.id,
        calendar,
        &remote.id,
        remote.updated,
        row_time(&row)?,
    )?;
    Ok(true)
}

/// After a full list: linked events Google no longer has are deleted here, unless they
/// changed here since (then they go to Google again as new events).
fn forget_missing(
    tx: &Transaction,
    actor: &Actor,
    calendar: &LinkedCalendar,
    seen: &HashSet<String>,
    notes: &mut Vec<String>,
) -> Result<i64> {
    let mut stmt = tx.prepare(
        "SELECT e.id, e.google_event_id FROM events e
         WHERE e.calendar_id = ?1 AND e.deleted_at IS NULL AND e.google_event_id IS NOT NULL",
    )?;
    let gone: Vec<(String, String)> = stmt
        .query_map([calendar.id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?
        .filter(|r| r.as_ref().map_or(true, |(_, g)| !seen.contains(g)))
        .collect::<rusqlite::Result<_>>()?;
    drop(stmt);
    let mut count = 0;
    for (_, google_id) in gone {
        let Some(local) = find_local(tx, calendar, &google_id)? else {
            continue;
        };
        if local.dirty() {
            notes.push(format!(
                "\"{}\" is no longer in Google but was edited here; it goes to Google as a new event",
                local.title
            ));
            let mut patch = Row::new();
            patch.insert("google_event_id".into(), Value::Null);
            records::update_in(tx, actor, &EVENTS, local.id, patch, None)?;
        } else {
            records::set_deleted_in(tx, actor, &EVENTS, local.id, true, None)?;
            count += 1;
        }
        forget_link(tx, local.id)?;
    }
    Ok(count)
}

fn set_link(
    tx: &Transaction,
    event_id: Uuid,
    calendar: &LinkedCalendar,
    google_id: &str,
    google_updated: DateTime<Utc>,
    local_updated: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO google_event_links (event_id, calendar_id, google_event_id, google_updated, local_updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (event_id) DO UPDATE SET google_event_id = excluded.google_event_id,
           google_updated = excluded.google_updated, local_updated_at = excluded.local_updated_at",
        [
            event_id.to_string(),
            calendar.id.to_string(),
            google_id.to_string(),
            crate::timestamp(google_updated),
            crate::timestamp(local_updated),
        ],
    )?;
    Ok(())
}

fn forget_link(tx: &Transaction, event_id: Uuid) -> Result<()> {
    tx.execute(
        "DELETE FROM google_event_links WHERE event_id = ?1",
        [event_id.to_string()],
    )?;
    Ok(())
}

// --- push -----------------------------------------------------------------------------------

/// A local event to send.
struct Outgoing {
    id: Uuid,
    title: String,
    google_id: Option<String>,
    deleted: bool,
    updated_at: String,
    body: Value,
}

fn push(
    google: &mut Google,
    conn: &mut Connection,
    actor: &Actor,
    calendar: &LinkedCalendar,
    zone: Tz,
    run: &mut CalendarRun,
) -> Result<()> {
    for event in outgoing(conn, calendar, zone)? {
        let path = match &event.google_id {
            Some(id) => format!("{}/{}", events_path(calendar), encode(id)),
            None => events_path(calendar),
        };
        let sent = if event.deleted {
            match google.call(conn, actor, Method::DELETE, &path, &[], None) {
                // Already gone there: the same outcome.
                Err(Error::Api {
                    status: 404 | 410, ..
                }) => Ok(Value::Null),
                other => other,
            }
        } else if event.google_id.is_some() {
            google.call(conn, actor, Method::PATCH, &path, &[], Some(&event.body))
        } else {
            google.call(conn, actor, Method::POST, &path, &[], Some(&event.body))
        };
        let answer = match sent {
            Ok(answer) => answer,
            Err(e @ Error::Api { .. }) => {
                run.notes
                    .push(format!("failed to send \"{}\" to Google: {e}", event.title));
                continue;
            }
            Err(e) => return Err(e),
        };
        let tx = conn.transaction()?;
        if event.deleted {
            forget_link(&tx, event.id)?;
        } else {
            // Google took the event but named no id: noted, and retried on the next run.
            let Some(google_id) = answer["id"].as_str().map(str::to_string) else {
                run.notes.push(format!(
                    "failed to send \"{}\" to Google: its answer has no event id",
                    event.title
                ));
                continue;
            };
            let google_updated = answer["updated"]
                .as_str()
                .map(parse_time)
                .transpose()?
                .unwrap_or_else(Utc::now);
            let mut local_updated = parse_time(&event.updated_at)?;
            if event.google_id.is_none() {
                let mut patch = Row::new();
                patch.insert("google_event_id".into(), google_id.clone().into());
                let row = records::update_in(&tx, actor, &EVENTS, event.id, patch, None)?;
                local_updated = row_time(&row)?;
            }
            set_link(
                &tx,
                event.id,
                calendar,
                &google_id,
                google_updated,
                local_updated,
            )?;
        }
        tx.commit()?;
        run.pushed += 1;
    }
    conn.execute(
        "INSERT INTO google_sync_state (calendar_id, last_push_at) VALUES (?1, ?2)
         ON CONFLICT (calendar_id) DO UPDATE SET last_push_at = excluded.last_push_at",
        [calendar.id.to_string(), crate::timestamp(Utc::now())],
    )?;
    Ok(())
}

/// Events of the calendar changed here since last synced: new or edited live ones, and
/// deleted ones Google still has.
fn outgoing(conn: &Connection, calendar: &LinkedCalendar, zone: Tz) -> Result<Vec<Outgoing>> {
    let mut stmt = conn.prepare(
        "SELECT e.id, e.title, e.description, e.location, e.start_time, e.end_time, e.all_day,
                e.google_event_id, e.deleted_at IS NOT NULL, e.updated_at
         FROM events e LEFT JOIN google_event_links l ON l.event_id = e.id
         WHERE e.calendar_id = ?1 AND (
               (e.deleted_at IS NULL AND (l.event_id IS NULL OR e.updated_at > l.local_updated_at))
            OR (e.deleted_at IS NOT NULL AND l.event_id IS NOT NULL))
         ORDER BY e.created_at, e.id",
    )?;
    let rows = stmt.query_map([calendar.id.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, bool>(6)?,
            r.get::<_, Option<String>>(7)?,
            r.get::<_, bool>(8)?,
            r.get::<_, String>(9)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, title, description, location, start, end, all_day, google_id, deleted, updated_at) =
            row?;
        let (start, end) = (parse_time(&start)?, parse_time(&end)?);
        let (start, end) = if all_day {
            // Dates; Google's end date is exclusive, as ours is.
            let first = start.date_naive();
            let last = (end - Duration::seconds(1)).date_naive().max(first);
            (
                json!({ "date": first.to_string() }),
                json!({ "date": (last + Duration::days(1)).to_string() }),
            )
        } else {
            let at = |t: DateTime<Utc>| {
                json!({
                    "dateTime": t.with_timezone(&zone).to_rfc3339(),
                    "timeZone": zone.name(),
                })
            };
            (at(start), at(end))
        };
        out.push(Outgoing {
            id: parse_uuid("events.id", &id)?,
            body: json!({
                "summary": title,
                "description": description,
                "location": location,
                "start": start,
                "end": end,
            }),
            title,
            google_id,
            deleted,
            updated_at,
        });
    }
    Ok(out)
}

// --- small helpers --------------------------------------------------------------------------

fn parse_uuid(field: &str, text: &str) -> Result<Uuid> {
    Uuid::parse_str(text).map_err(|e| aio_core::Error::invalid(field, e.to_string()).into())
}

fn parse_time(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| aio_core::Error::invalid("updated", format!("\"{text}\": {e}")).into())
}

fn row_uuid(row: &Row, field: &str) -> Result<Uuid> {
    parse_uuid(
        field,
        row.get(field).and_then(Value::as_str).unwrap_or_default(),
    )
}

fn row_time(row: &Row) -> Result<DateTime<Utc>> {
    parse_time(
        row.get("updated_at")
            .and_then(Value::as_str)
            .unwrap_or_default(),
    )
}
