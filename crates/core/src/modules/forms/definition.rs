//! A form's definition: its fields (`forms.fields`) and settings (`forms.settings`),
//! parsed and checked. The check runs as the forms table's [`Hooks::check`], so every
//! writer that goes through the record path (the app, the CLI, imports) is held to it;
//! every error names the field it is about (`fields.email.options`).
//!
//! A field's `show_if` may only look at an EARLIER field, so conditions can never form a
//! cycle and a page evaluates them top to bottom.

use chrono::{DateTime, Utc};
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::records::{Actor, Row};
use crate::schema::{Column, Hooks, TableDef};

/// The most fields a form may have.
pub const MAX_FIELDS: usize = 100;

/// What kind of input a field is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "FormFieldType")]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    Text,
    Textarea,
    Email,
    Phone,
    Number,
    Date,
    Select,
    MultiSelect,
    Checkbox,
    Consent,
    Hidden,
    Rating,
    File,
}

impl FieldType {
    pub fn is_choice(self) -> bool {
        matches!(self, FieldType::Select | FieldType::MultiSelect)
    }
}

/// How a condition compares an earlier answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "FormConditionOp")]
#[serde(rename_all = "snake_case")]
pub enum ConditionOp {
    Equals,
    NotEquals,
    Contains,
    IsEmpty,
    IsNotEmpty,
    GreaterThan,
    LessThan,
}

impl ConditionOp {
    fn needs_value(self) -> bool {
        !matches!(self, ConditionOp::IsEmpty | ConditionOp::IsNotEmpty)
    }
}

/// `show_if`: the field is shown (and can be required) only when this holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(rename = "FormCondition")]
pub struct Condition {
    /// The id of an earlier field.
    pub field: String,
    pub op: ConditionOp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(type = "string | number", optional)]
    pub value: Option<Value>,
}

/// Which opt-in column of the contact a consent field sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "FormConsentTo")]
#[serde(rename_all = "snake_case")]
pub enum ConsentTo {
    Email,
    Sms,
    Calls,
    Automations,
}

impl ConsentTo {
    /// The contact column it sets.
    pub fn column(self) -> &'static str {
        match self {
            ConsentTo::Email => "opt_in_email",
            ConsentTo::Sms => "opt_in_sms",
            ConsentTo::Calls => "opt_in_calls",
            ConsentTo::Automations => "opt_in_automations",
        }
    }
}

/// One field of a form, as `forms.fields` holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(rename = "FormField")]
pub struct Field {
    /// Unique within the form, `[a-z0-9_]+`, not starting with `_` (the page's own inputs).
    pub id: String,
    #[serde(rename = "type")]
    pub kind: FieldType,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub placeholder: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub help: Option<String>,
    /// The choices of a select or multi_select.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub options: Vec<String>,
    /// The contact column (or `custom_fields.<key>`) the answer goes to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub map_to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub show_if: Option<Condition>,
    /// A rating's scale (default 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub max: Option<i64>,
    /// A consent field's opt-in column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub consent_to: Option<ConsentTo>,
    /// A file field's accepted kinds, as extensions (`pdf`) or MIME types
    /// (`application/pdf`) of [`FILE_KINDS`]; empty: [`DEFAULT_ACCEPT`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub accept: Vec<String>,
    /// A file field's largest upload in MB (default [`DEFAULT_MAX_MB`], at most [`MAX_MB`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub max_mb: Option<u32>,
}

impl Field {
    /// A rating's scale.
    pub fn rating_max(&self) -> i64 {
        self.max.unwrap_or(5)
    }

    /// A file field's largest upload, in bytes.
    pub fn max_bytes(&self) -> u64 {
        u64::from(self.max_mb.unwrap_or(DEFAULT_MAX_MB).min(MAX_MB)) * 1024 * 1024
    }

