//! The public form page, rendered by a template engine that escapes by default
//! (minijinja, DESIGN.md §9): the whole accessible HTML document (labels, help and errors
//! tied to their inputs with `aria-describedby`, an error summary with `role="alert"`,
//! mobile-friendly CSS in the form's accent colour), working without JavaScript; a small
//! script served as a file (`script-src 'self'`) shows and hides conditional fields and
//! sizes the embedding iframe. The same renderer serves the server's page and the app's
//! preview, so the preview is the page.
//!
//! The style sits in one `<style>` element whose SHA-256 goes into the page's CSP
//! ([`Rendered::csp`]), so no other style can apply.

use std::sync::OnceLock;

use base64::Engine;
use minijinja::Environment;
use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::definition::{is_hex_colour, Definition, FieldError, FieldType};
use super::spam;
use crate::error::{Error, Result};
use crate::records::Row;

/// The page's script, served at [`SCRIPT_PATH`].
pub const SCRIPT: &str = include_str!("page/form.js");
/// Where the server serves [`SCRIPT`].
pub const SCRIPT_PATH: &str = "/form-assets/form.js";
const CSS: &str = include_str!("page/page.css");
const DEFAULT_ACCENT: &str = "#2563eb";

fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        // Both are ours and fixed: a broken template is a bug caught by the tests.
        let _ = env.add_template("page.html", include_str!("page/page.html"));
        let _ = env.add_template("embed.js", include_str!("page/embed.js"));
        env
    })
}

fn render(name: &str, context: minijinja::Value) -> Result<String> {
    env()
        .get_template(name)
        .and_then(|t| t.render(context))
        .map_err(|e| Error::invalid("page", format!("the page could not be rendered: {e}")))
}

/// A rendered page and the style inside it.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub html: String,
    css: String,
}

impl Rendered {
    /// The page's Content-Security-Policy: its own script, its one style (by hash), posts
    /// only to itself (and to the redirect's origin, where a submission may be sent on),
    /// embeddable anywhere.
    pub fn csp(&self, redirect_origin: Option<&str>) -> String {
        let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(self.css.as_bytes()));
        let form_action = match redirect_origin {
            Some(origin) => format!("'self' {origin}"),
            None => "'self'".to_string(),
        };
        format!(
            "default-src 'none'; script-src 'self'; style-src 'sha256-{hash}'; img-src 'self' data:; \
             form-action {form_action}; frame-ancestors *; base-uri 'none'"
        )
    }
}

/// How a page is shown: where it posts, the render token, answers and errors to show
/// again after a refused post.
#[derive(Debug, Clone, Default)]
pub struct View {
    /// Where the form posts (the page's own address, with its query).
    pub action: String,
    /// The spam check's render token ([`spam::sign`]), on the public page.
    pub token: Option<String>,
    /// Answers to fill in (a refused post's, or hidden fields from the address).
    pub answers: Map<String, Value>,
    pub errors: Vec<FieldError>,
    /// Inside the embed's iframe.
    pub embedded: bool,
    /// The page that linked to or embeds the form (sent along with the submission).
    pub referrer: Option<String>,
}

#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
    checked: bool,
}

#[derive(Serialize)]
struct FieldView {
    id: String,
    #[serde(rename = "type")]
    kind: Value,
    input_type: &'static str,
    autocomplete: Option<&'static str>,
    label: String,
    required: bool,
    placeholder: Option<String>,
    help: Option<String>,
    value: String,
    checked: bool,
    choices: Vec<Choice>,
    show_if: Option<String>,
    error: Option<String>,
    /// A file field's `accept` attribute and limit in MB.
    accept: Option<String>,
    max_mb: Option<u64>,
}

#[derive(Serialize)]
struct ErrorView {
    anchor: Option<String>,
    label: String,
    message: String,
}

fn text_of(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join(", "),
        Some(other) => other.to_string(),
    }
}

fn chosen(v: Option<&Value>, option: &str) -> bool {
    match v {
        Some(Value::Array(items)) => items.iter().any(|i| text_of(Some(i)) == option),
        other => text_of(other) == option,
    }
}

