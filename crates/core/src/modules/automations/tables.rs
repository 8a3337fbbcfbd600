//! The automations module's tables (see shared/spec/schema.md), declared once: the typed record
//! struct and the `TableDef` metadata come from the same declaration (see [`crate::schema`]).
//! Fields are exactly the SQL columns of `migrations/`, in order, minus the hidden ones;
//! `Option<T>` marks a nullable column, `[default]` a NOT NULL column with an SQL default,
//! `[fk = "table"]` a foreign key, and the other flags say what a column means
//! (email, url, slug, colour, money, collaborative text, derived).

use crate::schema::{JsonObject, Timestamp, Scope};
use serde_json::Value;
use uuid::Uuid;

crate::string_enum! {
    enum_types: automations_enum_types;

    /// What starts an automation.
    TriggerType {
        FormSubmit = "form_submit",
        ContactCreated = "contact_created",
        EmailOpened = "email_opened",
        Schedule = "schedule",
        Webhook = "webhook",
    }

    /// State of one automation run.
    AutomationRunStatus {
        Running = "running",
        Completed = "completed",
        Failed = "failed",
        Stopped = "stopped",
    }
}

crate::tables! {
    list: AUTOMATIONS_TABLES, record_types: automations_record_types;

    /// Spec §33: workflow automations (a trigger and action steps).
    Automation AUTOMATIONS = "automations" {
        scope: Scope::Org,
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        name: String,
        description: Option<String> [collaborative],
        trigger_type: TriggerType,
        trigger_config: JsonObject [default],
        actions: Vec<Value> [default],
        is_active: bool [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §34: execution history of an automation.
    AutomationRun AUTOMATION_RUNS = "automation_runs" {
        scope: Scope::Parent { column: "automation_id", table: "automations" },
        hidden: [],
        read_only: false,
    } {
        id: Uuid,
        automation_id: Uuid [fk = "automations"],
        contact_id: Option<Uuid> [fk = "contacts"],
        status: AutomationRunStatus [default],
        started_at: Timestamp,
        completed_at: Option<Timestamp>,
        error_message: Option<String>,
        actions_completed: i64 [default],
        created_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }
}
