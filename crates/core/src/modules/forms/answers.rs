//! Answers checked against a form's definition, whatever the page sent: only fields
//! shown by their `show_if` count (a hidden one's answer is dropped, and it is never
//! required), each value is checked and normalised by its field's type, and every
//! error comes back named by its field id.

use serde_json::{Map, Value};

use super::definition::{number_of, ConditionOp, Condition, Field, FieldError, FieldType};

/// The longest answer of a one-line field, in characters.
pub const MAX_TEXT: usize = 1000;
/// The longest answer of a textarea.
pub const MAX_TEXTAREA: usize = 10_000;
/// The largest submission (its answers as JSON), in bytes.
pub const MAX_SUBMISSION_BYTES: usize = 64 * 1024;
/// Where an error about the whole submission is filed.
pub const FORM: &str = "form";

/// Whether an answer counts as given.
pub fn is_empty(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(Value::Bool(b)) => !b,
        _ => false,
    }
}

fn as_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.trim().to_string(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Whether `condition` holds for the answers given so far (normalised).
pub fn holds(condition: &Condition, answers: &Map<String, Value>) -> bool {
    let answer = answers.get(&condition.field);
    let wanted = condition.value.as_ref().map(as_text).unwrap_or_default();
    let same = |v: &Value| {
        let text = as_text(v);
        match (number_of(v), number_of(&Value::String(wanted.clone()))) {
            (Some(a), Some(b)) => a == b,
            _ => text.to_lowercase() == wanted.to_lowercase(),
        }
    };
    let includes = |v: Option<&Value>| match v {
        Some(Value::Array(items)) => items.iter().any(same),
        Some(other) => same(other),
        None => false,
    };
    match condition.op {
        ConditionOp::IsEmpty => is_empty(answer),
        ConditionOp::IsNotEmpty => !is_empty(answer),
        ConditionOp::Equals => includes(answer),
        ConditionOp::NotEquals => !includes(answer),
        ConditionOp::Contains => match answer {
            Some(Value::Array(_)) => includes(answer),
            Some(v) => as_text(v)
                .to_lowercase()
                .contains(&wanted.to_lowercase()),
            None => false,
        },
        ConditionOp::GreaterThan | ConditionOp::LessThan => {
            let Some(v) = answer.filter(|v| !is_empty(Some(v))) else {
                return false;
            };
            let order = match (number_of(v), number_of(&Value::String(wanted.clone()))) {
                (Some(a), Some(b)) => a.partial_cmp(&b),
                // Dates (YYYY-MM-DD) compare as text.
                _ => Some(as_text(v).cmp(&wanted)),
            };
            match condition.op {
                ConditionOp::GreaterThan => order == Some(std::cmp::Ordering::Greater),
                _ => order == Some(std::cmp::Ordering::Less),
            }
        }
    }
}

/// The ids of the fields shown for these (normalised) answers, top to bottom.
pub fn visible<'f>(fields: &'f [Field], answers: &Map<String, Value>) -> Vec<&'f Field> {
    let mut shown: Vec<&Field> = Vec::new();
    let mut so_far = Map::new();
    for field in fields {
        let show = field.show_if.as_ref().is_none_or(|c| {
            // An answer to a field that is itself hidden does not count.
            shown.iter().any(|f| f.id == c.field) && holds(c, &so_far)
        });
        if show {
            if let Some(v) = answers.get(&field.id) {
                so_far.insert(field.id.clone(), v.clone());
            }
            shown.push(field);
        }
    }
    shown
}

fn truthy(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Null => Some(false),
        Value::Number(n) => Some(n.as_f64() != Some(0.0)),
        Value::String(s) => match s.trim().to_lowercase().as_str() {
            "" | "false" | "0" | "no" | "off" => Some(false),
            "true" | "1" | "yes" | "on" => Some(true),
            _ => None,
        },
        _ => None,
    }
}