fn accent(def: &Definition) -> String {
    def.settings
        .accent_color
        .clone()
        .filter(|c| is_hex_colour(c))
        .unwrap_or_else(|| DEFAULT_ACCENT.to_string())
}

fn css(accent: &str) -> String {
    format!(":root{{--accent:{accent}}}\n{CSS}")
}

fn text(row: &Row, field: &str) -> Option<String> {
    row.get(field)
        .and_then(Value::as_str)
        .map(str::to_string)
        .filter(|s| !s.trim().is_empty())
}

/// The form page of `form` (a form row) with definition `def`.
pub fn form_page(form: &Row, def: &Definition, view: &View) -> Result<Rendered> {
    let fields: Vec<FieldView> = def
        .fields
        .iter()
        .map(|f| {
            let answer = view.answers.get(&f.id);
            let (input_type, autocomplete) = match f.kind {
                FieldType::Email => ("email", Some("email")),
                FieldType::Phone => ("tel", Some("tel")),
                FieldType::Number => ("text", None),
                FieldType::Date => ("date", None),
                _ => ("text", None),
            };
            let autocomplete = match f.map_to.as_deref() {
                Some("first_name") => Some("given-name"),
                Some("last_name") => Some("family-name"),
                Some("company") => Some("organization"),
                Some("website") => Some("url"),
                Some("title") => Some("organization-title"),
                _ => autocomplete,
            };
            let choices = match f.kind {
                FieldType::Select | FieldType::MultiSelect => f
                    .options
                    .iter()
                    .map(|o| Choice {
                        value: o.clone(),
                        label: o.clone(),
                        checked: chosen(answer, o),
                    })
                    .collect(),
                FieldType::Rating => (1..=f.rating_max())
                    .map(|n| Choice {
                        value: n.to_string(),
                        label: n.to_string(),
                        checked: chosen(answer, &n.to_string()),
                    })
                    .collect(),
                _ => Vec::new(),
            };
            FieldView {
                id: f.id.clone(),
                kind: serde_json::to_value(f.kind).unwrap_or_default(),
                input_type,
                autocomplete,
                label: f.label.clone(),
                required: f.required,
                placeholder: f.placeholder.clone().filter(|p| !p.is_empty()),
                help: f.help.clone().filter(|h| !h.is_empty()),
                value: text_of(answer),
                checked: matches!(answer, Some(Value::Bool(true)))
                    || matches!(answer, Some(Value::String(s)) if s == "on" || s == "true"),
                choices,
                show_if: f
                    .show_if
                    .as_ref()
                    .and_then(|c| serde_json::to_string(c).ok()),
                error: view
                    .errors
                    .iter()
                    .find(|e| e.field == f.id)
                    .map(|e| e.message.clone()),
                accept: (f.kind == FieldType::File).then(|| f.accept_attribute()),
                max_mb: (f.kind == FieldType::File).then(|| f.max_bytes() / (1024 * 1024)),
            }
        })
        .collect();
    let errors: Vec<ErrorView> = view
        .errors
        .iter()
        .map(|e| {
            let field = def.fields.iter().find(|f| f.id == e.field);
            ErrorView {
                anchor: field
                    .filter(|f| f.kind != FieldType::Hidden)
                    .map(|f| format!("input-{}", f.id)),
                label: field.map_or_else(|| e.field.clone(), |f| f.label.clone()),
                message: e.message.clone(),
            }
        })
        .collect();
    let accent = accent(def);
    let css = css(&accent);
    let html = render(
        "page.html",
        minijinja::context! {
            lang => "en",
            title => text(form, "name").unwrap_or_else(|| "Form".into()),
            description => text(form, "description"),
            css => minijinja::Value::from_safe_string(css.clone()),
            script_url => minijinja::Value::from_safe_string(SCRIPT_PATH.to_string()),
            embedded => view.embedded,
            form_id => text(form, "id"),
            action => view.action.clone(),
            multipart => def.fields.iter().any(|f| f.kind == FieldType::File),
            fields => minijinja::Value::from(minijinja::value::Serde(&fields)),
            errors => minijinja::Value::from(minijinja::value::Serde(&errors)),
            honeypot => spam::HONEYPOT,
            token_name => spam::TOKEN,
            token => view.token.clone(),
            referrer => view.referrer.clone(),
            submit_label => def.settings.submit_label.clone().unwrap_or_else(|| "Send".into()),
        },
    )?;
    Ok(Rendered { html, css })
}

