//! The product's modules (DESIGN.md §7): each folder holds what is particular to one
//! module, its operations first. Modules use the generic core (records, schema, sync) and
//! reach into each other only through a small public API.

pub mod calendar;
