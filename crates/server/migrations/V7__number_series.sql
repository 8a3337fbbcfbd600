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
