//! `aio-crm forms`: a form's life from the command line, and a scripted submission
//! through the same core path as the public page.

use super::{aio, create_record, migrated};

#[test]
fn forms_are_published_submitted_to_and_exported() {
    let (_dir, db) = migrated();
    create_record(
        &db,
        "forms",
        r#"{"name": "Contact us", "slug": "contact", "fields": [
            {"id": "name", "type": "text", "label": "Name", "required": true, "map_to": "first_name"},
            {"id": "email", "type": "email", "label": "Email", "required": true, "map_to": "email"},
            {"id": "topics", "type": "multi_select", "label": "Topics", "options": ["SEO", "Ads"]},
            {"id": "source", "type": "hidden", "label": ""}
        ]}"#,
    );
    let published = aio(&["forms", "publish", "--db", &db, "--form", "contact"]);
    assert!(published.ok, "{}", published.stderr);
    assert!(
        published.stdout.contains("/form/") && published.stdout.contains("/contact"),
        "{}",
        published.stdout
    );
    let list = aio(&["forms", "list", "--db", &db]);
    assert!(
        list.stdout.contains("contact\tpublished\tContact us"),
        "{}",
        list.stdout
    );

    let refused = aio(&[
        "forms",
        "submit",
        "--db",
        &db,
        "--form",
        "contact",
        "--json",
        r#"{"email": "nope", "topics": ["TV"]}"#,
    ]);
    assert!(!refused.ok, "bad answers fail the command");
    for line in [
        "name: is required",
        "email: \"nope\" is not an email address",
        "topics: \"TV\" is not one of the choices",
    ] {
        assert!(
            refused.stderr.contains(line),
            "{line} in {}",
            refused.stderr
        );
    }
    assert!(
        refused.stderr.contains("nothing was stored"),
        "{}",
        refused.stderr
    );

    let taken = aio(&[
        "forms",
        "submit",
        "--db",
        &db,
        "--form",
        "contact",
        "--json",
        r#"{"name": "Ada", "email": "ada@example.test", "topics": ["SEO", "Ads"], "source": "partner, \"quoted\""}"#,
    ]);
    assert!(taken.ok, "{}", taken.stderr);
    let taken: serde_json::Value = serde_json::from_str(&taken.stdout).expect("JSON");
    assert_eq!(taken["status"], "received");
    assert!(taken["contact_id"].is_string(), "{taken}");

    let subs = aio(&[
        "forms",
        "submissions",
        "--db",
        &db,
        "--form",
        "contact",
        "--json",
    ]);
    let subs: serde_json::Value = serde_json::from_str(&subs.stdout).expect("JSON");
    assert_eq!(subs.as_array().map(Vec::len), Some(1));

    let export = aio(&["forms", "export", "--db", &db, "--form", "contact"]);
    assert!(export.ok, "{}", export.stderr);
    let mut lines = export.stdout.lines();
    assert_eq!(
        lines.next(),
        Some("created_at,Name,Email,Topics,source,status,spam_reason,contact_id,utm_source,utm_medium,utm_campaign,referrer,ip_address"),
        "one column per field, hidden ones too"
    );
    let row = lines.next().expect("a row");
    assert!(
        row.contains(",Ada,ada@example.test,SEO; Ads,\"partner, \"\"quoted\"\"\",received,"),
        "{row}"
    );

    let unpublished = aio(&["forms", "unpublish", "--db", &db, "--form", "contact"]);
    assert!(unpublished.ok);
    let list = aio(&["forms", "list", "--db", &db]);
    assert!(
        list.stdout.contains("contact\tprivate\t"),
        "{}",
        list.stdout
    );
}
