//! # forms
//!
//! Forms and their submissions. Tables only so far: rows are written through the generic
//! record path.

pub mod tables;

/// The module as the registry sees it.
pub static MODULE: crate::schema::Module = crate::schema::Module {
    name: "forms",
    tables: tables::FORMS_TABLES,
    record_types: tables::forms_record_types,
    enum_types: tables::forms_enum_types,
};
