-- Automations (issue 17): more trigger kinds, runs that carry their own state (the
-- version they started on, where they are, the per-step log), the durable job queue any
-- module's side effects run from, and the contact events raised by the database itself so
-- every writer (app, import, public pages, the server's replicas) raises them.

-- New kinds of trigger. SQLite cannot change a CHECK in place: the tables are rebuilt.
-- automation_runs points at automations, so its rows wait in a table without references
-- while automations is rebuilt (a DROP of a referenced table with rows would break the
-- foreign key), then come back into the new automation_runs.
CREATE TABLE automation_runs_v15 AS SELECT * FROM automation_runs;
DROP TABLE automation_runs;

CREATE TABLE automations_v15 (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    name TEXT NOT NULL,
    description TEXT,
    trigger_type TEXT NOT NULL CHECK (trigger_type IN ('form_submit', 'contact_created', 'email_opened', 'schedule', 'webhook', 'tag_added', 'stage_changed', 'booking_made', 'invoice_overdue', 'payment_received')),
    trigger_config TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(trigger_config) AND json_type(trigger_config) = 'object'),
    actions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(actions) AND json_type(actions) = 'array'),
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
INSERT INTO automations_v15 SELECT * FROM automations;
DROP TABLE automations;
ALTER TABLE automations_v15 RENAME TO automations;
CREATE INDEX idx_automations_organization_id ON automations (organization_id);
CREATE INDEX idx_automations_trigger ON automations (organization_id, trigger_type) WHERE deleted_at IS NULL AND is_active = 1;

-- A run's id is the UUIDv5 of (automation, trigger event): the key DESIGN.md §8 asks to
-- hold unique, so a duplicate event, a retry or a second replica lands on the same row.
CREATE TABLE automation_runs (
    id TEXT PRIMARY KEY NOT NULL,
    automation_id TEXT NOT NULL REFERENCES automations(id),
    contact_id TEXT REFERENCES contacts(id),
    status TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'waiting', 'completed', 'failed', 'stopped')),
    started_at TEXT NOT NULL,
    completed_at TEXT,
    error_message TEXT,
    actions_completed INTEGER NOT NULL DEFAULT 0 CHECK (actions_completed >= 0),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT,
    -- The event that started it (none for rows from before V15).
    trigger_event_id TEXT,
    -- The event's kind and payload, as conditions and merge tags read them.
    trigger_data TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(trigger_data) AND json_type(trigger_data) = 'object'),
    -- The automation as it was when the run started: the run finishes on it.
    definition TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(definition) AND json_type(definition) = 'object'),
    -- The next step's path ("2", "3/then/0"); NULL once the run is over.
    cursor TEXT,
    -- While waiting: when to look again.
    wake_at TEXT,
    -- One entry per step taken: {step, type, at, outcome, detail}.
    steps TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(steps) AND json_type(steps) = 'array'),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
INSERT INTO automation_runs (id, automation_id, contact_id, status, started_at, completed_at, error_message, actions_completed, created_at, deleted_at, updated_at)
    SELECT id, automation_id, contact_id, status, started_at, completed_at, error_message, actions_completed, created_at, deleted_at, created_at FROM automation_runs_v15;
DROP TABLE automation_runs_v15;
CREATE INDEX idx_automation_runs_automation_id ON automation_runs (automation_id, started_at);
CREATE INDEX idx_automation_runs_contact_id ON automation_runs (contact_id);

CREATE TABLE trigger_events_v15 (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    kind TEXT NOT NULL CHECK (kind IN ('form_submit', 'contact_created', 'email_opened', 'schedule', 'webhook', 'tag_added', 'stage_changed', 'booking_made', 'invoice_overdue', 'payment_received')),
    subject_table TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(payload) AND json_type(payload) = 'object'),
    occurred_at TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
