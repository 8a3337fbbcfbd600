//! The calendar module's tables, declared as [`crate::schema`] describes.

use chrono::{NaiveDate, NaiveTime};
use crate::schema::{Decimal, Timestamp, Scope, Rules, OnConflict, Ordered, Unique};
use serde_json::Value;
use uuid::Uuid;

use crate::modules::team::tables::MEMBERSHIP;

crate::string_enum! {
    enum_types: calendar_enum_types;

    /// State of a calendar event or booking.
    EventStatus {
        Scheduled = "scheduled",
        Confirmed = "confirmed",
        Cancelled = "cancelled",
        Completed = "completed",
        NoShow = "no_show",
    }

    /// Direction of a calendar sync.
    SyncType {
        Push = "push",
        Pull = "pull",
        Full = "full",
    }

    /// Outcome of a calendar sync.
    SyncStatus {
        Success = "success",
        Failed = "failed",
        Partial = "partial",
    }
}

/// An event ends at or after its start; availability ends after its start or at midnight
/// (migration V10's triggers), and a merge is put back in order the same way.
static EVENT_RULES: Rules = Rules {
    ordered: &[Ordered { start: "start_time", end: "end_time", strict: false, open_ends: &[] }],
    ..Rules::PLAIN
};
static HOURS_RULES: Rules = Rules {
    ordered: &[Ordered { start: "start_time", end: "end_time", strict: true, open_ends: &["00:00:00", "00:00"] }],
    ..Rules::PLAIN
};

static BOOKING_TYPE_RULES: Rules = Rules {
    unique: &[Unique { scope: &[], column: "slug", ignore_case: false, on_conflict: OnConflict::Rename { separator: '-' } }],
    ..Rules::PLAIN
};

crate::tables! {
    list: CALENDAR_TABLES, record_types: calendar_record_types;

    /// Spec §8: a user's calendars.
    Calendar CALENDARS = "calendars" {
        scope: Scope::MemberOwned { owner: "user_id", membership: &MEMBERSHIP },
        client_reads: true,
    } {
        id: Uuid,
        user_id: Uuid [fk = "users", actor],
        name: String,
        color: String [colour],
        is_default: bool [default],
        is_visible: bool [default],
        google_calendar_id: Option<String>,
        sync_enabled: bool [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §9: calendar events, appointments and bookings.
    Event EVENTS = "events" {
        scope: Scope::Parent { column: "calendar_id", table: "calendars" },
        client_reads: true,
        rules: &EVENT_RULES,
    } {
        id: Uuid,
        calendar_id: Uuid [fk = "calendars"],
        user_id: Uuid [fk = "users", actor],
        contact_id: Option<Uuid> [fk = "contacts"],
        booking_type_id: Option<Uuid> [fk = "booking_types"],
        title: String,
        description: Option<String> [collaborative],
        start_time: Timestamp,
        end_time: Timestamp,
        all_day: bool [default],
        location: Option<String>,
        meeting_url: Option<String> [url],
        attendees: Vec<Value> [default],
        status: EventStatus [default],
        google_event_id: Option<String>,
        guest_email: Option<String> [email],
        guest_name: Option<String>,
        guest_phone: Option<String>,
        notes: Option<String> [collaborative],
        reminder_sent: bool [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §10: bookable meeting types, each with a public slug.
    BookingType BOOKING_TYPES = "booking_types" {
        scope: Scope::MemberOwned { owner: "user_id", membership: &MEMBERSHIP },
        client_reads: true,
        rules: &BOOKING_TYPE_RULES,
    } {
        id: Uuid,
        user_id: Uuid [fk = "users", actor],
        name: String,
        slug: String [slug],
        description: String [collaborative],
        duration_minutes: i64,
        buffer_before_minutes: i64 [default],
        buffer_after_minutes: i64 [default],
        color: String [colour],
        is_active: bool [default],
        price: Option<Decimal> [money],
        location: Option<String>,
        questions: Vec<Value> [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
        minimum_notice_minutes: i64 [default],
        booking_window_days: i64 [default],
        slot_interval_minutes: Option<i64>,
        daily_limit: Option<i64>,
        meeting_url: Option<String> [url],
    }

    /// Spec §11: weekly availability of a user (optionally per booking type).
    AvailabilityRule AVAILABILITY_RULES = "availability_rules" {
        scope: Scope::MemberOwned { owner: "user_id", membership: &MEMBERSHIP },
        client_reads: true,
        rules: &HOURS_RULES,
    } {
        id: Uuid,
        user_id: Uuid [fk = "users", actor],
        booking_type_id: Option<Uuid> [fk = "booking_types"],
        day_of_week: i64,
        start_time: NaiveTime,
        end_time: NaiveTime,
        is_available: bool [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §12: one-off changes to a user's availability on a date.
    AvailabilityException AVAILABILITY_EXCEPTIONS = "availability_exceptions" {
        scope: Scope::MemberOwned { owner: "user_id", membership: &MEMBERSHIP },
        client_reads: true,
        rules: &HOURS_RULES,
    } {
        id: Uuid,
        user_id: Uuid [fk = "users", actor],
        date: NaiveDate,
        start_time: Option<NaiveTime>,
        end_time: Option<NaiveTime>,
        is_available: bool [default],
        reason: Option<String>,
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §13: look of a user's public booking page.
    BookingSettings BOOKING_SETTINGS = "booking_settings" {
        scope: Scope::MemberOwned { owner: "user_id", membership: &MEMBERSHIP },
        client_reads: true,
    } {
        id: Uuid,
        user_id: Uuid [fk = "users", actor],
        booking_page_title: String,
        booking_page_subtitle: Option<String>,
        logo_url: Option<String> [url],
        background_url: Option<String> [url],
        background_color: String [colour],
        primary_color: String [colour],
        text_color: String [colour],
        timezone: String,
        confirmation_redirect_url: Option<String> [url],
        custom_css: Option<String>,
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §14: a user's Google Calendar connection; the tokens themselves stay hidden.
    GoogleCalendarToken GOOGLE_CALENDAR_TOKENS = "google_calendar_tokens" {
        scope: Scope::Private { owner: "user_id" },
        hidden: ["access_token", "refresh_token"],
    } {
        id: Uuid,
        user_id: Uuid [fk = "users", actor],
        token_expiry: Timestamp,
        scope: String,
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §15: history of calendar syncs.
    SyncLog SYNC_LOGS = "sync_logs" {
        scope: Scope::MemberOwned { owner: "user_id", membership: &MEMBERSHIP },
    } {
        id: Uuid,
        user_id: Uuid [fk = "users", actor],
        calendar_id: Option<Uuid> [fk = "calendars"],
        sync_type: SyncType,
        status: SyncStatus,
        events_synced: i64 [default],
        error_message: Option<String>,
        created_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }
}
