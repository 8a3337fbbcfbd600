//! # automations
//!
//! Automations: a trigger and a flow of steps, checked whole on every save
//! ([`definition`]); the events modules raise ([`events`]; contacts' own are raised by
//! the database, migration V15); the runner that turns events into runs and advances them
//! exactly once on the durable job queue ([`runner`], [`crate::jobs`]); what became of
//! the mail runs sent, as the sync server tells it back ([`delivery`]); dry runs
//! ([`dry_run`]).

pub mod definition;
pub mod delivery;
pub mod demo;
pub mod dry_run;
pub mod events;
pub mod runner;
pub mod schedule;
pub mod tables;

/// The module as the registry sees it.
pub static MODULE: crate::schema::Module = crate::schema::Module {
    name: "automations",
    tables: tables::AUTOMATIONS_TABLES,
    record_types: tables::automations_record_types,
    demo: demo::generate,
    enum_types: tables::automations_enum_types,
};
