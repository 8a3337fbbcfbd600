//! A submission, as one operation inside the caller's transaction: the form must be open,
//! the answers are checked against its definition (whatever the page sent), the
//! submission is stored, and, unless it is suspected spam or waits for a double opt-in
//! confirmation, it is taken ([`take`]): the contact matched by email (ignoring case),
//! then by phone as people type it, or created (as the form's `contact_action` says);
//! mapped answers fill the contact without overwriting what it holds unless the form
//! says so; tags, source and opt-ins; a `form` activity on the contact's timeline;
//! notifications for the users to notify; and the `form_submit` trigger event.
//!
//! The same code serves the public page (on the server's replica), the CLI's
//! `forms submit`, the approval of a submission held as spam and a double opt-in's
//! confirmation. Sending mail is the caller's (DESIGN.md §8): [`Submitted::confirm_to`]
//! says where a confirmation goes.

use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use ts_rs::TS;
use uuid::Uuid;

use super::answers::{self, is_empty, normalised_phone};
use super::definition::{as_error, Definition, FieldError, FieldType};
use super::spam::{self, Screening};
use super::tables::{SubmissionStatus, FORMS, FORM_SUBMISSIONS};
use crate::modules::automations::events;
use crate::modules::automations::tables::TriggerType;
use crate::crm::tables::{CONTACTS, CONTACT_ACTIVITIES};
use crate::crm::tags;
use crate::error::{Error, Result};
use crate::records::{self, Actor, Row};
use crate::schema::Timestamp;
use crate::modules::system::tables::NOTIFICATIONS;
use crate::values::timestamp_text;

/// What came with the answers: where from (recorded with the submission).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Meta {
    pub ip_address: Option<String>,
    pub user_agent: Option<String>,
    pub referrer: Option<String>,
    pub utm_source: Option<String>,
    pub utm_medium: Option<String>,
    pub utm_campaign: Option<String>,
}

impl Meta {
    /// Trimmed and cut to a sane length, so a page cannot store anything huge here.
    fn cleaned(&self) -> Meta {
        let clean = |v: &Option<String>, max: usize| {
            v.as_deref()
                .map(|s| s.trim().chars().filter(|c| !c.is_control()).take(max).collect::<String>())
                .filter(|s| !s.is_empty())
        };
        Meta {
            ip_address: clean(&self.ip_address, 64),
            user_agent: clean(&self.user_agent, 500),
            referrer: clean(&self.referrer, 1000),
            utm_source: clean(&self.utm_source, 200),
            utm_medium: clean(&self.utm_medium, 200),
            utm_campaign: clean(&self.utm_campaign, 200),
        }
    }
}

/// Why a submission was not taken. Nothing was stored.
#[derive(Debug, thiserror::Error)]
pub enum Rejected {
    /// Answers the definition refuses, every one named.
    #[error("{}", as_error(.0))]
    Invalid(Vec<FieldError>),
    /// The form takes no more submissions (closed, limit reached, inactive).
    #[error("{0}")]
    Closed(String),
    #[error(transparent)]
    Core(#[from] Error),
}

impl From<rusqlite::Error> for Rejected {
    fn from(e: rusqlite::Error) -> Self {
        Rejected::Core(e.into())
    }
}

impl Rejected {
    /// The same, as a core error (for callers that show one message).
    pub fn into_error(self) -> Error {
        match self {
            Rejected::Invalid(errors) => as_error(&errors),
            Rejected::Closed(reason) => Error::invalid("form", reason),
            Rejected::Core(e) => e,
        }
    }
}

/// What a submission became.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Submitted {
    pub id: Uuid,
    pub status: SubmissionStatus,
    pub contact_id: Option<Uuid>,
    pub spam_reason: Option<String>,
    /// Double opt-in: the address the confirmation mail goes to.
    pub confirm_to: Option<String>,
}

fn object(value: Value) -> Row {
    match value {
        Value::Object(map) => map,
        _ => Row::new(),
    }
}

/// `records::create_in` with the table's follow-up writes (a contact's new tag names
/// become tags), as `records::create` runs them.
fn create(tx: &Transaction<'_>, actor: &Actor, table: &'static crate::schema::TableDef, input: Row) -> Result<Row> {
    let row = records::create_in(tx, actor, table, input, None)?;
    table.rules.hooks.after_write(tx, actor, table, &row)?;
    Ok(row)
}

