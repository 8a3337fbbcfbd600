//! The database itself: create or upgrade it, fill it with demo data, check it, list its
//! tables.

use aio_core::team::profile;
use aio_core::{db, demo, doctor, tables};
use anyhow::{bail, Result};
use clap::Subcommand;

use super::Context;

#[derive(Subcommand)]
pub enum Command {
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
    /// List the tables and their columns
    Tables,
}

pub fn run(context: &Context, command: Command) -> Result<()> {
    let path = context.path();
    match command {
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
            let (mut conn, actor) = context.open()?;
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
    }
    Ok(())
}
