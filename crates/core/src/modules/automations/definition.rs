//! The JSON shapes of an automation: `trigger_config` (per trigger type) and `actions`
//! (an ordered list of steps, `if` steps holding two more lists). Parsed and checked on
//! every write of an automation (the table's hook), so a runner only ever meets shapes it
//! knows; every error names its place (`trigger_config.tags`, `actions[2].then[0].minutes`).
//! README.md documents the shapes.

use rusqlite::Transaction;
use serde::Serialize;
use serde_json::{Map, Value};
use uuid::Uuid;

use super::tables::TriggerType;
use crate::error::{Error, Result};
use crate::records::{Actor, Row};
use crate::schema::{Hooks, TableDef, Timestamp};
use crate::tables::CONTACTS;

/// One step of an automation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Step {
    AddTag { tag: String },
    RemoveTag { tag: String },
    /// Sets a contact column (or `custom_fields.<key>`); text values take merge tags.
    UpdateField { field: String, value: Value },
    AssignOwner { user_id: Uuid },
    CreateNote { content: String },
    CreateActivity { activity_type: String, title: String, description: Option<String> },
    CreateCard { pipeline_id: Uuid, stage_id: Uuid, title: String },
    /// Moves a card to a stage (through the pipelines core: rank, history, its event):
    /// `card_id`, else the trigger's card, else the contact's newest live card in the
    /// stage's pipeline.
    MoveCard { stage_id: Uuid, card_id: Option<Uuid>, lost_reason: Option<String> },
    /// An email template (`templates` of type email) merged with the contact and trigger.
    SendEmail { template_id: Uuid, subject: Option<String> },
    /// In-app notifications; no users means the contact's owner.
    Notify { user_ids: Vec<Uuid>, title: String, message: String },
    /// A JSON POST, signed with HMAC-SHA256 when a secret is set, retried on failure.
    Webhook { url: String, secret: Option<String>, body: Option<Value> },
    Wait(Wait),
    If { all: bool, conditions: Vec<Condition>, then: Vec<Step>, r#else: Vec<Step> },
    Stop,
}

/// How long a `wait` step waits.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Wait {
    Minutes(i64),
    Until(Timestamp),
    /// Until the condition holds, looked at again every few minutes, at most this long.
    Condition { condition: Condition, timeout_minutes: i64 },
}

/// A test over the contact (`contact.<column>`, `contact.custom_fields.<key>`) or the
/// trigger's data (`trigger.<key>`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Condition {
    pub field: String,
    pub op: Op,
    pub value: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Equals,
    NotEquals,
    Contains,
    NotContains,
    IsEmpty,
    IsNotEmpty,
    GreaterThan,
    LessThan,
}

impl Op {
    const ALL: &'static [(&'static str, Op)] = &[
        ("equals", Op::Equals),
        ("not_equals", Op::NotEquals),
        ("contains", Op::Contains),
        ("not_contains", Op::NotContains),
        ("is_empty", Op::IsEmpty),
        ("is_not_empty", Op::IsNotEmpty),
        ("greater_than", Op::GreaterThan),
        ("less_than", Op::LessThan),
    ];
}

/// What a trigger listens for, beyond its type.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TriggerConfig {
    /// contact_created: the contact carries every one of these tags.
    pub tags: Vec<String>,
    pub status: Option<String>,
    pub source: Option<String>,
    /// tag_added: this tag (any when none).
    pub tag: Option<String>,
    /// form_submit: this form, by id or slug.
    pub form_id: Option<Uuid>,
    pub form: Option<String>,
    /// stage_changed.
    pub pipeline_id: Option<Uuid>,
    pub stage_id: Option<Uuid>,
    /// booking_made.
    pub booking_type_id: Option<Uuid>,
    /// email_opened.
    pub campaign_id: Option<Uuid>,
    /// schedule: a cron expression, or a date field of contacts; in this zone (UTC when none).
    pub cron: Option<String>,
    pub time_zone: Option<String>,
    /// schedule by date: `dob` (a date column of contacts) or `custom_fields.<key>` holding
    /// a date (YYYY-MM-DD); fires for each contact on that date plus `offset_days`
    /// (-7: a week before) at `at` (HH:MM, default 09:00), every year when `yearly`.
    pub date_field: Option<String>,
    pub offset_days: i64,
    pub at: Option<chrono::NaiveTime>,
    pub yearly: bool,
    /// webhook: the secret callers send in `X-AIO-Secret`.
    pub secret: Option<String>,
}

