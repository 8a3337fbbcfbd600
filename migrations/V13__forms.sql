-- Forms (issue 15): what became of a submission, the public page's daily views, and the
-- events modules raise for automations.

-- received: taken (the contact part ran); spam: suspected, kept out of contacts until a
-- person approves it; unconfirmed: double opt-in, waiting for the confirmation link.
ALTER TABLE form_submissions ADD COLUMN status TEXT NOT NULL DEFAULT 'received'
    CHECK (status IN ('received', 'spam', 'unconfirmed'));
ALTER TABLE form_submissions ADD COLUMN spam_reason TEXT;
CREATE INDEX idx_form_submissions_form_created ON form_submissions (form_id, created_at);

-- Views of a form's public page per day (UTC), counted by the server and synced, so the
-- app charts views against submissions.
CREATE TABLE form_views (
    id TEXT PRIMARY KEY NOT NULL,
    form_id TEXT NOT NULL REFERENCES forms(id),
    day TEXT NOT NULL CHECK (date(day, '+0 days') IS day),
    views INTEGER NOT NULL DEFAULT 0 CHECK (views >= 0),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_form_views_form_day ON form_views (form_id, day);

-- What happened that automations may act on (a form was submitted, ...), raised by the
-- module where it happened, stored and synced; the automations runner consumes them.
CREATE TABLE trigger_events (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    kind TEXT NOT NULL CHECK (kind IN ('form_submit', 'contact_created', 'email_opened', 'schedule', 'webhook')),
    subject_table TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(payload) AND json_type(payload) = 'object'),
    occurred_at TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_trigger_events_organization_occurred ON trigger_events (organization_id, occurred_at);
CREATE INDEX idx_trigger_events_subject ON trigger_events (subject_table, subject_id);

-- A write marks its row dirty, except while sync applies remote rows (as V6).
CREATE TRIGGER sync_dirty_form_views_insert AFTER INSERT ON form_views WHEN NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'sync_applying') BEGIN INSERT INTO sync_dirty SELECT 'form_views', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'form_views' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_form_views_update AFTER UPDATE ON form_views WHEN NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'sync_applying') BEGIN INSERT INTO sync_dirty SELECT 'form_views', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'form_views' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_trigger_events_insert AFTER INSERT ON trigger_events WHEN NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'sync_applying') BEGIN INSERT INTO sync_dirty SELECT 'trigger_events', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'trigger_events' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_trigger_events_update AFTER UPDATE ON trigger_events WHEN NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'sync_applying') BEGIN INSERT INTO sync_dirty SELECT 'trigger_events', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'trigger_events' AND row_id = new.id); END;

-- A form's submission matches a contact by email, then by phone as people type it: the
-- phone without spaces, dashes, dots, brackets and slashes (forms::answers::normalised_phone).
CREATE INDEX idx_contacts_phone_normalised ON contacts (organization_id,
    replace(replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '.', ''), '(', ''), ')', ''), '/', ''))
    WHERE phone IS NOT NULL AND deleted_at IS NULL;
