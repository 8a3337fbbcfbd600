//! CSV import and export of contacts.
//!
//! Import reads what real exports contain: UTF-8 with or without a BOM, UTF-16 with a
//! BOM, Windows-1252; comma, semicolon, tab or pipe separators; CRLF; quoted fields with
//! separators and newlines. Each header is mapped to a contact field (suggested from the
//! header, changeable by the user). Every data row ends up imported, merged into the
//! contact with the same email (when chosen) or rejected with its line number and reason;
//! none is dropped silently. The whole import is one transaction and one undoable batch.
//!
//! Export writes the same columns the import recognises, so its output imports back
//! unchanged.

use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use ts_rs::TS;
use uuid::Uuid;

use crate::batch::{self, BatchResult};
use super::import_triggers::{self, SuspendedTriggers};
use crate::error::{Error, Result};
use crate::records::{self, Actor, ListQuery, Row};
use crate::tables::{CONTACTS, CUSTOM_FIELD_DEFINITIONS};
use crate::values::timestamp_text;
use crate::crm::{search, tags};

/// A CSV file read into memory, ready to map and import.
#[derive(Debug, Clone)]
pub struct CsvFile {
    pub file_name: String,
    /// "utf-8", "utf-8 (BOM)", "utf-16le", "utf-16be" or "windows-1252".
    pub encoding: String,
    pub delimiter: char,
    pub headers: Vec<String>,
    pub rows: Vec<CsvRow>,
}

/// One data row and the line of the file it starts on (1 is the header).
#[derive(Debug, Clone)]
pub struct CsvRow {
    pub line: u64,
    pub fields: Vec<String>,
}

/// What the UI shows after a file is chosen: how it was read and a suggested mapping.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportFile {
    pub file_name: String,
    pub encoding: String,
    pub delimiter: String,
    pub headers: Vec<String>,
    #[ts(type = "number")]
    pub rows: u64,
    /// The target of each header (see `targets`), or null to skip the column.
    pub mapping: Vec<Option<String>>,
    /// The first rows, as read.
    pub sample: Vec<Vec<String>>,
    /// Every field a column can be mapped to, with its label.
    pub targets: Vec<ImportTarget>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportTarget {
    pub field: String,
    pub label: String,
}

/// What to do with a row whose email belongs to a contact already.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OnDuplicate {
    /// Update that contact with the row's non-empty values (tags are added).
    #[default]
    Merge,
    /// Leave that contact alone and report the row.
    Skip,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportOptions {
    /// The target of each header, as in `ImportFile::mapping`.
    pub mapping: Vec<Option<String>>,
    #[serde(default)]
    pub on_duplicate: OnDuplicate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RowOutcome {
    Create,
    Merge,
    Reject,
}

/// A row as the import will treat it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PreviewRow {
    #[ts(type = "number")]
    pub line: u64,
    pub outcome: RowOutcome,
    pub reason: Option<String>,
    #[ts(type = "Record<string, unknown>")]
    pub record: Row,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ImportPreview {
    #[ts(type = "number")]
    pub create: u64,
    #[ts(type = "number")]
    pub merge: u64,
    #[ts(type = "number")]
    pub reject: u64,
    /// The first rows with their outcome, then every rejected row up to 200.
    pub rows: Vec<PreviewRow>,
}

/// A row the import did not take, with why.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RejectedRow {
    #[ts(type = "number")]
    pub line: u64,
    pub reason: String,
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ImportReport {
    /// Undo the import with `batch::undo`; absent when nothing was written.
    pub batch_id: Option<Uuid>,
    #[ts(type = "number")]
    pub imported: u64,
    #[ts(type = "number")]
    pub merged: u64,
    /// Rows that matched a contact that already had every value.
    #[ts(type = "number")]
    pub unchanged: u64,
    pub rejected: Vec<RejectedRow>,
    /// Headers that were not imported.
    pub skipped_columns: Vec<String>,
    /// A big import leaves its sort indexes and search documents for `deferred::finish`
    /// (run in the background by the app): until then new contacts are listed and counted
    /// but not yet found by search.
    pub indexing: bool,
}

/// Progress of a running import, readable from another thread.
#[derive(Debug, Default)]
pub struct Progress {
    pub done: AtomicU64,
    pub total: AtomicU64,
}

// --- reading ------------------------------------------------------------------------

/// Decodes and parses a CSV file. Errors only when the file has no header row.
pub fn read_csv(file_name: &str, bytes: &[u8]) -> Result<CsvFile> {
    let (text, encoding) = decode(bytes);
    let delimiter = sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter as u8)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    // Lines are counted from byte offsets: a quoted field may span several lines.
    let (mut line, mut counted_to) = (1u64, 0usize);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let at = e.position().map_or(line, |p| p.line());
                return Err(Error::invalid(
                    "file",
                    format!("near line {at}: cannot be read as CSV ({e})"),
                ));
            }
        }
        // The reported start may sit on the previous record's line ending.
        let mut start = record
            .position()
            .map_or(0, |p| p.byte() as usize)
            .min(text.len());
        while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        line += text.as_bytes()[counted_to..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        counted_to = start;
        let fields: Vec<String> = record.iter().map(str::to_string).collect();
        if headers.is_none() {
            headers = Some(fields.iter().map(|h| h.trim().to_string()).collect());
        } else {
            rows.push(CsvRow { line, fields });
        }
    }
    let headers = headers
        .filter(|h| h.iter().any(|c| !c.is_empty()))
        .ok_or_else(|| Error::invalid("file", "is empty: the first line must name the columns"))?;
    Ok(CsvFile {
        file_name: file_name.to_string(),
        encoding: encoding.to_string(),
        delimiter,
        headers,
        rows,
    })
}

fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (String::from_utf8_lossy(rest).into_owned(), "utf-8 (BOM)");
    }
    for (bom, encoding, name) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE, "utf-16le"),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE, "utf-16be"),
    ] {
        if bytes.starts_with(bom) {
            let (text, _) = encoding.decode_without_bom_handling(&bytes[2..]);
            return (text.into_owned(), name);
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), "utf-8"),
        // Not UTF-8: spreadsheet exports on Windows write the ANSI code page.
        Err(_) => (
            encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
            "windows-1252",
        ),
    }
}

/// The separator that splits the header line most, outside quotes.
fn sniff_delimiter(text: &str) -> char {
    let mut counts = [(',', 0usize), (';', 0), ('\t', 0), ('|', 0)];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            _ if !quoted => {
                if let Some(entry) = counts.iter_mut().find(|(d, _)| *d == c) {
                    entry.1 += 1;
                }
            }
            _ => {}
        }
    }
    counts
        .iter()
        .max_by_key(|(d, n)| (*n, *d == ','))
        .map_or(',', |(d, _)| *d)
}

// --- mapping ------------------------------------------------------------------------

/// The contact fields a column can fill, with the header the export writes for each.
const FIELDS: &[(&str, &str)] = &[
    ("first_name", "First name"),
    ("last_name", "Last name"),
    ("full_name", "Full name"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("company", "Company"),
    ("title", "Title"),
    ("department", "Department"),
    ("website", "Website"),
    ("address.street", "Street"),
    ("address.city", "City"),
    ("address.state", "State"),
    ("address.postal_code", "Postal code"),
    ("address.country", "Country"),
    ("dob", "Date of birth"),
    ("owner", "Owner"),
    ("source", "Source"),
    ("status", "Status"),
    ("lead_score", "Lead score"),
    ("quality", "Quality"),
    ("engagement", "Engagement"),
    ("tags", "Tags"),
    ("opt_in_email", "Email opt-in"),
    ("opt_in_sms", "SMS opt-in"),
    ("opt_in_calls", "Calls opt-in"),
    ("opt_in_automations", "Automations opt-in"),
    ("last_contacted_at", "Last contacted"),
    ("created_at", "Created"),
    ("note", "Note"),
];

/// Other headers seen in exports of common CRMs and spreadsheets, normalised.
const SYNONYMS: &[(&str, &str)] = &[
    ("firstname", "first_name"),
    ("givenname", "first_name"),
    ("forename", "first_name"),
    ("lastname", "last_name"),
    ("surname", "last_name"),
    ("familyname", "last_name"),
    ("name", "full_name"),
    ("contactname", "full_name"),
    ("emailaddress", "email"),
    ("mail", "email"),
    ("phonenumber", "phone"),
    ("mobile", "phone"),
    ("mobilephone", "phone"),
    ("telephone", "phone"),
    ("tel", "phone"),
    ("companyname", "company"),
    ("organization", "company"),
    ("organisation", "company"),
    ("account", "company"),
    ("jobtitle", "title"),
    ("position", "title"),
    ("url", "website"),
    ("address", "address.street"),
    ("streetaddress", "address.street"),
    ("town", "address.city"),
    ("region", "address.state"),
    ("province", "address.state"),
    ("zip", "address.postal_code"),
    ("zipcode", "address.postal_code"),
    ("postcode", "address.postal_code"),
    ("birthday", "dob"),
    ("birthdate", "dob"),
    ("contactowner", "owner"),
    ("owneremail", "owner"),
    ("leadsource", "source"),
    ("lifecyclestage", "status"),
    ("score", "lead_score"),
    ("labels", "tags"),
    ("notes", "note"),
    ("createdat", "created_at"),
    ("createdate", "created_at"),
    ("lastcontactedat", "last_contacted_at"),
];

fn normalise_header(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A custom field of contacts, as its definition types it.
#[derive(Debug, Clone)]
struct CustomField {
    key: String,
    label: String,
    field_type: String,
    options: Vec<String>,
}

fn custom_fields(conn: &Connection, actor: &Actor) -> Result<Vec<CustomField>> {
    let query = ListQuery {
        filters: vec![records::parse_filter(
            &CUSTOM_FIELD_DEFINITIONS,
            "entity=contacts",
        )?],
        limit: Some(records::MAX_LIMIT),
        sort: Some(records::Sort {
            field: "position".into(),
            desc: false,
        }),
        ..ListQuery::default()
    };
    let page = records::list(conn, actor, &CUSTOM_FIELD_DEFINITIONS, &query)?;
    Ok(page
        .items
        .iter()
        .map(|row| {
            let text = |f: &str| {
                row.get(f)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string()
            };
            CustomField {
                key: text("key"),
                label: text("label"),
                field_type: text("field_type"),
                options: row
                    .get("options")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect(),
            }
        })
        .collect())
}

/// Every target a column can be mapped to: the contact fields, then the custom fields.
fn targets(custom: &[CustomField]) -> Vec<ImportTarget> {
    FIELDS
        .iter()
        .map(|(field, label)| ImportTarget {
            field: field.to_string(),
            label: label.to_string(),
        })
        .chain(custom.iter().map(|c| ImportTarget {
            field: format!("custom_fields.{}", c.key),
            label: c.label.clone(),
        }))
        .collect()
}

/// The suggested target of each header; a target is used once, by its first header.
fn suggest_mapping(headers: &[String], custom: &[CustomField]) -> Vec<Option<String>> {
    let mut used: Vec<String> = Vec::new();
    headers
        .iter()
        .map(|header| {
            let n = normalise_header(header);
            let found = FIELDS
                .iter()
                .find(|(field, label)| normalise_header(field) == n || normalise_header(label) == n)
                .map(|(field, _)| field.to_string())
                .or_else(|| {
                    SYNONYMS
                        .iter()
                        .find(|(s, _)| *s == n)
                        .map(|(_, f)| f.to_string())
                })
                .or_else(|| {
                    custom
                        .iter()
                        .find(|c| normalise_header(&c.key) == n || normalise_header(&c.label) == n)
                        .map(|c| format!("custom_fields.{}", c.key))
                });
            match found {
                Some(f) if !used.contains(&f) => {
                    used.push(f.clone());
                    Some(f)
                }
                _ => None,
            }
        })
        .collect()
}

/// How the file was read, with a suggested mapping and a sample, for the mapping screen.
pub fn describe(conn: &Connection, actor: &Actor, file: &CsvFile) -> Result<ImportFile> {
    let custom = custom_fields(conn, actor)?;
    Ok(ImportFile {
        file_name: file.file_name.clone(),
        encoding: file.encoding.clone(),
        delimiter: match file.delimiter {
            '\t' => "tab".into(),
            d => d.to_string(),
        },
        headers: file.headers.clone(),
        rows: file.rows.len() as u64,
        mapping: suggest_mapping(&file.headers, &custom),
        sample: file.rows.iter().take(5).map(|r| r.fields.clone()).collect(),
        targets: targets(&custom),
    })
}

// --- converting rows ----------------------------------------------------------------

/// Turns rows into contact input; knows the organisation's users and custom fields.
struct Converter {
    mapping: Vec<Option<String>>,
    headers: Vec<String>,
    custom: HashMap<String, CustomField>,
    users: HashMap<String, String>,
}

impl Converter {
    fn new(
        conn: &Connection,
        actor: &Actor,
        file: &CsvFile,
        options: &ImportOptions,
    ) -> Result<Self> {
        if options.mapping.len() != file.headers.len() {
            return Err(Error::invalid(
                "mapping",
                format!(
                    "has {} entries for {} columns",
                    options.mapping.len(),
                    file.headers.len()
                ),
            ));
        }
        let custom = custom_fields(conn, actor)?;
        let known = targets(&custom);
        let mut seen: Vec<&str> = Vec::new();
        for (header, target) in file.headers.iter().zip(&options.mapping) {
            let Some(target) = target else { continue };
            if !known.iter().any(|t| t.field == *target) {
                return Err(Error::invalid(
                    "mapping",
                    format!("column \"{header}\": no contact field \"{target}\""),
                ));
            }
            if seen.contains(&target.as_str()) {
                return Err(Error::invalid(
                    "mapping",
                    format!(
                        "column \"{header}\": \"{target}\" is already mapped to another column"
                    ),
                ));
            }
            seen.push(target);
        }
        if !seen.contains(&"email") {
            return Err(Error::invalid(
                "mapping",
                "map a column to Email: contacts are matched by their email",
            ));
        }
        let users = conn
            .prepare(
                "SELECT lower(u.email), u.id FROM users u JOIN organization_members m ON m.user_id = u.id
                 WHERE m.organization_id = ? AND m.deleted_at IS NULL AND u.deleted_at IS NULL",
            )?
            .query_map([actor.organization_id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Converter {
            mapping: options.mapping.clone(),
            headers: file.headers.clone(),
            custom: custom.into_iter().map(|c| (c.key.clone(), c)).collect(),
            users,
        })
    }

    /// The contact input of a row, and its note text; the error names the column.
    fn convert(&self, row: &CsvRow) -> Result<(Row, Option<String>)> {
        if row.fields.iter().all(|f| f.trim().is_empty()) {
            return Err(Error::invalid("row", "is empty"));
        }
        if row.fields.len() > self.headers.len()
            && row.fields[self.headers.len()..]
                .iter()
                .any(|f| !f.trim().is_empty())
        {
            return Err(Error::invalid(
                "row",
                format!(
                    "has {} fields but the header names {} columns",
                    row.fields.len(),
                    self.headers.len()
                ),
            ));
        }
        let mut out = Row::new();
        let mut address = Map::new();
        let mut custom = Map::new();
        let mut note = None;
        for (i, target) in self.mapping.iter().enumerate() {
            let Some(target) = target else { continue };
            let raw = row.fields.get(i).map(|s| s.trim()).unwrap_or_default();
            if raw.is_empty() {
                // An explicit null keeps every row's insert the same statement.
                if CONTACTS.column(target).is_some_and(|c| c.nullable) {
                    out.insert(target.clone(), Value::Null);
                }
                continue;
            }
            let header = &self.headers[i];
            let bad = |reason: String| Error::invalid(header.clone(), reason);
            if let Some(part) = target.strip_prefix("address.") {
                address.insert(part.to_string(), Value::from(raw));
            } else if let Some(key) = target.strip_prefix("custom_fields.") {
                let field = &self.custom[key];
                custom.insert(key.to_string(), custom_value(field, raw).map_err(bad)?);
            } else {
                let value = match target.as_str() {
                    "full_name" => {
                        let (first, last) = raw.rsplit_once(' ').unwrap_or((raw, ""));
                        out.entry("first_name")
                            .or_insert_with(|| Value::from(first.trim()));
                        out.entry("last_name")
                            .or_insert_with(|| Value::from(last.trim()));
                        continue;
                    }
                    "note" => {
                        note = Some(raw.to_string());
                        continue;
                    }
                    "owner" => {
                        let id = self.users.get(&raw.to_lowercase()).ok_or_else(|| {
                            bad(format!("no user with email \"{raw}\" in this organization"))
                        })?;
                        out.insert("owner_id".into(), Value::from(id.clone()));
                        continue;
                    }
                    "status" | "quality" | "engagement" => Value::from(raw.to_lowercase()),
                    "lead_score" => Value::from(
                        raw.parse::<f64>()
                            .ok()
                            .filter(|n| n.fract() == 0.0)
                            .map(|n| n as i64)
                            .ok_or_else(|| bad(format!("\"{raw}\" is not a whole number")))?,
                    ),
                    "tags" => Value::from(split_list(raw)),
                    "dob" => Value::from(parse_date(raw).map_err(bad)?.to_string()),
                    "created_at" | "last_contacted_at" => {
                        Value::from(parse_timestamp(raw).map_err(bad)?)
                    }
                    t if t.starts_with("opt_in_") => Value::from(parse_bool(raw).map_err(bad)?),
                    _ => Value::from(raw),
                };
                out.insert(target.clone(), value);
            }
        }
        if !address.is_empty() {
            out.insert("address".into(), Value::Object(address));
        }
        if !custom.is_empty() {
            out.insert("custom_fields".into(), Value::Object(custom));
        }
        if out.get("email").is_none() {
            return Err(Error::invalid(
                "email",
                "is empty; contacts are matched by their email",
            ));
        }
        Ok((out, note))
    }
}

fn split_list(raw: &str) -> Vec<String> {
    raw.split([';', ','])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn parse_bool(raw: &str) -> std::result::Result<bool, String> {
    match raw.to_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "x" | "on" | "opted in" | "subscribed" => Ok(true),
        "false" | "no" | "n" | "0" | "off" | "opted out" | "unsubscribed" => Ok(false),
        _ => Err(format!("\"{raw}\" is not yes or no")),
    }
}

fn parse_date(raw: &str) -> std::result::Result<NaiveDate, String> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(raw, "%Y/%m/%d"))
        .map_err(|_| format!("\"{raw}\" is not a date written as YYYY-MM-DD"))
}

fn parse_timestamp(raw: &str) -> std::result::Result<String, String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Ok(timestamp_text(t.with_timezone(&Utc)));
    }
    for format in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(raw, format) {
            return Ok(timestamp_text(t.and_utc()));
        }
    }
    parse_date(raw)
        .map(|d| timestamp_text(d.and_time(chrono::NaiveTime::MIN).and_utc()))
        .map_err(|_| format!("\"{raw}\" is not a date and time such as 2026-03-01T09:30:00Z"))
}

