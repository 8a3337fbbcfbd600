//! What stages and cards add to the generic record path, so every writer (the app, the
//! CLI, imports, the generic record screens) keeps the same rules: a card's stage belongs
//! to its pipeline, each stage change lands in the stage history, a stage holding cards
//! cannot be deleted, and after a merge a card left in a deleted stage is moved, the same
//! way on every replica ([`super::repair`]). A card's assignees are people of its
//! organisation, each named once.

use std::collections::HashSet;

use rusqlite::{OptionalExtension, Transaction};
use serde_json::Value;
use uuid::Uuid;

use super::{history, rank, repair};
use crate::crm::hooks::CUSTOM_FIELDS_AND_TAGS;
use crate::error::{Error, Result};
use crate::records::{self, Actor, Row};
use crate::schema::{Column, Hooks, TableDef};
use crate::tables::USERS;

pub struct StageHooks;
pub static STAGE_HOOKS: StageHooks = StageHooks;

pub struct CardHooks;
pub static CARD_HOOKS: CardHooks = CardHooks;

fn percent(column: &Column, value: &Value) -> Result<()> {
    match value.as_i64() {
        Some(p) if !(0..=100).contains(&p) => Err(Error::invalid(
            column.name,
            format!("{p} is not a percentage from 0 to 100"),
        )),
        _ => Ok(()),
    }
}

/// Each assignee is a person the actor can see in the organisation, and is named once.
fn assignees(tx: &Transaction<'_>, actor: &Actor, value: &Value) -> Result<()> {
    let Some(ids) = value.as_array() else {
        return Ok(());
    };
    let mut seen = HashSet::new();
    for id in ids {
        let text = id.as_str().unwrap_or_default();
        let user = Uuid::parse_str(text)
            .map_err(|_| Error::invalid("assignees", format!("\"{text}\" is not a user id")))?;
        if !seen.insert(user) {
            return Err(Error::invalid("assignees", format!("{text} is named twice")));
        }
        records::get(tx, actor, &USERS, user)
            .map_err(|_| Error::invalid("assignees", format!("no user {text} in this organization")))?;
    }
    Ok(())
}

impl Hooks for StageHooks {
    fn check(
        &self,
        _tx: &Transaction<'_>,
        _actor: &Actor,
        _table: &TableDef,
        column: &Column,
        value: &Value,
    ) -> Result<()> {
        match column.name {
            "probability" => percent(column, value),
            "rot_days" => match value.as_i64() {
                Some(d) if d < 1 => Err(Error::invalid("rot_days", "must be at least 1 day")),
                _ => Ok(()),
            },
            _ => Ok(()),
        }
    }

    fn before_delete(&self, tx: &Transaction<'_>, _table: &TableDef, row: &Row) -> Result<()> {
        let id = row.get("id").and_then(Value::as_str).unwrap_or_default();
        let cards: i64 = tx.query_row(
            "SELECT count(*) FROM pipeline_cards WHERE stage_id = ?1 AND deleted_at IS NULL",
            [id],
            |r| r.get(0),
        )?;
        if cards > 0 {
            let name = row.get("name").and_then(Value::as_str).unwrap_or_default();
            return Err(Error::invalid(
                "id",
                format!("stage \"{name}\" still holds {cards} cards: move them to another stage first"),
            ));
        }
        Ok(())
    }

    fn after_merge(&self, tx: &Transaction<'_>, _table: &TableDef, _ids: &[&str]) -> Result<()> {
        repair::cards_in_stages(tx)
    }
}

impl Hooks for CardHooks {
    fn check(
        &self,
        tx: &Transaction<'_>,
        actor: &Actor,
        table: &TableDef,
        column: &Column,
        value: &Value,
    ) -> Result<()> {
        match column.name {
            "probability" => percent(column, value),
            "assignees" => assignees(tx, actor, value),
            "rank" => match value.as_str() {
                Some(key) if !rank::is_valid(key) => Err(Error::invalid(
                    "rank",
                    format!("\"{key}\" is not a rank (base-62 digits 0-9A-Za-z, not ending in 0)"),
                )),
                _ => Ok(()),
            },
            _ => CUSTOM_FIELDS_AND_TAGS.check(tx, actor, table, column, value),
        }
    }

    fn after_write(&self, tx: &Transaction<'_>, actor: &Actor, table: &TableDef, row: &Row) -> Result<()> {
        let text = |f: &str| row.get(f).and_then(Value::as_str).unwrap_or_default().to_string();
        let (pipeline, stage) = (text("pipeline_id"), text("stage_id"));
        let owner: Option<String> = tx
            .query_row(
                "SELECT pipeline_id FROM pipeline_stages WHERE id = ?1",
                [&stage],
                |r| r.get(0),
            )
            .optional()?;
        if owner.as_deref() != Some(pipeline.as_str()) {
            return Err(Error::invalid(
                "stage_id",
                format!("stage {stage} is not a stage of pipeline {pipeline}"),
            ));
        }
        history::record(tx, actor, row)?;
        CUSTOM_FIELDS_AND_TAGS.after_write(tx, actor, table, row)
    }

    fn after_merge(&self, tx: &Transaction<'_>, _table: &TableDef, _ids: &[&str]) -> Result<()> {
        repair::cards_in_stages(tx)
    }
}
