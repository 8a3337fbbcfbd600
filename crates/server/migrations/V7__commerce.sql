-- Numbering series (invoices, credit notes, orders): the next number of each series per
-- organisation, and every block handed to a device, so no number is ever given twice.
CREATE TABLE number_series (
    organization_id TEXT NOT NULL,
    series TEXT NOT NULL,
    next INTEGER NOT NULL,
    PRIMARY KEY (organization_id, series)
) STRICT;

CREATE TABLE number_blocks (
    organization_id TEXT NOT NULL,
    series TEXT NOT NULL,
    first INTEGER NOT NULL,
    last INTEGER NOT NULL,
    device_id TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (organization_id, series, first)
) STRICT;

-- Stripe, per organisation: the publishable key and where its secrets are in the OS
-- keyring (the secret key and the webhook signing secret never enter the database).
CREATE TABLE stripe_accounts (
    organization_id TEXT PRIMARY KEY NOT NULL,
    publishable_key TEXT NOT NULL,
    keyring_key TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- PaymentIntents made for invoices: one open per invoice and amount due, reused while
-- the page is reloaded; a declined one is closed and the next visit makes another.
CREATE TABLE stripe_intents (
    intent_id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL,
    invoice_id TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    client_secret TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'failed', 'succeeded')),
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX idx_stripe_intents_invoice ON stripe_intents (organization_id, invoice_id, amount_minor, state);

-- Webhook events acted on, each once (in the log's transaction that records it).
CREATE TABLE stripe_events (
    event_id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL,
    type TEXT NOT NULL,
    received_at TEXT NOT NULL
) STRICT;
