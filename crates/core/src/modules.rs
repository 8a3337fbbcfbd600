//! The product's modules, one folder each (`modules/<name>/`): its tables with their
//! declared behaviour, its operations and its demo data. Generic code (records, values,
//! schema, sync) reads the declarations and never names a module's table or column.
//!
//! Adding a module: a folder with `tables.rs` (and a root file naming its parts), then
//! one name in the list below.

use crate::schema::Module;

macro_rules! modules {
    ($($name:ident),* $(,)?) => {
        $(pub mod $name;)*

        /// Every module, in the order of the spec (tables of earlier modules are the
        /// parents of later ones).
        pub static MODULES: &[&Module] = &[$(&$name::MODULE),*];

        /// Every table's record type and `TableDef`, whichever module declares it.
        pub mod all_tables {
            $(pub use super::$name::tables::*;)*
        }
    };
}

modules!(
    team,
    crm,
    calendar,
    forms,
    pipelines,
    commerce,
    agents,
    design,
    integrations,
    automations,
    campaigns,
    system,
);
