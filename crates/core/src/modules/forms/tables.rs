//! The forms module's tables, declared as [`crate::schema`] describes.

use crate::schema::{JsonObject, Timestamp, Scope, Rules, OnConflict, Unique};
use chrono::NaiveDate;
use serde_json::Value;
use uuid::Uuid;

crate::string_enum! {
    enum_types: forms_enum_types;

    /// What became of a submission: received (taken: its contact part ran), spam
    /// (suspected: kept out of contacts until approved) or unconfirmed (double opt-in:
    /// waiting for the confirmation link).
    SubmissionStatus {
        Received = "received",
        Spam = "spam",
        Unconfirmed = "unconfirmed",
    }
}

static FORM_RULES: Rules = Rules {
    unique: &[Unique { scope: &["organization_id"], column: "slug", ignore_case: false, on_conflict: OnConflict::Rename { separator: '-' } }],
    hooks: &super::definition::FORM_HOOKS,
    ..Rules::PLAIN
};

crate::tables! {
    list: FORMS_TABLES, record_types: forms_record_types;

    /// Spec §16: form definitions, each with a public slug.
    Form FORMS = "forms" {
        scope: Scope::Org,
        client_reads: true,
        snapshot: crate::schema::Snapshot::Copy,
        rules: &FORM_RULES,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        user_id: Uuid [fk = "users", actor],
        name: String,
        description: Option<String> [collaborative],
        slug: String [slug],
        fields: Vec<Value> [default],
        settings: JsonObject [default],
        is_active: bool [default],
        is_public: bool [default],
        redirect_url: Option<String> [url],
        thank_you_message: Option<String>,
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §17: data submitted through a form.
    FormSubmission FORM_SUBMISSIONS = "form_submissions" {
        scope: Scope::Parent { column: "form_id", table: "forms" },
    } {
        id: Uuid,
        form_id: Uuid [fk = "forms"],
        contact_id: Option<Uuid> [fk = "contacts"],
        data: JsonObject [default],
        ip_address: Option<String>,
        user_agent: Option<String>,
        referrer: Option<String>,
        utm_source: Option<String>,
        utm_medium: Option<String>,
        utm_campaign: Option<String>,
        created_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
        /// Added by V13 (hence last): what became of it.
        status: SubmissionStatus [default],
        /// Why it was taken for spam.
        spam_reason: Option<String>,
    }

    /// Beyond the spec (V13): views of a form's public page on one day (UTC), counted by
    /// the server.
    FormView FORM_VIEWS = "form_views" {
        scope: Scope::Parent { column: "form_id", table: "forms" },
    } {
        id: Uuid,
        form_id: Uuid [fk = "forms"],
        day: NaiveDate,
        views: i64 [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }
}