/// An automation as a runner reads it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Definition {
    pub trigger_type: TriggerType,
    pub trigger: TriggerConfig,
    pub actions: Vec<Step>,
}

fn invalid(path: &str, reason: impl Into<String>) -> Error {
    Error::invalid(path, reason)
}

fn object<'a>(value: &'a Value, path: &str) -> Result<&'a Map<String, Value>> {
    value.as_object().ok_or_else(|| invalid(path, "must be a JSON object"))
}

/// Refuses keys a shape does not have (a typo would otherwise be silently ignored).
fn known_keys(obj: &Map<String, Value>, path: &str, keys: &[&str]) -> Result<()> {
    for key in obj.keys() {
        if !keys.contains(&key.as_str()) {
            return Err(invalid(
                &format!("{path}.{key}"),
                format!("is not a setting here (expected one of: {})", keys.join(", ")),
            ));
        }
    }
    Ok(())
}

fn text(obj: &Map<String, Value>, key: &str, path: &str) -> Result<String> {
    match obj.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
        Some(Value::String(_)) => Err(invalid(&format!("{path}.{key}"), "must not be empty")),
        Some(_) => Err(invalid(&format!("{path}.{key}"), "must be text")),
        None => Err(invalid(&format!("{path}.{key}"), "is required")),
    }
}

fn opt_text(obj: &Map<String, Value>, key: &str, path: &str) -> Result<Option<String>> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(_) => text(obj, key, path).map(Some),
    }
}

fn uuid(obj: &Map<String, Value>, key: &str, path: &str) -> Result<Uuid> {
    let s = text(obj, key, path)?;
    Uuid::parse_str(s.trim()).map_err(|_| invalid(&format!("{path}.{key}"), format!("\"{s}\" is not an id")))
}

fn opt_uuid(obj: &Map<String, Value>, key: &str, path: &str) -> Result<Option<Uuid>> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(_) => uuid(obj, key, path).map(Some),
    }
}

fn positive(obj: &Map<String, Value>, key: &str, path: &str, max: i64) -> Result<Option<i64>> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => match v.as_i64() {
            Some(n) if n > 0 && n <= max => Ok(Some(n)),
            _ => Err(invalid(&format!("{path}.{key}"), format!("must be a whole number from 1 to {max}"))),
        },
    }
}

/// Merge tags are minijinja; a template that does not parse is refused when saved.
fn template(s: &str, path: &str) -> Result<()> {
    let env = minijinja::Environment::new();
    env.template_from_str(s)
        .map(drop)
        .map_err(|e| invalid(path, format!("merge tags do not parse: {e}")))
}

