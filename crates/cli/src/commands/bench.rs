//! `aio-crm bench`: timing figures of the CRM screens' queries, the slot engine, sync and
//! a public booking page and a public form, each beside a plain baseline or its target.

mod automations;
mod forms;
mod invoices;
mod pipelines;
mod server;
mod soak;
mod suites;
mod sync;
mod workspaces;

use anyhow::Result;
use clap::Subcommand;

use super::Context;

#[derive(Subcommand)]
pub enum Command {
    /// Print timing figures of the CRM screens' queries, each beside a plain-SQLite baseline
    Bench {
        #[command(subcommand)]
        suite: BenchSuite,
    },
}

#[derive(Subcommand)]
pub enum BenchSuite {
    /// Contact lists, full-text search and counts (run `aio-crm demo --contacts 100000` first)
    Crm {
        #[arg(long, default_value_t = 200)]
        runs: usize,
        /// Skip timing a CSV import of every contact (into temporary copies of the database)
        #[arg(long)]
        no_import: bool,
    },
    /// The booking slot engine: 60 days with 2,000 events (in a temporary database)
    Slots {
        #[arg(long, default_value_t = 200)]
        runs: usize,
    },
    /// Sync: edit overhead, bootstrap of a new device, edit-to-visible latency, server
    /// throughput (on copies of the database, against a server started for the run)
    Sync {
        #[arg(long, default_value_t = 100)]
        runs: usize,
        /// Devices pushing at once in the throughput runs (one run per number: 50,200)
        #[arg(long, value_delimiter = ',', default_value = "50")]
        clients: Vec<usize>,
        /// The server's storages to compare, in one run: sqlite, postgres (one process),
        /// postgres2 (two processes on one database, devices spread over both)
        #[arg(long, value_delimiter = ',', default_value = "sqlite")]
        storage: Vec<sync::Storage>,
        /// A PostgreSQL server (any database on it): each postgres run makes a new database
        /// there and drops it afterwards
        #[arg(long, value_name = "URL")]
        database: Option<String>,
    },
    /// A public form through `aio-crm serve` on loopback, over an organisation with
    /// --contacts demo contacts: the page's p50/p99 and submissions per second (needs the
    /// OS keyring, as `bench sync`)
    Forms {
        #[arg(long, default_value_t = 100_000)]
        contacts: usize,
        /// Page views timed
        #[arg(long, default_value_t = 1000)]
        runs: usize,
        /// Submissions sent
        #[arg(long, default_value_t = 3000)]
        submissions: usize,
        /// Visitors submitting at once
        #[arg(long, default_value_t = 16)]
        clients: usize,
    },
    /// Automations: runs per second of a 3-step automation over --contacts triggering
    /// contacts, and the delay from trigger to first action (a temporary profile)
    Automations {
        #[arg(long, default_value_t = 10_000)]
        contacts: usize,
        /// Contacts created per second while the delay is measured
        #[arg(long, default_value_t = 200)]
        rate: usize,
        /// Contacts created while the delay is measured
        #[arg(long, default_value_t = 2_000)]
        delayed: usize,
    },
    /// A pipeline board of --cards cards (in a temporary database): the board query and a
    /// card move's round trip through the core, beside plain SQLite
    Pipelines {
        #[arg(long, default_value_t = 5000)]
        cards: usize,
        #[arg(long, default_value_t = 200)]
        runs: usize,
        /// Build the board in this new database file and keep it (to open it in the app)
        #[arg(long, value_name = "PATH")]
        keep: Option<std::path::PathBuf>,
    },
    /// Orders and invoices (in a temporary database): a 10-line order created through the
    /// core, and a 20-line invoice rendered as PDF
    Invoices {
        #[arg(long, default_value_t = 200)]
        runs: usize,
    },
    /// Simulated devices (pushing, pulling, reconnecting) against two `aio-crm serve`
    /// processes on one PostgreSQL database, loopback only; the first process is killed
    /// halfway. Prints pushed, acknowledged, received and lost (fails unless lost is 0
    /// and every device reached the head)
    Soak {
        /// The PostgreSQL database (its data is kept)
        #[arg(long, value_name = "URL")]
        database: String,
        #[arg(long, default_value_t = 200)]
        devices: usize,
        /// How long, in minutes (fractions allowed; at most 60)
        #[arg(long, default_value_t = 10.0)]
        minutes: f64,
    },
    /// Many workspaces on one device: a second device bootstraps --workspaces workspaces
    /// of --contacts demo contacts each in one round, then rounds with nothing changed are
    /// timed (against a server started for the run; needs the OS keyring)
    Workspaces {
        #[arg(long, default_value_t = 10)]
        workspaces: usize,
        #[arg(long, default_value_t = 10_000)]
        contacts: usize,
        /// Rounds timed
        #[arg(long, default_value_t = 50)]
        rounds: usize,
    },
    /// A public booking page's response times: GET the page and GET two weeks of free
    /// slots from a running `aio-crm serve` (median and p95 over --runs requests each)
    Booking {
        /// The page, e.g. http://127.0.0.1:8080/book/ORG-SLUG/TYPE-SLUG
        #[arg(long)]
        url: String,
        #[arg(long, default_value_t = 200)]
        runs: usize,
    },
}

pub fn run(context: &Context, command: Command) -> Result<()> {
    match command {
        Command::Bench {
            suite: BenchSuite::Crm { runs, no_import },
        } => {
            let (conn, actor) = context.open()?;
            suites::crm(&conn, &actor, runs.max(1))?;
            if !no_import {
                suites::import(&conn, &actor)?;
            }
        }
        Command::Bench {
            suite: BenchSuite::Slots { runs },
        } => suites::slots(runs.max(1))?,
        Command::Bench {
            suite:
                BenchSuite::Automations {
                    contacts,
                    rate,
                    delayed,
                },
        } => automations::run(contacts.max(1), rate.max(1), delayed.max(1))?,
        Command::Bench {
            suite: BenchSuite::Pipelines { cards, runs, keep },
        } => pipelines::run(cards.max(1), runs.max(1), keep.as_deref())?,
        Command::Bench {
            suite: BenchSuite::Invoices { runs },
        } => invoices::run(runs.max(1))?,
        Command::Bench {
            suite: BenchSuite::Booking { url, runs },
        } => suites::booking(&url, runs.max(1))?,
        Command::Bench {
            suite:
                BenchSuite::Soak {
                    database,
                    devices,
                    minutes,
                },
        } => soak::run(&database, devices.max(1), minutes)?,
        Command::Bench {
            suite:
                BenchSuite::Forms {
                    contacts,
                    runs,
                    submissions,
                    clients,
                },
        } => forms::run(contacts, runs.max(1), submissions.max(1), clients.max(1))?,
        Command::Bench {
            suite:
                BenchSuite::Workspaces {
                    workspaces,
                    contacts,
                    rounds,
                },
        } => workspaces::run(workspaces.max(1), contacts.max(1), rounds.max(1))?,
        Command::Bench {
            suite:
                BenchSuite::Sync {
                    runs,
                    clients,
                    storage,
                    database,
                },
        } => {
            let (conn, _) = context.open()?;
            for storage in storage {
                sync::run(&conn, runs.max(1), &clients, storage, database.as_deref())?;
            }
        }
    }
    Ok(())
}
