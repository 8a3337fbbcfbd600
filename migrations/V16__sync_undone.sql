-- Changes the server refused (a viewer's edit, a member demoted while offline, a value its
-- checks turn down), which this device undid back to the server's state of the row
-- (crates/core/src/sync/undo.rs). Kept on the device to tell the person what was undone
-- and why, with the row before and after; never synced.
CREATE TABLE sync_undone (
    id INTEGER PRIMARY KEY,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    before TEXT,
    after TEXT,
    undone_at TEXT NOT NULL,
    seen INTEGER NOT NULL DEFAULT 0
) STRICT;
