//! The time domain code reads. The apps run on the system clock; tests and dry runs give
//! the actor a fixed instant, so every timestamp a write stores is known in advance.

use chrono::Utc;

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
            Clock::System => Utc::now(),
            Clock::Fixed(at) => at,
        }
    }
}
