-- Booking limits every booking tool has and the spec leaves out: how soon a visitor may
-- book (minimum notice), how far ahead, the step between slot starts (the duration when
-- empty), the most bookings of a type per day, and the meeting link the confirmation
-- carries. Availability rules are read in the host's booking_settings time zone.
ALTER TABLE booking_types ADD COLUMN minimum_notice_minutes INTEGER NOT NULL DEFAULT 240 CHECK (minimum_notice_minutes BETWEEN 0 AND 525600);
ALTER TABLE booking_types ADD COLUMN booking_window_days INTEGER NOT NULL DEFAULT 60 CHECK (booking_window_days BETWEEN 1 AND 730);
ALTER TABLE booking_types ADD COLUMN slot_interval_minutes INTEGER CHECK (slot_interval_minutes IS NULL OR slot_interval_minutes BETWEEN 5 AND 1440);
ALTER TABLE booking_types ADD COLUMN daily_limit INTEGER CHECK (daily_limit IS NULL OR daily_limit > 0);
ALTER TABLE booking_types ADD COLUMN meeting_url TEXT;
-- The slot engine reads a host's events in a time range.
CREATE INDEX idx_events_user_start ON events (user_id, start_time) WHERE deleted_at IS NULL;
