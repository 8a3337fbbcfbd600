//! The campaigns module's tables, declared as [`crate::schema`] describes.

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
