//! `aio-crm`: the headless command line of AIO Agency CRM. Every command is a thin edge
//! over `aio-core`, acting as the local profile's user in its active organisation (or
//! `--org`), exactly as the desktop app does.

mod bench;
mod bench_sync;
mod timeline;

use std::path::PathBuf;
use std::process::ExitCode;

use aio_core::calendar::slots;
use aio_core::crm::{duplicates, search, transfer};
use aio_core::db::Connection;
use aio_core::records::{self, Deleted, ListQuery, Row, Sort};
use aio_core::team::profile;
use aio_core::{db, demo, doctor, tables, Actor};
use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde_json::Value;
use uuid::Uuid;

/// mimalloc rather than the system allocator: a new device's first sync allocates and
/// frees millions of small values across threads (rows decoded on one, stored on
/// another, freed on a third); with mimalloc the 100k-contact bootstrap takes about 15%
/// less CPU (measured with `aio-crm sync`, see ARCHITECTURE.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "aio-crm",
    version,
    about = "AIO Agency CRM from the command line"
)]
struct Cli {
    /// Database file [default: the desktop app's own database]
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Organisation to act in (id or slug) [default: the active one]
    #[arg(long, global = true, value_name = "ORG")]
    org: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create or upgrade a database (and its local profile) and print the schema version
    Migrate,
    /// Fill every module with realistic, deterministic demo data
    Demo {
        #[arg(long, default_value_t = 500)]
        contacts: usize,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Day the demo's dates are spread around (YYYY-MM-DD) [default: today]
        #[arg(long)]
        anchor: Option<chrono::NaiveDate>,
    },
    /// Check the database's integrity, foreign keys and schema version (read-only)
    Doctor {
        #[arg(long)]
        json: bool,
    },
    /// Create, read, change, delete, restore and list records of any table (JSON in and out)
    Records {
        #[command(subcommand)]
        action: RecordAction,
    },
    /// Search contacts and companies by name, email, phone, company or notes (word prefixes)
    Search {
        query: String,
        #[arg(long, default_value_t = 20)]
        limit: u32,
        /// Print the hits as a JSON array
        #[arg(long)]
        json: bool,
    },
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
    /// Import contacts from a CSV file (one undoable batch); rows whose email exists are
    /// merged into that contact unless --skip-duplicates
    Import {
        entity: Entity,
        file: PathBuf,
        /// Write the rejected rows, with line numbers and reasons, to this CSV file
        #[arg(long, value_name = "OUT.csv")]
        report: Option<PathBuf>,
        /// Reject rows whose email already belongs to a contact instead of merging them
        #[arg(long)]
        skip_duplicates: bool,
        /// Map a column by hand: "Header=field" (e.g. "E-mail 2=email", "Notes=-" to skip)
        #[arg(long = "map", value_name = "HEADER=FIELD")]
        map: Vec<String>,
    },
    /// Export contacts as CSV (to stdout, or --out); the file imports back unchanged
    Export {
        entity: Entity,
        #[arg(long, value_name = "FILE.csv")]
        out: Option<PathBuf>,
        /// Only the contacts matching these filters (as in `records list --filter`)
        #[arg(long = "filter")]
        filters: Vec<String>,
    },
    /// List groups of contacts that are likely the same person
    Duplicates {
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Merge contact OTHER into KEEP (notes, activities, tags and references move over)
    Merge { keep: Uuid, other: Uuid },
    /// Undo a batch (an import, merge or bulk action) by the id it printed
    Undo { batch: Uuid },
    /// A contact's notes, activities and events, newest first, a page at a time
    Timeline(timeline::Args),
    /// Print timing figures of the CRM screens' queries, each beside a plain-SQLite baseline
    Bench {
        #[command(subcommand)]
        suite: BenchSuite,
    },
    /// List the tables and their columns
    Tables,
    /// Organisations of the local profile
    Org {
        #[command(subcommand)]
        action: OrgAction,
    },
    /// Run the shared sync server on an SQLite file (stops cleanly on Ctrl-C or SIGTERM)
    Serve {
        /// Address to listen on
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: String,
        /// SMTP server for booking mail: smtp://host:port (plain), add ?tls=required for
        /// STARTTLS, or smtps://host:port; user:password@ when it wants a login. Without
        /// it no mail is sent (the booking page says so)
        #[arg(long, value_name = "URL")]
        smtp_url: Option<String>,
        /// Sender of booking mail
        #[arg(
            long,
            value_name = "MAILBOX",
            default_value = "Bookings <bookings@localhost>"
        )]
        mail_from: String,
        /// The server's address as guests reach it, the base of links in mail
        /// (default: http://BIND)
        #[arg(long, value_name = "URL")]
        public_url: Option<String>,
        /// How long before a booked meeting its reminder is sent: 24h, 90m or minutes
        #[arg(long, value_name = "TIME", default_value = "24h")]
        reminder_lead: String,
    },
    /// Connect this profile to a sync server (the session token goes to the OS keyring)
    Login {
        #[arg(long)]
        server: String,
        #[arg(long)]
        email: String,
        /// The password; without it, $AIO_CRM_PASSWORD or one line of standard input
        #[arg(long)]
        password: Option<String>,
        /// Create the account, with this display name
        #[arg(long, value_name = "NAME")]
        signup: Option<String>,
        /// With --signup: create an organisation of this name from this profile's data
        #[arg(long = "org-name", value_name = "NAME")]
        org_name: Option<String>,
        /// Join an organisation with an invitation code
        #[arg(long, value_name = "CODE")]
        invite: Option<String>,
    },
    /// Invite someone to this profile's organisation on the server; prints the code
    Invite {
        #[arg(long)]
        email: String,
        /// admin, member or viewer
        #[arg(long, default_value = "member")]
        role: String,
    },
    /// One sync round: push local changes, then pull until up to date
    Sync {
        /// Print the sync status instead
        #[arg(long)]
        status: bool,
    },
    /// Sign this device out of the server (local data stays)
    Logout,
    /// Google Calendar: connect (OAuth in the browser, tokens in the OS keyring), pick
    /// calendars, sync both ways. Set AIO_GOOGLE_CLIENT_ID (and AIO_GOOGLE_CLIENT_SECRET)
    Google {
        #[command(subcommand)]
        action: GoogleAction,
    },
}

