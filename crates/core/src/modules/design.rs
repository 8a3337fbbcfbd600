//! # design
//!
//! Templates and assets. Tables only so far: rows are written through the generic record
//! path.

pub mod demo;
pub mod tables;

/// The module as the registry sees it.
pub static MODULE: crate::schema::Module = crate::schema::Module {
    name: "design",
    tables: tables::DESIGN_TABLES,
    record_types: tables::design_record_types,
    demo: demo::generate,
    enum_types: tables::design_enum_types,
};