/// Parses `trigger_config` for `kind`.
pub fn parse_trigger(kind: TriggerType, value: &Value) -> Result<TriggerConfig> {
    let path = "trigger_config";
    let obj = object(value, path)?;
    let mut c = TriggerConfig::default();
    match kind {
        TriggerType::ContactCreated => {
            known_keys(obj, path, &["tags", "status", "source"])?;
            if let Some(tags) = obj.get("tags") {
                let items = tags.as_array().ok_or_else(|| invalid("trigger_config.tags", "must be a list of tag names"))?;
                for (i, t) in items.iter().enumerate() {
                    match t.as_str().map(str::trim) {
                        Some(name) if !name.is_empty() => c.tags.push(name.to_string()),
                        _ => return Err(invalid(&format!("trigger_config.tags[{i}]"), "must be a tag name")),
                    }
                }
            }
            c.status = opt_text(obj, "status", path)?;
            if let Some(status) = &c.status {
                if !crate::tables::ContactStatus::VALUES.contains(&status.as_str()) {
                    return Err(invalid("trigger_config.status", format!("must be one of {}", crate::tables::ContactStatus::VALUES.join(", "))));
                }
            }
            c.source = opt_text(obj, "source", path)?;
        }
        TriggerType::TagAdded => {
            known_keys(obj, path, &["tag"])?;
            c.tag = opt_text(obj, "tag", path)?;
        }
        TriggerType::FormSubmit => {
            known_keys(obj, path, &["form_id", "form"])?;
            c.form_id = opt_uuid(obj, "form_id", path)?;
            c.form = opt_text(obj, "form", path)?;
        }
        TriggerType::StageChanged => {
            known_keys(obj, path, &["pipeline_id", "stage_id"])?;
            c.pipeline_id = opt_uuid(obj, "pipeline_id", path)?;
            c.stage_id = opt_uuid(obj, "stage_id", path)?;
        }
        TriggerType::BookingMade => {
            known_keys(obj, path, &["booking_type_id"])?;
            c.booking_type_id = opt_uuid(obj, "booking_type_id", path)?;
        }
        TriggerType::EmailOpened => {
            known_keys(obj, path, &["campaign_id"])?;
            c.campaign_id = opt_uuid(obj, "campaign_id", path)?;
        }
        TriggerType::InvoiceOverdue | TriggerType::PaymentReceived => known_keys(obj, path, &[])?,
        TriggerType::Schedule => {
            known_keys(obj, path, &["cron", "time_zone", "date_field", "offset_days", "at", "yearly"])?;
            c.cron = opt_text(obj, "cron", path)?;
            c.date_field = opt_text(obj, "date_field", path)?;
            c.time_zone = opt_text(obj, "time_zone", path)?;
            if let Some(zone) = &c.time_zone {
                zone.parse::<chrono_tz::Tz>()
                    .map_err(|_| invalid("trigger_config.time_zone", format!("\"{zone}\" is not a time zone such as Europe/Berlin")))?;
            }
            match (&c.cron, &c.date_field) {
                (Some(cron), None) => {
                    known_keys(obj, path, &["cron", "time_zone"])?;
                    super::schedule::parse_cron(cron).map_err(|reason| invalid("trigger_config.cron", reason))?;
                }
                (None, Some(field)) => {
                    let column = field.strip_prefix("custom_fields.").map_or(Some(field.as_str()), |k| (!k.is_empty()).then_some("custom_fields"));
                    let date_column = column.and_then(|c| CONTACTS.column(c)).is_some_and(|c| {
                        c.name == "custom_fields" || matches!(c.kind, crate::schema::Kind::Date | crate::schema::Kind::Timestamp)
                    });
                    if !date_column {
                        return Err(invalid("trigger_config.date_field", format!("\"{field}\" is not a date field of contacts (dob or custom_fields.<key>)")));
                    }
                    c.offset_days = match obj.get("offset_days") {
                        None | Some(Value::Null) => 0,
                        Some(v) => v.as_i64().filter(|d| d.abs() <= 366).ok_or_else(|| invalid("trigger_config.offset_days", "must be a whole number of days from -366 to 366"))?,
                    };
                    c.at = match opt_text(obj, "at", path)? {
                        None => None,
                        Some(t) => Some(chrono::NaiveTime::parse_from_str(t.trim(), "%H:%M").map_err(|_| invalid("trigger_config.at", format!("\"{t}\" is not a time of day such as 09:00")))?),
                    };
                    c.yearly = match obj.get("yearly") {
                        None | Some(Value::Null) => false,
                        Some(Value::Bool(b)) => *b,
                        Some(_) => return Err(invalid("trigger_config.yearly", "must be true or false")),
                    };
                }
                _ => return Err(invalid(path, "a schedule takes one of: cron (with time_zone), date_field (with offset_days, at, time_zone, yearly)")),
            }
        }
        TriggerType::Webhook => {
            known_keys(obj, path, &["secret"])?;
            let secret = text(obj, "secret", path)?;
            if secret.len() < 16 {
                return Err(invalid("trigger_config.secret", "must be at least 16 characters"));
            }
            c.secret = Some(secret);
        }
    }
    Ok(c)
}

/// Parses `actions`.
pub fn parse_actions(value: &Value) -> Result<Vec<Step>> {
    let items = value.as_array().ok_or_else(|| invalid("actions", "must be a list of steps"))?;
    steps(items, "actions")
}

fn steps(items: &[Value], path: &str) -> Result<Vec<Step>> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| step(item, &format!("{path}[{i}]")))
        .collect()
}

