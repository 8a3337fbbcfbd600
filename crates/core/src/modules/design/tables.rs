//! The design module's tables, declared as [`crate::schema`] describes.

use crate::schema::{Timestamp, Scope};
use uuid::Uuid;

crate::string_enum! {
    enum_types: design_enum_types;

    /// What a design template is for.
    TemplateType {
        Email = "email",
        LandingPage = "landing_page",
        Form = "form",
        Invoice = "invoice",
    }
}

crate::tables! {
    list: DESIGN_TABLES, record_types: design_record_types;

    /// Spec §29: email, landing page, form and invoice templates.
    Template TEMPLATES = "templates" {
        scope: Scope::Org,
        snapshot: crate::schema::Snapshot::Copy,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        name: String,
        r#type: TemplateType [default],
        html_content: String,
        css_content: Option<String>,
        thumbnail_url: Option<String> [url],
        is_public: bool [default],
        created_by: Uuid [fk = "users", actor],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §30: uploaded media files (images, videos, documents).
    Asset ASSETS = "assets" {
        scope: Scope::Org,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        user_id: Uuid [fk = "users", actor],
        filename: String,
        original_filename: String,
        file_type: String,
        file_size: i64,
        url: String,
        folder: Option<String>,
        tags: Vec<String> [default, tag_list],
        created_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }
}