#[derive(Subcommand)]
enum GoogleAction {
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

#[derive(Args)]
struct TableArg {
    /// Table name, e.g. contacts
    #[arg(long)]
    table: String,
}

#[derive(Args)]
struct IdArgs {
    #[command(flatten)]
    table: TableArg,
    #[arg(long)]
    id: uuid::Uuid,
}

#[derive(Subcommand)]
enum RecordAction {
    /// Create a record from a JSON object
    Create {
        #[command(flatten)]
        table: TableArg,
        #[arg(long, value_name = "JSON")]
        json: String,
    },
    Get(IdArgs),
    /// Change the fields given in a JSON object
    Update {
        #[command(flatten)]
        target: IdArgs,
        #[arg(long, value_name = "JSON")]
        json: String,
    },
    /// Move a record to the trash
    Delete(IdArgs),
    /// Bring a record back from the trash
    Restore(IdArgs),
    /// List records: one JSON object per line, then the next cursor on stderr
    List {
        #[command(flatten)]
        table: TableArg,
        /// FIELD=VALUE, FIELD!=VALUE, FIELD>VALUE, >=, <, <=, FIELD~TEXT (contains),
        /// FIELD^TEXT (starts with), FIELD@TAG (tag list holds), FIELD=null
        #[arg(long = "filter", value_name = "EXPR")]
        filters: Vec<String>,
        /// FIELD to sort ascending, -FIELD descending [default: -created_at]
        #[arg(long, allow_hyphen_values = true)]
        sort: Option<String>,
        #[arg(long, default_value_t = records::DEFAULT_LIMIT)]
        limit: u32,
        #[arg(long)]
        cursor: Option<String>,
        #[arg(long, value_enum, default_value_t = DeletedArg::Exclude)]
        deleted: DeletedArg,
        /// Print only how many records match
        #[arg(long)]
        count: bool,
    },
}

/// The kinds of records import and export handle.
#[derive(Clone, Copy, ValueEnum)]
enum Entity {
    Contacts,
}

#[derive(Subcommand)]
enum BenchSuite {
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
        /// Devices pushing at once in the throughput run
        #[arg(long, default_value_t = 50)]
        clients: usize,
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

#[derive(Clone, Copy, ValueEnum)]
enum DeletedArg {
    Exclude,
    Only,
    Include,
}

#[derive(Subcommand)]
enum OrgAction {
    /// The organisations you belong to (the active one marked with *)
    List,
    /// Make another organisation the active one
    Switch { org: String },
    /// Create an organisation you own
    Create {
        name: String,
        #[arg(long)]
        slug: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    let path = cli.db.clone().unwrap_or_else(db::default_db_path);
    match cli.command {
        Command::Migrate => {
            let (mut conn, opened) = db::open(&path, db::OpenMode::CreateIfMissing)?;
            profile::ensure(&mut conn)?;
            if opened.created {
                println!(
                    "created {} at schema version {}",
                    path.display(),
                    opened.version
                );
            } else if opened.version_before < opened.version {
                println!(
                    "upgraded {} from schema version {} to {}",
                    path.display(),
                    opened.version_before,
                    opened.version
                );
            } else {
                println!(
                    "{} is up to date at schema version {}",
                    path.display(),
                    opened.version
                );
            }
        }
        Command::Demo {
            contacts,
            seed,
            anchor,
        } => {
            let (mut conn, actor) = open(&path, cli.org.as_deref())?;
            let anchor = anchor.unwrap_or_else(|| chrono::Utc::now().date_naive());
            let started = std::time::Instant::now();
            let summary = demo::generate(
                &mut conn,
                &actor,
                &demo::Options {
                    contacts,
                    seed,
                    anchor,
                },
            )?;
            let total: usize = summary.iter().map(|(_, n, _)| n).sum();
            for (table, n, took) in &summary {
                println!(
                    "{table:<26} {n:>8} rows {:>8.1} ms",
                    took.as_secs_f64() * 1000.0
                );
            }
            println!("{} rows in {:.2} s", total, started.elapsed().as_secs_f64());
        }
        Command::Doctor { json } => {
            let report = doctor::check(&path)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                println!(
                    "schema version {} (this build: {})",
                    report.schema_version, report.latest_version
                );
                for (table, rows) in &report.tables {
                    println!("  {table:<26} {rows:>8} rows");
                }
                for p in &report.problems {
                    println!("problem: {p}");
                }
                if report.is_healthy() {
                    println!("ok: integrity, foreign keys and schema are sound");
                }
            }
            if !report.is_healthy() {
                bail!(
                    "{} problem(s) found in {}",
                    report.problems.len(),
                    path.display()
                );
            }
        }
        Command::Records { action } => {
            let (mut conn, actor) = open(&path, cli.org.as_deref())?;
            records_command(&mut conn, &actor, action)?;
        }
        Command::Search { query, limit, json } => {
            let (conn, actor) = open(&path, cli.org.as_deref())?;
            let hits = search::search(&conn, &actor, &query, limit)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&hits)?);
            } else {
                for hit in &hits {
                    println!("{}", describe_hit(hit));
                }
                if hits.is_empty() {
                    eprintln!("no contact or company matches \"{query}\"");
                }
            }
        }
        Command::Ics { calendar, out } => {
            let (conn, actor) = open(&path, cli.org.as_deref())?;
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
            let (conn, actor) = open(&path, cli.org.as_deref())?;
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
        Command::Import {
            entity: Entity::Contacts,
            file,
            report,
            skip_duplicates,
            map,
        } => {
            let (mut conn, actor) = open(&path, cli.org.as_deref())?;
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let csv = transfer::read_csv(&name, &bytes)?;
            let described = transfer::describe(&conn, &actor, &csv)?;
            let mut mapping = described.mapping.clone();
            for rule in &map {
                let (header, field) = rule
                    .rsplit_once('=')
                    .with_context(|| format!("--map \"{rule}\" is not HEADER=FIELD"))?;
                let at = csv
                    .headers
                    .iter()
                    .position(|h| h == header.trim())
                    .with_context(|| format!("--map: the file has no column \"{header}\""))?;
                mapping[at] = (field.trim() != "-").then(|| field.trim().to_string());
            }
            let options = transfer::ImportOptions {
                mapping,
                on_duplicate: if skip_duplicates {
                    transfer::OnDuplicate::Skip
                } else {
                    transfer::OnDuplicate::Merge
                },
            };
            let started = std::time::Instant::now();
            let result = transfer::import(
                &mut conn,
                &actor,
                &csv,
                &options,
                &transfer::Progress::default(),
            )?;
            eprintln!(
                "read {} rows ({}, separator {:?}) in {:.2} s",
                csv.rows.len(),
                csv.encoding,
                described.delimiter,
                started.elapsed().as_secs_f64()
            );
            if !result.skipped_columns.is_empty() {
                eprintln!(
                    "columns not imported: {}",
                    result.skipped_columns.join(", ")
                );
            }
            println!(
                "imported {}, merged {} ({} already up to date), rejected {}",
                result.imported,
                result.merged + result.unchanged,
                result.unchanged,
                result.rejected.len()
            );
            for rejected in result.rejected.iter().take(20) {
                eprintln!("line {}: {}", rejected.line, rejected.reason);
            }
            if result.rejected.len() > 20 {
                eprintln!("... and {} more rejected rows", result.rejected.len() - 20);
            }
            if let Some(report_path) = report {
                let out = std::fs::File::create(&report_path)
                    .with_context(|| format!("cannot write {}", report_path.display()))?;
                transfer::report_csv(&csv, &result, std::io::BufWriter::new(out))?;
                eprintln!("report written to {}", report_path.display());
            }
            if let Some(batch) = result.batch_id {
                println!("undo with: aio-crm undo {batch}");
            }
            if result.indexing {
                let started = std::time::Instant::now();
                let finished = aio_core::deferred::finish(&mut conn)?;
                eprintln!(
                    "indexed for sorting and search ({} indexes, {} contacts) in {:.2} s",
                    finished.indexes,
                    finished.contacts_indexed,
                    started.elapsed().as_secs_f64()
                );
            }
        }
        Command::Export {
            entity: Entity::Contacts,
            out,
            filters,
        } => {
            let (conn, actor) = open(&path, cli.org.as_deref())?;
            let query = ListQuery {
                filters: filters
                    .iter()
                    .map(|f| records::parse_filter(&tables::CONTACTS, f))
                    .collect::<aio_core::Result<_>>()?,
                ..ListQuery::default()
            };
            let count = match &out {
                Some(file) => {
                    let f = std::fs::File::create(file)
                        .with_context(|| format!("cannot write {}", file.display()))?;
                    transfer::export(&conn, &actor, &query, std::io::BufWriter::new(f))?
                }
                None => transfer::export(&conn, &actor, &query, std::io::stdout().lock())?,
            };
            eprintln!("exported {count} contacts");
        }
        Command::Duplicates { limit, json } => {
            let (conn, actor) = open(&path, cli.org.as_deref())?;
            let groups = duplicates::find(&conn, &actor, limit)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&groups)?);
            } else {
                for group in &groups {
                    let reasons: Vec<String> =
                        group.reasons.iter().map(|r| format!("{r:?}")).collect();
                    println!("{}:", reasons.join(", "));
                    for c in &group.contacts {
                        let text = |f: &str| {
                            c.get(f)
                                .and_then(|v| v.as_str())
                                .unwrap_or_default()
                                .to_string()
                        };
                        println!(
                            "  {}  {} {} <{}> {}",
                            text("id"),
                            text("first_name"),
                            text("last_name"),
                            text("email"),
                            text("phone")
                        );
                    }
                }
                eprintln!("{} groups", groups.len());
            }
        }
        Command::Merge { keep, other } => {
            let (mut conn, actor) = open(&path, cli.org.as_deref())?;
            let result = duplicates::merge(&mut conn, &actor, keep, other)?;
            println!(
                "merged {other} into {keep}; undo with: aio-crm undo {}",
                result.batch_id
            );
        }
        Command::Undo { batch } => {
            let (mut conn, actor) = open(&path, cli.org.as_deref())?;
            let result = aio_core::batch::undo(&mut conn, &actor, batch)?;
            println!(
                "reverted {} records; kept {} fields changed since",
                result.reverted, result.kept
            );
        }
        Command::Timeline(args) => timeline::run(&path, cli.org.as_deref(), args)?,
        Command::Bench {
            suite: BenchSuite::Crm { runs, no_import },
        } => {
            let (conn, actor) = open(&path, cli.org.as_deref())?;
            bench::crm(&conn, &actor, runs.max(1))?;
            if !no_import {
                bench::import(&conn, &actor)?;
            }
        }
        Command::Bench {
            suite: BenchSuite::Slots { runs },
        } => bench::slots(runs.max(1))?,
        Command::Bench {
            suite: BenchSuite::Booking { url, runs },
        } => bench::booking(&url, runs.max(1))?,
        Command::Bench {
            suite: BenchSuite::Sync { runs, clients },
        } => {
            let (conn, _) = open(&path, cli.org.as_deref())?;
            bench_sync::run(&conn, runs.max(1), clients.max(1))?;
        }
        Command::Tables => {
            for table in tables::TABLES.iter() {
                let columns: Vec<String> = table
                    .columns
                    .iter()
                    .map(|c| format!("{}{}", c.name, if c.nullable { "?" } else { "" }))
                    .collect();
                println!("{}: {}", table.name, columns.join(", "));
            }
        }
        Command::Org { action } => {
            let (mut conn, actor) = open(&path, cli.org.as_deref())?;
            match action {
                OrgAction::List => {
                    let p = profile::load(&conn)?;
                    for org in p.organizations {
                        let mark = if org.id == p.active_organization_id {
                            "*"
                        } else {
                            " "
                        };
                        println!("{mark} {} {} {}", org.id, org.slug, org.name);
                    }
                }
                OrgAction::Switch { org } => {
                    let a = profile::switch_organization(&conn, &org)?;
                    println!("active organization: {}", a.organization_id);
                }
                OrgAction::Create { name, slug } => {
                    let org = profile::create_organization(&mut conn, &actor, &name, &slug)?;
                    println!("{}", serde_json::to_string(&org)?);
                }
            }
        }
        Command::Serve {
            bind,
            smtp_url,
            mail_from,
            public_url,
            reminder_lead,
        } => {
            let mail = aio_server::mail::MailSettings::from_flags(
                smtp_url,
                &mail_from,
                public_url,
                &reminder_lead,
            )?;
            // The server's own file, never the app's database.
            let path = cli
                .db
                .clone()
                .unwrap_or_else(|| db::default_db_path().with_file_name("aio-crm-server.sqlite3"));
            let runtime = tokio::runtime::Runtime::new()?;
            runtime.block_on(aio_server::serve(&path, &bind, mail, |addr| {
                // Scripts wait for this line before they connect.
                println!("listening on http://{addr}");
            }))?;
        }
        Command::Login {
            server,
            email,
            password,
            signup,
            org_name,
            invite,
        } => {
            let (mut conn, _) = db::open(&path, db::OpenMode::CreateIfMissing)?;
            let password = read_password(password)?;
            let join = match (&signup, &org_name, &invite) {
                (None, None, invite) => aio_sync::Join::LogIn {
                    invite: invite.as_deref(),
                },
                (Some(name), Some(org), None) => aio_sync::Join::SignUpWithOrganization {
                    name,
                    organization_name: org,
                },
                (Some(name), None, Some(code)) => {
                    aio_sync::Join::SignUpWithInvite { name, invite: code }
                }
                (Some(_), None, None) => bail!(
                    "--signup needs --org-name (create an organisation) or --invite (join one)"
                ),
                (None, Some(_), _) => bail!("--org-name goes with --signup"),
                (Some(_), Some(_), Some(_)) => bail!("give --org-name or --invite, not both"),
            };
            let link = aio_sync::sign_in(&mut conn, &server, &email, &password, join)?;
            println!(
                "signed in to {} as {} ({} of organization {}); run `aio-crm sync` to sync",
                link.server, link.email, link.role, link.organization_id
            );
        }
        Command::Invite { email, role } => {
            let (conn, _) = db::open(&path, db::OpenMode::Existing)?;
            let invite = aio_sync::invite(&conn, &email, &role)?;
            println!("{}", invite.code);
            eprintln!(
                "invitation for {email} as {role}, valid until {}",
                invite.expires_at
            );
        }
        Command::Sync { status } => {
            let (mut conn, _) = db::open(&path, db::OpenMode::Existing)?;
            if status {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&aio_sync::status(&conn)?)?
                );
                return Ok(());
            }
            let started = std::time::Instant::now();
            let round = aio_sync::sync_now(&mut conn)?;
            println!(
                "pushed {}, pulled {}{}, rows written {}, waiting {}",
                round.pushed,
                round.pulled,
                if round.bootstrapped_rows > 0 {
                    format!(
                        " (bootstrap {} rows in {:.2} s)",
                        round.bootstrapped_rows,
                        started.elapsed().as_secs_f64()
                    )
                } else {
                    String::new()
                },
                round.rows_written,
                round.pending
            );
            for refusal in &round.refused {
                eprintln!("refused: {refusal}");
            }
            if round.indexing {
                let started = std::time::Instant::now();
                let finished = aio_core::deferred::finish(&mut conn)?;
                eprintln!(
                    "indexed for sorting and search ({} indexes, {} contacts) in {:.2} s",
                    finished.indexes,
                    finished.contacts_indexed,
                    started.elapsed().as_secs_f64()
                );
            }
        }
        Command::Google { action } => google(&path, cli.org.as_deref(), action)?,
        Command::Logout => {
            let (conn, _) = db::open(&path, db::OpenMode::Existing)?;
            aio_sync::sign_out(&conn)?;
            println!("signed out; the local data stays on this device");
        }
    }
    Ok(())
}

