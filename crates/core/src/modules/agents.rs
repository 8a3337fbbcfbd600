//! # agents
//!
//! AI agents, their conversations and messages. Tables only so far: rows are written
//! through the generic record path.

pub mod demo;
pub mod tables;

/// The module as the registry sees it.
pub static MODULE: crate::schema::Module = crate::schema::Module {
    name: "agents",
    tables: tables::AGENTS_TABLES,
    record_types: tables::agents_record_types,
    demo: demo::generate,
    enum_types: tables::agents_enum_types,
};
