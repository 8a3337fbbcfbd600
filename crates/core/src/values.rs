//! Turning JSON input into checked SQL values and SQL rows back into JSON, by column kind.
//!
//! Every check names the column and says what it expects. Values are normalised on the
//! way in (UUIDs lower-case, instants in UTC with milliseconds, times as HH:MM:SS,
//! decimals exact) so equal values are stored equally and text order is value order.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveTime, SecondsFormat, Utc};
use rusqlite::types::{Value as Sql, ValueRef};
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::schema::{Column, Decimal, Kind, Meaning};

/// Longest text accepted in one column (1 MiB); HTML templates fit, runaway input not.
const MAX_TEXT_BYTES: usize = 1 << 20;

/// Formats an instant the way it is stored.
pub fn timestamp_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Checks `value` for `column` and converts it to what is stored. `null` is accepted only
/// for nullable columns.
pub fn to_sql(column: &Column, value: &Value) -> Result<Sql> {
    let field = column.name;
    if value.is_null() {
        return if column.nullable {
            Ok(Sql::Null)
        } else {
            Err(Error::invalid(field, "is required and cannot be null"))
        };
    }
    let bad = |expected: &str| Error::invalid(field, format!("must be {expected}, got {value}"));
    let text = || value.as_str().ok_or_else(|| bad("a string"));
    Ok(match column.kind {
        Kind::Uuid => {
            let s = text()?;
            let id = uuid::Uuid::parse_str(s).map_err(|_| bad("a UUID"))?;
            Sql::Text(id.hyphenated().to_string())
        }
        Kind::Text => Sql::Text(check_text(column, text()?)?),
        Kind::Integer => Sql::Integer(value.as_i64().ok_or_else(|| bad("a whole number"))?),
        Kind::Bool => Sql::Integer(i64::from(
            value.as_bool().ok_or_else(|| bad("true or false"))?,
        )),
        Kind::Decimal => {
            let raw = match value {
                Value::String(s) => s.trim().to_string(),
                Value::Number(n) => n.to_string(),
                _ => return Err(bad("a decimal number such as \"19.99\"")),
            };
            let d =
                Decimal::from_str(&raw).map_err(|_| bad("a decimal number such as \"19.99\""))?;
            if d.digits() > 30 {
                return Err(Error::invalid(field, "has more than 30 digits"));
            }
            let (zero, hundred) = (Decimal::from(0), Decimal::from(100));
            if column.meaning == Meaning::Percent && (d < zero || d > hundred) {
                return Err(Error::invalid(
                    field,
                    format!("{raw} is not a percentage from 0 to 100"),
                ));
            }
            Sql::Text(d.normalized().to_plain_string())
        }
        Kind::Timestamp => {
            let s = text()?;
            let t = DateTime::parse_from_rfc3339(s)
                .map_err(|_| bad("an RFC 3339 date-time such as 2026-03-01T09:30:00Z"))?;
            Sql::Text(timestamp_text(t.with_timezone(&Utc)))
        }
        Kind::Date => {
            let s = text()?;
            let d =
                NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| bad("a date YYYY-MM-DD"))?;
            Sql::Text(d.format("%Y-%m-%d").to_string())
        }
        Kind::Time => {
            let s = text()?;
            let t = NaiveTime::parse_from_str(s, "%H:%M:%S")
                .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M"))
                .map_err(|_| bad("a time HH:MM or HH:MM:SS"))?;
            Sql::Text(t.format("%H:%M:%S").to_string())
        }
        Kind::Object => {
            if !value.is_object() {
                return Err(bad("a JSON object"));
            }
            Sql::Text(value.to_string())
        }
        Kind::Array => {
            if !value.is_array() {
                return Err(bad("a JSON array"));
            }
            Sql::Text(value.to_string())
        }
        Kind::StringArray => {
            let items = value.as_array().ok_or_else(|| bad("an array of strings"))?;
            Sql::Text(Value::from(string_list(column, items)?).to_string())
        }
        Kind::Json => Sql::Text(value.to_string()),
        Kind::Enum(values) => {
            let s = text()?;
            if !values.contains(&s) {
                return Err(Error::invalid(
                    field,
                    format!("must be one of {}, got \"{s}\"", values.join(", ")),
                ));
            }
            Sql::Text(s.to_string())
        }
    })
}

