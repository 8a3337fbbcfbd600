//! # commerce
//!
//! Products, orders and their lines, invoices and their lines, payments and refunds.
//!
//! - [`money`]: the order maths, in one place (exact decimals, one rounding rule per
//!   currency, discounts, taxes per rate, shipping).
//! - [`hooks`]: what every writer goes through: totals recomputed by [`totals`] after each
//!   write and merge, forged totals refused, unit prices from products, [`stock`] taken
//!   while an order is completed, finalised invoices frozen, payments settling invoices.
//! - [`numbering`]: invoice and order numbers from a pattern, unique across offline
//!   devices (server-reserved blocks, or the profile's own series before it ever synced).
//! - Operations: [`orders`] (create with lines, show), [`invoices`] (from an order or
//!   standalone lines, finalise, payments, refunds with credit notes), [`pdf`] (the
//!   invoice as PDF, natively), [`reminders`] (payment reminders through the job runner),
//!   [`preview`] (an unsaved document's totals, for the editors), [`revenue`] (the
//!   revenue dashboard's sums, in SQL).

pub mod demo;
pub mod events;
pub mod hooks;
pub mod invoices;
pub mod money;
pub mod numbering;
pub mod orders;
pub mod pdf;
pub mod preview;
pub mod reminders;
pub mod revenue;
pub mod stock;
pub mod tables;
pub mod totals;

/// Days from issue to due when an invoice names no terms.
pub const DEFAULT_TERMS_DAYS: i64 = 30;

/// The module as the registry sees it.
pub static MODULE: crate::schema::Module = crate::schema::Module {
    name: "commerce",
    tables: tables::COMMERCE_TABLES,
    record_types: tables::commerce_record_types,
    demo: demo::generate,
    enum_types: tables::commerce_enum_types,
};