/// `records::update_in` with the table's follow-up writes.
fn update(tx: &Transaction<'_>, actor: &Actor, table: &'static crate::schema::TableDef, id: Uuid, patch: Row) -> Result<Row> {
    let row = records::update_in(tx, actor, table, id, patch, None)?;
    table.rules.hooks.after_write(tx, actor, table, &row)?;
    Ok(row)
}

fn text(row: &Row, field: &str) -> Option<String> {
    row.get(field).and_then(Value::as_str).map(str::to_string)
}

fn id_of(row: &Row, field: &str) -> Result<Uuid> {
    let value = text(row, field).unwrap_or_default();
    Uuid::parse_str(&value).map_err(|_| Error::invalid(field, format!("\"{value}\" is not a UUID")))
}

/// The live form with `slug` in the actor's organisation.
pub fn find(conn: &Connection, actor: &Actor, slug: &str) -> Result<Row> {
    let id: Option<String> = conn
        .prepare_cached(
            "SELECT id FROM forms WHERE organization_id = ?1 AND slug = ?2 AND deleted_at IS NULL",
        )?
        .query_row([actor.organization_id.to_string(), slug.to_string()], |r| {
            r.get(0)
        })
        .optional()?;
    let id = id.ok_or_else(|| Error::invalid("form", format!("no form with the slug \"{slug}\"")))?;
    records::get(conn, actor, &FORMS, Uuid::parse_str(&id).map_err(|_| Error::invalid("form", "bad id"))?)
}

/// The definition of a stored form; a form that does not hold a valid one cannot take
/// submissions.
pub fn definition_of(form: &Row) -> Result<Definition> {
    Definition::of(form).map_err(|errors| {
        let e = as_error(&errors);
        Error::invalid("form", format!("the form is not set up correctly ({e})"))
    })
}

/// Whether the form still takes submissions as of `now`.
fn check_open(tx: &Transaction<'_>, form: &Row, def: &Definition, now: Timestamp) -> Result<(), Rejected> {
    if form.get("is_active") != Some(&Value::Bool(true)) {
        return Err(Rejected::Closed("This form is not taking submissions.".into()));
    }
    if let Some(closes) = def.settings.closes_at {
        if closes <= now {
            return Err(Rejected::Closed(format!(
                "This form closed on {}.",
                closes.format("%Y-%m-%d %H:%M UTC")
            )));
        }
    }
    if let Some(limit) = def.settings.submission_limit {
        let taken: i64 = tx
            .prepare_cached(
                "SELECT count(*) FROM form_submissions WHERE form_id = ?1 AND deleted_at IS NULL
                   AND status IN ('received', 'unconfirmed')",
            )?
            .query_row([text(form, "id").unwrap_or_default()], |r| r.get(0))?;
        if taken >= limit {
            return Err(Rejected::Closed(format!(
                "This form has reached its limit of {limit} submissions."
            )));
        }
    }
    Ok(())
}

/// Submits `answers` to `form` as `actor` (the form's owner on a public page) as of
/// `now`. See the module's docs.
pub fn submit(
    tx: &Transaction<'_>,
    actor: &Actor,
    form: &Row,
    answers: &Map<String, Value>,
    meta: &Meta,
    screening: &Screening,
    now: Timestamp,
) -> Result<Submitted, Rejected> {
    let def = definition_of(form)?;
    check_open(tx, form, &def, now)?;
    let checked = answers::validate(&def.fields, answers).map_err(Rejected::Invalid)?;
    let form_id = id_of(form, "id")?;
    let spam_reason = spam::suspicion(screening, form_id, def.settings.min_fill_seconds, now);
    let email = contact_email(&def, &checked);
    let status = if spam_reason.is_some() {
        SubmissionStatus::Spam
    } else if def.settings.double_opt_in && email.is_some() {
        SubmissionStatus::Unconfirmed
    } else {
        SubmissionStatus::Received
    };
    let meta = meta.cleaned();
    // UTM parameters go into the data too, so a table of the data shows them.
    let mut data = checked;
    for (key, value) in [
        ("utm_source", &meta.utm_source),
        ("utm_medium", &meta.utm_medium),
        ("utm_campaign", &meta.utm_campaign),
    ] {
        if let Some(v) = value {
            data.entry(key).or_insert_with(|| Value::from(v.as_str()));
        }
    }
    let mut input = json!({
        "form_id": form_id.to_string(),
        "data": data,
        "status": status.as_str(),
        "spam_reason": spam_reason,
        "created_at": timestamp_text(now),
    });
    for (key, value) in [
        ("ip_address", &meta.ip_address),
        ("user_agent", &meta.user_agent),
        ("referrer", &meta.referrer),
        ("utm_source", &meta.utm_source),
        ("utm_medium", &meta.utm_medium),
        ("utm_campaign", &meta.utm_campaign),
    ] {
        if let Some(v) = value {
            input[key] = Value::from(v.as_str());
        }
    }
    let row = records::create_in(tx, actor, &FORM_SUBMISSIONS, object(input), None)?;
    let id = id_of(&row, "id")?;
    let contact_id = if status == SubmissionStatus::Received {
        take_in(tx, actor, form, &def, &row, now)?
    } else {
        None
    };
    Ok(Submitted {
        id,
        status,
        contact_id,
        spam_reason,
        confirm_to: (status == SubmissionStatus::Unconfirmed).then_some(email).flatten(),
    })
}

