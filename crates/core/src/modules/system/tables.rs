//! The system module's tables, declared as [`crate::schema`] describes.

use crate::schema::{JsonObject, Timestamp, Scope};
use uuid::Uuid;

crate::string_enum! {
    enum_types: system_enum_types;

    /// Severity of an in-app notification.
    NotificationType {
        Info = "info",
        Success = "success",
        Warning = "warning",
        Error = "error",
    }
}

crate::tables! {
    list: SYSTEM_TABLES, record_types: system_record_types;

    /// Spec §38: the audit trail; written only by the system, never soft-deleted.
    AuditLog AUDIT_LOGS = "audit_logs" {
        scope: Scope::Org,
        read_only: true,
    } {
        id: Uuid,
        organization_id: Option<Uuid> [fk = "organizations"],
        user_id: Option<Uuid> [fk = "users", actor],
        action: String,
        entity_type: String,
        entity_id: Option<Uuid>,
        changes: JsonObject [default],
        ip_address: Option<String>,
        user_agent: Option<String>,
        created_at: Timestamp [default],
    }

    /// Spec §39: in-app notifications of a user.
    Notification NOTIFICATIONS = "notifications" {
        scope: Scope::Private { owner: "user_id" },
    } {
        id: Uuid,
        user_id: Uuid [fk = "users", actor],
        title: String,
        message: String,
        r#type: NotificationType [default],
        link_url: Option<String> [url],
        is_read: bool [default],
        created_at: Timestamp [default],
        read_at: Option<Timestamp>,
        deleted_at: Option<Timestamp>,
    }
}