/// A phone number as people type them: digits with spaces, dashes, dots, brackets and a
/// leading +, 6 to 20 digits.
fn is_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    (6..=20).contains(&digits)
        && s.chars().count() <= 40
        && s
            .chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || " -.()/".contains(c) || (c == '+' && i == 0))
}

/// A phone number as matching compares it: without spaces, dashes, dots, brackets and
/// slashes (the same expression as the contacts index of migration V13).
pub fn normalised_phone(s: &str) -> String {
    s.chars().filter(|c| !" -.()/".contains(*c)).collect()
}

/// One answer checked by its field's type; `Ok(None)` when not given.
fn check(field: &Field, raw: Option<&Value>) -> Result<Option<Value>, String> {
    let raw = match raw {
        None | Some(Value::Null) => None,
        Some(v) => Some(v),
    };
    let text = |limit: usize| -> Result<Option<Value>, String> {
        let Some(v) = raw else { return Ok(None) };
        let s = match v {
            Value::String(s) => s.trim().to_string(),
            Value::Number(_) | Value::Bool(_) => v.to_string(),
            _ => return Err("must be text".into()),
        };
        if s.chars().count() > limit {
            return Err(format!("is longer than {limit} characters"));
        }
        if s.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
            return Err("holds characters that are not text".into());
        }
        Ok((!s.is_empty()).then_some(Value::String(s)))
    };
    match field.kind {
        FieldType::Text | FieldType::Hidden => text(MAX_TEXT),
        FieldType::Textarea => text(MAX_TEXTAREA),
        FieldType::Email => match text(320)? {
            Some(Value::String(s)) if !crate::values::is_email(&s) => {
                Err(format!("\"{s}\" is not an email address"))
            }
            other => Ok(other),
        },
        FieldType::Phone => match text(40)? {
            Some(Value::String(s)) if !is_phone(&s) => {
                Err(format!("\"{s}\" is not a phone number"))
            }
            other => Ok(other),
        },
        FieldType::Number => match text(40)? {
            None => Ok(None),
            Some(v) => {
                let Some(n) = number_of(&v) else {
                    return Err(format!("\"{}\" is not a number", as_text(&v)));
                };
                if n.fract() == 0.0 && n.abs() < 9e15 {
                    Ok(Some(Value::from(n as i64)))
                } else {
                    Ok(serde_json::Number::from_f64(n).map(Value::Number))
                }
            }
        },
        FieldType::Date => match text(10)? {
            Some(Value::String(s)) => chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                .map(|d| Some(Value::String(d.format("%Y-%m-%d").to_string())))
                .map_err(|_| format!("\"{s}\" is not a date (YYYY-MM-DD)")),
            other => Ok(other),
        },
        FieldType::Select => match text(200)? {
            Some(Value::String(s)) if !field.options.contains(&s) => {
                Err(format!("\"{s}\" is not one of the choices"))
            }
            other => Ok(other),
        },
        FieldType::MultiSelect => {
            let items: Vec<Value> = match raw {
                None => Vec::new(),
                Some(Value::Array(items)) => items.clone(),
                Some(v @ Value::String(_)) => vec![v.clone()],
                Some(_) => return Err("must be a list of choices".into()),
            };
            let mut chosen: Vec<Value> = Vec::new();
            for item in items {
                let Some(s) = item.as_str().map(str::trim) else {
                    return Err("must be a list of choices".into());
                };
                if s.is_empty() {
                    continue;
                }
                if !field.options.iter().any(|o| o == s) {
                    return Err(format!("\"{s}\" is not one of the choices"));
                }
                if !chosen.iter().any(|c| c == s) {
                    chosen.push(Value::from(s));
                }
            }
            Ok((!chosen.is_empty()).then_some(Value::Array(chosen)))
        }
        FieldType::Checkbox | FieldType::Consent => match raw.map(truthy) {
            None => Ok(Some(Value::Bool(false))),
            Some(Some(b)) => Ok(Some(Value::Bool(b))),
            Some(None) => Err("must be checked or not".into()),
        },
        FieldType::Rating => match text(4)? {
            None => Ok(None),
            Some(v) => match number_of(&v) {
                Some(n) if n.fract() == 0.0 && n >= 1.0 && n <= field.rating_max() as f64 => {
                    Ok(Some(Value::from(n as i64)))
                }
                _ => Err(format!("must be a whole number from 1 to {}", field.rating_max())),
            },
        },
        FieldType::File => match raw {
            Some(Value::Object(record)) => check_file(field, record).map(Some),
            Some(v) if !is_empty(Some(v)) => Err(NOT_AN_UPLOAD.into()),
            _ => Ok(None),
        },
    }
}

