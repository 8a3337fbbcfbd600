-- Public forms (issue 15): the server's own secrets, and the double opt-in links.

-- Secrets the server makes for itself on first start (the forms' render-token key).
-- They never leave the server.
CREATE TABLE server_secrets (
    name TEXT PRIMARY KEY NOT NULL,
    value BLOB NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

-- Double opt-in: the confirmation link of a submission, stored as the SHA-256 of its
-- token only, written with the confirmation mail in the log's transaction.
CREATE TABLE form_confirmations (
    token_hash TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    submission_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    confirmed_at TEXT
) STRICT;
