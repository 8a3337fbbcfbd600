//! # automations
//!
//! Automations and their runs. Tables only so far: rows are written through the generic
//! record path.

pub mod demo;
pub mod events;
pub mod tables;

/// The module as the registry sees it.
pub static MODULE: crate::schema::Module = crate::schema::Module {
    name: "automations",
    tables: tables::AUTOMATIONS_TABLES,
    record_types: tables::automations_record_types,
    demo: demo::generate,
    enum_types: tables::automations_enum_types,
};