/// A cell turned into the JSON type its custom field's definition says: numbers, dates,
/// yes/no, and choices spelled as the definition spells them. Whether the value is
/// allowed (a known choice, a web address) is for `custom_fields::check` on write.
fn custom_value(field: &CustomField, raw: &str) -> std::result::Result<Value, String> {
    let choice = |v: &str| {
        let v = v.trim();
        let known = field.options.iter().find(|o| o.eq_ignore_ascii_case(v));
        Value::from(known.map_or(v, String::as_str))
    };
    Ok(match field.field_type.as_str() {
        "number" => {
            let n: f64 = raw
                .parse()
                .map_err(|_| format!("\"{raw}\" is not a number"))?;
            if n.fract() == 0.0 && n.abs() < 9e15 {
                Value::from(n as i64)
            } else {
                Value::from(n)
            }
        }
        "date" => Value::from(parse_date(raw)?.to_string()),
        "checkbox" => Value::from(parse_bool(raw)?),
        "select" => choice(raw),
        "multi_select" => Value::Array(raw.split(';').map(choice).collect()),
        _ => Value::from(raw),
    })
}

/// The live contact with this email, if any: the one holding it, not a duplicate that a
/// sync merge marked. The lookup goes through the unique index, which an import keeps
/// while it rebuilds the others.
fn existing_by_email(tx: &Connection, actor: &Actor, email: &str) -> Result<Option<Uuid>> {
    let id: Option<String> = tx
        .prepare_cached(
            "SELECT id FROM contacts INDEXED BY uq_contacts_organization_id_email
             WHERE organization_id = ?1 AND email = ?2 COLLATE NOCASE
               AND deleted_at IS NULL AND duplicate_of IS NULL",
        )?
        .query_row(
            [actor.organization_id.to_string(), email.trim().to_string()],
            |r| r.get(0),
        )
        .optional()?;
    id.map(|id| Uuid::parse_str(&id).map_err(|_| Error::invalid("id", "not a uuid")))
        .transpose()
}

