//! The integrations module's tables, declared as [`crate::schema`] describes.

use crate::schema::{JsonObject, Timestamp, Scope};
use serde_json::Value;
use uuid::Uuid;

crate::string_enum! {
    enum_types: integrations_enum_types;

    /// State of a third-party integration.
    IntegrationStatus {
        Active = "active",
        Inactive = "inactive",
        Error = "error",
    }

    /// Outcome of an integration action.
    IntegrationLogStatus {
        Success = "success",
        Failed = "failed",
        Warning = "warning",
    }
}

crate::tables! {
    list: INTEGRATIONS_TABLES, record_types: integrations_record_types;

    /// Spec §31: third-party integrations; their credentials stay hidden.
    Integration INTEGRATIONS = "integrations" {
        scope: Scope::Org,
        hidden: ["credentials"],
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        name: String,
        provider: String,
        status: IntegrationStatus [default],
        settings: JsonObject [default],
        last_sync_at: Option<Timestamp>,
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §32: activity log of an integration.
    IntegrationLog INTEGRATION_LOGS = "integration_logs" {
        scope: Scope::Parent { column: "integration_id", table: "integrations" },
    } {
        id: Uuid,
        integration_id: Uuid [fk = "integrations"],
        action: String,
        status: IntegrationLogStatus,
        request_data: Option<Value>,
        response_data: Option<Value>,
        error_message: Option<String>,
        created_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }
}
