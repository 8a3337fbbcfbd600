//! Views of a form's public page, one row per form and day (UTC). The server counts
//! views in memory and adds them here in batches (a page view must stay cheap), through
//! the record path so the counts sync to devices. Only the server writes these rows.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction};
use serde_json::{json, Value};
use uuid::Uuid;

use super::tables::FORM_VIEWS;
use crate::error::Result;
use crate::records::{self, Actor, Row};

/// Adds `views` to form `form_id`'s count of `day`.
pub fn add(tx: &Transaction<'_>, actor: &Actor, form_id: Uuid, day: NaiveDate, views: i64) -> Result<()> {
    if views <= 0 {
        return Ok(());
    }
    let day_text = day.format("%Y-%m-%d").to_string();
    let found: Option<(String, i64)> = tx
        .prepare_cached(
            "SELECT id, views FROM form_views WHERE form_id = ?1 AND day = ?2 AND deleted_at IS NULL
             ORDER BY created_at, id LIMIT 1",
        )?
        .query_row([form_id.to_string(), day_text.clone()], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    match found {
        Some((id, count)) => {
            let mut patch = Row::new();
            patch.insert("views".into(), Value::from(count + views));
            let id = Uuid::parse_str(&id)
                .map_err(|_| crate::Error::invalid("id", "a stored id is not a UUID"))?;
            records::update_in(tx, actor, &FORM_VIEWS, id, patch, None)?;
        }
        None => {
            let Value::Object(input) =
                json!({"form_id": form_id.to_string(), "day": day_text, "views": views})
            else {
                unreachable!("a JSON object literal")
            };
            records::create_in(tx, actor, &FORM_VIEWS, input, None)?;
        }
    }
    Ok(())
}