    /// The MIME types a file field takes (each once).
    pub fn accepted_types(&self) -> Vec<&'static str> {
        let mut types: Vec<&'static str> = Vec::new();
        let wanted: Vec<&str> = if self.accept.is_empty() {
            DEFAULT_ACCEPT.to_vec()
        } else {
            self.accept.iter().map(String::as_str).collect()
        };
        for entry in wanted {
            if let Some(mime) = file_kind(entry) {
                if !types.contains(&mime) {
                    types.push(mime);
                }
            }
        }
        types
    }

    /// The page's `accept` attribute: extensions and MIME types.
    pub fn accept_attribute(&self) -> String {
        let types = self.accepted_types();
        FILE_KINDS
            .iter()
            .filter(|(_, mime)| types.contains(mime))
            .map(|(ext, _)| format!(".{ext}"))
            .chain(types.iter().map(|t| t.to_string()))
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// The kinds of file a file field may take: extension and MIME type. Nothing
/// executable or scriptable (no html, svg, js, exe).
pub const FILE_KINDS: &[(&str, &str)] = &[
    ("pdf", "application/pdf"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("gif", "image/gif"),
    ("webp", "image/webp"),
    ("txt", "text/plain"),
    ("csv", "text/csv"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
];

/// What a file field takes when its `accept` is empty.
pub const DEFAULT_ACCEPT: &[&str] = &[
    "pdf", "png", "jpeg", "gif", "webp", "txt", "csv", "docx", "xlsx",
];
/// A file field's largest upload when its `max_mb` is not set.
pub const DEFAULT_MAX_MB: u32 = 10;
/// The largest `max_mb`.
pub const MAX_MB: u32 = 25;

/// The MIME type of an `accept` entry (`pdf`, `.PDF` or `application/pdf`).
pub fn file_kind(entry: &str) -> Option<&'static str> {
    let entry = entry.trim().trim_start_matches('.').to_ascii_lowercase();
    FILE_KINDS
        .iter()
        .find(|(ext, mime)| *ext == entry || *mime == entry)
        .map(|(_, mime)| *mime)
}

/// Contact columns a field may be mapped to (besides `custom_fields.<key>`).
pub const MAP_TARGETS: &[&str] = &[
    "first_name",
    "last_name",
    "email",
    "phone",
    "company",
    "title",
    "website",
    "source",
    "dob",
    "tags",
];

/// One thing wrong, named: `fields.email.options`, `settings.accent_color`, or an
/// answer's field id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "FormFieldError")]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Every error as one: the first names the field, the message lists them all.
pub fn as_error(errors: &[FieldError]) -> Error {
    let field = errors.first().map_or("fields", |e| e.field.as_str());
    let reason = errors
        .iter()
        .map(|e| {
            if e.field == field {
                e.message.clone()
            } else {
                format!("{}: {}", e.field, e.message)
            }
        })
        .collect::<Vec<_>>()
        .join("; ");
    Error::invalid(field, reason)
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && !id.starts_with('_')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Parses and checks `forms.fields`, returning every error.
pub fn parse_fields(value: &Value) -> std::result::Result<Vec<Field>, Vec<FieldError>> {
    let Some(items) = value.as_array() else {
        return Err(vec![FieldError::new("fields", "must be a list of fields")]);
    };
    let mut errors = Vec::new();
    if items.len() > MAX_FIELDS {
        errors.push(FieldError::new(
            "fields",
            format!("a form has at most {MAX_FIELDS} fields"),
        ));
    }
    let mut fields: Vec<Field> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        // Name the field by its id when it has one, else by its position.
        let name = item
            .get("id")
            .and_then(Value::as_str)
            .filter(|id| !id.is_empty())
            .map_or_else(|| format!("fields[{i}]"), |id| format!("fields.{id}"));
        if !item.is_object() {
            errors.push(FieldError::new(name, "must be an object"));
            continue;
        }
        let field: Field = match serde_json::from_value(item.clone()) {
            Ok(f) => f,
            Err(e) => {
                errors.push(FieldError::new(name, e.to_string()));
                continue;
            }
        };
        let before = errors.len();
        check_field(&field, &fields, &name, &mut errors);
        if errors.len() == before || !fields.iter().any(|f| f.id == field.id) {
            fields.push(field);
        }
    }
    // At most one field per contact column (custom fields and tags by key / many).
    let mut seen: Vec<&str> = Vec::new();
    for field in &fields {
        if let Some(target) = field.map_to.as_deref().filter(|t| *t != "tags") {
            if seen.contains(&target) {
                errors.push(FieldError::new(
                    format!("fields.{}.map_to", field.id),
                    format!("another field already maps to {target}"),
                ));
            }
            seen.push(target);
        }
    }
    if errors.is_empty() {
        Ok(fields)
    } else {
        Err(errors)
    }
}

fn check_field(field: &Field, earlier: &[Field], name: &str, errors: &mut Vec<FieldError>) {
    let mut err = |part: &str, message: String| {
        let at = if part.is_empty() {
            name.to_string()
        } else {
            format!("{name}.{part}")
        };
        errors.push(FieldError::new(at, message));
    };
    if !valid_id(&field.id) {
        err(
            "id",
            format!(
                "\"{}\" is not a field id (lower-case letters, digits and _, at most 64, not starting with _)",
                field.id
            ),
        );
    }
    if earlier.iter().any(|f| f.id == field.id) {
        err("id", format!("\"{}\" is used by another field", field.id));
    }
    let label = field.label.trim();
    if label.is_empty() && field.kind != FieldType::Hidden {
        err("label", "is required".into());
    }
    if field.label.chars().count() > 500 {
        err("label", "is longer than 500 characters".into());
    }
    for (part, text) in [("placeholder", &field.placeholder), ("help", &field.help)] {
        if text.as_ref().is_some_and(|t| t.chars().count() > 1000) {
            err(part, "is longer than 1000 characters".into());
        }
    }
    if field.kind.is_choice() {
        if field.options.iter().all(|o| o.trim().is_empty()) {
            err("options", "a choice field needs at least one option".into());
        }
        for (i, option) in field.options.iter().enumerate() {
            if option.trim().is_empty() || option.chars().count() > 200 {
                err(
                    "options",
                    format!("option {} must be 1 to 200 characters", i + 1),
                );
            } else if field.options[..i].contains(option) {
                err("options", format!("\"{option}\" is listed twice"));
            }
        }
        if field.options.len() > 200 {
            err("options", "a field has at most 200 options".into());
        }
    } else if !field.options.is_empty() {
        err("options", "only select and multi_select fields have options".into());
    }
    if field.kind == FieldType::Rating {
        if !(2..=10).contains(&field.rating_max()) {
            err("max", "a rating's scale is 2 to 10".into());
        }
    } else if field.max.is_some() {
        err("max", "only rating fields have a scale".into());
    }
    if field.consent_to.is_some() && field.kind != FieldType::Consent {
        err("consent_to", "only consent fields set an opt-in".into());
    }
    if field.kind == FieldType::File {
        for entry in &field.accept {
            if file_kind(entry).is_none() {
                let known: Vec<&str> = FILE_KINDS.iter().map(|(ext, _)| *ext).collect();
                err(
                    "accept",
                    format!(
                        "\"{entry}\" is not a file type a form takes (one of {})",
                        known.join(", ")
                    ),
                );
            }
        }
        if field.accept.len() > 20 {
            err("accept", "at most 20 file types".into());
        }
        if field.max_mb.is_some_and(|mb| !(1..=MAX_MB).contains(&mb)) {
            err("max_mb", format!("a file's limit is 1 to {MAX_MB} MB"));
        }
    } else {
        if !field.accept.is_empty() {
            err("accept", "only file fields take file types".into());
        }
        if field.max_mb.is_some() {
            err("max_mb", "only file fields have a size limit".into());
        }
    }
    if let Some(target) = &field.map_to {
        if let Some(message) = map_target_error(target, field.kind) {
            err("map_to", message);
        }
    }
    if let Some(condition) = &field.show_if {
        match earlier.iter().find(|f| f.id == condition.field) {
            None if condition.field == field.id => {
                err("show_if.field", "a field cannot depend on itself".into())
            }
            None => err(
                "show_if.field",
                format!(
                    "\"{}\" is not an earlier field (a condition looks at fields above it)",
                    condition.field
                ),
            ),
            Some(_) => {}
        }
        match (&condition.value, condition.op.needs_value()) {
            (None, true) => err("show_if.value", "is required for this comparison".into()),
            (Some(v), _) if !(v.is_string() || v.is_number()) => {
                err("show_if.value", "must be text or a number".into())
            }
            (Some(v), true)
                if matches!(
                    condition.op,
                    ConditionOp::GreaterThan | ConditionOp::LessThan
                ) && number_of(v).is_none()
                    && !is_date(v) =>
            {
                err(
                    "show_if.value",
                    "greater_than and less_than compare numbers or dates".into(),
                )
            }
            _ => {}
        }
    }
}

fn map_target_error(target: &str, kind: FieldType) -> Option<String> {
    if let Some(key) = target.strip_prefix("custom_fields.") {
        return (!valid_id(key))
            .then(|| format!("\"{key}\" is not a custom field key (a-z, 0-9, _)"));
    }
    if !MAP_TARGETS.contains(&target) {
        return Some(format!(
            "\"{target}\" is not a contact field (one of {} or custom_fields.<key>)",
            MAP_TARGETS.join(", ")
        ));
    }
    let fits = match target {
        "email" => matches!(kind, FieldType::Email | FieldType::Hidden),
        "phone" => matches!(kind, FieldType::Phone | FieldType::Text | FieldType::Hidden),
        "dob" => matches!(kind, FieldType::Date | FieldType::Hidden),
        "tags" => matches!(
            kind,
            FieldType::Select | FieldType::MultiSelect | FieldType::Text | FieldType::Hidden
        ),
        _ => matches!(
            kind,
            FieldType::Text
                | FieldType::Textarea
                | FieldType::Select
                | FieldType::Hidden
                | FieldType::Email
        ) || (target == "website" && kind == FieldType::Text),
    };
    (!fits).then(|| format!("a {} field cannot fill {target}", type_name(kind)))
}

fn type_name(kind: FieldType) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// A JSON number, or text holding one.
pub fn number_of(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        _ => None,
    }
}

fn is_date(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").is_ok())
}

/// What the form does with a submission's contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(rename = "FormContactAction")]
#[serde(rename_all = "snake_case")]
pub enum ContactAction {
    /// Match by email then phone, else create.
    #[default]
    CreateOrUpdate,
    /// Only a contact that exists is updated.
    UpdateOnly,
    /// No contact is touched.
    None,
}

/// `forms.settings`, every key optional. Unknown keys are kept and ignored (a newer app
/// may add some).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(rename = "FormSettings")]
#[serde(default)]
pub struct Settings {
    pub contact_action: ContactAction,
    /// Mapped answers replace non-empty contact values.
    pub overwrite: bool,
    /// Tags added to the contact.
    pub tags: Vec<String>,
    /// The owner of contacts the form creates (default: the form's owner).
    pub owner_id: Option<Uuid>,
    /// Users told about each submission.
    pub notify_user_ids: Vec<Uuid>,
    /// A confirmation mail's link takes the submission.
    pub double_opt_in: bool,
    pub submission_limit: Option<i64>,
    #[ts(type = "string | null")]
    pub closes_at: Option<DateTime<Utc>>,
    /// A page submitted sooner after it was shown is taken for spam (0: no check).
    pub min_fill_seconds: i64,
    /// `#rrggbb`.
    pub accent_color: Option<String>,
    pub submit_label: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            contact_action: ContactAction::default(),
            overwrite: false,
            tags: Vec::new(),
            owner_id: None,
            notify_user_ids: Vec::new(),
            double_opt_in: false,
            submission_limit: None,
            closes_at: None,
            min_fill_seconds: 3,
            accent_color: None,
            submit_label: None,
        }
    }
}

