//! `aio-crm google`: Google Calendar, connected in the browser (tokens in the OS
//! keyring), its calendars linked and synced both ways.

use anyhow::{bail, Result};
use clap::Subcommand;
use uuid::Uuid;

use super::Context;

#[derive(Subcommand)]
pub enum Command {
    /// Google Calendar: connect (OAuth in the browser, tokens in the OS keyring), pick
    /// calendars, sync both ways. Set AIO_GOOGLE_CLIENT_ID (and AIO_GOOGLE_CLIENT_SECRET)
    Google {
        #[command(subcommand)]
        action: GoogleAction,
    },
}

#[derive(Subcommand)]
pub enum GoogleAction {
    /// Sign in to Google in the browser (prints the URL and opens it)
    Connect {
        /// Give up waiting for the browser after this many seconds
        #[arg(long, default_value_t = 300)]
        timeout: u64,
        /// Only print the URL, do not open a browser
        #[arg(long)]
        no_browser: bool,
    },
    /// The Google account's calendars (linked ones marked with their local calendar id)
    Calendars,
    /// Link a Google calendar (by id, e.g. "primary") to a new local calendar and sync it
    Link { google_calendar_id: String },
    /// Turn sync of a linked calendar off (or on again with --on)
    Unlink {
        /// The local calendar's id
        calendar: Uuid,
        #[arg(long)]
        on: bool,
    },
    /// Sync every linked calendar: pull from Google, then push local changes
    Sync,
    /// Connection, expiry, linked calendars and the latest sync logs (JSON)
    Status,
    /// Forget the connection: tokens leave the keyring (linked calendars stay)
    Disconnect,
}

pub fn run(context: &Context, command: Command) -> Result<()> {
    let Command::Google { action } = command;
    let (mut conn, actor) = context.open()?;
    let config = aio_google::Config::from_env();
    match action {
        GoogleAction::Connect {
            timeout,
            no_browser,
        } => {
            let pending = aio_google::begin(&conn, &config)?;
            println!("Sign in to Google in your browser:\n{}", pending.url);
            if !no_browser {
                if let Err(e) = aio_google::open_browser(&pending.url) {
                    eprintln!("could not open a browser ({e}); open the URL above yourself");
                }
            }
            let status = aio_google::finish(
                &mut conn,
                &actor,
                &config,
                pending,
                std::time::Duration::from_secs(timeout),
            )?;
            println!(
                "connected to Google Calendar (token valid until {}); next: aio-crm google calendars",
                status.token_expiry.unwrap_or_default()
            );
        }
        GoogleAction::Calendars => {
            for c in aio_google::calendars(&mut conn, &actor, &config)? {
                let linked = c
                    .linked_calendar_id
                    .map(|id| format!("linked to {id}"))
                    .unwrap_or_else(|| "not linked".into());
                let primary = if c.primary { " (primary)" } else { "" };
                println!("{}\t{}{primary}\t{linked}", c.id, c.summary);
            }
        }
        GoogleAction::Link { google_calendar_id } => {
            let c = aio_google::link(&mut conn, &actor, &config, &google_calendar_id)?;
            println!(
                "{} linked as calendar {} ({}); sync is on",
                c.google_calendar_id, c.id, c.name
            );
        }
        GoogleAction::Unlink { calendar, on } => {
            let c = aio_google::set_sync(&mut conn, &actor, calendar, on)?;
            println!("sync of {} is {}", c.name, if on { "on" } else { "off" });
        }
        GoogleAction::Sync => {
            let runs = aio_google::sync(&mut conn, &actor, &config)?;
            if runs.is_empty() {
                println!("no linked calendar has sync on (aio-crm google link ID)");
            }
            let mut failed = false;
            for run in &runs {
                println!(
                    "{}: pulled {}{}, pushed {}",
                    run.name,
                    run.pulled,
                    if run.full { " (full)" } else { "" },
                    run.pushed
                );
                for note in &run.notes {
                    println!("  {note}");
                }
                if let Some(error) = &run.error {
                    eprintln!("  error: {error}");
                    failed = true;
                }
            }
            if failed {
                bail!("some calendars did not sync");
            }
        }
        GoogleAction::Status => println!(
            "{}",
            serde_json::to_string_pretty(&aio_google::status(&conn, &actor)?)?
        ),
        GoogleAction::Disconnect => {
            if aio_google::disconnect(&mut conn, &actor)? {
                println!("disconnected from Google; the tokens are gone from the keyring");
            } else {
                println!("not connected");
            }
        }
    }
    Ok(())
}