/// The password from the flag, else $AIO_CRM_PASSWORD, else one line of standard input,
/// so it need not appear in shell history.
fn read_password(flag: Option<String>) -> Result<String> {
    if let Some(p) = flag.or_else(|| std::env::var("AIO_CRM_PASSWORD").ok()) {
        return Ok(p);
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    let line = line.trim_end_matches(['\n', '\r']).to_string();
    if line.is_empty() {
        bail!("password: give --password, set AIO_CRM_PASSWORD, or type it on standard input");
    }
    Ok(line)
}

/// Opens an existing database and resolves who acts.
fn google(path: &std::path::Path, org: Option<&str>, action: GoogleAction) -> Result<()> {
    let (mut conn, actor) = open(path, org)?;
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

fn open(path: &std::path::Path, org: Option<&str>) -> Result<(Connection, Actor)> {
    let (conn, _) = db::open(path, db::OpenMode::Existing)?;
    let actor = profile::actor(&conn, org)?;
    Ok((conn, actor))
}

/// One line per hit: kind, name, then what identifies it.
fn describe_hit(hit: &search::Hit) -> String {
    let field = |name: &str| {
        hit.record
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let parts = match hit.kind {
        search::HitKind::Contact => vec![
            "contact".to_string(),
            format!("{} {}", field("first_name"), field("last_name")),
            field("email"),
            field("phone"),
            field("company"),
        ],
        search::HitKind::Company => vec![
            "company".to_string(),
            field("name"),
            field("domain"),
            field("phone"),
        ],
    };
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("  ")
}

fn parse_object(json: &str) -> Result<Row> {
    let value: Value = serde_json::from_str(json).context("--json is not valid JSON")?;
    match value {
        Value::Object(map) => Ok(map),
        other => bail!("--json must be a JSON object, got {other}"),
    }
}

fn print(row: &Row) -> Result<()> {
    println!("{}", serde_json::to_string(row)?);
    Ok(())
}

fn records_command(conn: &mut Connection, actor: &Actor, action: RecordAction) -> Result<()> {
    match action {
        RecordAction::Create { table, json } => {
            let table = records::table(&table.table)?;
            print(&records::create(conn, actor, table, parse_object(&json)?)?)
        }
        RecordAction::Get(a) => print(&records::get(
            conn,
            actor,
            records::table(&a.table.table)?,
            a.id,
        )?),
        RecordAction::Update { target, json } => {
            let table = records::table(&target.table.table)?;
            print(&records::update(
                conn,
                actor,
                table,
                target.id,
                parse_object(&json)?,
            )?)
        }
        RecordAction::Delete(a) => print(&records::delete(
            conn,
            actor,
            records::table(&a.table.table)?,
            a.id,
        )?),
        RecordAction::Restore(a) => print(&records::restore(
            conn,
            actor,
            records::table(&a.table.table)?,
            a.id,
        )?),
        RecordAction::List {
            table,
            filters,
            sort,
            limit,
            cursor,
            deleted,
            count,
        } => {
            let table = records::table(&table.table)?;
            let query = ListQuery {
                filters: filters
                    .iter()
                    .map(|f| records::parse_filter(table, f))
                    .collect::<aio_core::Result<_>>()?,
                sort: sort.map(|s| match s.strip_prefix('-') {
                    Some(field) => Sort {
                        field: field.into(),
                        desc: true,
                    },
                    None => Sort {
                        field: s,
                        desc: false,
                    },
                }),
                limit: Some(limit),
                cursor,
                deleted: match deleted {
                    DeletedArg::Exclude => Deleted::Exclude,
                    DeletedArg::Only => Deleted::Only,
                    DeletedArg::Include => Deleted::Include,
                },
            };
            if count {
                println!("{}", records::count(conn, actor, table, &query)?);
                return Ok(());
            }
            let page = records::list(conn, actor, table, &query)?;
            for row in &page.items {
                print(row)?;
            }
            if let Some(next) = page.next_cursor {
                eprintln!("next cursor: {next}");
            }
            Ok(())
        }
    }
}
