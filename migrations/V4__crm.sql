-- CRM module (issue 3): contact-company links, list indexes shaped like the list screen,
-- custom field definitions, saved views, tag usage counts kept by the database, and a
-- search index that bulk imports can fill in one pass.

-- A contact may belong to a company record; `company` stays the name as typed.
ALTER TABLE contacts ADD COLUMN company_id TEXT REFERENCES companies(id);
CREATE INDEX idx_contacts_organization_id_company_id ON contacts (organization_id, company_id) WHERE deleted_at IS NULL;

-- The list screen sorts live contacts of one organisation by a column, then by id. With
-- these, a sorted page reads 50 index entries instead of sorting the organisation.
-- Text sorts ignore case, as people expect.
CREATE INDEX idx_contacts_list_first_name ON contacts (organization_id, first_name COLLATE NOCASE, id) WHERE deleted_at IS NULL;
CREATE INDEX idx_contacts_list_last_name ON contacts (organization_id, last_name COLLATE NOCASE, id) WHERE deleted_at IS NULL;
CREATE INDEX idx_contacts_list_company ON contacts (organization_id, company COLLATE NOCASE, id) WHERE deleted_at IS NULL;
CREATE INDEX idx_contacts_list_lead_score ON contacts (organization_id, lead_score, id) WHERE deleted_at IS NULL;
CREATE INDEX idx_contacts_list_last_contacted_at ON contacts (organization_id, last_contacted_at, id) WHERE deleted_at IS NULL;
CREATE INDEX idx_contacts_list_updated_at ON contacts (organization_id, updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX idx_companies_list_name ON companies (organization_id, name COLLATE NOCASE, id) WHERE deleted_at IS NULL;

-- Typed custom fields of contacts and companies; values live in `custom_fields` under `key`.
CREATE TABLE custom_field_definitions (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    entity TEXT NOT NULL CHECK (entity IN ('contacts', 'companies')),
    key TEXT NOT NULL CHECK (key GLOB '[a-z]*' AND key NOT GLOB '*[^a-z0-9_]*'),
    label TEXT NOT NULL,
    field_type TEXT NOT NULL CHECK (field_type IN ('text', 'number', 'date', 'select', 'multi_select', 'checkbox', 'url')),
    options TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(options) AND json_type(options) = 'array'),
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE UNIQUE INDEX uq_custom_field_definitions_key ON custom_field_definitions (organization_id, entity, key) WHERE deleted_at IS NULL;

-- Named list views (filters, sort, columns), shared with the organisation's team.
CREATE TABLE saved_views (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    entity TEXT NOT NULL CHECK (entity IN ('contacts', 'companies')),
    name TEXT NOT NULL,
    filters TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(filters) AND json_type(filters) = 'array'),
    sort TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(sort) AND json_type(sort) = 'object'),
    columns TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(columns) AND json_type(columns) = 'array'),
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE UNIQUE INDEX uq_saved_views_name ON saved_views (organization_id, entity, name COLLATE NOCASE) WHERE deleted_at IS NULL;

-- Undo of a batch (an import, a merge, a bulk action) finds its audit entries by batch id.
CREATE INDEX idx_audit_logs_batch ON audit_logs (json_extract(changes, '$.batch')) WHERE json_extract(changes, '$.batch') IS NOT NULL;

