-- When each session was last used: a session unused for longer than the server's idle
-- limit is no longer accepted (the person signs in again).
ALTER TABLE sessions ADD COLUMN last_used_at TEXT;
UPDATE sessions SET last_used_at = created_at;
CREATE INDEX idx_sessions_device ON sessions (device_id);