/// The fields of `input` that would change `current`: tags are added, custom fields and
/// address parts are set key by key, empty cells change nothing.
fn merge_patch(current: &Row, input: &Row) -> Row {
    let mut patch = Row::new();
    for (field, value) in input {
        if value.is_null() {
            continue;
        }
        let next = match field.as_str() {
            "email" | "created_at" => continue,
            "first_name" | "last_name" if value.as_str().is_some_and(str::is_empty) => continue,
            "tags" => Value::from(tags::union(&tags::of(current), &tags::of(input))),
            "address" | "custom_fields" => {
                let mut joined = current
                    .get(field)
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default();
                joined.extend(value.as_object().cloned().unwrap_or_default());
                Value::Object(joined)
            }
            _ => value.clone(),
        };
        if current.get(field) != Some(&next) {
            patch.insert(field.clone(), next);
        }
    }
    patch
}

// --- preview and import -------------------------------------------------------------

/// What importing would do, without writing anything: counts for every row, the first
/// `sample` rows and the rejected ones.
pub fn preview(
    conn: &mut Connection,
    actor: &Actor,
    file: &CsvFile,
    options: &ImportOptions,
    sample: usize,
) -> Result<ImportPreview> {
    // The real import in a transaction that is rolled back: the preview can't disagree.
    let tx = conn.transaction()?;
    let mut preview = ImportPreview {
        create: 0,
        merge: 0,
        reject: 0,
        rows: Vec::new(),
    };
    let outcomes = run_rows(&tx, actor, file, options, None, &Progress::default())?;
    for (row, outcome) in file.rows.iter().zip(outcomes) {
        let (kind, reason, record) = match outcome {
            Outcome::Created(record) => (RowOutcome::Create, None, record),
            Outcome::Merged(record) | Outcome::Unchanged(record) => {
                (RowOutcome::Merge, None, record)
            }
            Outcome::Rejected(reason) => (RowOutcome::Reject, Some(reason), Row::new()),
        };
        match kind {
            RowOutcome::Create => preview.create += 1,
            RowOutcome::Merge => preview.merge += 1,
            RowOutcome::Reject => preview.reject += 1,
        }
        if preview.rows.len() < sample
            || (kind == RowOutcome::Reject && preview.rows.len() < sample + 200)
        {
            preview.rows.push(PreviewRow {
                line: row.line,
                outcome: kind,
                reason,
                record,
            });
        }
    }
    drop(tx);
    Ok(preview)
}

