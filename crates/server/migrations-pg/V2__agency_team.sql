-- What the SQLite migrations V10 (agency structure) and V11 (the client role, invitation
-- ids and revocation) add; PostgreSQL changes the CHECKs and columns in place.

-- A client workspace names the agency that runs it (store/accounts.rs `role`).
ALTER TABLE organizations ADD COLUMN parent_id TEXT REFERENCES organizations(id);
CREATE INDEX idx_organizations_parent ON organizations (parent_id) WHERE parent_id IS NOT NULL;

-- Who may reach an organisation, and as what: its members with their roles, and the
-- owners and admins of its agency as admins (an explicit membership says the role).
-- Every permission check reads this one view.
CREATE VIEW organization_access (organization_id, account_id, role, created_at) AS
    SELECT organization_id, account_id, role, created_at FROM memberships
    UNION ALL
    SELECT o.id, p.account_id, 'admin', p.created_at
    FROM organizations o
    JOIN memberships p ON p.organization_id = o.parent_id AND p.role IN ('owner', 'admin')
    WHERE NOT EXISTS (
        SELECT 1 FROM memberships m WHERE m.organization_id = o.id AND m.account_id = p.account_id);

-- An agency's client: reads what the workspace's tables allow clients to read, writes nothing.
ALTER TABLE memberships DROP CONSTRAINT memberships_role_check;
ALTER TABLE memberships ADD CONSTRAINT memberships_role_check
    CHECK (role IN ('owner', 'admin', 'member', 'viewer', 'client'));
ALTER TABLE invitations DROP CONSTRAINT invitations_role_check;
ALTER TABLE invitations ADD CONSTRAINT invitations_role_check
    CHECK (role IN ('admin', 'member', 'viewer', 'client'));

-- Invitations get an id, so the team screen can revoke one without its code, and
-- revoked_at (the code no longer joins; rows may still name the id).
ALTER TABLE invitations ADD COLUMN id TEXT;
-- Existing invitations take an id from their code's hash (unique, and no way back to the code).
UPDATE invitations SET id = substr(code_hash, 1, 8) || '-' || substr(code_hash, 9, 4) || '-'
    || substr(code_hash, 13, 4) || '-' || substr(code_hash, 17, 4) || '-' || substr(code_hash, 21, 12);
ALTER TABLE invitations ALTER COLUMN id SET NOT NULL;
ALTER TABLE invitations ADD CONSTRAINT invitations_id_key UNIQUE (id);
ALTER TABLE invitations ADD COLUMN revoked_at TEXT;
-- The team screen lists an organisation's pending invitations.
CREATE INDEX idx_invitations_organization ON invitations (organization_id)
    WHERE accepted_at IS NULL AND revoked_at IS NULL;
