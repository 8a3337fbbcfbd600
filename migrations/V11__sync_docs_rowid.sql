-- Row documents in a rowid table. A contact's document is about 1 KB, past the ~1,000
-- bytes a WITHOUT ROWID row keeps on its 4 KiB page, so most spilled into an overflow
-- page of their own: 450 MB of pages for 180 MB of documents at 100k contacts. A rowid
-- table keeps rows up to ~4 KB on the page (212 MB, plus 18 MB for the key's index),
-- which halves what a new device writes when it bootstraps.
CREATE TABLE sync_docs_rowid (
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    state BLOB NOT NULL,
    UNIQUE (table_name, row_id)
) STRICT;
INSERT INTO sync_docs_rowid (table_name, row_id, state) SELECT table_name, row_id, state FROM sync_docs;
DROP TABLE sync_docs;
ALTER TABLE sync_docs_rowid RENAME TO sync_docs;
