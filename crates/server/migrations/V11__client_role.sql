-- An agency's client signs in to their own workspace as a member with the role
-- `client`: they read what the workspace's tables allow clients to read and write nothing.
-- SQLite cannot change a CHECK in place: both tables are rebuilt, the view reading
-- memberships (V10) dropped first and made again after.
DROP VIEW organization_access;
CREATE TABLE memberships_v11 (
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    account_id TEXT NOT NULL REFERENCES accounts(id),
    role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer', 'client')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (organization_id, account_id)
) STRICT;
INSERT INTO memberships_v11 SELECT organization_id, account_id, role, created_at FROM memberships;
DROP TABLE memberships;
ALTER TABLE memberships_v11 RENAME TO memberships;

-- Invitations get an id, so the team screen can revoke one without its code, and revoked_at.
CREATE TABLE invitations_v11 (
    code_hash TEXT PRIMARY KEY NOT NULL,
    id TEXT NOT NULL UNIQUE,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    email TEXT NOT NULL COLLATE NOCASE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'member', 'viewer', 'client')),
    account_id TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES accounts(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    accepted_at TEXT,
    -- Revoked by an owner or admin: the code no longer joins (rows may still name the id).
    revoked_at TEXT
) STRICT;
INSERT INTO invitations_v11
    SELECT code_hash,
        -- Existing invitations take an id from their code's hash (unique, and no way back to the code).
        substr(code_hash, 1, 8) || '-' || substr(code_hash, 9, 4) || '-' || substr(code_hash, 13, 4)
            || '-' || substr(code_hash, 17, 4) || '-' || substr(code_hash, 21, 12),
        organization_id, email, role, account_id, created_by, created_at, expires_at, accepted_at, NULL
    FROM invitations;
DROP TABLE invitations;
ALTER TABLE invitations_v11 RENAME TO invitations;
-- The team screen lists an organisation's pending invitations.
CREATE INDEX idx_invitations_organization ON invitations (organization_id) WHERE accepted_at IS NULL AND revoked_at IS NULL;

-- As V10 made it.
CREATE VIEW organization_access (organization_id, account_id, role, created_at) AS
    SELECT organization_id, account_id, role, created_at FROM memberships
    UNION ALL
    SELECT o.id, p.account_id, 'admin', p.created_at
    FROM organizations o
    JOIN memberships p ON p.organization_id = o.parent_id AND p.role IN ('owner', 'admin')
    WHERE NOT EXISTS (
        SELECT 1 FROM memberships m WHERE m.organization_id = o.id AND m.account_id = p.account_id);
