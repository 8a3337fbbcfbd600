-- The shared server's own database: accounts and sessions, organisations and their
-- members, devices, and per organisation the update log and each row's merged document.

CREATE TABLE accounts (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL COLLATE NOCASE UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE devices (
    id TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    -- yrs client id: unique across every device, so no two replicas write as one.
    client_id INTEGER NOT NULL UNIQUE,
    created_at TEXT NOT NULL
) STRICT;

-- Opaque bearer tokens, stored as their SHA-256 only.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    device_id TEXT NOT NULL REFERENCES devices(id),
    created_at TEXT NOT NULL,
    revoked_at TEXT
) STRICT;

CREATE TABLE organizations (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    -- The log up to here is folded into row snapshots: a device behind it bootstraps.
    compacted_through INTEGER NOT NULL DEFAULT 0,
    head INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE memberships (
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    account_id TEXT NOT NULL REFERENCES accounts(id),
    role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (organization_id, account_id)
) STRICT;

CREATE TABLE invitations (
    code_hash TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    email TEXT NOT NULL COLLATE NOCASE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'member', 'viewer')),
    -- The account id the invited person will get: rows uploaded from a team's laptop
    -- already name them (as owner, author) before they sign up.
    account_id TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES accounts(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    accepted_at TEXT
) STRICT;

-- Append-only per organisation; compaction deletes the oldest entries once every row
-- they touched holds them in its snapshot.
CREATE TABLE updates (
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    seq INTEGER NOT NULL,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    data BLOB NOT NULL,
    device_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (organization_id, seq)
) STRICT, WITHOUT ROWID;

-- Each row's merged document and the organisation it belongs to (for ever).
CREATE TABLE rows (
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    state BLOB NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (table_name, row_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX idx_rows_org ON rows (organization_id, table_name, row_id);
CREATE INDEX idx_rows_id ON rows (row_id);
