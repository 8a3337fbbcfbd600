//! A form's submissions as CSV: one column per field (hidden fields included), then what
//! came with each (status, contact, UTM parameters, referrer), newest last.

use std::io::Write;

use rusqlite::Connection;
use serde_json::Value;
use uuid::Uuid;

use super::definition::Definition;
use super::tables::FORMS;
use crate::error::{Error, Result};
use crate::records::{self, Actor};

const AFTER: [&str; 8] = [
    "status",
    "spam_reason",
    "contact_id",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "referrer",
    "ip_address",
];

fn cell(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join("; "),
        // An upload: its file name (the bytes stay on the server).
        Some(Value::Object(o)) if o.contains_key("file") => o
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("file")
            .to_string(),
        Some(other) => other.to_string(),
    }
}



/// Writes the submissions of form `form_id` (live ones) to `out`; returns how many.
pub fn csv(conn: &Connection, actor: &Actor, form_id: Uuid, out: &mut impl Write) -> Result<usize> {
    let form = records::get(conn, actor, &FORMS, form_id)?;
    // A definition that no longer parses still exports, by the data's own keys.
    let fields: Vec<(String, String)> = Definition::of(&form)
        .map(|d| {
            d.fields
                .into_iter()
                .map(|f| {
                    let label = if f.label.trim().is_empty() { f.id.clone() } else { f.label };
                    (f.id, label)
                })
                .collect()
        })
        .unwrap_or_default();
    let mut writer = csv::Writer::from_writer(out);
    let io = |e: csv::Error| Error::invalid("csv", e.to_string());
    let mut header = vec!["created_at".to_string()];
    header.extend(fields.iter().map(|(_, label)| label.clone()));
    header.extend(AFTER.iter().map(|s| s.to_string()));
    writer.write_record(&header).map_err(io)?;
    let mut stmt = conn.prepare(
        "SELECT created_at, data, status, spam_reason, contact_id, utm_source, utm_medium, utm_campaign, referrer, ip_address
         FROM form_submissions WHERE form_id = ?1 AND deleted_at IS NULL ORDER BY created_at, id",
    )?;
    let mut rows = stmt.query([form_id.to_string()])?;
    let mut n = 0;
    while let Some(row) = rows.next()? {
        let data: Value = serde_json::from_str(&row.get::<_, String>(1)?).unwrap_or_default();
        let mut record = vec![row.get::<_, String>(0)?];
        record.extend(fields.iter().map(|(id, _)| cell(data.get(id))));
        for i in 2..10 {
            record.push(row.get::<_, Option<String>>(i)?.unwrap_or_default());
        }
        writer.write_record(&record).map_err(io)?;
        n += 1;
    }
    writer.flush()?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_upload_is_written_as_its_file_name() {
        let v = serde_json::json!({"file": "abcdefghijklmnop", "name": "cv.pdf", "type": "application/pdf", "size": 3});
        assert_eq!(super::cell(Some(&v)), "cv.pdf");
    }
}