/// The contact's email among the answers: the field mapped to `email`, else the first
/// email field.
fn contact_email(def: &Definition, data: &Map<String, Value>) -> Option<String> {
    mapped_or_first(def, data, "email", FieldType::Email)
}

fn mapped_or_first(
    def: &Definition,
    data: &Map<String, Value>,
    target: &str,
    kind: FieldType,
) -> Option<String> {
    let field = def
        .fields
        .iter()
        .find(|f| f.map_to.as_deref() == Some(target))
        .or_else(|| def.fields.iter().find(|f| f.kind == kind && f.map_to.is_none()))?;
    data.get(&field.id)
        .and_then(Value::as_str)
        .map(str::to_string)
        .filter(|s| !s.is_empty())
}

/// An answer as text for a contact column.
fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => Some(
            items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

/// Takes stored submission `id` (held as spam, or waiting for its confirmation): runs
/// the contact part and marks it received. A submission already received is left as it
/// is. Returns the submission.
pub fn take(tx: &Transaction<'_>, actor: &Actor, id: Uuid, now: Timestamp) -> Result<Row> {
    let submission = records::get(tx, actor, &FORM_SUBMISSIONS, id)?;
    if text(&submission, "status").as_deref() == Some(SubmissionStatus::Received.as_str()) {
        return Ok(submission);
    }
    let form = records::get(tx, actor, &FORMS, id_of(&submission, "form_id")?)?;
    let def = definition_of(&form)?;
    take_in(tx, actor, &form, &def, &submission, now)?;
    records::get(tx, actor, &FORM_SUBMISSIONS, id)
}

/// Approves a submission held as spam, in one transaction: it is taken as if it had come
/// in clean (contact, tags, activity, notifications, event).
pub fn approve(conn: &mut Connection, actor: &Actor, id: Uuid) -> Result<Row> {
    let tx = conn.transaction()?;
    let submission = records::get(&tx, actor, &FORM_SUBMISSIONS, id)?;
    if text(&submission, "status").as_deref() != Some(SubmissionStatus::Spam.as_str()) {
        return Err(Error::invalid(
            "status",
            "only a submission held as spam can be approved",
        ));
    }
    let row = take(&tx, actor, id, actor.clock.now())?;
    tx.commit()?;
    Ok(row)
}

/// The contact part of a submission, then the submission marked received with its
/// contact. Returns the contact, if one was matched or created.
fn take_in(
    tx: &Transaction<'_>,
    actor: &Actor,
    form: &Row,
    def: &Definition,
    submission: &Row,
    now: Timestamp,
) -> Result<Option<Uuid>> {
    let empty = Map::new();
    let data = submission
        .get("data")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let submission_id = id_of(submission, "id")?;
    let form_id = id_of(form, "id")?;
    let slug = text(form, "slug").unwrap_or_default();
    let name = text(form, "name").unwrap_or_default();
    let contact_id = match def.settings.contact_action {
        super::definition::ContactAction::None => None,
        action => contact_for(tx, actor, form, def, data, action)?,
    };
    if let Some(contact) = contact_id {
        let summary: Vec<String> = def
            .fields
            .iter()
            .filter(|f| f.kind != FieldType::Hidden)
            .filter_map(|f| {
                let answer = data.get(&f.id)?;
                let shown = match answer {
                    Value::Bool(true) => "yes".to_string(),
                    Value::Bool(false) => "no".to_string(),
                    other => as_text(other)?,
                };
                Some(format!("{}: {shown}", f.label))
            })
            .collect();
        records::create_in(
            tx,
            actor,
            &CONTACT_ACTIVITIES,
            object(json!({
                "contact_id": contact.to_string(),
                "activity_type": "form",
                "title": format!("Submitted {name}"),
                "description": summary.join("\n"),
                "metadata": {"form_id": form_id.to_string(), "form": slug, "submission_id": submission_id.to_string()},
                "created_at": timestamp_text(now),
            })),
            None,
        )?;
    }
    for user in &def.settings.notify_user_ids {
        if !is_user(tx, *user)? {
            continue;
        }
        let who = data_label(def, data);
        records::create_in(
            tx,
            actor,
            &NOTIFICATIONS,
            object(json!({
                "user_id": user.to_string(),
                "title": format!("New submission: {name}"),
                "message": match who {
                    Some(who) => format!("{who} submitted {name}."),
                    None => format!("Someone submitted {name}."),
                },
                "type": "info",
                "created_at": timestamp_text(now),
            })),
            None,
        )?;
    }
    let mut patch = Row::new();
    patch.insert("status".into(), Value::from(SubmissionStatus::Received.as_str()));
    if let Some(contact) = contact_id {
        patch.insert("contact_id".into(), Value::from(contact.to_string()));
    }
    records::update_in(tx, actor, &FORM_SUBMISSIONS, submission_id, patch, None)?;
    events::raise(
        tx,
        actor,
        TriggerType::FormSubmit,
        FORM_SUBMISSIONS.name,
        submission_id,
        object(json!({
            "form_id": form_id.to_string(),
            "form_slug": slug,
            "submission_id": submission_id.to_string(),
            "contact_id": contact_id.map(|c| c.to_string()),
            "data": data,
        })),
        now,
    )?;
    Ok(contact_id)
}

/// Who submitted, for a notification: the contact's email or name among the answers.
fn data_label(def: &Definition, data: &Map<String, Value>) -> Option<String> {
    contact_email(def, data).or_else(|| {
        let first = mapped_or_first(def, data, "first_name", FieldType::Hidden);
        let last = mapped_or_first(def, data, "last_name", FieldType::Hidden);
        let name = [first, last].into_iter().flatten().collect::<Vec<_>>().join(" ");
        (!name.is_empty()).then_some(name)
    })
}

fn is_user(tx: &Transaction<'_>, id: Uuid) -> Result<bool> {
    Ok(tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM users WHERE id = ?1 AND deleted_at IS NULL)")?
        .query_row([id.to_string()], |r| r.get(0))?)
}