fn step(value: &Value, path: &str) -> Result<Step> {
    let obj = object(value, path)?;
    let kind = text(obj, "type", path)?;
    let keys = |k: &[&str]| {
        let mut all = vec!["type"];
        all.extend_from_slice(k);
        known_keys(obj, path, &all)
    };
    let step = match kind.as_str() {
        "add_tag" | "remove_tag" => {
            keys(&["tag"])?;
            let tag = text(obj, "tag", path)?.trim().to_string();
            if kind == "add_tag" { Step::AddTag { tag } } else { Step::RemoveTag { tag } }
        }
        "update_field" => {
            keys(&["field", "value"])?;
            let field = text(obj, "field", path)?;
            let column = field.strip_prefix("custom_fields.").map_or(field.as_str(), |_| "custom_fields");
            let known = CONTACTS.column(column).filter(|c| {
                !crate::records::is_system_column(c)
                    && !c.derived
                    && !["id", "organization_id", "tags", "owner_id"].contains(&c.name)
            });
            if known.is_none() || (column == "custom_fields" && field == "custom_fields") {
                return Err(invalid(&format!("{path}.field"), format!("\"{field}\" is not a contact field a step can set (tags and owner have their own steps)")));
            }
            let value = obj.get("value").cloned().ok_or_else(|| invalid(&format!("{path}.value"), "is required"))?;
            if let Some(s) = value.as_str() {
                template(s, &format!("{path}.value"))?;
            }
            Step::UpdateField { field, value }
        }
        "assign_owner" => {
            keys(&["user_id"])?;
            Step::AssignOwner { user_id: uuid(obj, "user_id", path)? }
        }
        "create_note" => {
            keys(&["content"])?;
            let content = text(obj, "content", path)?;
            template(&content, &format!("{path}.content"))?;
            Step::CreateNote { content }
        }
        "create_activity" => {
            keys(&["activity_type", "title", "description"])?;
            let activity_type = opt_text(obj, "activity_type", path)?.unwrap_or_else(|| "automation".into());
            if !crate::tables::ActivityType::VALUES.contains(&activity_type.as_str()) {
                return Err(invalid(&format!("{path}.activity_type"), format!("must be one of {}", crate::tables::ActivityType::VALUES.join(", "))));
            }
            let title = text(obj, "title", path)?;
            template(&title, &format!("{path}.title"))?;
            let description = opt_text(obj, "description", path)?;
            if let Some(d) = &description {
                template(d, &format!("{path}.description"))?;
            }
            Step::CreateActivity { activity_type, title, description }
        }
        "create_card" => {
            keys(&["pipeline_id", "stage_id", "title"])?;
            let title = text(obj, "title", path)?;
            template(&title, &format!("{path}.title"))?;
            Step::CreateCard { pipeline_id: uuid(obj, "pipeline_id", path)?, stage_id: uuid(obj, "stage_id", path)?, title }
        }
        "move_card" => {
            keys(&["stage_id", "card_id", "lost_reason"])?;
            let lost_reason = opt_text(obj, "lost_reason", path)?;
            if let Some(r) = &lost_reason {
                template(r, &format!("{path}.lost_reason"))?;
            }
            Step::MoveCard { stage_id: uuid(obj, "stage_id", path)?, card_id: opt_uuid(obj, "card_id", path)?, lost_reason }
        }
        "send_email" => {
            keys(&["template_id", "subject"])?;
            let subject = opt_text(obj, "subject", path)?;
            if let Some(s) = &subject {
                template(s, &format!("{path}.subject"))?;
            }
            Step::SendEmail { template_id: uuid(obj, "template_id", path)?, subject }
        }
        "notify" => {
            keys(&["user_ids", "title", "message"])?;
            let mut user_ids = Vec::new();
            if let Some(list) = obj.get("user_ids").filter(|v| !v.is_null()) {
                let items = list.as_array().ok_or_else(|| invalid(&format!("{path}.user_ids"), "must be a list of user ids"))?;
                for (i, item) in items.iter().enumerate() {
                    let id = item.as_str().and_then(|s| Uuid::parse_str(s).ok());
                    user_ids.push(id.ok_or_else(|| invalid(&format!("{path}.user_ids[{i}]"), "is not a user id"))?);
                }
            }
            let title = text(obj, "title", path)?;
            template(&title, &format!("{path}.title"))?;
            let message = opt_text(obj, "message", path)?.unwrap_or_default();
            template(&message, &format!("{path}.message"))?;
            Step::Notify { user_ids, title, message }
        }
        "webhook" => {
            keys(&["url", "secret", "body"])?;
            let url = text(obj, "url", path)?;
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(invalid(&format!("{path}.url"), "must start with http:// or https://"));
            }
            let body = obj.get("body").filter(|v| !v.is_null()).cloned();
            if let Some(b) = &body {
                object(b, &format!("{path}.body"))?;
            }
            Step::Webhook { url, secret: opt_text(obj, "secret", path)?, body }
        }
        "wait" => {
            keys(&["minutes", "hours", "days", "until", "condition", "timeout_minutes"])?;
            let minutes = positive(obj, "minutes", path, 525_600)?;
            let hours = positive(obj, "hours", path, 8_760)?.map(|h| h * 60);
            let days = positive(obj, "days", path, 365)?.map(|d| d * 1_440);
            let until = opt_text(obj, "until", path)?
                .map(|s| {
                    chrono::DateTime::parse_from_rfc3339(&s)
                        .map(|t| t.with_timezone(&chrono::Utc))
                        .map_err(|_| invalid(&format!("{path}.until"), format!("\"{s}\" is not a date and time such as 2027-01-31T09:00:00Z")))
                })
                .transpose()?;
            let condition = obj
                .get("condition")
                .filter(|v| !v.is_null())
                .map(|c| condition(c, &format!("{path}.condition")))
                .transpose()?;
            let given = [minutes.is_some() || hours.is_some() || days.is_some(), until.is_some(), condition.is_some()];
            if given.iter().filter(|g| **g).count() != 1 {
                return Err(invalid(path, "a wait takes one of: minutes (or hours, days), until, condition"));
            }
            if let Some(condition) = condition {
                let timeout_minutes = positive(obj, "timeout_minutes", path, 525_600)?.unwrap_or(10_080);
                Step::Wait(Wait::Condition { condition, timeout_minutes })
            } else if let Some(until) = until {
                Step::Wait(Wait::Until(until))
            } else {
                Step::Wait(Wait::Minutes(minutes.unwrap_or(0) + hours.unwrap_or(0) + days.unwrap_or(0)))
            }
        }
        "if" => {
            keys(&["conditions", "match", "then", "else"])?;
            let all = match opt_text(obj, "match", path)?.as_deref() {
                None | Some("all") => true,
                Some("any") => false,
                Some(_) => return Err(invalid(&format!("{path}.match"), "must be all or any")),
            };
            let list = obj.get("conditions").and_then(Value::as_array).filter(|l| !l.is_empty());
            let list = list.ok_or_else(|| invalid(&format!("{path}.conditions"), "must be a list of at least one condition"))?;
            let conditions = list
                .iter()
                .enumerate()
                .map(|(i, c)| condition(c, &format!("{path}.conditions[{i}]")))
                .collect::<Result<Vec<_>>>()?;
            let branch = |key: &str| -> Result<Vec<Step>> {
                match obj.get(key) {
                    None | Some(Value::Null) => Ok(Vec::new()),
                    Some(Value::Array(items)) => steps(items, &format!("{path}.{key}")),
                    Some(_) => Err(invalid(&format!("{path}.{key}"), "must be a list of steps")),
                }
            };
            Step::If { all, conditions, then: branch("then")?, r#else: branch("else")? }
        }
        "stop" => {
            keys(&[])?;
            Step::Stop
        }
        other => {
            return Err(invalid(
                &format!("{path}.type"),
                format!("\"{other}\" is not a step (add_tag, remove_tag, update_field, assign_owner, create_note, create_activity, create_card, move_card, send_email, notify, webhook, wait, if, stop)"),
            ))
        }
    };
    Ok(step)
}

