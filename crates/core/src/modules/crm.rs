//! # crm
//!
//! Contacts, companies, their activities and notes, tags, custom fields, saved views,
//! duplicates and CSV import/export, and full-text search over them.

pub mod demo;
pub mod tables;
pub mod custom_fields;
pub mod hooks;
pub mod import_triggers;
pub mod duplicates;
pub mod search;
pub mod tags;
pub mod timeline;
pub mod transfer;

/// The module as the registry sees it.
pub static MODULE: crate::schema::Module = crate::schema::Module {
    name: "crm",
    tables: tables::CRM_TABLES,
    record_types: tables::crm_record_types,
    demo: demo::generate,
    enum_types: tables::crm_enum_types,
};
