//! The campaigns module's tables (see shared/spec/schema.md), declared once: the typed record
//! struct and the `TableDef` metadata come from the same declaration (see [`crate::schema`]).
//! Fields are exactly the SQL columns of `migrations/`, in order, minus the hidden ones;
//! `Option<T>` marks a nullable column, `[default]` a NOT NULL column with an SQL default,
//! `[fk = "table"]` a foreign key, and the other flags say what a column means
//! (email, url, slug, colour, money, collaborative text, derived).

use crate::schema::{Timestamp, Scope};
use uuid::Uuid;

crate::string_enum! {
    enum_types: campaigns_enum_types;

    /// State of an email or SMS campaign.
    CampaignStatus {
        Draft = "draft",
        Scheduled = "scheduled",
        Sending = "sending",
        Sent = "sent",
        Paused = "paused",
    }
}

crate::tables! {
    list: CAMPAIGNS_TABLES, record_types: campaigns_record_types;

    /// Spec §35: email marketing campaigns.
    EmailCampaign EMAIL_CAMPAIGNS = "email_campaigns" {
        scope: Scope::Org,
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        name: String,
        subject: String,
        from_name: String,
        from_email: String [email],
        template_id: Option<Uuid> [fk = "templates"],
        html_content: String,
        status: CampaignStatus [default],
        scheduled_at: Option<Timestamp>,
        sent_at: Option<Timestamp>,
        recipient_count: i64 [default],
        opened_count: i64 [default],
        clicked_count: i64 [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §36: SMS marketing campaigns.
    SmsCampaign SMS_CAMPAIGNS = "sms_campaigns" {
        scope: Scope::Org,
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        name: String,
        message: String,
        status: CampaignStatus [default],
        scheduled_at: Option<Timestamp>,
        sent_at: Option<Timestamp>,
        recipient_count: i64 [default],
        delivered_count: i64 [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }
}
