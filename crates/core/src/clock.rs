//! The time domain code reads. The apps run on the system clock; tests and dry runs give
//! the actor a fixed instant, so every timestamp a write stores is known in advance.
//!
//! `AIO_CLOCK_OFFSET_MINUTES` (read once, at start) shifts the system clock of the process
//! by that many minutes: an operator rehearses what time-based work (an automation's
//! waits, reminders) does tomorrow on a copy of their data; the end-to-end test of the
//! automations builder starts the app a day ahead the same way.

use std::sync::OnceLock;

use chrono::{Duration, Utc};

use crate::schema::Timestamp;

/// Where "now" comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Clock {
    /// The operating system's clock.
    #[default]
    System,
    /// Always this instant.
    Fixed(Timestamp),
}

impl Clock {
    pub fn now(self) -> Timestamp {
        match self {
            Clock::System => Utc::now() + offset(),
            Clock::Fixed(at) => at,
        }
    }
}

/// The shift of the system clock set by `AIO_CLOCK_OFFSET_MINUTES` (none when unset or
/// not a whole number of minutes).
pub fn offset() -> Duration {
    static OFFSET: OnceLock<Duration> = OnceLock::new();
    *OFFSET.get_or_init(|| {
        std::env::var("AIO_CLOCK_OFFSET_MINUTES")
            .ok()
            .and_then(|m| m.trim().parse::<i64>().ok())
            .filter(|m| m.abs() <= 10 * 365 * 24 * 60)
            .map(Duration::minutes)
            .unwrap_or_else(Duration::zero)
    })
}
