//! Every table of the data model (shared/spec/schema.md), whichever module declares it:
//! `tables::CONTACTS`, `tables::Contact`, and the list [`TABLES`].

use std::sync::LazyLock;

use crate::modules::MODULES;
use crate::schema::TableDef;

pub use crate::modules::all_tables::*;

/// Every table, module by module.
pub static TABLES: LazyLock<Vec<&'static TableDef>> = LazyLock::new(|| {
    MODULES
        .iter()
        .flat_map(|m| m.tables.iter().copied())
        .collect()
});

/// TypeScript declarations of every record type.
pub fn record_type_decls() -> Vec<String> {
    MODULES.iter().flat_map(|m| (m.record_types)()).collect()
}

/// TypeScript declarations of every enum of every module.
pub fn enum_type_decls() -> Vec<String> {
    MODULES.iter().flat_map(|m| (m.enum_types)()).collect()
}