fn condition(value: &Value, path: &str) -> Result<Condition> {
    let obj = object(value, path)?;
    known_keys(obj, path, &["field", "op", "value"])?;
    let field = text(obj, "field", path)?;
    let ok = match field.split_once('.') {
        Some(("contact", rest)) => {
            let column = rest.strip_prefix("custom_fields.").map_or(rest, |_| "custom_fields");
            CONTACTS.column(column).is_some()
        }
        Some(("trigger", rest)) => !rest.is_empty(),
        _ => false,
    };
    if !ok {
        return Err(invalid(&format!("{path}.field"), format!("\"{field}\" is not contact.<field> or trigger.<key>")));
    }
    let op_name = text(obj, "op", path)?;
    let op = Op::ALL
        .iter()
        .find(|(name, _)| *name == op_name)
        .map(|(_, op)| *op)
        .ok_or_else(|| invalid(&format!("{path}.op"), format!("\"{op_name}\" is not one of {}", Op::ALL.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "))))?;
    let value = obj.get("value").cloned().unwrap_or(Value::Null);
    if value.is_null() && !matches!(op, Op::IsEmpty | Op::IsNotEmpty) {
        return Err(invalid(&format!("{path}.value"), "is required for this test"));
    }
    Ok(Condition { field, op, value })
}

/// An automation row (or its `definition` snapshot) as a runner reads it.
pub fn parse(row: &Map<String, Value>) -> Result<Definition> {
    let kind = row.get("trigger_type").and_then(Value::as_str).unwrap_or_default();
    let trigger_type = serde_json::from_value::<TriggerType>(Value::String(kind.to_string()))
        .ok()
        .ok_or_else(|| invalid("trigger_type", format!("\"{kind}\" is not a trigger type")))?;
    let empty = Value::Object(Map::new());
    let trigger = parse_trigger(trigger_type, row.get("trigger_config").unwrap_or(&empty))?;
    let actions = parse_actions(row.get("actions").unwrap_or(&Value::Array(Vec::new())))?;
    Ok(Definition { trigger_type, trigger, actions })
}

/// The step at `path` ("2", "3/then/0") of `actions`.
pub fn at<'a>(actions: &'a [Step], path: &str) -> Option<&'a Step> {
    let mut list = actions;
    let mut parts = path.split('/');
    loop {
        let index: usize = parts.next()?.parse().ok()?;
        let step = list.get(index)?;
        match parts.next() {
            None => return Some(step),
            Some(branch) => match step {
                Step::If { then, r#else, .. } => list = if branch == "then" { then } else { r#else },
                _ => return None,
            },
        }
    }
}

/// The path of the step after `path`: its next sibling, else the step after the `if`
/// that holds its branch; None at the end.
pub fn next(actions: &[Step], path: &str) -> Option<String> {
    let (parent, index) = match path.rsplit_once('/') {
        Some((head, last)) => (Some(head), last.parse::<usize>().ok()?),
        None => (None, path.parse::<usize>().ok()?),
    };
    let siblings = match parent {
        None => actions.len(),
        Some(branch_path) => {
            let (if_path, branch) = branch_path.rsplit_once('/')?;
            match at(actions, if_path)? {
                Step::If { then, r#else, .. } => if branch == "then" { then.len() } else { r#else.len() },
                _ => return None,
            }
        }
    };
    if index + 1 < siblings {
        return Some(match parent {
            Some(p) => format!("{p}/{}", index + 1),
            None => (index + 1).to_string(),
        });
    }
    let (if_path, _) = parent?.rsplit_once('/')?;
    next(actions, if_path)
}

/// The first step of a branch of the `if` at `path`, or what follows the `if` when the
/// branch is empty.
pub fn enter(actions: &[Step], path: &str, branch: &str) -> Option<String> {
    match at(actions, path)? {
        Step::If { then, r#else, .. } => {
            let list = if branch == "then" { then } else { r#else };
            if list.is_empty() { next(actions, path) } else { Some(format!("{path}/{branch}/0")) }
        }
        _ => None,
    }
}

impl Step {
    /// The step's `type` as written in JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            Step::AddTag { .. } => "add_tag",
            Step::RemoveTag { .. } => "remove_tag",
            Step::UpdateField { .. } => "update_field",
            Step::AssignOwner { .. } => "assign_owner",
            Step::CreateNote { .. } => "create_note",
            Step::CreateActivity { .. } => "create_activity",
            Step::CreateCard { .. } => "create_card",
            Step::MoveCard { .. } => "move_card",
            Step::SendEmail { .. } => "send_email",
            Step::Notify { .. } => "notify",
            Step::Webhook { .. } => "webhook",
            Step::Wait(_) => "wait",
            Step::If { .. } => "if",
            Step::Stop => "stop",
        }
    }
}

/// The automations table's hook: the whole row is checked after each write (the trigger's
/// settings depend on its type), inside the write's transaction.
pub struct AutomationHooks;

pub static AUTOMATION_HOOKS: AutomationHooks = AutomationHooks;

impl Hooks for AutomationHooks {
    fn after_write(&self, _tx: &Transaction<'_>, _actor: &Actor, _table: &TableDef, row: &Row) -> Result<()> {
        parse(row).map(drop)
    }
}