/// A `#rrggbb` colour.
pub fn is_hex_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// Parses and checks `forms.settings`, returning every error.
pub fn parse_settings(value: &Value) -> std::result::Result<Settings, Vec<FieldError>> {
    let Some(object) = value.as_object() else {
        return Err(vec![FieldError::new("settings", "must be an object")]);
    };
    let mut errors = Vec::new();
    // Key by key, so each error names its key.
    let defaults = Settings::default();
    let mut known = Map::new();
    let default_value = serde_json::to_value(&defaults).unwrap_or_default();
    for (key, value) in object {
        let Some(_) = default_value.get(key) else {
            continue;
        };
        let mut probe = Map::new();
        probe.insert(key.clone(), value.clone());
        match serde_json::from_value::<Settings>(Value::Object(probe)) {
            Ok(_) => {
                known.insert(key.clone(), value.clone());
            }
            Err(e) => errors.push(FieldError::new(format!("settings.{key}"), e.to_string())),
        }
    }
    let settings: Settings = serde_json::from_value(Value::Object(known)).unwrap_or(defaults);
    let mut err = |key: &str, message: &str| {
        errors.push(FieldError::new(format!("settings.{key}"), message));
    };
    if settings
        .tags
        .iter()
        .any(|t| t.trim().is_empty() || t.contains(';') || t.chars().count() > 100)
    {
        err("tags", "each tag is 1 to 100 characters, without ;");
    }
    if settings.tags.len() > 50 {
        err("tags", "at most 50 tags");
    }
    if settings.notify_user_ids.len() > 50 {
        err("notify_user_ids", "at most 50 users");
    }
    if settings.submission_limit.is_some_and(|n| n < 1) {
        err("submission_limit", "must be at least 1 (or null for no limit)");
    }
    if !(0..=3600).contains(&settings.min_fill_seconds) {
        err("min_fill_seconds", "must be between 0 and 3600");
    }
    if settings
        .accent_color
        .as_deref()
        .is_some_and(|c| !is_hex_colour(c))
    {
        err("accent_color", "must be a colour as #rrggbb");
    }
    if settings
        .submit_label
        .as_deref()
        .is_some_and(|l| l.trim().is_empty() || l.chars().count() > 60)
    {
        err("submit_label", "must be 1 to 60 characters");
    }
    if errors.is_empty() {
        Ok(settings)
    } else {
        Err(errors)
    }
}