/// Imports the file as one batch; `progress` counts rows as they are processed. A big
/// import returns once its rows are committed, with `indexing` set: the caller then runs
/// [`crate::deferred::finish`].
pub fn import(
    conn: &mut Connection,
    actor: &Actor,
    file: &CsvFile,
    options: &ImportOptions,
    progress: &Progress,
) -> Result<ImportReport> {
    let mut report = ImportReport {
        batch_id: None,
        imported: 0,
        merged: 0,
        unchanged: 0,
        rejected: Vec::new(),
        skipped_columns: file
            .headers
            .iter()
            .zip(&options.mapping)
            .filter(|(_, target)| target.is_none())
            .map(|(header, _)| header.clone())
            .collect(),
        indexing: false,
    };
    let result: BatchResult = batch::run(conn, actor, "import", |tx, batch| {
        let outcomes = run_rows(tx, actor, file, options, Some(batch), progress)?;
        for (row, outcome) in file.rows.iter().zip(outcomes) {
            match outcome {
                Outcome::Created(_) => report.imported += 1,
                Outcome::Merged(_) => report.merged += 1,
                Outcome::Unchanged(_) => report.unchanged += 1,
                Outcome::Rejected(reason) => report.rejected.push(RejectedRow {
                    line: row.line,
                    reason,
                    fields: row.fields.clone(),
                }),
            }
        }
        Ok((report.imported + report.merged, report.unchanged))
    })?;
    conn.execute_batch("PRAGMA optimize")?;
    report.indexing = crate::deferred::pending(conn)?;
    if report.imported + report.merged > 0 {
        report.batch_id = Some(result.batch_id);
    }
    Ok(report)
}