/// A page with a message in the form's style: the thank-you page, a closed form, a
/// confirmation.
pub fn message_page(form: &Row, def: Option<&Definition>, title: &str, message: &str, embedded: bool) -> Result<Rendered> {
    let accent = def.map_or_else(|| DEFAULT_ACCENT.to_string(), accent);
    let css = css(&accent);
    let lines: Vec<&str> = message.lines().filter(|l| !l.trim().is_empty()).collect();
    let html = render(
        "page.html",
        minijinja::context! {
            lang => "en",
            title => if title.is_empty() { text(form, "name").unwrap_or_else(|| "Form".into()) } else { title.to_string() },
            css => minijinja::Value::from_safe_string(css.clone()),
            script_url => minijinja::Value::from_safe_string(SCRIPT_PATH.to_string()),
            embedded => embedded,
            message => true,
            message_lines => minijinja::Value::from(minijinja::value::Serde(&lines)),
        },
    )?;
    Ok(Rendered { html, css })
}

/// The thank-you page of `form`: its message, or a plain thanks.
pub fn thank_you(form: &Row, def: &Definition, embedded: bool) -> Result<Rendered> {
    let message = text(form, "thank_you_message")
        .unwrap_or_else(|| "Thank you! Your answers were received.".into());
    message_page(form, Some(def), "", &message, embedded)
}

/// The embed script of the form page at `page_url` (absolute).
pub fn embed_script(form: &Row, page_url: &str) -> Result<String> {
    render(
        "embed.js",
        minijinja::context! {
            base => page_url,
            page_url => page_url,
            title => text(form, "name").unwrap_or_else(|| "Form".into()),
        },
    )
}

/// The page as the public address serves it, for a form row as the app holds it
/// (unsaved edits included): the builder's preview. Errors name the field of the
/// definition that is wrong.
pub fn preview(form: &Row, action: &str) -> Result<String> {
    let def = Definition::of(form).map_err(|e| super::definition::as_error(&e))?;
    let view = View {
        action: action.to_string(),
        ..View::default()
    };
    Ok(form_page(form, &def, &view)?.html)
}

