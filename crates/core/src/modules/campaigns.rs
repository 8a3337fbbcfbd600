//! # campaigns
//!
//! Email and SMS campaigns. Tables only so far: rows are written through the generic
//! record path.

pub mod demo;
pub mod tables;

/// The module as the registry sees it.
pub static MODULE: crate::schema::Module = crate::schema::Module {
    name: "campaigns",
    tables: tables::CAMPAIGNS_TABLES,
    record_types: tables::campaigns_record_types,
    demo: demo::generate,
    enum_types: tables::campaigns_enum_types,
};
