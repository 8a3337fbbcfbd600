//! The automations module's tables, declared as [`crate::schema`] describes.

use crate::schema::{JsonObject, Rules, Scope, Timestamp};
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
        TagAdded = "tag_added",
        StageChanged = "stage_changed",
        BookingMade = "booking_made",
        InvoiceOverdue = "invoice_overdue",
        PaymentReceived = "payment_received",
    }

    /// State of one automation run.
    AutomationRunStatus {
        Running = "running",
        Waiting = "waiting",
        Completed = "completed",
        Failed = "failed",
        Stopped = "stopped",
    }
}

/// Every write of an automation is checked whole: its trigger's settings against its
/// trigger type, and each step (errors name the step, as `actions[2].then[0].minutes`).
static AUTOMATION_RULES: Rules = Rules {
    hooks: &super::definition::AUTOMATION_HOOKS,
    ..Rules::PLAIN
};

crate::tables! {
    list: AUTOMATIONS_TABLES, record_types: automations_record_types;

    /// Spec §33: workflow automations (a trigger and action steps).
    Automation AUTOMATIONS = "automations" {
        scope: Scope::Org,
        snapshot: crate::schema::Snapshot::Inactive,
        rules: &AUTOMATION_RULES,
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

    /// Spec §34: execution history of an automation. Beyond the spec (V15): the id is the
    /// UUIDv5 of (automation, trigger event), the run's key; the run carries the
    /// automation as it started (`definition`), where it is (`cursor`, `wake_at`) and a
    /// log entry per step (`steps`), so any executor can pick it up where it stands.
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
        trigger_event_id: Option<Uuid>,
        trigger_data: JsonObject [default],
        definition: JsonObject [default],
        cursor: Option<String>,
        wake_at: Option<Timestamp>,
        steps: Vec<Value> [default],
        updated_at: Timestamp [default],
        /// Beyond the spec (V18): a person asked for this failed run to be tried again;
        /// its executor retries it when this is later than the run's end.
        retry_requested_at: Option<Timestamp>,
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
