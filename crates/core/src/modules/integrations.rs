//! # integrations
//!
//! Integrations with outside services and their call logs. Tables only so far: rows are
//! written through the generic record path.

pub mod demo;
pub mod tables;

/// The module as the registry sees it.
pub static MODULE: crate::schema::Module = crate::schema::Module {
    name: "integrations",
    tables: tables::INTEGRATIONS_TABLES,
    record_types: tables::integrations_record_types,
    demo: demo::generate,
    enum_types: tables::integrations_enum_types,
};
