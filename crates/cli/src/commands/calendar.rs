//! The calendar module's commands: a calendar as an iCalendar file, a booking type's free
//! slots.

use std::path::PathBuf;

use aio_core::calendar::slots;
use anyhow::{Context as _, Result};
use clap::Subcommand;

use super::Context;

#[derive(Subcommand)]
pub enum Command {
    /// A calendar and its events as an iCalendar (.ics) file
    Ics {
        /// The calendar's id
        #[arg(long)]
        calendar: uuid::Uuid,
        /// Write to this file instead of standard output
        #[arg(long, value_name = "FILE.ics")]
        out: Option<PathBuf>,
    },
    /// Free slots of a booking type, one start per line (RFC 3339 in --tz) or as JSON
    Slots {
        /// The booking type's slug
        #[arg(long = "booking-type", value_name = "SLUG")]
        booking_type: String,
        /// First local date, YYYY-MM-DD
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: String,
        #[arg(long, default_value_t = 7)]
        days: u32,
        /// The visitor's time zone (IANA name, e.g. Europe/Berlin)
        #[arg(long, value_name = "ZONE")]
        tz: String,
        /// Compute as of this moment instead of now (minimum notice, how far ahead)
        #[arg(long, value_name = "RFC3339")]
        now: Option<String>,
        /// Print a JSON array
        #[arg(long)]
        json: bool,
    },
}

pub fn run(context: &Context, command: Command) -> Result<()> {
    match command {
        Command::Ics { calendar, out } => {
            let (conn, actor) = context.open()?;
            let file = aio_core::calendar::ics::calendar(&conn, &actor, calendar)?;
            match out {
                Some(out) => std::fs::write(&out, file)
                    .with_context(|| format!("cannot write {}", out.display()))?,
                None => print!("{file}"),
            }
        }
        Command::Slots {
            booking_type,
            from,
            days,
            tz,
            now,
            json,
        } => {
            let (conn, actor) = context.open()?;
            let request = slots::SlotRequest {
                from: chrono::NaiveDate::parse_from_str(&from, "%Y-%m-%d").map_err(|_| {
                    anyhow::anyhow!("--from: \"{from}\" is not a date (YYYY-MM-DD)")
                })?,
                days,
                tz: slots::zone("--tz", &tz)?,
                now: match now {
                    Some(now) => chrono::DateTime::parse_from_rfc3339(&now)
                        .map_err(|_| anyhow::anyhow!("--now: \"{now}\" is not an RFC 3339 time"))?
                        .with_timezone(&chrono::Utc),
                    None => chrono::Utc::now(),
                },
            };
            let starts: Vec<String> = slots::slots(&conn, &actor, &booking_type, &request)?
                .iter()
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
                .collect();
            if json {
                println!("{}", serde_json::to_string(&starts)?);
            } else {
                for start in &starts {
                    println!("{start}");
                }
                if starts.is_empty() {
                    eprintln!("no free slot of \"{booking_type}\" in those {days} days");
                }
            }
        }
    }
    Ok(())
}
