//! # team
//!
//! Users, organisations and memberships: who the local profile is, which organisation is
//! active, the accounts the server keeps, and snapshots (a workspace's setup copied into
//! another, `snapshot.rs`).

pub mod demo;
pub mod tables;
pub mod accounts;
pub mod profile;
pub mod snapshot;

/// The module as the registry sees it.
pub static MODULE: crate::schema::Module = crate::schema::Module {
    name: "team",
    tables: tables::TEAM_TABLES,
    record_types: tables::team_record_types,
    demo: demo::generate,
    enum_types: tables::team_enum_types,
};
