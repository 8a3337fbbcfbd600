//! The automations module's commands (list, show, dry-run, retry, runs) and the job queue's
//! (jobs list, retry, run). Automations are written with `records create --table
//! automations` (README.md documents the JSON shapes).

use aio_core::db::Connection;
use aio_core::jobs;
use aio_core::modules::automations::dry_run::{self, Sample};
use aio_core::modules::automations::runner;
use aio_core::modules::automations::tables::AUTOMATIONS;
use aio_core::records::{self, ListQuery, Row};
use aio_core::schema::Timestamp;
use aio_core::Actor;
use aio_sync::webhooks::Outbound;
use anyhow::{bail, Context as _, Result};
use clap::Subcommand;
use serde_json::Value;
use uuid::Uuid;

use super::Context;

#[derive(Subcommand)]
pub enum Command {
    /// Automations: list, show, dry-run, runs
    Automations {
        #[command(subcommand)]
        action: Action,
    },
    /// The job queue of a profile that never synced: list, retry, run
    Jobs {
        #[command(subcommand)]
        action: JobAction,
    },
}

#[derive(Subcommand)]
pub enum Action {
    /// Every automation: id, active or not, trigger, name, runs
    List,
    /// One automation as JSON (by id or name)
    Show {
        #[arg(long, value_name = "ID|NAME")]
        automation: String,
    },
    /// Run an automation on the local data without side effects: the steps, contacts
    /// touched, emails (merged) and webhooks it would call
    DryRun {
        #[arg(long, value_name = "ID|NAME")]
        automation: String,
        /// As if this contact triggered it [default: the newest matching event, else the
        /// newest contact]
        #[arg(long, value_name = "ID")]
        contact: Option<Uuid>,
        /// A stored trigger event
        #[arg(long, value_name = "ID")]
        event: Option<Uuid>,
        #[arg(long)]
        json: bool,
    },
    /// Ask for a failed run to be tried again where runs execute (the sync server for an
    /// organisation that syncs: sync afterwards; this profile's `jobs run` otherwise)
    Retry {
        #[arg(long, value_name = "ID")]
        run: Uuid,
    },
    /// An automation's runs, newest first, with each step
    Runs {
        #[arg(long, value_name = "ID|NAME")]
        automation: String,
        #[arg(long, default_value_t = 20)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum JobAction {
    /// Jobs, most recently changed first
    List {
        /// pending, done or dead (the dead letter)
        #[arg(long)]
        status: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Put a dead job back in the queue (its run continues where it stopped)
    Retry {
        #[arg(long)]
        id: i64,
    },
    /// Run the due jobs once (a profile that never synced; a synced one's server runs them)
    Run {
        /// The time to run at, RFC 3339 [default: now]
        #[arg(long, value_name = "TIME")]
        now: Option<String>,
    },
}

fn text(row: &Row, field: &str) -> String {
    row.get(field)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The automation named by id or by name (exactly one).
fn find(conn: &Connection, actor: &Actor, key: &str) -> Result<Row> {
    if let Ok(id) = Uuid::parse_str(key) {
        return Ok(records::get(conn, actor, &AUTOMATIONS, id)?);
    }
    let all = records::list(
        conn,
        actor,
        &AUTOMATIONS,
        &ListQuery {
            limit: Some(1000),
            ..ListQuery::default()
        },
    )?
    .items;
    let mut found: Vec<Row> = all
        .into_iter()
        .filter(|a| text(a, "name").eq_ignore_ascii_case(key))
        .collect();
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => bail!("no automation named \"{key}\""),
        n => bail!("{n} automations are named \"{key}\": use the id"),
    }
}

fn id_of(row: &Row) -> Result<Uuid> {
    Ok(Uuid::parse_str(&text(row, "id"))?)
}

fn parse_now(now: Option<&str>) -> Result<Timestamp> {
    match now {
        None => Ok(aio_core::clock::Clock::System.now()),
        Some(t) => Ok(chrono::DateTime::parse_from_rfc3339(t)
            .with_context(|| format!("--now: \"{t}\" is not a time such as 2027-03-02T09:00:00Z"))?
            .with_timezone(&chrono::Utc)),
    }
}

pub fn run(context: &Context, command: Command) -> Result<()> {
    let (mut conn, actor) = context.open()?;
    match command {
        Command::Automations { action } => match action {
            Action::List => {
                let all = records::list(
                    &conn,
                    &actor,
                    &AUTOMATIONS,
                    &ListQuery {
                        limit: Some(1000),
                        ..ListQuery::default()
                    },
                )?
                .items;
                for a in all {
                    let runs: i64 = conn.query_row(
                        "SELECT count(*) FROM automation_runs WHERE automation_id = ?1 AND deleted_at IS NULL",
                        [text(&a, "id")],
                        |r| r.get(0),
                    )?;
                    let active = if a.get("is_active") == Some(&Value::Bool(true)) {
                        "active"
                    } else {
                        "off"
                    };
                    println!(
                        "{}\t{active}\t{}\t{}\t{runs} runs",
                        text(&a, "id"),
                        text(&a, "trigger_type"),
                        text(&a, "name")
                    );
                }
            }
            Action::Show { automation } => {
                let row = find(&conn, &actor, &automation)?;
                println!("{}", serde_json::to_string_pretty(&row)?);
            }
            Action::DryRun {
                automation,
                contact,
                event,
                json,
            } => {
                let id = id_of(&find(&conn, &actor, &automation)?)?;
                let out = dry_run::dry_run(
                    &mut conn,
                    &actor,
                    id,
                    Sample { contact, event },
                    aio_core::clock::Clock::System.now(),
                )?;
                if json {
                    println!("{}", serde_json::to_string_pretty(&out)?);
                } else {
                    println!("dry run on {}: {}", out.trigger, out.status);
                    for step in &out.steps {
                        println!(
                            "  {}\t{}\t{}\t{}",
                            step["step"].as_str().unwrap_or("-"),
                            step["type"].as_str().unwrap_or("-"),
                            step["outcome"].as_str().unwrap_or("-"),
                            step["detail"]
                        );
                    }
                    println!("contacts touched: {}", out.contacts.len());
                    for mail in &out.emails {
                        println!("email to {}: {}\n  {}", mail.to, mail.subject, mail.text);
                    }
                    for call in &out.webhooks {
                        println!(
                            "webhook {} {}\n  {}",
                            call.url,
                            call.signature.as_deref().unwrap_or("(unsigned)"),
                            call.body
                        );
                    }
                }
            }
            Action::Retry { run } => {
                runner::request_retry(&mut conn, &actor, run)?;
                println!("run {run}: retry asked; its executor takes it on its next pass");
            }
            Action::Runs {
                automation,
                limit,
                json,
            } => {
                let id = id_of(&find(&conn, &actor, &automation)?)?;
                let rows: Vec<String> = conn
                    .prepare(
                        "SELECT json_object('id', id, 'status', status, 'contact_id', contact_id, 'started_at', started_at,
                                'completed_at', completed_at, 'wake_at', wake_at, 'actions_completed', actions_completed,
                                'error_message', error_message, 'steps', json(steps))
                         FROM automation_runs WHERE automation_id = ?1 AND deleted_at IS NULL ORDER BY started_at DESC, id LIMIT ?2",
                    )?
                    .query_map(aio_core::db::params![id.to_string(), limit], |r| r.get(0))?
                    .collect::<Result<_, _>>()?;
                let runs: Vec<Value> = rows
                    .iter()
                    .map(|r| serde_json::from_str(r))
                    .collect::<Result<_, _>>()?;
                if json {
                    println!("{}", serde_json::to_string_pretty(&runs)?);
                } else {
                    for run in runs {
                        let wake = run["wake_at"]
                            .as_str()
                            .map(|w| format!(" until {w}"))
                            .unwrap_or_default();
                        println!(
                            "{}\t{}{wake}\t{}\tcontact {}",
                            run["started_at"].as_str().unwrap_or("-"),
                            run["status"].as_str().unwrap_or("-"),
                            run["id"].as_str().unwrap_or("-"),
                            run["contact_id"].as_str().unwrap_or("-")
                        );
                        for step in run["steps"].as_array().into_iter().flatten() {
                            println!(
                                "  {}\t{}\t{}",
                                step["step"].as_str().unwrap_or("-"),
                                step["type"].as_str().unwrap_or("-"),
                                step["outcome"].as_str().unwrap_or("-")
                            );
                        }
                        if let Some(e) = run["error_message"].as_str() {
                            println!("  error: {e}");
                        }
                    }
                }
            }
        },
        Command::Jobs { action } => match action {
            JobAction::List {
                status,
                limit,
                json,
            } => {
                let list = jobs::list(&conn, status.as_deref(), limit)?;
                if json {
                    println!("{}", serde_json::to_string_pretty(&list)?);
                } else {
                    for j in list {
                        println!(
                            "{}\t{}\t{}\tdue {}\t{} attempts\t{}\t{}",
                            j.id,
                            j.status,
                            j.kind,
                            j.due_at,
                            j.attempts,
                            j.key,
                            j.last_error.unwrap_or_default()
                        );
                    }
                }
            }
            JobAction::Retry { id } => {
                let job = runner::retry_local(
                    &mut conn,
                    &actor,
                    &Outbound::new(),
                    id,
                    aio_core::clock::Clock::System.now(),
                )?;
                println!("job {} is pending again, due {}", job.id, job.due_at);
            }
            JobAction::Run { now } => {
                let now = parse_now(now.as_deref())?;
                if let Some(link) = aio_sync::status(&conn)?.link {
                    bail!("this profile syncs with {}: its server runs the jobs (dry-run still works here)", link.server);
                }
                let done = runner::run_local(&mut conn, &actor, &Outbound::new(), now)?;
                println!(
                    "{} events read, {} runs started; jobs: {} done, {} waiting again, {} failed (retried later), {} dead",
                    done.events, done.started, done.jobs.done, done.jobs.rescheduled, done.jobs.failed, done.jobs.dead
                );
            }
        },
    }
    Ok(())
}
