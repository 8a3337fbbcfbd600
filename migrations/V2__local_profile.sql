-- Settings of this device's local profile: which user is "me" and which organisation is
-- active. Not part of the synced data model.
CREATE TABLE app_settings (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;
