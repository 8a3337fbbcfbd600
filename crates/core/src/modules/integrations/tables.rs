//! The integrations module's tables (see shared/spec/schema.md), declared once: the typed record
//! struct and the `TableDef` metadata come from the same declaration (see [`crate::schema`]).
//! Fields are exactly the SQL columns of `migrations/`, in order, minus the hidden ones;
//! `Option<T>` marks a nullable column, `[default]` a NOT NULL column with an SQL default,
//! `[fk = "table"]` a foreign key, and the other flags say what a column means
//! (email, url, slug, colour, money, collaborative text, derived).

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
        read_only: false,
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
        hidden: [],
        read_only: false,
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
