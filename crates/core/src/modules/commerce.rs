//! # commerce
//!
//! Products, orders and their lines, transactions and invoices. Tables only so far: rows
//! are written through the generic record path.

pub mod demo;
pub mod tables;

/// The module as the registry sees it.
pub static MODULE: crate::schema::Module = crate::schema::Module {
    name: "commerce",
    tables: tables::COMMERCE_TABLES,
    record_types: tables::commerce_record_types,
    demo: demo::generate,
    enum_types: tables::commerce_enum_types,
};