enum Outcome {
    Created(Row),
    Merged(Row),
    Unchanged(Row),
    Rejected(String),
}

/// Applies every row in the caller's transaction. New contacts are inserted with search
/// indexing deferred, then indexed in one statement, or for a bulk write after commit
/// (see [`crate::deferred`]); their ids go into one audit entry.
fn run_rows(
    tx: &Transaction<'_>,
    actor: &Actor,
    file: &CsvFile,
    options: &ImportOptions,
    batch: Option<Uuid>,
    progress: &Progress,
) -> Result<Vec<Outcome>> {
    let converter = Converter::new(tx, actor, file, options)?;
    progress
        .total
        .store(file.rows.len() as u64, Ordering::Relaxed);
    progress.done.store(0, Ordering::Relaxed);
    search::defer_contacts(tx)?;
    // Tags first, so the database counts their use as rows go in.
    let mut names: Vec<String> = Vec::new();
    let mut converted = Vec::with_capacity(file.rows.len());
    for row in &file.rows {
        let result = converter.convert(row);
        if let Ok((input, _)) = &result {
            names = tags::union(&names, &tags::of(input));
        }
        converted.push(result);
    }
    tags::ensure_in(tx, actor, &CONTACTS, &names, batch)?;

    let mut outcomes = Vec::with_capacity(file.rows.len());
    let mut created_ids: Vec<Value> = Vec::new();
    let mut first_line_of: HashMap<String, u64> = HashMap::new();
    let bulk = records::prepare_bulk_write(tx, &CONTACTS, file.rows.len())?;
    let mut suspended = import_triggers::suspend_contact_insert_triggers(tx)?;
    for (row, result) in file.rows.iter().zip(converted) {
        let outcome = match result {
            Err(e) => Outcome::Rejected(e.to_string()),
            Ok((input, note)) => {
                match apply_row(
                    tx,
                    actor,
                    options,
                    (input, note),
                    batch,
                    &mut created_ids,
                    suspended.as_mut(),
                ) {
                    Ok(outcome) => outcome,
                    Err(e) => Outcome::Rejected(e.to_string()),
                }
            }
        };
        // A second row with the same email is named by the first one's line.
        if let (Outcome::Rejected(reason), Some(email)) = (&outcome, row_email(&converter, row)) {
            if let Some(first) = first_line_of.get(&email) {
                if reason.contains("already") {
                    outcomes.push(Outcome::Rejected(format!(
                        "{reason} (same email as line {first})"
                    )));
                    progress.done.fetch_add(1, Ordering::Relaxed);
                    continue;
                }
            }
        }
        if let Some(email) = row_email(&converter, row) {
            first_line_of.entry(email).or_insert(row.line);
        }
        outcomes.push(outcome);
        progress.done.fetch_add(1, Ordering::Relaxed);
    }
    if let Some(suspended) = suspended {
        suspended.resume(tx, actor)?;
    }
    // A small import is searchable when it returns; a big one is finished after commit.
    if !bulk {
        search::index_pending_contacts(tx)?;
    }
    if !created_ids.is_empty() {
        crate::audit::audit(
            tx,
            actor,
            "import",
            &CONTACTS,
            None,
            crate::audit::with_batch(json!({ "ids": created_ids }), batch),
        )?;
    }
    Ok(outcomes)
}

