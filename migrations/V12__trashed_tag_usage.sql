-- A trashed tag counts nothing. Its count used to stay at what it was when it was trashed
-- (the usage triggers keep live tags only), so a replica that saw the tag live and one
-- that received it already trashed held different counts for the same row: the sync
-- simulation (crates/client/tests/sync) found it. Restoring a tag recounts it
-- (tags_usage_recount_update).
CREATE TRIGGER tags_usage_trashed AFTER UPDATE OF deleted_at ON tags
WHEN new.deleted_at IS NOT NULL AND new.usage_count <> 0 BEGIN
    UPDATE tags SET usage_count = 0 WHERE id = new.id;
END;

UPDATE tags SET usage_count = 0 WHERE deleted_at IS NOT NULL;
