//! What contacts and companies add to the generic record path: custom field values are
//! checked against the organisation's definitions, and a tag name saved on a record that
//! the organisation has no tag for creates the tag.

use rusqlite::Transaction;
use serde_json::Value;

use super::{custom_fields, tags};
use crate::error::Result;
use crate::records::{Actor, Row};
use crate::schema::{Column, Hooks, Meaning, TableDef};

/// The hooks of the CRM's records with custom fields and tags.
pub struct CustomFieldsAndTags;

pub static CUSTOM_FIELDS_AND_TAGS: CustomFieldsAndTags = CustomFieldsAndTags;

impl Hooks for CustomFieldsAndTags {
    fn check(
        &self,
        tx: &Transaction<'_>,
        actor: &Actor,
        table: &TableDef,
        column: &Column,
        value: &Value,
    ) -> Result<()> {
        if column.meaning == Meaning::CustomFields {
            custom_fields::check(tx, actor, table, value)?;
        }
        Ok(())
    }

    fn after_write(&self, tx: &Transaction<'_>, actor: &Actor, table: &TableDef, row: &Row) -> Result<()> {
        tags::ensure_in(tx, actor, table, &tags::of(row), None)
    }
}
