//! The pipelines module's tables, declared as [`crate::schema`] describes.

use chrono::{NaiveDate};
use crate::schema::{Decimal, JsonObject, Timestamp, Scope};
use uuid::Uuid;

crate::string_enum! {
    enum_types: pipelines_enum_types;

    /// What a pipeline tracks.
    PipelineType {
        Sales = "sales",
        Project = "project",
        Hiring = "hiring",
        Custom = "custom",
    }

    /// Priority of a pipeline card.
    Priority {
        High = "high",
        Medium = "medium",
        Low = "low",
    }
}

crate::tables! {
    list: PIPELINES_TABLES, record_types: pipelines_record_types;

    /// Spec §18: pipelines (sales, projects, hiring...).
    Pipeline PIPELINES = "pipelines" {
        scope: Scope::Org,
    } {
        id: Uuid,
        organization_id: Uuid [fk = "organizations"],
        name: String,
        description: Option<String> [collaborative],
        r#type: PipelineType [default],
        is_active: bool [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §19: ordered stages (columns) of a pipeline.
    PipelineStage PIPELINE_STAGES = "pipeline_stages" {
        scope: Scope::Parent { column: "pipeline_id", table: "pipelines" },
    } {
        id: Uuid,
        pipeline_id: Uuid [fk = "pipelines"],
        name: String,
        position: i64 [default],
        color: Option<String> [colour],
        is_final: bool [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }

    /// Spec §20: cards in a pipeline (deals, projects, tasks).
    PipelineCard PIPELINE_CARDS = "pipeline_cards" {
        scope: Scope::Parent { column: "pipeline_id", table: "pipelines" },
    } {
        id: Uuid,
        pipeline_id: Uuid [fk = "pipelines"],
        stage_id: Uuid [fk = "pipeline_stages"],
        contact_id: Option<Uuid> [fk = "contacts"],
        company_id: Option<Uuid> [fk = "companies"],
        owner_id: Uuid [fk = "users", actor],
        title: String,
        description: Option<String> [collaborative],
        value: Option<Decimal> [money],
        priority: Priority [default],
        due_date: Option<NaiveDate>,
        tags: Vec<String> [default, tag_list],
        assignees: Vec<String> [default],
        custom_fields: JsonObject [default, custom_fields],
        position: i64 [default],
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }
}
