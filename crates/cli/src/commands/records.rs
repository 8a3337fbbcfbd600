//! `aio-crm records`: create, read, change, delete, restore and list records of any
//! table, JSON in and out, through the same record path as the desktop.

use aio_core::db::Connection;
use aio_core::records::{self, Deleted, ListQuery, Row, Sort};
use aio_core::Actor;
use anyhow::{bail, Context as _, Result};
use clap::{Args, Subcommand, ValueEnum};
use serde_json::Value;

use super::Context;

#[derive(Subcommand)]
pub enum Command {
    /// Create, read, change, delete, restore and list records of any table (JSON in and out)
    Records {
        #[command(subcommand)]
        action: Action,
    },
}

#[derive(Args)]
pub struct TableArg {
    /// Table name, e.g. contacts
    #[arg(long)]
    table: String,
}

#[derive(Args)]
pub struct IdArgs {
    #[command(flatten)]
    table: TableArg,
    #[arg(long)]
    id: uuid::Uuid,
}

#[derive(Subcommand)]
pub enum Action {
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

#[derive(Clone, Copy, ValueEnum)]
pub enum DeletedArg {
    Exclude,
    Only,
    Include,
}

pub fn run(context: &Context, command: Command) -> Result<()> {
    let Command::Records { action } = command;
    let (mut conn, actor) = context.open()?;
    records_command(&mut conn, &actor, action)
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

fn records_command(conn: &mut Connection, actor: &Actor, action: Action) -> Result<()> {
    match action {
        Action::Create { table, json } => {
            let table = records::table(&table.table)?;
            print(&records::create(conn, actor, table, parse_object(&json)?)?)
        }
        Action::Get(a) => print(&records::get(
            conn,
            actor,
            records::table(&a.table.table)?,
            a.id,
        )?),
        Action::Update { target, json } => {
            let table = records::table(&target.table.table)?;
            print(&records::update(
                conn,
                actor,
                table,
                target.id,
                parse_object(&json)?,
            )?)
        }
        Action::Delete(a) => print(&records::delete(
            conn,
            actor,
            records::table(&a.table.table)?,
            a.id,
        )?),
        Action::Restore(a) => print(&records::restore(
            conn,
            actor,
            records::table(&a.table.table)?,
            a.id,
        )?),
        Action::List {
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
