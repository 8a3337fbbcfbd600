//! # aio-core
//!
//! The Tauri-free domain core of AIO Agency CRM. The desktop app, the `aio-crm` CLI and
//! (later) the sync server all call into it; none of them holds domain logic of its own.
//!
//! - [`schema`] and [`tables`]: every table of the data model declared once, giving both
//!   the typed record (serde + TypeScript) and the metadata the generic path runs on.
//! - [`db`]: where the database lives, connection settings, migrations.
//! - [`records`]: the one generic create / get / update / delete / restore / list path,
//!   with validation, organisation scoping and the audit log.
//! - [`profile`]: the local profile (who "me" is, which organisation is active).
//! - [`demo`]: deterministic demo data for every module.
//! - [`doctor`]: integrity checks.
//! - [`search`]: full-text search over contacts and companies.
//! - [`deferred`]: index and search work a bulk write puts off until its rows are in.
//! - [`sync`]: row documents, the outbox, remote updates and repair; [`bootstrap`]: a new
//!   replica's first copy of an organisation.
//! - [`batch`]: many changes as one undoable action; [`bulk`] actions and [`tags`]
//!   management are batches.

pub mod accounts;
pub mod batch;
pub mod bootstrap;
pub mod bulk;
pub mod custom_fields;
pub mod db;
pub mod deferred;
pub mod demo;
pub mod doctor;
pub mod duplicates;
pub mod error;
pub mod ics;
pub mod modules;
pub mod profile;
pub mod records;
pub mod schema;
pub mod search;
pub mod settings;
pub mod slots;
pub mod sync;
pub mod tables;
pub mod tags;
pub mod transfer;
pub mod values;
pub mod wire;

pub use error::{Error, ErrorPayload, Result};
pub use records::{Actor, ListQuery, Page};
