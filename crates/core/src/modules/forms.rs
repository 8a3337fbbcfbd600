//! # forms
//!
//! Forms and their submissions. Tables only so far: rows are written through the generic
//! record path.

pub mod demo;
pub mod tables;

/// The module as the registry sees it.
pub static MODULE: crate::schema::Module = crate::schema::Module {
    name: "forms",
    tables: tables::FORMS_TABLES,
    record_types: tables::forms_record_types,
    demo: demo::generate,
    enum_types: tables::forms_enum_types,
};