fn row_email(converter: &Converter, row: &CsvRow) -> Option<String> {
    let i = converter
        .mapping
        .iter()
        .position(|t| t.as_deref() == Some("email"))?;
    row.fields
        .get(i)
        .map(|e| e.trim().to_lowercase())
        .filter(|e| !e.is_empty())
}

/// Creates or merges one converted row, in a savepoint so a failure leaves nothing.
fn apply_row(
    tx: &Transaction<'_>,
    actor: &Actor,
    options: &ImportOptions,
    (input, note): (Row, Option<String>),
    batch: Option<Uuid>,
    created_ids: &mut Vec<Value>,
    mut suspended: Option<&mut SuspendedTriggers>,
) -> Result<Outcome> {
    let email = input
        .get("email")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let existing = existing_by_email(tx, actor, &email)?;
    // Merging into a contact this batch created: its insert's trigger work is written
    // first (outside the row's savepoint), so the update's triggers find it done.
    if let (Some(id), Some(suspended)) = (existing, suspended.as_deref_mut()) {
        suspended.settle_if_pending(tx, actor, &id.to_string())?;
    }
    // Only a preview shows the records; an import of 100k rows does not keep them.
    let preview = batch.is_none();
    let shown = |row: Row| if preview { row } else { Row::new() };
    let note_given = note.is_some();
    let created_before = created_ids.len();
    // A row with a note writes two records: a savepoint keeps them together. A single
    // insert that fails undoes itself.
    if note.is_some() {
        tx.prepare_cached("SAVEPOINT import_row")?.execute([])?;
    }
    let result = (|| -> Result<Outcome> {
        let (id, outcome) = match existing {
            Some(id) if options.on_duplicate == OnDuplicate::Skip => {
                return Err(Error::Conflict {
                    field: "email".into(),
                    reason: format!(
                        "\"{email}\" already belongs to contact {id} (duplicates are skipped)"
                    ),
                })
            }
            Some(id) => {
                let current = records::get(tx, actor, &CONTACTS, id)?;
                let patch = merge_patch(&current, &input);
                if patch.is_empty() && note.is_none() {
                    return Ok(Outcome::Unchanged(shown(current)));
                }
                let row = if patch.is_empty() {
                    current
                } else {
                    records::update_in(tx, actor, &CONTACTS, id, patch, batch)?
                };
                (id, Outcome::Merged(shown(row)))
            }
            None => {
                // The row as given (not read back): a big import writes 100k of them.
                let mut row = if preview { input.clone() } else { Row::new() };
                let tags = tags::of(&input);
                let id = records::insert_unaudited(tx, actor, &CONTACTS, input)?;
                row.insert("id".into(), Value::from(id.clone()));
                created_ids.push(Value::from(id.clone()));
                if let Some(suspended) = suspended.as_deref_mut() {
                    suspended.inserted(&id, tags);
                }
                (
                    Uuid::parse_str(&id).map_err(|_| Error::invalid("id", "not a uuid"))?,
                    Outcome::Created(row),
                )
            }
        };
        if let Some(content) = note {
            let note = json!({ "contact_id": id.to_string(), "content": content });
            let Value::Object(note) = note else {
                unreachable!("a JSON object literal")
            };
            records::create_in(tx, actor, &crate::tables::CONTACT_NOTES, note, batch)?;
        }
        Ok(outcome)
    })();
    if note_given {
        if result.is_err() {
            tx.prepare_cached("ROLLBACK TO import_row")?.execute([])?;
            if created_ids.len() > created_before {
                created_ids.truncate(created_before);
                if let Some(suspended) = suspended {
                    suspended.rolled_back_last();
                }
            }
        }
        tx.prepare_cached("RELEASE import_row")?.execute([])?;
    }
    result
}

