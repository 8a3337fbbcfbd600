//! The forms module's commands: list, show, publish and unpublish forms, their
//! submissions (as lines, JSON or CSV), and a submission from a script through the same
//! core operation as the public page.

use std::path::PathBuf;

use aio_core::modules::forms::spam::Screening;
use aio_core::modules::forms::submit::{self, Meta, Rejected};
use aio_core::modules::forms::tables::{FORMS, FORM_SUBMISSIONS};
use aio_core::records::{self, Filter, FilterOp, ListQuery, Row, Sort};
use anyhow::{Context as _, Result};
use clap::Subcommand;
use serde_json::{json, Value};
use uuid::Uuid;

use super::Context;

#[derive(Subcommand)]
pub enum Command {
    /// Forms: list, show, publish, unpublish, submissions, export, submit
    Forms {
        #[command(subcommand)]
        action: Action,
    },
}

#[derive(Subcommand)]
pub enum Action {
    /// Every form: slug, published or not, name
    List,
    /// One form as JSON (its fields and settings)
    Show {
        #[arg(long, value_name = "SLUG")]
        form: String,
    },
    /// Make a form active and public: its page at /form/ORG/SLUG takes submissions
    Publish {
        #[arg(long, value_name = "SLUG")]
        form: String,
    },
    /// Take a form's page down (its submissions stay)
    Unpublish {
        #[arg(long, value_name = "SLUG")]
        form: String,
    },
    /// A form's submissions, newest first
    Submissions {
        #[arg(long, value_name = "SLUG")]
        form: String,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Only those with this status (received, spam, unconfirmed)
        #[arg(long)]
        status: Option<String>,
        /// Print a JSON array of the rows
        #[arg(long)]
        json: bool,
    },
    /// A form's submissions as CSV, one column per field
    Export {
        #[arg(long, value_name = "SLUG")]
        form: String,
        /// Write to this file instead of standard output
        #[arg(long, value_name = "FILE.csv")]
        out: Option<PathBuf>,
    },
    /// Submit answers (a JSON object by field id), as the public page would
    Submit {
        #[arg(long, value_name = "SLUG")]
        form: String,
        #[arg(long, value_name = "JSON")]
        json: String,
    },
}

fn text(row: &Row, field: &str) -> String {
    row.get(field)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn object(v: Value) -> Row {
    v.as_object().cloned().unwrap_or_default()
}

fn id(row: &Row) -> Result<Uuid> {
    Uuid::parse_str(&text(row, "id")).context("a stored form id")
}

pub fn run(context: &Context, command: Command) -> Result<()> {
    let Command::Forms { action } = command;
    let (mut conn, actor) = context.open()?;
    match action {
        Action::List => {
            let query = ListQuery {
                sort: Some(Sort {
                    field: "name".into(),
                    desc: false,
                }),
                limit: Some(1000),
                ..ListQuery::default()
            };
            for form in records::list(&conn, &actor, &FORMS, &query)?.items {
                let state = match (form.get("is_active"), form.get("is_public")) {
                    (Some(Value::Bool(true)), Some(Value::Bool(true))) => "published",
                    (Some(Value::Bool(true)), _) => "private",
                    _ => "inactive",
                };
                println!("{}\t{state}\t{}", text(&form, "slug"), text(&form, "name"));
            }
        }
        Action::Show { form } => {
            let form = submit::find(&conn, &actor, &form)?;
            println!("{}", serde_json::to_string_pretty(&form)?);
        }
        Action::Publish { form } => {
            let row = submit::find(&conn, &actor, &form)?;
            let patch = json!({"is_active": true, "is_public": true});
            records::update(&mut conn, &actor, &FORMS, id(&row)?, object(patch))?;
            let path = aio_core::modules::forms::page::public_path(&conn, &actor, &row)?;
            println!("published: {path}");
        }
        Action::Unpublish { form } => {
            let row = submit::find(&conn, &actor, &form)?;
            records::update(
                &mut conn,
                &actor,
                &FORMS,
                id(&row)?,
                object(json!({"is_public": false})),
            )?;
            println!("unpublished: {form}");
        }
        Action::Submissions {
            form,
            limit,
            status,
            json,
        } => {
            let form = submit::find(&conn, &actor, &form)?;
            let mut filters = vec![Filter {
                field: "form_id".into(),
                op: FilterOp::Eq,
                value: Some(json!(text(&form, "id"))),
            }];
            if let Some(status) = status {
                filters.push(Filter {
                    field: "status".into(),
                    op: FilterOp::Eq,
                    value: Some(json!(status)),
                });
            }
            let query = ListQuery {
                filters,
                limit: Some(limit),
                ..ListQuery::default()
            };
            let page = records::list(&conn, &actor, &FORM_SUBMISSIONS, &query)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&page.items)?);
            } else {
                for row in page.items {
                    println!(
                        "{}\t{}\t{}\t{}",
                        text(&row, "created_at"),
                        text(&row, "status"),
                        text(&row, "contact_id"),
                        row.get("data").cloned().unwrap_or_default()
                    );
                }
            }
        }
        Action::Export { form, out } => {
            let form = submit::find(&conn, &actor, &form)?;
            let n = match &out {
                Some(path) => {
                    let mut file = std::io::BufWriter::new(
                        std::fs::File::create(path)
                            .with_context(|| format!("cannot write {}", path.display()))?,
                    );
                    aio_core::modules::forms::export::csv(&conn, &actor, id(&form)?, &mut file)?
                }
                None => aio_core::modules::forms::export::csv(
                    &conn,
                    &actor,
                    id(&form)?,
                    &mut std::io::stdout().lock(),
                )?,
            };
            eprintln!("{n} submissions");
        }
        Action::Submit { form, json } => {
            let answers: serde_json::Map<String, Value> = serde_json::from_str(&json)
                .map_err(|e| anyhow::anyhow!("--json: not a JSON object of answers ({e})"))?;
            let form = submit::find(&conn, &actor, &form)?;
            let now = chrono::Utc::now();
            let tx = conn.transaction()?;
            let actor = actor.at(now);
            match submit::submit(
                &tx,
                &actor,
                &form,
                &answers,
                &Meta::default(),
                &Screening::Trusted,
                now,
            ) {
                Ok(done) => {
                    tx.commit()?;
                    println!("{}", serde_json::to_string_pretty(&done)?);
                }
                Err(Rejected::Invalid(errors)) => {
                    for e in &errors {
                        eprintln!("{}: {}", e.field, e.message);
                    }
                    anyhow::bail!("{} answers refused; nothing was stored", errors.len());
                }
                Err(other) => return Err(other.into_error().into()),
            }
        }
    }
    Ok(())
}
