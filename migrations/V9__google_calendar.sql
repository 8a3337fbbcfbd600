-- Google Calendar sync state of this device only. Not declared in tables.rs and without
-- sync triggers, so the CRDT layer never ships it: a sync token or an event's last seen
-- Google version is true for this device's connection only.

-- Per linked calendar: Google's nextSyncToken from the last complete pull (NULL = the
-- next pull lists everything).
CREATE TABLE google_sync_state (
    calendar_id TEXT PRIMARY KEY NOT NULL REFERENCES calendars(id),
    sync_token TEXT,
    last_pull_at TEXT,
    last_push_at TEXT
) STRICT;

-- Per event known to Google: the version last seen on each side, so a sync knows what
-- changed locally (updated_at past local_updated_at) and what Google already has
-- (its `updated` not past google_updated).
CREATE TABLE google_event_links (
    event_id TEXT PRIMARY KEY NOT NULL REFERENCES events(id),
    calendar_id TEXT NOT NULL REFERENCES calendars(id),
    google_event_id TEXT NOT NULL,
    google_updated TEXT NOT NULL,
    local_updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX idx_google_event_links_google ON google_event_links (calendar_id, google_event_id);

-- Events of a calendar by their Google id (events synced from another device have no link).
CREATE INDEX idx_events_google_event_id ON events (calendar_id, google_event_id) WHERE google_event_id IS NOT NULL;
