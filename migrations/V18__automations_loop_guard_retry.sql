-- Automations (issue 17): the loop guard. A tag that a run's step adds raises its
-- tag_added event with the run that caused it (`caused_by`, from the marker the runner
-- keeps in app_settings while a run's steps write), so the runner can refuse to start an
-- automation again from its own doing (add_tag -> tag_added -> the same automation).
DROP TRIGGER automations_tag_added;
CREATE TRIGGER automations_tag_added AFTER UPDATE OF tags ON contacts
WHEN new.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'sync_applying')
BEGIN
    INSERT INTO trigger_events (id, organization_id, kind, subject_table, subject_id, payload, occurred_at, created_at)
    SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
           new.organization_id, 'tag_added', 'contacts', new.id,
           CASE WHEN a.value IS NULL THEN json_object('contact_id', new.id, 'tag', n.value)
                ELSE json_object('contact_id', new.id, 'tag', n.value, 'caused_by', a.value) END,
           new.updated_at, new.updated_at
    FROM json_each(new.tags) n
    LEFT JOIN app_settings a ON a.key = 'automations_acting_run'
    WHERE NOT EXISTS (SELECT 1 FROM json_each(old.tags) o WHERE o.value = n.value COLLATE NOCASE);
END;

-- A person asks, from any device, for a failed run to be tried again: the executor (the
-- server for an organisation that syncs) sees the request arrive with the row and puts the
-- run's dead job back in its queue. Failed runs are few; the index keeps that look cheap.
ALTER TABLE automation_runs ADD COLUMN retry_requested_at TEXT;
CREATE INDEX idx_automation_runs_failed ON automation_runs (updated_at) WHERE status = 'failed';

-- A note keeps its contact's search document up to date, unless a batch of writes
-- (an automations pass: one note per run) defers that to one statement at its end
-- (`search::NotesIndexing`): FTS5 writes a segment at every savepoint, so a note indexed
-- inside each job's savepoint made one tiny segment per run, merged again and again.
DROP TRIGGER contact_notes_search_insert;
CREATE TRIGGER contact_notes_search_insert AFTER INSERT ON contact_notes
WHEN NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'search_notes_deferred') BEGIN
    UPDATE contact_search SET notes = coalesce((SELECT group_concat(content, ' ') FROM contact_notes WHERE contact_id = new.contact_id AND deleted_at IS NULL), '') WHERE contact_id = new.contact_id;
END;
DROP TRIGGER contact_notes_search_update;
CREATE TRIGGER contact_notes_search_update AFTER UPDATE ON contact_notes
WHEN NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'search_notes_deferred') BEGIN
    UPDATE contact_search SET notes = coalesce((SELECT group_concat(content, ' ') FROM contact_notes WHERE contact_id = contact_search.contact_id AND deleted_at IS NULL), '')
    WHERE contact_id IN (new.contact_id, old.contact_id);
END;
DROP TRIGGER contact_notes_search_delete;
CREATE TRIGGER contact_notes_search_delete AFTER DELETE ON contact_notes
WHEN NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'search_notes_deferred') BEGIN
    UPDATE contact_search SET notes = coalesce((SELECT group_concat(content, ' ') FROM contact_notes WHERE contact_id = old.contact_id AND deleted_at IS NULL), '') WHERE contact_id = old.contact_id;
END;
