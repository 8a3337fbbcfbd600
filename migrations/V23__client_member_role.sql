-- An agency's client is a member of their own workspace with the role `client` (the
-- server's membership decides what they receive and refuses their writes; see
-- ARCHITECTURE.md, the team module). SQLite cannot change a CHECK in place, so the table
-- is rebuilt; nothing refers to it.
CREATE TABLE organization_members_v23 (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'admin', 'member', 'viewer', 'client')),
    permissions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(permissions) AND json_type(permissions) = 'array'),
    joined_at TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
INSERT INTO organization_members_v23
    SELECT id, organization_id, user_id, role, permissions, joined_at, created_at, deleted_at
    FROM organization_members;
DROP TABLE organization_members;
ALTER TABLE organization_members_v23 RENAME TO organization_members;
CREATE UNIQUE INDEX uq_organization_members_organization_id_user_id ON organization_members (organization_id, user_id) WHERE deleted_at IS NULL;
CREATE INDEX idx_users_organization ON organization_members (organization_id);