/// The live contact with this email (ignoring case), else with this phone as people type
/// it. A failed lookup is an error, never "no contact" (that would make a duplicate).
pub fn match_contact(
    conn: &Connection,
    org: Uuid,
    email: Option<&str>,
    phone: Option<&str>,
) -> Result<Option<Uuid>> {
    let org = org.to_string();
    let mut found: Option<String> = None;
    if let Some(email) = email {
        found = conn
            .prepare_cached(
                "SELECT id FROM contacts INDEXED BY uq_contacts_organization_id_email
                 WHERE organization_id = ?1 AND email = ?2 COLLATE NOCASE
                   AND deleted_at IS NULL AND duplicate_of IS NULL",
            )?
            .query_row([&org, &email.trim().to_string()], |r| r.get(0))
            .optional()?;
    }
    if found.is_none() {
        if let Some(phone) = phone.map(normalised_phone).filter(|p| !p.is_empty()) {
            found = conn
                .prepare_cached(
                    "SELECT id FROM contacts INDEXED BY idx_contacts_phone_normalised
                     WHERE organization_id = ?1 AND phone IS NOT NULL AND deleted_at IS NULL
                       AND replace(replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '.', ''), '(', ''), ')', ''), '/', '') = ?2
                       AND duplicate_of IS NULL
                     ORDER BY created_at, id LIMIT 1",
                )?
                .query_row([&org, &phone], |r| r.get(0))
                .optional()?;
        }
    }
    found
        .map(|id| Uuid::parse_str(&id).map_err(|_| Error::invalid("contact_id", "bad id")))
        .transpose()
}

