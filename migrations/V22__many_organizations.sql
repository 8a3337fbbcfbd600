-- A device syncs every organisation its person belongs to (crates/client).
-- Each waiting update names the organisation its row belongs to, filled in before a
-- push (`sync::assign_organizations`), so each organisation's push takes only its own
-- rows; NULL for rows whose scope names no one organisation (a member's calendar).
ALTER TABLE sync_outbox ADD COLUMN organization_id TEXT;
CREATE INDEX idx_sync_outbox_organization ON sync_outbox (organization_id, seq);

-- Agency structure: a client workspace names the agency that runs it (the server's
-- organisations.parent_id, adopted when the device syncs it), so the switcher groups
-- client workspaces under their agency.
ALTER TABLE organizations ADD COLUMN parent_id TEXT REFERENCES organizations(id);
