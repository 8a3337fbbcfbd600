-- A database may keep no search index at all: the server's replicas of organisations
-- (`search::keep_none`), where nobody searches and every form post or synced contact
-- would otherwise write the FTS5 index and merge its segments. While the
-- `search_index_off` key exists, contacts and companies get no search documents.
DROP TRIGGER contacts_search_insert;
CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts
WHEN new.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM app_settings WHERE key IN ('search_index_deferred', 'search_index_off')) BEGIN
    INSERT INTO contact_search (contact_id, organization_id, name, email, phone, company, notes)
    VALUES (new.id, new.organization_id, new.first_name || ' ' || new.last_name, new.email, coalesce(new.phone || ' ' || replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', '') || ' ' || substr(replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', ''), -10) || ' ' || substr(replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', ''), -7), ''), coalesce(new.company, ''), coalesce((SELECT group_concat(content, ' ') FROM contact_notes WHERE contact_id = new.id AND deleted_at IS NULL), ''));
END;

DROP TRIGGER contacts_search_update;
CREATE TRIGGER contacts_search_update AFTER UPDATE OF first_name, last_name, email, phone, company, deleted_at, organization_id ON contacts
WHEN NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'search_index_off') BEGIN
    DELETE FROM contact_search WHERE contact_id = old.id;
    INSERT INTO contact_search (contact_id, organization_id, name, email, phone, company, notes)
    SELECT new.id, new.organization_id, new.first_name || ' ' || new.last_name, new.email, coalesce(new.phone || ' ' || replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', '') || ' ' || substr(replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', ''), -10) || ' ' || substr(replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', ''), -7), ''), coalesce(new.company, ''), coalesce((SELECT group_concat(content, ' ') FROM contact_notes WHERE contact_id = new.id AND deleted_at IS NULL), '') WHERE new.deleted_at IS NULL;
END;

DROP TRIGGER companies_search_insert;
CREATE TRIGGER companies_search_insert AFTER INSERT ON companies WHEN new.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'search_index_off') BEGIN
    INSERT INTO company_search (company_id, organization_id, name, domain, phone)
    VALUES (new.id, new.organization_id, new.name, coalesce(new.domain, ''), coalesce(new.phone || ' ' || replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', '') || ' ' || substr(replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', ''), -10) || ' ' || substr(replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', ''), -7), ''));
END;

DROP TRIGGER companies_search_update;
CREATE TRIGGER companies_search_update AFTER UPDATE OF name, domain, phone, deleted_at, organization_id ON companies
WHEN NOT EXISTS (SELECT 1 FROM app_settings WHERE key = 'search_index_off') BEGIN
    DELETE FROM company_search WHERE company_id = old.id;
    INSERT INTO company_search (company_id, organization_id, name, domain, phone)
    SELECT new.id, new.organization_id, new.name, coalesce(new.domain, ''), coalesce(new.phone || ' ' || replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', '') || ' ' || substr(replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', ''), -10) || ' ' || substr(replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '+', ''), '-', ''), '(', ''), ')', ''), '.', ''), -7), '') WHERE new.deleted_at IS NULL;
END;
