//! # forms
//!
//! Forms and their submissions: a form's definition (its fields with types, mapping to
//! contact columns and conditions, and its settings) checked on every write
//! ([`definition`]); answers checked against it ([`answers`]); the one submit operation
//! that stores a submission and makes it a contact, a timeline entry, notifications and
//! a `form_submit` trigger event ([`submit`]); spam screening ([`spam`]); the public
//! page, rendered the same for the server and the app's preview ([`page`]); and the
//! page's daily view counts ([`views`]).
//!
//! The public page runs on the server (crates/server/src/forms.rs), on the
//! organisation's replica, and writes through the push path so its rows sync.

pub mod answers;
pub mod definition;
pub mod demo;
pub mod export;
pub mod page;
pub mod spam;
pub mod submit;
pub mod tables;
pub mod views;

/// The module as the registry sees it.
pub static MODULE: crate::schema::Module = crate::schema::Module {
    name: "forms",
    tables: tables::FORMS_TABLES,
    record_types: tables::forms_record_types,
    demo: demo::generate,
    enum_types: tables::forms_enum_types,
};