/// What a file field's answer is told when it is not an upload.
pub const NOT_AN_UPLOAD: &str =
    "a file is sent as an upload (a multipart/form-data post), not as text or JSON";

/// Whether `id` can be an upload's stored id (`[A-Za-z0-9_-]`, 16 to 64).
pub fn is_file_id(id: &str) -> bool {
    (16..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// An upload's record (`{file, name, type, size}`, as the server stored it) against its
/// field's types and size limit.
fn check_file(field: &Field, record: &Map<String, Value>) -> Result<Value, String> {
    let id = record.get("file").and_then(Value::as_str).unwrap_or("");
    let name = record.get("name").and_then(Value::as_str).unwrap_or("");
    let kind = record.get("type").and_then(Value::as_str).unwrap_or("");
    let size = record.get("size").and_then(Value::as_u64);
    let (true, Some(size)) = (is_file_id(id), size) else {
        return Err(NOT_AN_UPLOAD.into());
    };
    if !field.accepted_types().contains(&kind) {
        let accepted: Vec<&str> = super::definition::FILE_KINDS
            .iter()
            .filter(|(_, mime)| field.accepted_types().contains(mime))
            .map(|(ext, _)| *ext)
            .collect();
        let kind = if kind.is_empty() { "this kind of" } else { kind };
        return Err(format!(
            "a {kind} file is not accepted here (accepted: {})",
            accepted.join(", ")
        ));
    }
    if size > field.max_bytes() {
        return Err(format!(
            "the file is larger than {} MB",
            field.max_bytes() / (1024 * 1024)
        ));
    }
    if size == 0 {
        return Err("the file is empty".into());
    }
    let name: String = name.chars().take(200).collect();
    Ok(serde_json::json!({"file": id, "name": name, "type": kind, "size": size}))
}

/// Checks `raw` answers against `fields`: the answers of the fields shown, normalised,
/// or every error (each named by its field id, `form` for the whole submission).
/// Answers to unknown or hidden-by-condition fields are dropped.
pub fn validate(
    fields: &[Field],
    raw: &Map<String, Value>,
) -> Result<Map<String, Value>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let size = serde_json::to_string(raw).map(|s| s.len()).unwrap_or(0);
    if size > MAX_SUBMISSION_BYTES || raw.len() > 500 {
        return Err(vec![FieldError::new(
            FORM,
            format!(
                "the submission is too large (at most {} KB)",
                MAX_SUBMISSION_BYTES / 1024
            ),
        )]);
    }
    // Normalise every known field first, then keep those shown: a condition compares
    // normalised answers.
    let mut checked = Map::new();
    let mut field_errors: Vec<(String, String)> = Vec::new();
    for field in fields {
        match check(field, raw.get(&field.id)) {
            Ok(Some(v)) => {
                checked.insert(field.id.clone(), v);
            }
            Ok(None) => {}
            Err(message) => field_errors.push((field.id.clone(), message)),
        }
    }
    let shown = visible(fields, &checked);
    let mut answers = Map::new();
    for field in &shown {
        if let Some((_, message)) = field_errors.iter().find(|(id, _)| *id == field.id) {
            errors.push(FieldError::new(&field.id, message));
            continue;
        }
        let answer = checked.get(&field.id);
        if field.required && is_empty(answer) {
            let message = match field.kind {
                FieldType::Checkbox | FieldType::Consent => "must be checked",
                _ => "is required",
            };
            errors.push(FieldError::new(&field.id, message));
        }
        if let Some(v) = answer {
            answers.insert(field.id.clone(), v.clone());
        }
    }
    if errors.is_empty() {
        Ok(answers)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::modules::forms::definition::parse_fields;
    use serde_json::json;

    fn fields() -> Vec<Field> {
        parse_fields(&json!([
            {"id": "email", "type": "email", "label": "Email", "required": true},
            {"id": "phone", "type": "phone", "label": "Phone"},
            {"id": "plan", "type": "select", "label": "Plan", "options": ["Basic", "Pro"], "required": true},
            {"id": "seats", "type": "number", "label": "Seats", "required": true,
             "show_if": {"field": "plan", "op": "equals", "value": "Pro"}},
            {"id": "big", "type": "text", "label": "Why so many?", "required": true,
             "show_if": {"field": "seats", "op": "greater_than", "value": 50}},
            {"id": "extras", "type": "multi_select", "label": "Extras", "options": ["SEO", "Ads"]},
            {"id": "start", "type": "date", "label": "Start"},
            {"id": "score", "type": "rating", "label": "Score"},
            {"id": "terms", "type": "consent", "label": "I agree", "required": true},
            {"id": "cv", "type": "file", "label": "CV"},
        ]))
        .expect("definition")
    }

    fn raw(v: Value) -> Map<String, Value> {
        v.as_object().cloned().expect("an object")
    }

    #[test]
    fn a_conditional_field_is_required_only_when_shown() {
        let ok = validate(
            &fields(),
            &raw(json!({"email": "a@b.test", "plan": "Basic", "seats": "oops", "terms": "on"})),
        )
        .expect("seats is hidden for Basic, so its bad answer does not count");
        assert!(!ok.contains_key("seats"), "a hidden field's answer is dropped: {ok:?}");
        assert_eq!(ok["terms"], json!(true));

        let errors = validate(&fields(), &raw(json!({"email": "a@b.test", "plan": "Pro", "terms": true})))
            .expect_err("seats is shown for Pro and required");
        assert_eq!(errors, vec![FieldError::new("seats", "is required")]);

        // A chain: big shows only when seats (shown) is above 50.
        let errors = validate(
            &fields(),
            &raw(json!({"email": "a@b.test", "plan": "Pro", "seats": "80", "terms": true})),
        )
        .expect_err("big is required above 50 seats");
        assert_eq!(errors[0].field, "big");
        let ok = validate(
            &fields(),
            &raw(json!({"email": "a@b.test", "plan": "Basic", "seats": 80, "big": "x", "terms": true})),
        )
        .expect("seats hidden, so big is hidden too");
        assert!(!ok.contains_key("big") && !ok.contains_key("seats"), "{ok:?}");
    }

    #[test]
    fn every_bad_answer_is_named() {
        let errors = validate(
            &fields(),
            &raw(json!({
                "email": "not-mail", "phone": "call me", "plan": "Gold", "extras": ["SEO", "TV"],
                "start": "31/12/2026", "score": 9, "cv": "c:/cv.pdf",
            })),
        )
        .expect_err("refused");
        let named: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            named,
            ["email", "phone", "plan", "extras", "start", "score", "terms", "cv"],
            "{errors:?}"
        );
        let cv = errors.iter().find(|e| e.field == "cv").expect("cv");
        assert_eq!(cv.message, NOT_AN_UPLOAD);
    }

    #[test]
    fn a_file_answer_is_an_upload_of_an_accepted_type_within_the_limit() {
        let fields = parse_fields(&json!([
            {"id": "cv", "type": "file", "label": "CV", "required": true, "accept": ["pdf"], "max_mb": 1},
        ]))
        .expect("valid");
        let upload = |kind: &str, size: u64| {
            raw(json!({"cv": {"file": "abcdefghijklmnop0123", "name": "cv.pdf", "type": kind, "size": size}}))
        };
        let answers = validate(&fields, &upload("application/pdf", 1000)).expect("an upload");
        assert_eq!(answers["cv"]["size"], 1000);
        assert_eq!(answers["cv"]["name"], "cv.pdf");
        let message = |raw: Map<String, Value>| {
            let errors = validate(&fields, &raw).expect_err("refused");
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert_eq!(errors[0].field, "cv");
            errors[0].message.clone()
        };
        assert!(message(upload("image/png", 1000)).contains("not accepted"));
        assert!(message(upload("application/pdf", 2 * 1024 * 1024)).contains("larger than 1 MB"));
        assert_eq!(message(raw(json!({}))), "is required");
        assert_eq!(message(raw(json!({"cv": "cv.pdf"}))), NOT_AN_UPLOAD);
        // A record with no stored id is not an upload.
        assert_eq!(
            message(raw(json!({"cv": {"file": "../x", "name": "a", "type": "application/pdf", "size": 1}}))),
            NOT_AN_UPLOAD
        );
    }

    #[test]
    fn answers_are_normalised_by_type() {
        let ok = validate(
            &fields(),
            &raw(json!({
                "email": " a@b.test ", "phone": "+1 (555) 010-2030", "plan": "Pro", "seats": "12",
                "extras": "Ads", "start": "2026-12-01", "score": "4", "terms": "true", "unknown": "x",
            })),
        )
        .expect("valid");
        assert_eq!(ok["email"], json!("a@b.test"));
        assert_eq!(ok["seats"], json!(12));
        assert_eq!(ok["extras"], json!(["Ads"]));
        assert_eq!(ok["score"], json!(4));
        assert!(!ok.contains_key("unknown"), "unknown answers are dropped");
        assert_eq!(normalised_phone("+1 (555) 010-2030"), "+15550102030");
    }

    #[test]
    fn sizes_are_limited_per_field_and_per_submission() {
        let long = "x".repeat(MAX_TEXT + 1);
        let f = parse_fields(&json!([{"id": "name", "type": "text", "label": "Name"}])).expect("ok");
        let errors = validate(&f, &raw(json!({"name": long}))).expect_err("too long");
        assert_eq!(errors[0].field, "name");
        let huge = "x".repeat(MAX_SUBMISSION_BYTES);
        let errors = validate(&f, &raw(json!({"other": huge}))).expect_err("too large");
        assert_eq!(errors[0].field, FORM);
    }

    #[test]
    fn conditions_compare_as_people_expect() {
        let answers = raw(json!({"plan": "Pro", "n": 7, "tags": ["SEO", "Ads"], "note": "Hello World", "d": "2026-05-01"}));
        let c = |field: &str, op: &str, value: Value| -> Condition {
            serde_json::from_value(json!({"field": field, "op": op, "value": value})).expect("condition")
        };
        assert!(holds(&c("plan", "equals", json!("pro")), &answers), "equals ignores case");
        assert!(holds(&c("plan", "not_equals", json!("Basic")), &answers));
        assert!(holds(&c("n", "equals", json!("7")), &answers), "numbers compare as numbers");
        assert!(holds(&c("n", "greater_than", json!(5)), &answers));
        assert!(!holds(&c("n", "less_than", json!("5")), &answers));
        assert!(holds(&c("tags", "contains", json!("ads")), &answers));
        assert!(holds(&c("note", "contains", json!("world")), &answers));
        assert!(holds(&c("d", "less_than", json!("2026-06-01")), &answers), "dates compare");
        assert!(holds(&c("missing", "is_empty", Value::Null), &answers));
        assert!(!holds(&c("missing", "greater_than", json!(1)), &answers));
    }
}
