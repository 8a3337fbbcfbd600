//! # calendar
//!
//! Calendars, events, booking types with their availability, booking settings and the
//! Google Calendar link: free slots and iCalendar files.

pub mod demo;
pub mod tables;
pub mod ics;
pub mod slots;

/// The module as the registry sees it.
pub static MODULE: crate::schema::Module = crate::schema::Module {
    name: "calendar",
    tables: tables::CALENDAR_TABLES,
    record_types: tables::calendar_record_types,
    demo: demo::generate,
    enum_types: tables::calendar_enum_types,
};