/// Text checks chosen by the column's declared meaning, so every table's emails,
/// colours, slugs and URLs are checked the same way.
fn check_text(column: &Column, s: &str) -> Result<String> {
    let field = column.name;
    if s.len() > MAX_TEXT_BYTES {
        return Err(Error::invalid(field, "is longer than 1 MiB"));
    }
    if s.contains('\0') {
        return Err(Error::invalid(field, "must not contain NUL characters"));
    }
    let trimmed = s.trim();
    let required = !column.nullable && !column.has_default;
    if required && trimmed.is_empty() {
        return Err(Error::invalid(field, "is required and cannot be empty"));
    }
    if trimmed.is_empty() {
        return Ok(String::new());
    }
    match column.meaning {
        Meaning::Email => {
            if !is_email(trimmed) {
                return Err(Error::invalid(
                    field,
                    format!("\"{trimmed}\" is not an email address"),
                ));
            }
            Ok(trimmed.to_string())
        }
        Meaning::CurrencyCode => {
            if trimmed.len() != 3 || !trimmed.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(Error::invalid(
                    field,
                    format!(
                        "\"{trimmed}\" is not a currency code (three capital letters, such as USD)"
                    ),
                ));
            }
            Ok(trimmed.to_string())
        }
        Meaning::Colour => {
            if !is_hex_colour(trimmed) {
                return Err(Error::invalid(
                    field,
                    format!("must be a hex colour such as #3b82f6, got \"{trimmed}\""),
                ));
            }
            Ok(trimmed.to_ascii_lowercase())
        }
        Meaning::Slug => {
            if !is_slug(trimmed) {
                return Err(Error::invalid(
                field,
                format!("must be lower-case letters, digits and single dashes (like \"intro-call\"), got \"{trimmed}\""),
            ));
            }
            Ok(trimmed.to_string())
        }
        Meaning::Url => {
            if !is_url(trimmed) {
                return Err(Error::invalid(
                    field,
                    format!("must be an http(s) URL, got \"{trimmed}\""),
                ));
            }
            Ok(trimmed.to_string())
        }
        _ => Ok(s.to_string()),
    }
}

/// A plausible email address (what email columns accept).
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.len() <= 64
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c == ',' || c == ';' || c == '<' || c == '>')
        && !domain.contains('@')
}

fn is_hex_colour(s: &str) -> bool {
    let Some(hex) = s.strip_prefix('#') else {
        return false;
    };
    matches!(hex.len(), 3 | 6 | 8) && hex.chars().all(|c| c.is_ascii_hexdigit())
}

/// A slug for `text` (a name): lowercase ASCII letters and digits, each other run of
/// characters one dash, at most 48 characters. Empty when the text has no letter or digit.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.truncate(48);
    slug.trim_end_matches('-').to_string()
}

fn is_slug(s: &str) -> bool {
    s.len() <= 100
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn is_url(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    matches!(rest, Some(r) if !r.is_empty() && !r.starts_with('/') && !r.chars().any(char::is_whitespace))
}

/// Reads one stored value back into JSON.
pub fn from_sql(column: &Column, value: ValueRef<'_>) -> Result<Value> {
    let corrupt =
        |why: &str| Error::invalid(column.name, format!("stored value is unreadable ({why})"));
    Ok(match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => match column.kind {
            Kind::Bool => Value::Bool(i != 0),
            _ => Value::from(i),
        },
        ValueRef::Real(f) => Value::from(f),
        ValueRef::Text(bytes) => {
            let s = std::str::from_utf8(bytes).map_err(|_| corrupt("not UTF-8"))?;
            match column.kind {
                Kind::Object | Kind::Array | Kind::StringArray | Kind::Json => {
                    serde_json::from_str(s).map_err(|_| corrupt("not JSON"))?
                }
                _ => Value::String(s.to_string()),
            }
        }
        ValueRef::Blob(_) => return Err(corrupt("a blob")),
    })
}

/// Reads a whole row (columns in `columns` order) into a JSON object.
pub fn row_to_json(columns: &[&Column], row: &rusqlite::Row<'_>) -> Result<Map<String, Value>> {
    let mut out = Map::with_capacity(columns.len());
    for (i, column) in columns.iter().enumerate() {
        out.insert(column.name.to_string(), from_sql(column, row.get_ref(i)?)?);
    }
    Ok(out)
}

