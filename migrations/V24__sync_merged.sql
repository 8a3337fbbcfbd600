-- Rows a pull has stored whose tables' after-merge repairs wait for the pull's last page
-- (sync::apply_pull_page): on a partial copy a repair would rewrite an order whose lines
-- are on a later page. Local to this replica; kept across a crash between pages.
CREATE TABLE sync_merged (
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    PRIMARY KEY (table_name, row_id)
) STRICT, WITHOUT ROWID;