INSERT INTO trigger_events_v15 SELECT * FROM trigger_events;
DROP TABLE trigger_events;
ALTER TABLE trigger_events_v15 RENAME TO trigger_events;
CREATE INDEX idx_trigger_events_organization_occurred ON trigger_events (organization_id, occurred_at);
CREATE INDEX idx_trigger_events_subject ON trigger_events (subject_table, subject_id);

-- The dropped tables took their sync triggers along (as V6 wrote them).
CREATE TRIGGER sync_dirty_automations_insert AFTER INSERT ON automations WHEN NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'sync_applying') BEGIN INSERT INTO sync_dirty SELECT 'automations', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'automations' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_automations_update AFTER UPDATE ON automations WHEN NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'sync_applying') BEGIN INSERT INTO sync_dirty SELECT 'automations', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'automations' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_automation_runs_insert AFTER INSERT ON automation_runs WHEN NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'sync_applying') BEGIN INSERT INTO sync_dirty SELECT 'automation_runs', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'automation_runs' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_automation_runs_update AFTER UPDATE ON automation_runs WHEN NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'sync_applying') BEGIN INSERT INTO sync_dirty SELECT 'automation_runs', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'automation_runs' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_trigger_events_insert AFTER INSERT ON trigger_events WHEN NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'sync_applying') BEGIN INSERT INTO sync_dirty SELECT 'trigger_events', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'trigger_events' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_trigger_events_update AFTER UPDATE ON trigger_events WHEN NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'sync_applying') BEGIN INSERT INTO sync_dirty SELECT 'trigger_events', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'trigger_events' AND row_id = new.id); END;

-- Durable jobs of the executor that owns this database (the server's replica of an
-- organisation, or a desktop profile that never synced). Not synced: what a job did is
-- recorded in synced rows (automation_runs, ...); the job is only when to do it next.
-- `key` is what makes enqueueing idempotent ("automation_run:<run id>", ...).
CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    key TEXT NOT NULL UNIQUE,
    payload TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(payload)),
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'dead')),
    due_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts INTEGER NOT NULL DEFAULT 8 CHECK (max_attempts > 0),
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX idx_jobs_due ON jobs (due_at) WHERE status = 'pending';
CREATE INDEX idx_jobs_dead ON jobs (updated_at) WHERE status = 'dead';

-- contact_created and tag_added, raised by the write itself: whoever writes a contact
-- (the record path, an import, a merge, a public form on the server's replica) raises
-- them once, in the write's transaction; rows a replica takes from sync raise nothing
-- (the writer's own events arrive with them). Ids are random UUIDs made in SQL.
CREATE TRIGGER automations_contact_created AFTER INSERT ON contacts
WHEN new.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'sync_applying')
BEGIN
    INSERT INTO trigger_events (id, organization_id, kind, subject_table, subject_id, payload, occurred_at, created_at)
    VALUES (lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
            new.organization_id, 'contact_created', 'contacts', new.id,
            json_object('contact_id', new.id), new.created_at, new.created_at);
    INSERT INTO trigger_events (id, organization_id, kind, subject_table, subject_id, payload, occurred_at, created_at)
    SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
           new.organization_id, 'tag_added', 'contacts', new.id,
           json_object('contact_id', new.id, 'tag', t.value), new.created_at, new.created_at
    FROM json_each(new.tags) t;
END;

CREATE TRIGGER automations_tag_added AFTER UPDATE OF tags ON contacts
WHEN new.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'sync_applying')
BEGIN
    INSERT INTO trigger_events (id, organization_id, kind, subject_table, subject_id, payload, occurred_at, created_at)
    SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
           new.organization_id, 'tag_added', 'contacts', new.id,
           json_object('contact_id', new.id, 'tag', n.value), new.updated_at, new.updated_at
    FROM json_each(new.tags) n
    WHERE NOT EXISTS (SELECT 1 FROM json_each(old.tags) o WHERE o.value = n.value COLLATE NOCASE);
END;