/// The strings of a string-array column as stored: trimmed, none empty, each once
/// (ignoring ASCII case, as SQLite's NOCASE does); tags may not contain ';'.
pub(crate) fn string_list(column: &Column, items: &[Value]) -> Result<Vec<String>> {
    let field = column.name;
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        let s = item
            .as_str()
            .ok_or_else(|| Error::invalid(field, format!("must hold only strings, got {item}")))?
            .trim();
        if s.is_empty() {
            return Err(Error::invalid(field, "must not hold empty strings"));
        }
        // Tags travel through CSV as one "a; b" cell.
        if column.meaning == Meaning::TagList && s.contains(';') {
            return Err(Error::invalid(
                field,
                format!("tag \"{s}\" must not contain ;"),
            ));
        }
        if !out.iter().any(|o| o.eq_ignore_ascii_case(s)) {
            out.push(s.to_string());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(name: &'static str, kind: Kind, nullable: bool) -> Column {
        Column {
            name,
            kind,
            nullable,
            has_default: false,
            references: None,
            meaning: Meaning::Plain,
            derived: false,
            computed: false,
        }
    }

    fn meaning(column: Column, meaning: Meaning) -> Column {
        Column { meaning, ..column }
    }

    #[test]
    fn decimals_stay_exact_and_normalised() {
        let c = col("f_decimal", Kind::Decimal, false);
        assert_eq!(
            to_sql(&c, &Value::from("0.10")).unwrap(),
            Sql::Text("0.1".into())
        );
        assert_eq!(
            to_sql(&c, &Value::from("12345678901234567890.123")).unwrap(),
            Sql::Text("12345678901234567890.123".into())
        );
        let err = to_sql(&c, &Value::from("12,50")).unwrap_err().to_string();
        assert!(err.starts_with("f_decimal: must be a decimal"), "{err}");
    }

    #[test]
    fn instants_are_stored_in_utc_with_milliseconds() {
        let c = col("f_instant", Kind::Timestamp, false);
        assert_eq!(
            to_sql(&c, &Value::from("2026-03-29T03:30:00+02:00")).unwrap(),
            Sql::Text("2026-03-29T01:30:00.000Z".into())
        );
        assert!(to_sql(&c, &Value::from("tomorrow")).is_err());
    }

    #[test]
    fn text_checks_follow_the_column_name() {
        let email = meaning(col("f_email", Kind::Text, false), Meaning::Email);
        assert!(to_sql(&email, &Value::from("ana@example.com")).is_ok());
        let err = to_sql(&email, &Value::from("ana.example.com"))
            .unwrap_err()
            .to_string();
        assert_eq!(err, "f_email: \"ana.example.com\" is not an email address");
        let colour = meaning(col("f_colour", Kind::Text, true), Meaning::Colour);
        assert_eq!(
            to_sql(&colour, &Value::from("#ABCDEF")).unwrap(),
            Sql::Text("#abcdef".into())
        );
        assert!(to_sql(&colour, &Value::from("blue")).is_err());
        let slug = meaning(col("f_slug", Kind::Text, false), Meaning::Slug);
        assert!(to_sql(&slug, &Value::from("Intro Call")).is_err());
        let required = col("f_required", Kind::Text, false);
        assert!(to_sql(&required, &Value::from("   ")).is_err());
        assert!(to_sql(&required, &Value::Null).is_err());
    }

    #[test]
    fn meanings_not_names_choose_the_checks() {
        // A column with no declared meaning is plain text, whatever it holds...
        let plain = col("f_address", Kind::Text, false);
        assert!(to_sql(&plain, &Value::from("not an address")).is_ok());
        // ...and only a tag list refuses the CSV separator.
        let list = col("f_list", Kind::StringArray, false);
        assert!(to_sql(&list, &serde_json::json!(["a; b"])).is_ok());
        let tags = meaning(col("f_tags", Kind::StringArray, false), Meaning::TagList);
        let err = to_sql(&tags, &serde_json::json!(["a; b"]))
            .unwrap_err()
            .to_string();
        assert_eq!(err, "f_tags: tag \"a; b\" must not contain ;");
    }

    #[test]
    fn tags_are_trimmed_and_deduplicated() {
        let c = meaning(col("f_tags", Kind::StringArray, false), Meaning::TagList);
        let v = serde_json::json!([" vip ", "VIP", "lead"]);
        assert_eq!(
            to_sql(&c, &v).unwrap(),
            Sql::Text(r#"["vip","lead"]"#.into())
        );
        assert!(to_sql(&c, &serde_json::json!([1])).is_err());
    }

    #[test]
    fn enums_list_their_values_in_the_error() {
        let c = col("f_enum", Kind::Enum(&["open", "closed"]), false);
        let err = to_sql(&c, &Value::from("friend")).unwrap_err().to_string();
        assert_eq!(err, "f_enum: must be one of open, closed, got \"friend\"");
    }
}