/// A form row's definition, parsed.
#[derive(Debug, Clone)]
pub struct Definition {
    pub fields: Vec<Field>,
    pub settings: Settings,
}

impl Definition {
    /// The definition held by a form row (its `fields` and `settings`); errors name the
    /// field.
    pub fn of(row: &Row) -> std::result::Result<Definition, Vec<FieldError>> {
        let fields = parse_fields(row.get("fields").unwrap_or(&Value::Array(Vec::new())));
        let settings = parse_settings(row.get("settings").unwrap_or(&Value::Object(Map::new())));
        match (fields, settings) {
            (Ok(fields), Ok(settings)) => Ok(Definition { fields, settings }),
            (fields, settings) => Err(fields
                .err()
                .into_iter()
                .flatten()
                .chain(settings.err().into_iter().flatten())
                .collect()),
        }
    }
}

/// The forms table's hooks: its definition and settings are checked on every write.
pub struct FormHooks;

pub static FORM_HOOKS: FormHooks = FormHooks;

impl Hooks for FormHooks {
    fn check(
        &self,
        _tx: &Transaction<'_>,
        _actor: &Actor,
        _table: &TableDef,
        column: &Column,
        value: &Value,
    ) -> Result<()> {
        match column.name {
            "fields" => parse_fields(value).map(drop).map_err(|e| as_error(&e)),
            "settings" => parse_settings(value).map(drop).map_err(|e| as_error(&e)),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn errors_of(fields: Value) -> Vec<FieldError> {
        parse_fields(&fields).expect_err("the definition is refused")
    }

    #[test]
    fn a_good_definition_parses() {
        let fields = parse_fields(&json!([
            {"id": "email", "type": "email", "label": "Email", "required": true, "map_to": "email"},
            {"id": "plan", "type": "select", "label": "Plan", "options": ["Basic", "Pro"]},
            {"id": "seats", "type": "number", "label": "Seats",
             "show_if": {"field": "plan", "op": "equals", "value": "Pro"}},
            {"id": "score", "type": "rating", "label": "How likely?", "max": 10},
            {"id": "news", "type": "consent", "label": "News", "consent_to": "email"},
            {"id": "campaign", "type": "hidden", "label": ""},
        ]))
        .expect("a valid definition");
        assert_eq!(fields.len(), 6);
        assert_eq!(fields[3].rating_max(), 10);
        assert_eq!(fields[4].consent_to, Some(ConsentTo::Email));
    }

    #[test]
    fn every_error_names_its_field() {
        let errors = errors_of(json!([
            {"id": "email", "type": "email", "label": "Email"},
            {"id": "email", "type": "text", "label": "Again"},
            {"id": "Bad Id", "type": "text", "label": "X"},
            {"id": "kind", "type": "colour", "label": "Colour"},
            {"id": "plan", "type": "select", "label": "Plan", "options": []},
            {"id": "later", "type": "text", "label": "L", "show_if": {"field": "after", "op": "equals", "value": "x"}},
            {"id": "after", "type": "text", "label": "A"},
            {"id": "self", "type": "text", "label": "S", "show_if": {"field": "self", "op": "is_empty"}},
            {"id": "op", "type": "text", "label": "O", "show_if": {"field": "email", "op": "matches", "value": "x"}},
            {"id": "novalue", "type": "text", "label": "N", "show_if": {"field": "email", "op": "equals"}},
            {"id": "where", "type": "text", "label": "W", "map_to": "favourite_colour"},
            {"id": "nolabel", "type": "text", "label": " "},
            {"id": "upload", "type": "file", "label": "CV", "accept": ["pdf", "exe"], "max_mb": 26},
            {"id": "notes", "type": "text", "label": "Notes", "accept": ["pdf"], "max_mb": 2},
        ]));
        let named = |field: &str| errors.iter().any(|e| e.field == field);
        for field in [
            "fields.email.id",
            "fields.Bad Id.id",
            "fields.kind",
            "fields.plan.options",
            "fields.later.show_if.field",
            "fields.self.show_if.field",
            "fields.op",
            "fields.novalue.show_if.value",
            "fields.where.map_to",
            "fields.nolabel.label",
            "fields.upload.accept",
            "fields.upload.max_mb",
            "fields.notes.accept",
            "fields.notes.max_mb",
        ] {
            assert!(named(field), "an error names {field}: {errors:?}");
        }
        let unknown_type = errors.iter().find(|e| e.field == "fields.kind").expect("type error");
        assert!(unknown_type.message.contains("colour"), "{unknown_type:?}");
    }

    #[test]
    fn a_file_field_takes_known_types_a_limit_and_may_be_required() {
        let fields = parse_fields(&json!([
            {"id": "cv", "type": "file", "label": "CV", "required": true,
             "accept": [".PDF", "image/png", "docx"], "max_mb": 25},
            {"id": "any", "type": "file", "label": "Anything"},
        ]))
        .expect("valid file fields");
        assert!(fields[0].required);
        assert_eq!(fields[0].max_bytes(), 25 * 1024 * 1024);
        assert_eq!(
            fields[0].accepted_types(),
            vec![
                "application/pdf",
                "image/png",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            ]
        );
        assert!(fields[0].accept_attribute().contains(".pdf"));
        assert_eq!(fields[1].max_bytes(), 10 * 1024 * 1024, "10 MB by default");
        let default = fields[1].accepted_types();
        assert!(default.contains(&"image/jpeg") && default.contains(&"text/csv"));
        assert!(!default.iter().any(|t| t.contains("html") || t.contains("svg")));
        let errors = errors_of(json!([
            {"id": "cv", "type": "file", "label": "CV", "accept": ["text/html"], "max_mb": 0},
        ]));
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].field == "fields.cv.accept" && errors[0].message.contains("text/html"));
        assert_eq!(errors[1].field, "fields.cv.max_mb");
    }

