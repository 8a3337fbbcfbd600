//! # pipelines
//!
//! Kanban boards: pipelines, their stages (final ones won or lost, each with a
//! probability and a rot limit) and cards, and the stage history. Every writer keeps the
//! rules through the tables' hooks ([`hooks`]): a card's stage belongs to its pipeline,
//! each stage change is recorded ([`history`]), a stage holding cards is not deleted, and
//! after a merge a card left in a deleted stage moves the same way on every replica
//! ([`repair`]). A card's place is a fractional key ([`rank`]), so a move writes only
//! that card's stage and rank ([`moves`]). Reads: the board ([`board`]) and the dashboard
//! maths ([`forecast`]); settings: templates, stage order, deleting a stage ([`setup`]).

pub mod board;
pub mod demo;
pub mod forecast;
pub mod history;
pub mod hooks;
pub mod moves;
pub mod rank;
pub mod repair;
pub mod setup;
pub mod tables;

/// The module as the registry sees it.
pub static MODULE: crate::schema::Module = crate::schema::Module {
    name: "pipelines",
    tables: tables::PIPELINES_TABLES,
    record_types: tables::pipelines_record_types,
    demo: demo::generate,
    enum_types: tables::pipelines_enum_types,
};
