-- Update data and merged row documents in rowid tables. A contact's document is about
-- 1 KB, past the ~1,000 bytes a WITHOUT ROWID row keeps on its 4 KiB page, so most
-- spilled into an overflow page of their own (the 100k-contact demo took 785 MB); a rowid
-- table keeps rows up to ~4 KB on the page. Same keys, now as unique constraints.
CREATE TABLE updates_rowid (
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    seq INTEGER NOT NULL,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    data BLOB NOT NULL,
    device_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (organization_id, seq)
) STRICT;
INSERT INTO updates_rowid SELECT organization_id, seq, table_name, row_id, data, device_id, created_at FROM updates;
DROP TABLE updates;
ALTER TABLE updates_rowid RENAME TO updates;

CREATE TABLE rows_rowid (
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    state BLOB NOT NULL,
    seq INTEGER NOT NULL,
    UNIQUE (table_name, row_id)
) STRICT;
INSERT INTO rows_rowid SELECT table_name, row_id, organization_id, state, seq FROM rows;
DROP TABLE rows;
ALTER TABLE rows_rowid RENAME TO rows;
CREATE INDEX idx_rows_org ON rows (organization_id, table_name, row_id);
CREATE INDEX idx_rows_id ON rows (row_id);
