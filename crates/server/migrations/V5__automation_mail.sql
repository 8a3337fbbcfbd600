-- Mail an automation step sends carries the step's key (automation:<run>:<step>): a step
-- taken again after a crash between the log's commit and the replica's queues nothing new.
ALTER TABLE mail_outbox ADD COLUMN key TEXT;
CREATE UNIQUE INDEX idx_mail_outbox_key ON mail_outbox (key) WHERE key IS NOT NULL;
