-- Commerce (issue 18): order maths, invoices with their own lines, payments linked to an
-- invoice, numbering series. Additive only: every new column has a default or is nullable.
-- Amounts are exact decimal text; subtotal, tax, total, line totals, amount_paid and the
-- payment states are written by the core (commerce::totals) for every writer.

-- An order's currency (its lines share it), its default tax rate (a line may name its
-- own), and whether its stock was taken (true exactly while it is completed).
ALTER TABLE orders ADD COLUMN currency TEXT NOT NULL DEFAULT 'USD' CHECK (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*');
ALTER TABLE orders ADD COLUMN tax_name TEXT;
ALTER TABLE orders ADD COLUMN tax_rate TEXT;
ALTER TABLE orders ADD COLUMN tax_inclusive INTEGER NOT NULL DEFAULT 0 CHECK (tax_inclusive IN (0, 1));
ALTER TABLE orders ADD COLUMN stock_committed INTEGER NOT NULL DEFAULT 0 CHECK (stock_committed IN (0, 1));

ALTER TABLE order_items ADD COLUMN description TEXT;
ALTER TABLE order_items ADD COLUMN tax_name TEXT;
ALTER TABLE order_items ADD COLUMN tax_rate TEXT;
ALTER TABLE order_items ADD COLUMN tax_inclusive INTEGER CHECK (tax_inclusive IS NULL OR tax_inclusive IN (0, 1));

-- Invoices: a credit note is an invoice of kind credit_note pointing at the one it
-- credits. status keeps the spec's lifecycle (draft, sent, paid, overdue, cancelled);
-- payment_status says unpaid, partially paid, paid or refunded beside it.
ALTER TABLE invoices ADD COLUMN kind TEXT NOT NULL DEFAULT 'invoice' CHECK (kind IN ('invoice', 'credit_note'));
ALTER TABLE invoices ADD COLUMN credit_for_id TEXT REFERENCES invoices(id);
ALTER TABLE invoices ADD COLUMN currency TEXT NOT NULL DEFAULT 'USD' CHECK (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*');
ALTER TABLE invoices ADD COLUMN discount TEXT NOT NULL DEFAULT '0';
ALTER TABLE invoices ADD COLUMN shipping TEXT NOT NULL DEFAULT '0';
ALTER TABLE invoices ADD COLUMN tax_name TEXT;
ALTER TABLE invoices ADD COLUMN tax_rate TEXT;
ALTER TABLE invoices ADD COLUMN tax_inclusive INTEGER NOT NULL DEFAULT 0 CHECK (tax_inclusive IN (0, 1));
ALTER TABLE invoices ADD COLUMN payment_terms_days INTEGER CHECK (payment_terms_days IS NULL OR payment_terms_days >= 0);
ALTER TABLE invoices ADD COLUMN amount_paid TEXT NOT NULL DEFAULT '0';
ALTER TABLE invoices ADD COLUMN payment_status TEXT NOT NULL DEFAULT 'unpaid' CHECK (payment_status IN ('unpaid', 'paid', 'partially_paid', 'refunded'));
ALTER TABLE invoices ADD COLUMN finalized_at TEXT;
ALTER TABLE invoices ADD COLUMN sent_at TEXT;
CREATE INDEX idx_invoices_credit_for_id ON invoices (credit_for_id);
CREATE INDEX idx_invoices_status ON invoices (status, due_date);

-- An invoice's own lines (copied from its order, or written standalone).
CREATE TABLE invoice_items (
    id TEXT PRIMARY KEY NOT NULL,
    invoice_id TEXT NOT NULL REFERENCES invoices(id),
    product_id TEXT REFERENCES products(id),
    description TEXT NOT NULL,
    quantity TEXT NOT NULL DEFAULT '1',
    unit_price TEXT NOT NULL,
    discount TEXT,
    tax_name TEXT,
    tax_rate TEXT,
    tax_inclusive INTEGER CHECK (tax_inclusive IS NULL OR tax_inclusive IN (0, 1)),
    total TEXT NOT NULL DEFAULT '0',
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_invoice_items_invoice_id ON invoice_items (invoice_id, position);
CREATE INDEX idx_invoice_items_product_id ON invoice_items (product_id);
CREATE TRIGGER sync_dirty_invoice_items_insert AFTER INSERT ON invoice_items WHEN NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'sync_applying') BEGIN INSERT INTO sync_dirty SELECT 'invoice_items', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'invoice_items' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_invoice_items_update AFTER UPDATE ON invoice_items WHEN NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'sync_applying') BEGIN INSERT INTO sync_dirty SELECT 'invoice_items', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'invoice_items' AND row_id = new.id); END;

-- A payment or refund may settle an invoice.
ALTER TABLE transactions ADD COLUMN invoice_id TEXT REFERENCES invoices(id);
CREATE INDEX idx_transactions_invoice ON transactions (invoice_id);

-- Number series this device may use (never synced): a profile that never synced owns its
-- series outright (last IS NULL); a synced one takes numbers from blocks the server
-- reserved for it, next up to last.
CREATE TABLE number_blocks (
    organization_id TEXT NOT NULL,
    series TEXT NOT NULL,
    first INTEGER NOT NULL,
    next INTEGER NOT NULL,
    last INTEGER,
    PRIMARY KEY (organization_id, series, first)
) STRICT;
