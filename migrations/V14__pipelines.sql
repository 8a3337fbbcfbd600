-- Pipelines (issue 16): final stages won or lost, probabilities and rot limits, ranks that
-- converge when two devices reorder cards offline, and the synced stage history.

-- A final stage (is_final) is a win or a loss; each column is checked on its own, so two
-- devices' edits merged never make a row SQL would refuse (the core reads a stage as won or
-- lost only when it is final as well).
ALTER TABLE pipeline_stages ADD COLUMN outcome TEXT CHECK (outcome IS NULL OR outcome IN ('won', 'lost'));
ALTER TABLE pipeline_stages ADD COLUMN probability INTEGER CHECK (probability IS NULL OR probability BETWEEN 0 AND 100);
ALTER TABLE pipeline_stages ADD COLUMN rot_days INTEGER CHECK (rot_days IS NULL OR rot_days > 0);

-- A card's place in its column: a fractional key (pipelines::rank), ties broken by id. Cards
-- written before this version (rank NULL) sort by their old integer position, the same on
-- every replica, until they are moved.
ALTER TABLE pipeline_cards ADD COLUMN rank TEXT CHECK (rank IS NULL OR (rank <> '' AND rank NOT GLOB '*[^0-9A-Za-z]*'));
ALTER TABLE pipeline_cards ADD COLUMN probability INTEGER CHECK (probability IS NULL OR probability BETWEEN 0 AND 100);
ALTER TABLE pipeline_cards ADD COLUMN lost_reason TEXT;
CREATE INDEX idx_pipeline_cards_board ON pipeline_cards (pipeline_id, stage_id,
    coalesce(rank, printf('%019d', position) || 'V'), id) WHERE deleted_at IS NULL;

-- Every stage change of a card (the first entry has no from_stage_id), written by the core
-- on the device where the change was made and synced like any row.
CREATE TABLE pipeline_stage_history (
    id TEXT PRIMARY KEY NOT NULL,
    pipeline_id TEXT NOT NULL REFERENCES pipelines(id),
    card_id TEXT NOT NULL REFERENCES pipeline_cards(id),
    from_stage_id TEXT REFERENCES pipeline_stages(id),
    to_stage_id TEXT NOT NULL REFERENCES pipeline_stages(id),
    changed_by TEXT REFERENCES users(id),
    changed_at TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_pipeline_stage_history_card ON pipeline_stage_history (card_id, changed_at);
-- When a card entered the stage it is in (the board reads it for every card).
CREATE INDEX idx_pipeline_stage_history_card_stage ON pipeline_stage_history (card_id, to_stage_id, changed_at);
CREATE INDEX idx_pipeline_stage_history_pipeline ON pipeline_stage_history (pipeline_id, changed_at);
CREATE INDEX idx_pipeline_stage_history_to ON pipeline_stage_history (to_stage_id);
CREATE INDEX idx_pipeline_stage_history_from ON pipeline_stage_history (from_stage_id);
CREATE INDEX idx_pipeline_stage_history_changed_by ON pipeline_stage_history (changed_by);

-- A write marks its row dirty, except while sync applies remote rows (as V6).
CREATE TRIGGER sync_dirty_pipeline_stage_history_insert AFTER INSERT ON pipeline_stage_history WHEN NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'sync_applying') BEGIN INSERT INTO sync_dirty SELECT 'pipeline_stage_history', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'pipeline_stage_history' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_pipeline_stage_history_update AFTER UPDATE ON pipeline_stage_history WHEN NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'sync_applying') BEGIN INSERT INTO sync_dirty SELECT 'pipeline_stage_history', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'pipeline_stage_history' AND row_id = new.id); END;
