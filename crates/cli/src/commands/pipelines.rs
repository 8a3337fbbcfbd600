//! The pipelines module's commands: list pipelines, show one with its stages, print a
//! board in order (text or JSON), create one from a template, and move or reopen a card
//! through the same core operations as the app's board.

use aio_core::db::Connection;
use aio_core::modules::pipelines::board::{board, Board};
use aio_core::modules::pipelines::forecast;
use aio_core::modules::pipelines::moves::{move_card, reopen, CardMove};
use aio_core::modules::pipelines::setup::{create_from_template, PipelineTemplate};
use aio_core::modules::pipelines::tables::{PIPELINES, PIPELINE_CARDS};
use aio_core::records::{self, ListQuery, Row, Sort};
use aio_core::{Actor, Error};
use anyhow::{Context as _, Result};
use clap::{Subcommand, ValueEnum};
use serde_json::{json, Value};
use uuid::Uuid;

use super::Context;

#[derive(Subcommand)]
pub enum Command {
    /// Pipelines: list, show, board, create
    Pipelines {
        #[command(subcommand)]
        action: Action,
    },
    /// Pipeline cards: move, reopen
    Cards {
        #[command(subcommand)]
        action: CardAction,
    },
}

#[derive(Subcommand)]
pub enum Action {
    /// Every pipeline: id, type, cards, name
    List,
    /// One pipeline as JSON: its stages, totals and the dashboard's figures
    Show {
        #[arg(long, value_name = "ID|NAME")]
        pipeline: String,
    },
    /// A pipeline's board: each stage with its cards in order
    Board {
        #[arg(long, value_name = "ID|NAME")]
        pipeline: String,
        /// Print the board as JSON
        #[arg(long)]
        json: bool,
    },
    /// A new pipeline with a template's stages
    Create {
        #[arg(long)]
        name: String,
        #[arg(long, value_enum, default_value = "sales")]
        template: TemplateArg,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum TemplateArg {
    Sales,
    Project,
    Hiring,
}

#[derive(Subcommand)]
pub enum CardAction {
    /// Move a card to a stage of its pipeline, before or after another card (else last)
    Move {
        #[arg(long, value_name = "ID")]
        id: Uuid,
        /// The stage's id or name
        #[arg(long, value_name = "STAGE")]
        stage: String,
        #[arg(long, value_name = "ID", conflicts_with = "after")]
        before: Option<Uuid>,
        #[arg(long, value_name = "ID")]
        after: Option<Uuid>,
        /// Why it was lost (required for a lost stage)
        #[arg(long)]
        lost_reason: Option<String>,
    },
    /// Move a won or lost card back to the open stage it came from
    Reopen {
        #[arg(long, value_name = "ID")]
        id: Uuid,
    },
}

fn text(row: &Row, field: &str) -> String {
    row.get(field)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// A pipeline by id, or by name (without case).
fn find(conn: &Connection, actor: &Actor, key: &str) -> Result<Uuid> {
    if let Ok(id) = Uuid::parse_str(key) {
        records::get(conn, actor, &PIPELINES, id)?;
        return Ok(id);
    }
    let query = ListQuery {
        limit: Some(1000),
        ..ListQuery::default()
    };
    let found: Vec<Row> = records::list(conn, actor, &PIPELINES, &query)?
        .items
        .into_iter()
        .filter(|p| text(p, "name").eq_ignore_ascii_case(key))
        .collect();
    match found.as_slice() {
        [one] => Ok(Uuid::parse_str(&text(one, "id"))?),
        [] => Err(Error::invalid("pipeline", format!("no pipeline \"{key}\"")).into()),
        _ => Err(Error::invalid(
            "pipeline",
            format!("{} pipelines are named \"{key}\": give its id", found.len()),
        )
        .into()),
    }
}

fn print_board(b: &Board) {
    println!(
        "{} ({}): open {}, weighted {}",
        b.name, b.r#type, b.open_value, b.weighted_value
    );
    for stage in &b.stages {
        let outcome = stage
            .outcome
            .as_deref()
            .map(|o| format!(", {o}"))
            .unwrap_or_default();
        println!(
            "\n== {} ({} cards, {}{outcome}) ==",
            stage.name, stage.count, stage.total_value
        );
        for c in &stage.cards {
            let mut extra = Vec::new();
            if let Some(due) = &c.due_date {
                extra.push(format!("due {due}"));
            }
            if let Some(who) = &c.owner_name {
                extra.push(who.clone());
            }
            if c.rotting {
                extra.push(format!("rotting: {} days", c.days_in_stage));
            }
            if let Some(reason) = &c.lost_reason {
                extra.push(format!("lost: {reason}"));
            }
            println!(
                "{}\t{}\t{}\t{}\t{}",
                c.id,
                c.title,
                c.value.as_deref().unwrap_or("-"),
                c.priority,
                extra.join(", ")
            );
        }
    }
}

pub fn run(context: &Context, command: Command) -> Result<()> {
    let (mut conn, actor) = context.open()?;
    match command {
        Command::Pipelines { action } => {
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
                    for p in records::list(&conn, &actor, &PIPELINES, &query)?.items {
                        let cards: i64 = conn.query_row(
                        "SELECT count(*) FROM pipeline_cards WHERE pipeline_id = ?1 AND deleted_at IS NULL",
                        [text(&p, "id")],
                        |r| r.get(0),
                    )?;
                        println!(
                            "{}\t{}\t{cards} cards\t{}",
                            text(&p, "id"),
                            text(&p, "type"),
                            text(&p, "name")
                        );
                    }
                }
                Action::Show { pipeline } => {
                    let id = find(&conn, &actor, &pipeline)?;
                    let row = records::get(&conn, &actor, &PIPELINES, id)?;
                    let dash = forecast::dashboard(&conn, &actor, id)?;
                    let b = board(&conn, &actor, id)?;
                    let stages: Vec<Value> = b
                    .stages
                    .iter()
                    .map(|s| json!({"id": s.id, "name": s.name, "position": s.position, "color": s.color,
                        "is_final": s.is_final, "outcome": s.outcome, "probability": s.probability,
                        "rot_days": s.rot_days, "count": s.count, "total_value": s.total_value}))
                    .collect();
                    println!(
                        "{}",
                        serde_json::to_string_pretty(
                            &json!({"pipeline": row, "stages": stages, "dashboard": dash})
                        )?
                    );
                }
                Action::Board { pipeline, json } => {
                    let id = find(&conn, &actor, &pipeline)?;
                    let b = board(&conn, &actor, id)?;
                    if json {
                        println!("{}", serde_json::to_string_pretty(&b)?);
                    } else {
                        print_board(&b);
                    }
                }
                Action::Create { name, template } => {
                    let template = match template {
                        TemplateArg::Sales => PipelineTemplate::Sales,
                        TemplateArg::Project => PipelineTemplate::Project,
                        TemplateArg::Hiring => PipelineTemplate::Hiring,
                    };
                    let row = create_from_template(&mut conn, &actor, &name, template)?;
                    println!("{}", text(&row, "id"));
                }
            }
        }
        Command::Cards { action } => match action {
            CardAction::Move {
                id,
                stage,
                before,
                after,
                lost_reason,
            } => {
                let card = records::get(&conn, &actor, &PIPELINE_CARDS, id)?;
                let pipeline =
                    Uuid::parse_str(&text(&card, "pipeline_id")).context("a stored pipeline id")?;
                let b = board(&conn, &actor, pipeline)?;
                let stage_id = b
                    .stages
                    .iter()
                    .find(|s| s.id == stage || s.name.eq_ignore_ascii_case(&stage))
                    .map(|s| s.id.clone())
                    .ok_or_else(|| {
                        Error::invalid(
                            "stage",
                            format!("no stage \"{stage}\" in pipeline \"{}\"", b.name),
                        )
                    })?;
                let m = CardMove {
                    card_id: id,
                    stage_id: Uuid::parse_str(&stage_id)?,
                    before,
                    after,
                    lost_reason,
                };
                let row = move_card(&mut conn, &actor, &m)?;
                println!("moved: {} to {}", text(&row, "title"), stage);
            }
            CardAction::Reopen { id } => {
                let row = reopen(&mut conn, &actor, id)?;
                println!("reopened: {}", text(&row, "title"));
            }
        },
    }
    Ok(())
}