    #[test]
    fn a_condition_only_looks_up_so_there_are_no_cycles() {
        // a depends on b and b on a: whichever comes first points at a later field.
        let errors = errors_of(json!([
            {"id": "a", "type": "text", "label": "A", "show_if": {"field": "b", "op": "is_empty"}},
            {"id": "b", "type": "text", "label": "B", "show_if": {"field": "a", "op": "is_empty"}},
        ]));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].field, "fields.a.show_if.field");
    }

    #[test]
    fn two_fields_cannot_fill_one_contact_column() {
        let errors = errors_of(json!([
            {"id": "e1", "type": "email", "label": "Email", "map_to": "email"},
            {"id": "e2", "type": "email", "label": "Work email", "map_to": "email"},
        ]));
        assert_eq!(errors[0].field, "fields.e2.map_to", "{errors:?}");
        let errors = errors_of(json!([{"id": "n", "type": "number", "label": "N", "map_to": "email"}]));
        assert_eq!(errors[0].field, "fields.n.map_to", "{errors:?}");
    }

    #[test]
    fn settings_are_checked_key_by_key_and_unknown_keys_pass() {
        let ok = parse_settings(&json!({
            "contact_action": "update_only", "tags": ["Lead"], "accent_color": "#1a2b3c",
            "closes_at": "2027-01-01T00:00:00Z", "min_fill_seconds": 0, "later_feature": 1,
        }))
        .expect("valid settings");
        assert_eq!(ok.contact_action, ContactAction::UpdateOnly);
        assert_eq!(ok.min_fill_seconds, 0);
        assert_eq!(
            parse_settings(&json!({})).expect("defaults").min_fill_seconds,
            3,
            "three seconds by default"
        );
        let errors = parse_settings(&json!({
            "contact_action": "delete", "accent_color": "red; background: url(x)",
            "submission_limit": 0, "closes_at": "soon", "tags": ["a;b"],
        }))
        .expect_err("refused");
        for key in ["contact_action", "accent_color", "submission_limit", "closes_at", "tags"] {
            assert!(
                errors.iter().any(|e| e.field == format!("settings.{key}")),
                "settings.{key} named: {errors:?}"
            );
        }
    }
}
