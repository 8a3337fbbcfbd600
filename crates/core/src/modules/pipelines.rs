//! # pipelines
//!
//! Pipelines, their stages and cards. Tables only so far: rows are written through the
//! generic record path.

pub mod demo;
pub mod tables;

/// The module as the registry sees it.
pub static MODULE: crate::schema::Module = crate::schema::Module {
    name: "pipelines",
    tables: tables::PIPELINES_TABLES,
    record_types: tables::pipelines_record_types,
    demo: demo::generate,
    enum_types: tables::pipelines_enum_types,
};
