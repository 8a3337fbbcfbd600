//! Demo rows of the calendar module (see [`crate::demo`]).

use chrono::Duration;
use rand::Rng;
use serde_json::json;

use crate::demo::{Demo, Gen, row};
use crate::error::Result;
use super::tables::{AVAILABILITY_EXCEPTIONS, AVAILABILITY_RULES, BOOKING_SETTINGS, BOOKING_TYPES, CALENDARS, EVENTS, SYNC_LOGS};
use crate::values::timestamp_text;

/// Writes this module's demo rows.
pub fn generate(d: &mut Demo, g: &mut Gen) -> Result<()> {
    let team = d.team.clone();
    let contacts = d.contacts.clone();
    let org_tag = d.org_tag.clone();

    // Calendar: calendars, booking types, availability, events, settings, sync logs.
    let mut calendars = Vec::new();
    let mut calendar_rows = Vec::new();
    for (i, user) in team.iter().take(6).enumerate() {
        let id = g.id();
        calendar_rows.push(row(json!({
            "id": id, "user_id": user, "name": if i == 0 { "My calendar".to_string() } else { format!("{} calendar", d.team_names[i - 1]) },
            "color": (["#3b82f6", "#22c55e", "#f97316", "#a855f7", "#ec4899", "#14b8a6"][i]), "is_default": true,
            "is_visible": true, "sync_enabled": false,
        })));
        calendars.push((id, user.clone()));
    }
    d.put(&CALENDARS, calendar_rows)?;
    let booking_specs = [
        ("Free strategy call", "strategy-call", 30, "0"),
        ("Website review", "website-review", 45, "0"),
        ("SEO workshop", "seo-workshop", 90, "249.00"),
    ];
    let mut booking_types = Vec::new();
    let mut booking_rows = Vec::new();
    for (name, slug, minutes, price) in booking_specs {
        let id = g.id();
        booking_rows.push(row(json!({
            "id": id, "name": name, "slug": format!("{slug}-{org_tag}"), "description": format!("{name} with our team."),
            "duration_minutes": minutes, "buffer_before_minutes": 5, "buffer_after_minutes": 10, "color": "#3b82f6",
            "is_active": true, "price": price, "location": "Google Meet",
            "questions": [{ "label": "What would you like to discuss?", "type": "textarea", "required": true }],
        })));
        booking_types.push(id);
    }
    d.put(&BOOKING_TYPES, booking_rows)?;
    let mut rules = Vec::new();
    for day in 1..=5 {
        rules.push(row(json!({ "day_of_week": day, "start_time": "09:00", "end_time": "12:00", "is_available": true })));
        rules.push(row(json!({ "day_of_week": day, "start_time": "13:00", "end_time": "17:00", "is_available": true })));
    }
    d.put(&AVAILABILITY_RULES, rules)?;
    let exceptions = vec![
        row(
            json!({ "date": (g.today + Duration::days(12)).to_string(), "is_available": false, "reason": "Team offsite" }),
        ),
        row(
            json!({ "date": (g.today + Duration::days(20)).to_string(), "start_time": "18:00", "end_time": "20:00", "is_available": true, "reason": "Evening slots for webinar week" }),
        ),
    ];
    d.put(&AVAILABILITY_EXCEPTIONS, exceptions)?;
    d.put(&BOOKING_SETTINGS,
        vec![row(json!({
            "booking_page_title": "Book a call with Brightleaf Marketing", "booking_page_subtitle": "Pick a time that suits you",
            "background_color": "#f8fafc", "primary_color": "#2563eb", "text_color": "#0f172a", "timezone": "America/New_York",
        }))],
    )?;
    let event_count = (d.contacts_wanted / 20).clamp(40, 5000);
    let mut events = Vec::with_capacity(event_count);
    for _ in 0..event_count {
        let (calendar_id, user) = calendars[g.rng.gen_range(0..calendars.len())].clone();
        // Within office hours (09:00-16:30 from the anchor's 09:00), 60 days either side.
        let start = g.anchor
            + Duration::days(g.rng.gen_range(-60..60))
            + Duration::minutes(30 * g.rng.gen_range(0..16));
        let minutes = g.pick(&[30i64, 45, 60]);
        let contact = g
            .chance(0.7)
            .then(|| contacts[g.rng.gen_range(0..contacts.len().max(1))].clone())
            .filter(|_| !contacts.is_empty());
        let past = start < g.anchor;
        events.push(row(json!({
            "calendar_id": calendar_id, "user_id": user, "contact_id": contact,
            "booking_type_id": g.chance(0.4).then(|| g.pick(&booking_types)),
            "title": g.pick(&["Strategy call", "Website review", "Monthly report walkthrough", "Kick-off meeting", "Ad campaign review"]),
            "start_time": timestamp_text(start), "end_time": timestamp_text(start + Duration::minutes(minutes)),
            "all_day": false, "location": "Google Meet", "meeting_url": "https://meet.example.com/abc-defg-hij",
            "attendees": [], "status": if past { g.pick(&["completed", "completed", "no_show", "cancelled"]) } else { g.pick(&["scheduled", "confirmed"]) },
            "reminder_sent": past,
        })));
    }
    d.put(&EVENTS, events)?;
    d.put(&SYNC_LOGS,
        vec![
            row(
                json!({ "calendar_id": calendars[0].0, "sync_type": "full", "status": "success", "events_synced": 12, "created_at": g.past(30) }),
            ),
            row(
                json!({ "calendar_id": calendars[0].0, "sync_type": "pull", "status": "partial", "events_synced": 3, "error_message": "2 events skipped: recurring exceptions", "created_at": g.past(3) }),
            ),
        ],
    )?;

    Ok(())
}