-- Search documents change only when a searched column does (a tag or score change used
-- to rewrite the FTS entry). A bulk import sets `search_index_deferred` inside its
-- transaction and indexes its rows in one statement before committing.
-- The search document of each live contact, as the triggers build it; a bulk import
-- indexes its rows from this in one statement.
CREATE VIEW contact_search_source AS
SELECT c.rowid AS contact_rowid, c.id AS contact_id, c.organization_id, c.first_name || ' ' || c.last_name AS name, c.email, coalesce(c.phone || ' ' || replace(replace(replace(replace(replace(replace(c.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', '') || ' ' || substr(replace(replace(replace(replace(replace(replace(c.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', ''), -10) || ' ' || substr(replace(replace(replace(replace(replace(replace(c.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', ''), -7), '') AS phone, coalesce(c.company, '') AS company, coalesce((SELECT group_concat(content, ' ') FROM contact_notes WHERE contact_id = c.id AND deleted_at IS NULL), '') AS notes FROM contacts c WHERE c.deleted_at IS NULL;

DROP TRIGGER contacts_search_insert;
CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts
WHEN new.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'search_index_deferred') BEGIN
    INSERT INTO contact_search (contact_id, organization_id, name, email, phone, company, notes)
    VALUES (new.id, new.organization_id, new.first_name || ' ' || new.last_name, new.email, coalesce(new.phone || ' ' || replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', '') || ' ' || substr(replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', ''), -10) || ' ' || substr(replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', ''), -7), ''), coalesce(new.company, ''), coalesce((SELECT group_concat(content, ' ') FROM contact_notes WHERE contact_id = new.id AND deleted_at IS NULL), ''));
END;

DROP TRIGGER contacts_search_update;
CREATE TRIGGER contacts_search_update AFTER UPDATE OF first_name, last_name, email, phone, company, deleted_at, organization_id ON contacts BEGIN
    DELETE FROM contact_search WHERE contact_id = old.id;
    INSERT INTO contact_search (contact_id, organization_id, name, email, phone, company, notes)
    SELECT new.id, new.organization_id, new.first_name || ' ' || new.last_name, new.email, coalesce(new.phone || ' ' || replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', '') || ' ' || substr(replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', ''), -10) || ' ' || substr(replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', ''), -7), ''), coalesce(new.company, ''), coalesce((SELECT group_concat(content, ' ') FROM contact_notes WHERE contact_id = new.id AND deleted_at IS NULL), '') WHERE new.deleted_at IS NULL;
END;

DROP TRIGGER companies_search_update;
CREATE TRIGGER companies_search_update AFTER UPDATE OF name, domain, phone, deleted_at, organization_id ON companies BEGIN
    DELETE FROM company_search WHERE company_id = old.id;
    INSERT INTO company_search (company_id, organization_id, name, domain, phone)
    SELECT new.id, new.organization_id, new.name, coalesce(new.domain, ''), coalesce(new.phone || ' ' || replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', '') || ' ' || substr(replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', ''), -10) || ' ' || substr(replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', ''), -7), '') WHERE new.deleted_at IS NULL;
END;

-- Tag usage counts: how many live contacts (tags of type contact or general) and live
-- companies (company or general) carry the tag. The database keeps them true on every
-- write, including imports, merges, bulk actions and sync.
CREATE TRIGGER contacts_tag_usage_insert AFTER INSERT ON contacts WHEN new.deleted_at IS NULL AND new.tags <> '[]' BEGIN
    UPDATE tags SET usage_count = usage_count + 1
    WHERE organization_id = new.organization_id AND type IN ('contact', 'general') AND deleted_at IS NULL
      AND name COLLATE NOCASE IN (SELECT value FROM json_each(new.tags));
END;

CREATE TRIGGER contacts_tag_usage_update AFTER UPDATE OF tags, deleted_at, organization_id ON contacts BEGIN
    UPDATE tags SET usage_count = usage_count - 1
    WHERE old.deleted_at IS NULL AND organization_id = old.organization_id AND type IN ('contact', 'general') AND deleted_at IS NULL
      AND name COLLATE NOCASE IN (SELECT value FROM json_each(old.tags));
    UPDATE tags SET usage_count = usage_count + 1
    WHERE new.deleted_at IS NULL AND organization_id = new.organization_id AND type IN ('contact', 'general') AND deleted_at IS NULL
      AND name COLLATE NOCASE IN (SELECT value FROM json_each(new.tags));
END;

CREATE TRIGGER contacts_tag_usage_delete AFTER DELETE ON contacts WHEN old.deleted_at IS NULL BEGIN
    UPDATE tags SET usage_count = usage_count - 1
    WHERE organization_id = old.organization_id AND type IN ('contact', 'general') AND deleted_at IS NULL
      AND name COLLATE NOCASE IN (SELECT value FROM json_each(old.tags));
END;

CREATE TRIGGER companies_tag_usage_insert AFTER INSERT ON companies WHEN new.deleted_at IS NULL AND new.tags <> '[]' BEGIN
    UPDATE tags SET usage_count = usage_count + 1
    WHERE organization_id = new.organization_id AND type IN ('company', 'general') AND deleted_at IS NULL
      AND name COLLATE NOCASE IN (SELECT value FROM json_each(new.tags));
END;

CREATE TRIGGER companies_tag_usage_update AFTER UPDATE OF tags, deleted_at, organization_id ON companies BEGIN
    UPDATE tags SET usage_count = usage_count - 1
    WHERE old.deleted_at IS NULL AND organization_id = old.organization_id AND type IN ('company', 'general') AND deleted_at IS NULL
      AND name COLLATE NOCASE IN (SELECT value FROM json_each(old.tags));
    UPDATE tags SET usage_count = usage_count + 1
    WHERE new.deleted_at IS NULL AND organization_id = new.organization_id AND type IN ('company', 'general') AND deleted_at IS NULL
      AND name COLLATE NOCASE IN (SELECT value FROM json_each(new.tags));
END;

CREATE TRIGGER companies_tag_usage_delete AFTER DELETE ON companies WHEN old.deleted_at IS NULL BEGIN
    UPDATE tags SET usage_count = usage_count - 1
    WHERE organization_id = old.organization_id AND type IN ('company', 'general') AND deleted_at IS NULL
      AND name COLLATE NOCASE IN (SELECT value FROM json_each(old.tags));
END;

-- A tag that is created, renamed, retyped or restored counts its records afresh.
CREATE TRIGGER tags_usage_recount_insert AFTER INSERT ON tags WHEN new.deleted_at IS NULL BEGIN
    UPDATE tags SET usage_count =
        (CASE WHEN new.type IN ('contact', 'general') THEN (SELECT count(*) FROM contacts c, json_each(c.tags) t WHERE c.organization_id = new.organization_id AND c.deleted_at IS NULL AND c.tags <> '[]' AND t.value = new.name COLLATE NOCASE) ELSE 0 END)
      + (CASE WHEN new.type IN ('company', 'general') THEN (SELECT count(*) FROM companies c, json_each(c.tags) t WHERE c.organization_id = new.organization_id AND c.deleted_at IS NULL AND c.tags <> '[]' AND t.value = new.name COLLATE NOCASE) ELSE 0 END)
    WHERE id = new.id;
END;

CREATE TRIGGER tags_usage_recount_update AFTER UPDATE OF name, type, deleted_at, organization_id ON tags WHEN new.deleted_at IS NULL BEGIN
    UPDATE tags SET usage_count =
        (CASE WHEN new.type IN ('contact', 'general') THEN (SELECT count(*) FROM contacts c, json_each(c.tags) t WHERE c.organization_id = new.organization_id AND c.deleted_at IS NULL AND c.tags <> '[]' AND t.value = new.name COLLATE NOCASE) ELSE 0 END)
      + (CASE WHEN new.type IN ('company', 'general') THEN (SELECT count(*) FROM companies c, json_each(c.tags) t WHERE c.organization_id = new.organization_id AND c.deleted_at IS NULL AND c.tags <> '[]' AND t.value = new.name COLLATE NOCASE) ELSE 0 END)
    WHERE id = new.id;
END;

-- Counts written before this migration are recomputed.
UPDATE tags SET usage_count =
    (CASE WHEN type IN ('contact', 'general') THEN (SELECT count(*) FROM contacts c, json_each(c.tags) t WHERE c.organization_id = tags.organization_id AND c.deleted_at IS NULL AND t.value = tags.name COLLATE NOCASE) ELSE 0 END)
  + (CASE WHEN type IN ('company', 'general') THEN (SELECT count(*) FROM companies c, json_each(c.tags) t WHERE c.organization_id = tags.organization_id AND c.deleted_at IS NULL AND t.value = tags.name COLLATE NOCASE) ELSE 0 END);
