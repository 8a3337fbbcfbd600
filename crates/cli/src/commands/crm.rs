//! The CRM module's commands: search, CSV import and export, duplicates, merge, undo,
//! timeline.

mod timeline;

use std::path::PathBuf;

use aio_core::crm::{duplicates, search, transfer};
use aio_core::records::{self, ListQuery};
use aio_core::tables;
use anyhow::{Context as _, Result};
use clap::{Subcommand, ValueEnum};
use serde_json::Value;
use uuid::Uuid;

use super::{finish_deferred, Context};

#[derive(Subcommand)]
pub enum Command {
    /// Search contacts and companies by name, email, phone, company or notes (word prefixes)
    Search {
        query: String,
        #[arg(long, default_value_t = 20)]
        limit: u32,
        /// Print the hits as a JSON array
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
}

/// The kinds of records import and export handle.
#[derive(Clone, Copy, ValueEnum)]
pub enum Entity {
    Contacts,
}

pub fn run(context: &Context, command: Command) -> Result<()> {
    match command {
        Command::Search { query, limit, json } => {
            let (conn, actor) = context.open()?;
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
        Command::Import {
            entity: Entity::Contacts,
            file,
            report,
            skip_duplicates,
            map,
        } => {
            let (mut conn, actor) = context.open()?;
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
                finish_deferred(&mut conn)?;
            }
        }
        Command::Export {
            entity: Entity::Contacts,
            out,
            filters,
        } => {
            let (conn, actor) = context.open()?;
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
            let (conn, actor) = context.open()?;
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
            let (mut conn, actor) = context.open()?;
            let result = duplicates::merge(&mut conn, &actor, keep, other)?;
            println!(
                "merged {other} into {keep}; undo with: aio-crm undo {}",
                result.batch_id
            );
        }
        Command::Timeline(args) => timeline::run(context, args)?,
        Command::Undo { batch } => {
            let (mut conn, actor) = context.open()?;
            let result = aio_core::batch::undo(&mut conn, &actor, batch)?;
            println!(
                "reverted {} records; kept {} fields changed since",
                result.reverted, result.kept
            );
        }
    }
    Ok(())
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
