//! Values of custom fields, checked against their definitions (`custom_field_definitions`)
//! on every write of a contact or company, whatever the edge: the app's editors, an import,
//! the CLI or a merge. Keys without a definition are kept as they are.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::records::Actor;
use crate::schema::TableDef;

/// Checks each defined key of a `custom_fields` object against its type.
pub(crate) fn check(
    conn: &Connection,
    actor: &Actor,
    table: &TableDef,
    fields: &Value,
) -> Result<()> {
    let Some(fields) = fields.as_object().filter(|f| !f.is_empty()) else {
        return Ok(());
    };
    let mut stmt = conn.prepare_cached(
        "SELECT key, field_type, options FROM custom_field_definitions
         WHERE organization_id = ?1 AND entity = ?2 AND deleted_at IS NULL",
    )?;
    let definitions = stmt.query_map(
        [actor.organization_id.to_string(), table.name.to_string()],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        },
    )?;
    for definition in definitions {
        let (key, field_type, options) = definition?;
        let Some(value) = fields.get(&key).filter(|v| !v.is_null()) else {
            continue;
        };
        let options: Vec<String> = serde_json::from_str(&options).unwrap_or_default();
        check_value(&field_type, &options, value)
            .map_err(|reason| Error::invalid(format!("custom_fields.{key}"), reason))?;
    }
    Ok(())
}

fn check_value(
    field_type: &str,
    options: &[String],
    value: &Value,
) -> std::result::Result<(), String> {
    let text = || {
        value
            .as_str()
            .ok_or_else(|| format!("must be text, got {value}"))
    };
    let one_of = |v: &str| {
        if options.iter().any(|o| o == v) {
            Ok(())
        } else {
            Err(format!("\"{v}\" is not one of {}", options.join(", ")))
        }
    };
    match field_type {
        "number" if !value.is_number() => Err(format!("must be a number, got {value}")),
        "checkbox" if !value.is_boolean() => Err(format!("must be true or false, got {value}")),
        "date" => {
            let t = text()?;
            NaiveDate::parse_from_str(t, "%Y-%m-%d")
                .map(|_| ())
                .map_err(|_| format!("\"{t}\" is not a date written as YYYY-MM-DD"))
        }
        "select" => one_of(text()?),
        "multi_select" => {
            let items = value
                .as_array()
                .ok_or_else(|| format!("must be a list of choices, got {value}"))?;
            items.iter().try_for_each(|item| {
                one_of(
                    item.as_str()
                        .ok_or_else(|| format!("must hold only text, got {item}"))?,
                )
            })
        }
        "url" => {
            let t = text()?;
            if (t.starts_with("https://") || t.starts_with("http://"))
                && !t.contains(char::is_whitespace)
            {
                Ok(())
            } else {
                Err(format!(
                    "\"{t}\" is not a web address starting with http:// or https://"
                ))
            }
        }
        "text" => text().map(|_| ()),
        _ => Ok(()),
    }
}