// --- export -------------------------------------------------------------------------

/// Writes the contacts a query matches (all live ones by default; sort and paging are
/// ignored: rows come in storage order) as CSV with the headers the import recognises;
/// returns how many were written.
pub fn export(conn: &Connection, actor: &Actor, query: &ListQuery, out: impl Write) -> Result<u64> {
    let custom = custom_fields(conn, actor)?;
    let owners: HashMap<String, String> = conn
        .prepare("SELECT id, email FROM users")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    // Every import target but the two that only split or add (full name, note).
    let columns: Vec<ImportTarget> = targets(&custom)
        .into_iter()
        .filter(|t| !matches!(t.field.as_str(), "full_name" | "note"))
        .collect();
    writer
        .write_record(columns.iter().map(|t| &t.label))
        .map_err(csv_error)?;
    let mut count = 0;
    records::for_each(conn, actor, &CONTACTS, query, |row| {
        writer
            .write_record(columns.iter().map(|t| cell(&row, &t.field, &owners)))
            .map_err(csv_error)?;
        count += 1;
        Ok(())
    })?;
    writer.flush()?;
    Ok(count)
}

fn cell(row: &Row, field: &str, owners: &HashMap<String, String>) -> String {
    let nested = |object: &str, key: &str| row.get(object).and_then(|o| o.get(key));
    let value = match field.split_once('.') {
        Some(("address", part)) => nested("address", part),
        Some(("custom_fields", key)) => nested("custom_fields", key),
        _ if field == "owner" => {
            return row
                .get("owner_id")
                .and_then(Value::as_str)
                .and_then(|id| owners.get(id))
                .cloned()
                .unwrap_or_default()
        }
        _ => row.get(field),
    };
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("; "),
        Some(other) => other.to_string(),
    }
}

fn csv_error(e: csv::Error) -> Error {
    Error::Io(std::io::Error::other(e.to_string()))
}

/// The report of rejected rows as CSV: line, reason, then the row as it was.
pub fn report_csv(file: &CsvFile, report: &ImportReport, out: impl Write) -> Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(out);
    let mut header = vec!["Line".to_string(), "Reason".to_string()];
    header.extend(file.headers.iter().cloned());
    writer.write_record(&header).map_err(csv_error)?;
    for rejected in &report.rejected {
        let mut record = vec![rejected.line.to_string(), rejected.reason.clone()];
        record.extend(rejected.fields.iter().cloned());
        writer.write_record(&record).map_err(csv_error)?;
    }
    writer.flush()?;
    Ok(())
}
