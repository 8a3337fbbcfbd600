-- Agency structure: a client workspace names the agency that runs it. The agency's
-- owners and admins count as admins of it without a membership of their own
-- (store/accounts.rs `role`).
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