/// Matches or creates the submission's contact and fills it from the mapped answers.
fn contact_for(
    tx: &Transaction<'_>,
    actor: &Actor,
    form: &Row,
    def: &Definition,
    data: &Map<String, Value>,
    action: super::definition::ContactAction,
) -> Result<Option<Uuid>> {
    let email = contact_email(def, data);
    let phone = mapped_or_first(def, data, "phone", FieldType::Phone);
    let found = match_contact(tx, actor.organization_id, email.as_deref(), phone.as_deref())?;
    let settings = &def.settings;
    // What the answers say about the contact, by column.
    let mut values: Map<String, Value> = Map::new();
    let mut custom: Map<String, Value> = Map::new();
    let mut new_tags: Vec<String> = settings.tags.clone();
    // Each consent field's opt-in column and whether it was given.
    let mut opt_ins: Vec<(&'static str, bool)> = Vec::new();
    for field in &def.fields {
        let Some(answer) = data.get(&field.id) else {
            continue;
        };
        if let Some(consent) = field.consent_to {
            opt_ins.push((consent.column(), answer == &Value::Bool(true)));
        }
        let Some(target) = field.map_to.as_deref() else {
            continue;
        };
        if target == "tags" {
            match answer {
                Value::Array(items) => {
                    new_tags.extend(items.iter().filter_map(Value::as_str).map(str::to_string))
                }
                other => new_tags.extend(as_text(other)),
            }
        } else if let Some(key) = target.strip_prefix("custom_fields.") {
            custom.insert(key.to_string(), answer.clone());
        } else if let Some(v) = as_text(answer) {
            values.insert(target.to_string(), Value::from(v));
        }
    }
    if !values.contains_key("email") {
        if let Some(email) = &email {
            values.insert("email".into(), Value::from(email.as_str()));
        }
    }
    if !values.contains_key("phone") {
        if let Some(phone) = &phone {
            values.insert("phone".into(), Value::from(phone.as_str()));
        }
    }
    let new_tags: Vec<String> = new_tags
        .into_iter()
        .map(|t| t.replace(';', " ").trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    let source = format!("form:{}", text(form, "slug").unwrap_or_default());

    if let Some(id) = found {
        let contact = records::get(tx, actor, &CONTACTS, id)?;
        let mut patch = Row::new();
        for (column, value) in values {
            if (settings.overwrite || is_empty(contact.get(&column)))
                && contact.get(&column) != Some(&value)
            {
                patch.insert(column, value);
            }
        }
        if !patch.contains_key("source") && is_empty(contact.get("source")) {
            patch.insert("source".into(), Value::from(source));
        }
        if !custom.is_empty() {
            let mut fields = contact
                .get("custom_fields")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            let mut changed = false;
            for (key, value) in custom {
                if settings.overwrite || is_empty(fields.get(&key)) {
                    changed |= fields.get(&key) != Some(&value);
                    fields.insert(key, value);
                }
            }
            if changed {
                patch.insert("custom_fields".into(), Value::Object(fields));
            }
        }
        let current = tags::of(&contact);
        let merged = tags::union(&current, &new_tags);
        if merged.len() != current.len() {
            patch.insert("tags".into(), json!(merged));
        }
        // A consent given opts in; one not given never opts a known contact out.
        for (column, given) in opt_ins {
            if given && contact.get(column) != Some(&Value::Bool(true)) {
                patch.insert(column.into(), Value::Bool(true));
            }
        }
        if !patch.is_empty() {
            update(tx, actor, &CONTACTS, id, patch)?;
        }
        return Ok(Some(id));
    }
    if action == super::definition::ContactAction::UpdateOnly {
        return Ok(None);
    }
    // A contact needs an email; without one (or a match by phone) none is created.
    if email.is_none() {
        return Ok(None);
    }
    let mut input = values;
    // A contact has a name: without one in the answers, the email's local part and a
    // dash stand in until someone edits it.
    let local = email
        .as_deref()
        .and_then(|e| e.split('@').next())
        .unwrap_or("-")
        .to_string();
    input.entry("first_name").or_insert_with(|| Value::from(local));
    input.entry("last_name").or_insert_with(|| Value::from("-"));
    input.entry("source").or_insert_with(|| Value::from(source));
    // The form's owner setting, else whoever owns the form, else the actor.
    let form_user = text(form, "user_id").and_then(|u| Uuid::parse_str(&u).ok());
    let owner = settings
        .owner_id
        .or(form_user)
        .filter(|o| is_user(tx, *o).unwrap_or(false))
        .unwrap_or(actor.user_id);
    input.insert("owner_id".into(), Value::from(owner.to_string()));
    if !new_tags.is_empty() {
        input.insert("tags".into(), json!(tags::union(&[], &new_tags)));
    }
    if !custom.is_empty() {
        input.insert("custom_fields".into(), Value::Object(custom));
    }
    // A new contact is opted in to what the form asked about only if they agreed.
    for (column, given) in opt_ins {
        input.insert(column.into(), Value::Bool(given));
    }
    let row = create(tx, actor, &CONTACTS, input)?;
    id_of(&row, "id").map(Some)
}
