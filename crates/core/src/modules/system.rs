//! # system
//!
//! The audit log (written by the record path, read-only to everyone) and notifications
//! (`notices.rs`: which of them a desktop shows as OS notifications).

pub mod demo;
pub mod notices;
pub mod tables;

/// The module as the registry sees it.
pub static MODULE: crate::schema::Module = crate::schema::Module {
    name: "system",
    tables: tables::SYSTEM_TABLES,
    record_types: tables::system_record_types,
    demo: demo::generate,
    enum_types: tables::system_enum_types,
};
