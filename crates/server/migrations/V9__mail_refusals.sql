-- Mail an organisation's automation sent names the organisation, so a refusal (or the
-- queue giving up) is told back to its run, once: reported_at marks that it was.
ALTER TABLE mail_outbox ADD COLUMN organization_id TEXT;
ALTER TABLE mail_outbox ADD COLUMN reported_at TEXT;
CREATE INDEX idx_mail_outbox_unreported ON mail_outbox (organization_id)
    WHERE failed_at IS NOT NULL AND reported_at IS NULL AND organization_id IS NOT NULL;
