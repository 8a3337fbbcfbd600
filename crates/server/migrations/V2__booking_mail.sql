-- Bookings made on the public pages, the links their guests manage them with, and the
-- mail the server sends about them.

-- One per booked event: its organisation, the guest's zone (for times in mail) and how
-- often its invitation was revised (iCalendar SEQUENCE).
CREATE TABLE bookings (
    event_id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    time_zone TEXT NOT NULL,
    sequence INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    cancelled_at TEXT
) STRICT;

-- Links to reschedule or cancel, stored as the SHA-256 of their token only. Each mail to
-- the guest carries one.
CREATE TABLE booking_links (
    token_hash TEXT PRIMARY KEY NOT NULL,
    event_id TEXT NOT NULL REFERENCES bookings(event_id),
    created_at TEXT NOT NULL
) STRICT;

-- Mail waiting to be sent, written in the transaction of what it tells about; the
-- background sender retries with backoff until the SMTP server takes it.
CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY,
    sender TEXT NOT NULL,
    -- JSON array of addresses
    recipients TEXT NOT NULL,
    -- The whole RFC 5322 message, ready to send.
    message BLOB NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    -- A permanent refusal (such as an unknown mailbox): not tried again.
    failed_at TEXT
) STRICT;
CREATE INDEX idx_mail_outbox_due ON mail_outbox (next_attempt_at)
    WHERE sent_at IS NULL AND failed_at IS NULL;
