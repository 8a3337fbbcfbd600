//! The commands by group, one file each: its clap `Subcommand` and its `run`. Every group
//! is flattened into the top level (`aio-crm migrate`, `aio-crm records list`, ...).

pub mod automations;
pub mod bench;
pub mod calendar;
pub mod commerce;
pub mod crm;
pub mod database;
pub mod forms;
pub mod google;
pub mod org;
pub mod pipelines;
pub mod records;
pub mod server;
pub mod sync;

use std::path::PathBuf;

use aio_core::db::{self, Connection};
use aio_core::team::profile;
use aio_core::Actor;
use anyhow::Result;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum Command {
    #[command(flatten)]
    Database(database::Command),
    #[command(flatten)]
    Records(records::Command),
    #[command(flatten)]
    Crm(crm::Command),
    #[command(flatten)]
    Calendar(calendar::Command),
    #[command(flatten)]
    Forms(forms::Command),
    #[command(flatten)]
    Pipelines(pipelines::Command),
    #[command(flatten)]
    Commerce(commerce::Command),
    #[command(flatten)]
    Bench(bench::Command),
    #[command(flatten)]
    Org(org::Command),
    #[command(flatten)]
    Server(server::Command),
    #[command(flatten)]
    Sync(sync::Command),
    #[command(flatten)]
    Google(google::Command),
    #[command(flatten)]
    Automations(automations::Command),
}

/// The global flags every command sees.
pub struct Context {
    /// `--db`; none means the desktop app's own database.
    pub db: Option<PathBuf>,
    /// `--org`: the organisation to act in; none means the active one.
    pub org: Option<String>,
}

impl Context {
    /// The database file to use.
    pub fn path(&self) -> PathBuf {
        self.db.clone().unwrap_or_else(db::default_db_path)
    }

    /// Opens the existing database and resolves who acts.
    pub fn open(&self) -> Result<(Connection, Actor)> {
        let (conn, _) = db::open(&self.path(), db::OpenMode::Existing)?;
        let actor = profile::actor(&conn, self.org.as_deref())?;
        Ok((conn, actor))
    }
}

pub fn run(context: &Context, command: Command) -> Result<()> {
    match command {
        Command::Database(c) => database::run(context, c),
        Command::Records(c) => records::run(context, c),
        Command::Crm(c) => crm::run(context, c),
        Command::Calendar(c) => calendar::run(context, c),
        Command::Forms(c) => forms::run(context, c),
        Command::Pipelines(c) => pipelines::run(context, c),
        Command::Commerce(c) => commerce::run(context, c),
        Command::Bench(c) => bench::run(context, c),
        Command::Org(c) => org::run(context, c),
        Command::Server(c) => server::run(context, c),
        Command::Sync(c) => sync::run(context, c),
        Command::Google(c) => google::run(context, c),
        Command::Automations(c) => automations::run(context, c),
    }
}

/// Reports the indexes and search entries a bulk write put off, once built.
fn finish_deferred(conn: &mut Connection) -> Result<()> {
    let started = std::time::Instant::now();
    let finished = aio_core::deferred::finish(conn)?;
    eprintln!(
        "indexed for sorting and search ({} indexes, {} contacts) in {:.2} s",
        finished.indexes,
        finished.contacts_indexed,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
