-- A time range must not end before it starts, whatever writes it (the app, the CLI, an
-- import, a sync, the server's booking pages): the UI's check is only early feedback.
-- Availability times are wall-clock "HH:MM:SS"; an end of 00:00 means midnight.
CREATE TRIGGER events_time_range_insert BEFORE INSERT ON events
WHEN new.end_time < new.start_time BEGIN
    SELECT RAISE(ABORT, 'end_time: must not be before the start');
END;
CREATE TRIGGER events_time_range_update BEFORE UPDATE OF start_time, end_time ON events
WHEN new.end_time < new.start_time BEGIN
    SELECT RAISE(ABORT, 'end_time: must not be before the start');
END;

CREATE TRIGGER availability_rules_time_range_insert BEFORE INSERT ON availability_rules
WHEN new.end_time <= new.start_time AND new.end_time NOT IN ('00:00', '00:00:00') BEGIN
    SELECT RAISE(ABORT, 'end_time: must be after the start');
END;
CREATE TRIGGER availability_rules_time_range_update BEFORE UPDATE OF start_time, end_time ON availability_rules
WHEN new.end_time <= new.start_time AND new.end_time NOT IN ('00:00', '00:00:00') BEGIN
    SELECT RAISE(ABORT, 'end_time: must be after the start');
END;

CREATE TRIGGER availability_exceptions_time_range_insert BEFORE INSERT ON availability_exceptions
WHEN new.end_time <= new.start_time AND new.end_time NOT IN ('00:00', '00:00:00') BEGIN
    SELECT RAISE(ABORT, 'end_time: must be after the start');
END;
CREATE TRIGGER availability_exceptions_time_range_update BEFORE UPDATE OF start_time, end_time ON availability_exceptions
WHEN new.end_time <= new.start_time AND new.end_time NOT IN ('00:00', '00:00:00') BEGIN
    SELECT RAISE(ABORT, 'end_time: must be after the start');
END;