/// The public address path of a form of the actor's organisation: `/form/{org slug}/{form
/// slug}`.
pub fn public_path(conn: &rusqlite::Connection, actor: &crate::records::Actor, form: &Row) -> Result<String> {
    use rusqlite::OptionalExtension;
    let org: Option<String> = conn
        .query_row(
            "SELECT slug FROM organizations WHERE id = ?1",
            [actor.organization_id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    Ok(format!(
        "/form/{}/{}",
        org.unwrap_or_default(),
        text(form, "slug").unwrap_or_default()
    ))
}

/// [`preview`] posting to the form's public address in the actor's organisation.
pub fn preview_in(conn: &rusqlite::Connection, actor: &crate::records::Actor, form: &Row) -> Result<String> {
    preview(form, &public_path(conn, actor, form)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn form() -> Row {
        json!({
            "id": "0190d3f0-0000-7000-8000-000000000001", "name": "Audit <request>", "slug": "audit",
            "description": "Tell us & we'll call",
            "fields": [
                {"id": "name", "type": "text", "label": "Your <b>name</b>", "required": true, "help": "As on your card"},
                {"id": "plan", "type": "select", "label": "Plan", "options": ["Basic", "Pro"]},
                {"id": "seats", "type": "number", "label": "Seats", "show_if": {"field": "plan", "op": "equals", "value": "Pro"}},
                {"id": "ref", "type": "hidden", "label": ""},
                {"id": "score", "type": "rating", "label": "Score", "max": 3},
                {"id": "news", "type": "consent", "label": "Send me news", "consent_to": "email"},
            ],
            "settings": {"accent_color": "#112233", "submit_label": "Request"},
        })
        .as_object()
        .cloned()
        .expect("object")
    }

    #[test]
    fn the_page_escapes_what_people_typed_and_ties_errors_to_inputs() {
        let def = Definition::of(&form()).expect("definition");
        let mut answers = Map::new();
        answers.insert("name".into(), json!("\"><script>alert(1)</script>"));
        answers.insert("ref".into(), json!("partner-7"));
        let view = View {
            action: "/form/acme/audit?utm_source=x&a=<b>".into(),
            token: Some("123.abc".into()),
            answers,
            errors: vec![FieldError::new("name", "is required")],
            ..View::default()
        };
        let page = form_page(&form(), &def, &view).expect("rendered");
        let html = &page.html;
        assert!(!html.contains("<script>alert"), "answers are escaped: {html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"), "{html}");
        assert!(html.contains("Your &lt;b&gt;name&lt;&#x2f;b&gt;"), "labels are escaped");
        assert!(html.contains("Audit &lt;request&gt;"), "the title is escaped");
        assert!(html.contains("role=\"alert\""), "an error summary is announced");
        assert!(
            html.contains("aria-describedby=\"help-name err-name\""),
            "the input names its help and its error: {html}"
        );
        assert!(html.contains("<p class=\"error\" id=\"err-name\">is required</p>"));
        assert!(html.contains("href=\"#input-name\""), "the summary links to the input");
        assert!(html.contains("<label for=\"input-name\">"), "every input has a label");
        assert!(html.contains("name=\"_ts\" value=\"123.abc\""), "the render token");
        assert!(html.contains("name=\"_website\""), "the honeypot");
        assert!(html.contains("value=\"partner-7\""), "hidden fields keep their value");
        assert!(html.contains("data-show-if=\"{&quot;field&quot;:&quot;plan&quot;"), "{html}");
        assert!(html.contains("--accent:#112233"));
        assert!(html.contains(">Request</button>"));
        assert!(html.contains("<script src=\"/form-assets/form.js\" defer></script>"));
        assert!(!html.contains("onclick") && !html.contains("style=\""), "no inline script or style");
        assert_eq!(html.matches("<script").count(), 1, "one script, by address");
    }

    #[test]
    fn the_csp_allows_exactly_the_page_style_and_own_script() {
        let def = Definition::of(&form()).expect("definition");
        let page = form_page(&form(), &def, &View::default()).expect("rendered");
        let csp = page.csp(None);
        let style = page
            .html
            .split("<style>")
            .nth(1)
            .and_then(|s| s.split("</style>").next())
            .expect("a style element");
        let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(style.as_bytes()));
        assert!(csp.contains(&format!("style-src 'sha256-{hash}'")), "{csp}");
        assert!(csp.contains("script-src 'self'") && csp.contains("default-src 'none'"));
        assert!(csp.contains("frame-ancestors *") && csp.contains("form-action 'self'"));
        assert!(page.csp(Some("https://agency.test")).contains("form-action 'self' https://agency.test"));
    }

    #[test]
    fn a_bad_accent_colour_never_reaches_the_style() {
        let mut row = form();
        row.insert("settings".into(), json!({"accent_color": "red;}body{display:none"}));
        assert!(preview(&row, "/x").is_err(), "the preview names the bad setting");
        let def = Definition {
            settings: super::super::definition::Settings {
                accent_color: Some("red;}x{".into()),
                ..Default::default()
            },
            fields: Vec::new(),
        };
        let page = form_page(&row, &def, &View::default()).expect("rendered");
        assert!(page.html.contains("--accent:#2563eb"), "the default colour instead");
    }

    #[test]
    fn the_embed_script_carries_the_address_as_a_string() {
        let js = embed_script(&form(), "https://crm.test/form/acme/audit\"</script>").expect("js");
        assert!(js.contains("var base = \"https://crm.test/form/acme/audit\\\"\\u003c/script\\u003e\";"), "{js}");
    }
}
