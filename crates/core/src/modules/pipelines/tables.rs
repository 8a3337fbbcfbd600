//! The pipelines module's tables, declared as [`crate::schema`] describes.

use chrono::NaiveDate;
use crate::schema::{Decimal, JsonObject, Rules, Scope, Timestamp};
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

    /// What reaching a final stage means for a card.
    StageOutcome {
        Won = "won",
        Lost = "lost",
    }

    /// Priority of a pipeline card.
    Priority {
        High = "high",
        Medium = "medium",
        Low = "low",
    }
}

static STAGE_RULES: Rules = Rules {
    hooks: &super::hooks::STAGE_HOOKS,
    ..Rules::PLAIN
};

static CARD_RULES: Rules = Rules {
    hooks: &super::hooks::CARD_HOOKS,
    // The board query and the merge repair read cards by stage one stage at a time.
    kept_in_bulk: &["idx_pipeline_cards_board"],
    ..Rules::PLAIN
};

crate::tables! {
    list: PIPELINES_TABLES, record_types: pipelines_record_types;

    /// Spec §18: pipelines (sales, projects, hiring...).
    Pipeline PIPELINES = "pipelines" {
        scope: Scope::Org,
        snapshot: crate::schema::Snapshot::Copy,
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
        snapshot: crate::schema::Snapshot::Copy,
        rules: &STAGE_RULES,
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
        /// Won or lost, for a final stage.
        outcome: Option<StageOutcome>,
        /// Chance (0-100) that a card here is won, for the weighted forecast.
        probability: Option<i64>,
        /// Days a card may stay here before it is marked as rotting.
        rot_days: Option<i64>,
    }

    /// Spec §20: cards in a pipeline (deals, projects, tasks).
    PipelineCard PIPELINE_CARDS = "pipeline_cards" {
        scope: Scope::Parent { column: "pipeline_id", table: "pipelines" },
        rules: &CARD_RULES,
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
        /// Place in its column (a fractional key, see `rank`); the board sorts by it, then id.
        rank: Option<String>,
        /// Overrides the stage's probability for this card.
        probability: Option<i64>,
        /// Why the card was lost (asked when it lands on a lost stage).
        lost_reason: Option<String>,
        /// When it entered its stage, as this replica's history says (migration V21).
        stage_entered_at: Option<Timestamp> [derived],
    }

    /// Every stage change of a card, written by the core where the change is made.
    PipelineStageHistory PIPELINE_STAGE_HISTORY = "pipeline_stage_history" {
        scope: Scope::Parent { column: "pipeline_id", table: "pipelines" },
    } {
        id: Uuid,
        pipeline_id: Uuid [fk = "pipelines"],
        card_id: Uuid [fk = "pipeline_cards"],
        from_stage_id: Option<Uuid> [fk = "pipeline_stages"],
        to_stage_id: Uuid [fk = "pipeline_stages"],
        changed_by: Option<Uuid> [fk = "users"],
        changed_at: Timestamp,
        created_at: Timestamp [default],
        updated_at: Timestamp [default],
        deleted_at: Option<Timestamp>,
    }
}
