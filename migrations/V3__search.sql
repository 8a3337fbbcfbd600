-- Full-text search (FTS5) over contacts and companies, for the search box and the command
-- palette. Each live row has a search document (contact_search, company_search) kept by
-- triggers in the same transaction as the write, so the index never disagrees with the
-- rows, even after a crash. The FTS tables index those documents (external content,
-- keyed by an INTEGER PRIMARY KEY that VACUUM never renumbers). Prefix indexes make "gra"
-- find "Grace" fast; diacritics are folded ("mull" finds "Müller"); phones are indexed
-- also as digits alone, and their last 10 and last 7 digits, so "5593223" finds
-- "+1 (444) 559-3223" as typed with or without country and area code; a contact's live notes are
-- part of its document.

CREATE TABLE contact_search (
    key INTEGER PRIMARY KEY,
    contact_id TEXT NOT NULL UNIQUE,
    organization_id TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL,
    company TEXT NOT NULL,
    notes TEXT NOT NULL
) STRICT;

CREATE VIRTUAL TABLE contacts_fts USING fts5(
    name, email, phone, company, notes,
    content = 'contact_search', content_rowid = 'key',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);

CREATE TRIGGER contact_search_ai AFTER INSERT ON contact_search BEGIN
    INSERT INTO contacts_fts (rowid, name, email, phone, company, notes) VALUES (new.key, new.name, new.email, new.phone, new.company, new.notes);
END;

CREATE TRIGGER contact_search_ad AFTER DELETE ON contact_search BEGIN
    INSERT INTO contacts_fts (contacts_fts, rowid, name, email, phone, company, notes) VALUES ('delete', old.key, old.name, old.email, old.phone, old.company, old.notes);
END;

CREATE TRIGGER contact_search_au AFTER UPDATE ON contact_search BEGIN
    INSERT INTO contacts_fts (contacts_fts, rowid, name, email, phone, company, notes) VALUES ('delete', old.key, old.name, old.email, old.phone, old.company, old.notes);
    INSERT INTO contacts_fts (rowid, name, email, phone, company, notes) VALUES (new.key, new.name, new.email, new.phone, new.company, new.notes);
END;

CREATE TABLE company_search (
    key INTEGER PRIMARY KEY,
    company_id TEXT NOT NULL UNIQUE,
    organization_id TEXT NOT NULL,
    name TEXT NOT NULL,
    domain TEXT NOT NULL,
    phone TEXT NOT NULL
) STRICT;

CREATE VIRTUAL TABLE companies_fts USING fts5(
    name, domain, phone,
    content = 'company_search', content_rowid = 'key',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);

CREATE TRIGGER company_search_ai AFTER INSERT ON company_search BEGIN
    INSERT INTO companies_fts (rowid, name, domain, phone) VALUES (new.key, new.name, new.domain, new.phone);
END;

CREATE TRIGGER company_search_ad AFTER DELETE ON company_search BEGIN
    INSERT INTO companies_fts (companies_fts, rowid, name, domain, phone) VALUES ('delete', old.key, old.name, old.domain, old.phone);
END;

CREATE TRIGGER company_search_au AFTER UPDATE ON company_search BEGIN
    INSERT INTO companies_fts (companies_fts, rowid, name, domain, phone) VALUES ('delete', old.key, old.name, old.domain, old.phone);
    INSERT INTO companies_fts (rowid, name, domain, phone) VALUES (new.key, new.name, new.domain, new.phone);
END;

