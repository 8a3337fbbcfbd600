-- When each card entered its stage, read by the board for every card: answered from the
-- index alone, one seek (live entries first by deleted_at IS NULL, then the latest
-- changed_at); the index it replaces sent every entry to the table to check deleted_at.
DROP INDEX idx_pipeline_stage_history_card_stage;
CREATE INDEX idx_pipeline_stage_history_entered
    ON pipeline_stage_history (card_id, to_stage_id, deleted_at, changed_at);
