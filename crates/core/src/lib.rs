//! # aio-core
//!
//! The Tauri-free domain core of AIO Agency CRM. The desktop app, the `aio-crm` CLI and
//! the sync server all call into it; none of them holds domain logic of its own.
//!
//! Generic layers, which name no table or column of a module:
//! - [`schema`]: how a table is declared (columns, their kinds and meanings, scope, unique
//!   rules, hooks); [`tables`]: every declared table.
//! - [`db`]: where the database lives, connection settings, migrations.
//! - [`records`]: the one create / get / update / delete / restore / list path, with
//!   validation ([`values`]), organisation scoping and the audit log.
//! - [`sync`]: row documents, the outbox, remote updates and repair, a new replica's
//!   bootstrap, and the sync wire format.
//! - [`batch`]: many changes as one undoable action; [`bulk`] actions are batches.
//! - [`deferred`]: index and search work a bulk write puts off until its rows are in.
//! - [`clock`]: the time domain code reads, injected so tests fix it.
//! - [`jobs`]: the durable job queue and its runner (retries, backoff, dead letter).
//! - [`demo`] data and [`doctor`] checks.
//!
//! Product modules, one folder each under [`modules`]: [`team`], [`crm`], [`calendar`],
//! and the tables of forms, pipelines, commerce, agents, design, integrations,
//! automations, campaigns and system.

pub mod audit;
pub mod batch;
pub mod bulk;
pub mod clock;
pub mod css;
pub mod db;
pub mod deferred;
pub mod demo;
pub mod doctor;
pub mod error;
pub mod jobs;
pub mod modules;
pub mod records;
pub mod schema;
pub mod settings;
pub mod sync;
pub mod tables;
pub mod values;

pub use error::{Error, ErrorPayload, Result};
pub use modules::{calendar, crm, team};
pub use records::{Actor, ListQuery, Page};