-- Contacts and companies keep their search documents; deleted rows have none.
CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO contact_search (contact_id, organization_id, name, email, phone, company, notes)
    VALUES (new.id, new.organization_id, new.first_name || ' ' || new.last_name, new.email, coalesce(new.phone || ' ' || replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', '') || ' ' || substr(replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', ''), -10) || ' ' || substr(replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', ''), -7), ''), coalesce(new.company, ''), coalesce((SELECT group_concat(content, ' ') FROM contact_notes WHERE contact_id = new.id AND deleted_at IS NULL), ''));
END;

CREATE TRIGGER contacts_search_update AFTER UPDATE ON contacts BEGIN
    DELETE FROM contact_search WHERE contact_id = old.id;
    INSERT INTO contact_search (contact_id, organization_id, name, email, phone, company, notes)
    SELECT new.id, new.organization_id, new.first_name || ' ' || new.last_name, new.email, coalesce(new.phone || ' ' || replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', '') || ' ' || substr(replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', ''), -10) || ' ' || substr(replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', ''), -7), ''), coalesce(new.company, ''), coalesce((SELECT group_concat(content, ' ') FROM contact_notes WHERE contact_id = new.id AND deleted_at IS NULL), '') WHERE new.deleted_at IS NULL;
END;

CREATE TRIGGER contacts_search_delete AFTER DELETE ON contacts BEGIN
    DELETE FROM contact_search WHERE contact_id = old.id;
END;

CREATE TRIGGER contact_notes_search_insert AFTER INSERT ON contact_notes BEGIN
    UPDATE contact_search SET notes = coalesce((SELECT group_concat(content, ' ') FROM contact_notes WHERE contact_id = new.contact_id AND deleted_at IS NULL), '') WHERE contact_id = new.contact_id;
END;

CREATE TRIGGER contact_notes_search_update AFTER UPDATE ON contact_notes BEGIN
    UPDATE contact_search SET notes = coalesce((SELECT group_concat(content, ' ') FROM contact_notes WHERE contact_id = contact_search.contact_id AND deleted_at IS NULL), '')
    WHERE contact_id IN (new.contact_id, old.contact_id);
END;

CREATE TRIGGER contact_notes_search_delete AFTER DELETE ON contact_notes BEGIN
    UPDATE contact_search SET notes = coalesce((SELECT group_concat(content, ' ') FROM contact_notes WHERE contact_id = old.contact_id AND deleted_at IS NULL), '') WHERE contact_id = old.contact_id;
END;

CREATE TRIGGER companies_search_insert AFTER INSERT ON companies WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO company_search (company_id, organization_id, name, domain, phone)
    VALUES (new.id, new.organization_id, new.name, coalesce(new.domain, ''), coalesce(new.phone || ' ' || replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', '') || ' ' || substr(replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', ''), -10) || ' ' || substr(replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', ''), -7), ''));
END;

CREATE TRIGGER companies_search_update AFTER UPDATE ON companies BEGIN
    DELETE FROM company_search WHERE company_id = old.id;
    INSERT INTO company_search (company_id, organization_id, name, domain, phone)
    SELECT new.id, new.organization_id, new.name, coalesce(new.domain, ''), coalesce(new.phone || ' ' || replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', '') || ' ' || substr(replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', ''), -10) || ' ' || substr(replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', ''), -7), '') WHERE new.deleted_at IS NULL;
END;

CREATE TRIGGER companies_search_delete AFTER DELETE ON companies BEGIN
    DELETE FROM company_search WHERE company_id = old.id;
END;

-- Rows written before this migration.
INSERT INTO contact_search (contact_id, organization_id, name, email, phone, company, notes)
SELECT c.id, c.organization_id, c.first_name || ' ' || c.last_name, c.email, coalesce(c.phone || ' ' || replace(replace(replace(replace(replace(replace(c.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', '') || ' ' || substr(replace(replace(replace(replace(replace(replace(c.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', ''), -10) || ' ' || substr(replace(replace(replace(replace(replace(replace(c.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', ''), -7), ''), coalesce(c.company, ''), coalesce((SELECT group_concat(content, ' ') FROM contact_notes WHERE contact_id = c.id AND deleted_at IS NULL), '') FROM contacts c WHERE c.deleted_at IS NULL;

INSERT INTO company_search (company_id, organization_id, name, domain, phone)
SELECT c.id, c.organization_id, c.name, coalesce(c.domain, ''), coalesce(c.phone || ' ' || replace(replace(replace(replace(replace(replace(c.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', '') || ' ' || substr(replace(replace(replace(replace(replace(replace(c.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', ''), -10) || ' ' || substr(replace(replace(replace(replace(replace(replace(c.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', ''), -7), '') FROM companies c WHERE c.deleted_at IS NULL;
