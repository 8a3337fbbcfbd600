//! The automations module's tables, declared as [`crate::schema`] describes.

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

    /// Beyond the spec (V13): something that happened which automations may act on,
    /// raised by the module where it happened (a form submission raises `form_submit`)
    /// and synced like any row. Module-neutral: `subject_table`/`subject_id` name the row
    /// it is about, `payload` carries what a trigger needs without reading further.
    /// Raised once, where the write happened; the runner keys its runs on the event id.
    TriggerEvent TRIGGER_EVENTS = "trigger_events" {
        scope: Scope::Org,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        kind: TriggerType,
        subject_table: String,
        subject_id: Uuid,
        payload: JsonObject [default],
        occurred_at: Timestamp,
        created_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }
}
