-- Sync bookkeeping of this replica (DESIGN.md §3). Each synced row has one yrs document;
-- a write to a synced table marks its row dirty in the same transaction, and the sync
-- engine turns dirty rows into document updates in the outbox before it pushes or
-- applies remote updates, so no local edit is lost or overwritten.

CREATE TABLE sync_docs (
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    state BLOB NOT NULL,
    PRIMARY KEY (table_name, row_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE sync_dirty (
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    PRIMARY KEY (table_name, row_id)
) STRICT, WITHOUT ROWID;

-- Updates made here and not yet acknowledged by the server, oldest first.
CREATE TABLE sync_outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    data BLOB NOT NULL
) STRICT;

-- Rows received whose document cannot be materialised yet (a parent row has not
-- arrived) or not at all (a value the schema refuses); retried after every pull.
CREATE TABLE sync_pending (
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (table_name, row_id)
) STRICT, WITHOUT ROWID;

-- Two devices can create contacts with the same email offline. After a merge the repair
-- step keeps both and marks every one but the oldest as a duplicate of the oldest (the
-- same decision on every replica); the uniqueness rule holds among unmarked contacts.
ALTER TABLE contacts ADD COLUMN duplicate_of TEXT REFERENCES contacts(id);
DROP INDEX uq_contacts_organization_id_email;
CREATE UNIQUE INDEX uq_contacts_organization_id_email ON contacts (organization_id, email COLLATE NOCASE) WHERE deleted_at IS NULL AND duplicate_of IS NULL;
-- The repair step looks up every contact with one email, and the marked ones.
CREATE INDEX idx_contacts_email_group ON contacts (organization_id, email COLLATE NOCASE) WHERE deleted_at IS NULL;
CREATE INDEX idx_contacts_duplicate_of ON contacts (duplicate_of) WHERE duplicate_of IS NOT NULL;

-- Every write to a synced table marks the row dirty (NOT EXISTS rather than OR IGNORE:
-- an upsert statement would impose its own conflict handling on the trigger).
CREATE TRIGGER sync_dirty_contacts_insert AFTER INSERT ON contacts BEGIN INSERT INTO sync_dirty SELECT 'contacts', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'contacts' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_contacts_update AFTER UPDATE ON contacts BEGIN INSERT INTO sync_dirty SELECT 'contacts', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'contacts' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_companies_insert AFTER INSERT ON companies BEGIN INSERT INTO sync_dirty SELECT 'companies', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'companies' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_companies_update AFTER UPDATE ON companies BEGIN INSERT INTO sync_dirty SELECT 'companies', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'companies' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_contact_activities_insert AFTER INSERT ON contact_activities BEGIN INSERT INTO sync_dirty SELECT 'contact_activities', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'contact_activities' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_contact_activities_update AFTER UPDATE ON contact_activities BEGIN INSERT INTO sync_dirty SELECT 'contact_activities', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'contact_activities' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_contact_notes_insert AFTER INSERT ON contact_notes BEGIN INSERT INTO sync_dirty SELECT 'contact_notes', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'contact_notes' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_contact_notes_update AFTER UPDATE ON contact_notes BEGIN INSERT INTO sync_dirty SELECT 'contact_notes', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'contact_notes' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_calendars_insert AFTER INSERT ON calendars BEGIN INSERT INTO sync_dirty SELECT 'calendars', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'calendars' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_calendars_update AFTER UPDATE ON calendars BEGIN INSERT INTO sync_dirty SELECT 'calendars', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'calendars' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_events_insert AFTER INSERT ON events BEGIN INSERT INTO sync_dirty SELECT 'events', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'events' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_events_update AFTER UPDATE ON events BEGIN INSERT INTO sync_dirty SELECT 'events', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'events' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_booking_types_insert AFTER INSERT ON booking_types BEGIN INSERT INTO sync_dirty SELECT 'booking_types', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'booking_types' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_booking_types_update AFTER UPDATE ON booking_types BEGIN INSERT INTO sync_dirty SELECT 'booking_types', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'booking_types' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_availability_rules_insert AFTER INSERT ON availability_rules BEGIN INSERT INTO sync_dirty SELECT 'availability_rules', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'availability_rules' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_availability_rules_update AFTER UPDATE ON availability_rules BEGIN INSERT INTO sync_dirty SELECT 'availability_rules', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'availability_rules' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_availability_exceptions_insert AFTER INSERT ON availability_exceptions BEGIN INSERT INTO sync_dirty SELECT 'availability_exceptions', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'availability_exceptions' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_availability_exceptions_update AFTER UPDATE ON availability_exceptions BEGIN INSERT INTO sync_dirty SELECT 'availability_exceptions', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'availability_exceptions' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_booking_settings_insert AFTER INSERT ON booking_settings BEGIN INSERT INTO sync_dirty SELECT 'booking_settings', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'booking_settings' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_booking_settings_update AFTER UPDATE ON booking_settings BEGIN INSERT INTO sync_dirty SELECT 'booking_settings', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'booking_settings' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_sync_logs_insert AFTER INSERT ON sync_logs BEGIN INSERT INTO sync_dirty SELECT 'sync_logs', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'sync_logs' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_sync_logs_update AFTER UPDATE ON sync_logs BEGIN INSERT INTO sync_dirty SELECT 'sync_logs', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'sync_logs' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_forms_insert AFTER INSERT ON forms BEGIN INSERT INTO sync_dirty SELECT 'forms', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'forms' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_forms_update AFTER UPDATE ON forms BEGIN INSERT INTO sync_dirty SELECT 'forms', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'forms' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_form_submissions_insert AFTER INSERT ON form_submissions BEGIN INSERT INTO sync_dirty SELECT 'form_submissions', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'form_submissions' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_form_submissions_update AFTER UPDATE ON form_submissions BEGIN INSERT INTO sync_dirty SELECT 'form_submissions', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'form_submissions' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_pipelines_insert AFTER INSERT ON pipelines BEGIN INSERT INTO sync_dirty SELECT 'pipelines', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'pipelines' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_pipelines_update AFTER UPDATE ON pipelines BEGIN INSERT INTO sync_dirty SELECT 'pipelines', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'pipelines' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_pipeline_stages_insert AFTER INSERT ON pipeline_stages BEGIN INSERT INTO sync_dirty SELECT 'pipeline_stages', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'pipeline_stages' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_pipeline_stages_update AFTER UPDATE ON pipeline_stages BEGIN INSERT INTO sync_dirty SELECT 'pipeline_stages', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'pipeline_stages' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_pipeline_cards_insert AFTER INSERT ON pipeline_cards BEGIN INSERT INTO sync_dirty SELECT 'pipeline_cards', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'pipeline_cards' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_pipeline_cards_update AFTER UPDATE ON pipeline_cards BEGIN INSERT INTO sync_dirty SELECT 'pipeline_cards', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'pipeline_cards' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_products_insert AFTER INSERT ON products BEGIN INSERT INTO sync_dirty SELECT 'products', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'products' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_products_update AFTER UPDATE ON products BEGIN INSERT INTO sync_dirty SELECT 'products', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'products' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_orders_insert AFTER INSERT ON orders BEGIN INSERT INTO sync_dirty SELECT 'orders', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'orders' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_orders_update AFTER UPDATE ON orders BEGIN INSERT INTO sync_dirty SELECT 'orders', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'orders' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_order_items_insert AFTER INSERT ON order_items BEGIN INSERT INTO sync_dirty SELECT 'order_items', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'order_items' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_order_items_update AFTER UPDATE ON order_items BEGIN INSERT INTO sync_dirty SELECT 'order_items', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'order_items' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_transactions_insert AFTER INSERT ON transactions BEGIN INSERT INTO sync_dirty SELECT 'transactions', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'transactions' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_transactions_update AFTER UPDATE ON transactions BEGIN INSERT INTO sync_dirty SELECT 'transactions', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'transactions' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_invoices_insert AFTER INSERT ON invoices BEGIN INSERT INTO sync_dirty SELECT 'invoices', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'invoices' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_invoices_update AFTER UPDATE ON invoices BEGIN INSERT INTO sync_dirty SELECT 'invoices', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'invoices' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_ai_agents_insert AFTER INSERT ON ai_agents BEGIN INSERT INTO sync_dirty SELECT 'ai_agents', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'ai_agents' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_ai_agents_update AFTER UPDATE ON ai_agents BEGIN INSERT INTO sync_dirty SELECT 'ai_agents', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'ai_agents' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_ai_agent_conversations_insert AFTER INSERT ON ai_agent_conversations BEGIN INSERT INTO sync_dirty SELECT 'ai_agent_conversations', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'ai_agent_conversations' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_ai_agent_conversations_update AFTER UPDATE ON ai_agent_conversations BEGIN INSERT INTO sync_dirty SELECT 'ai_agent_conversations', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'ai_agent_conversations' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_ai_agent_messages_insert AFTER INSERT ON ai_agent_messages BEGIN INSERT INTO sync_dirty SELECT 'ai_agent_messages', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'ai_agent_messages' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_ai_agent_messages_update AFTER UPDATE ON ai_agent_messages BEGIN INSERT INTO sync_dirty SELECT 'ai_agent_messages', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'ai_agent_messages' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_templates_insert AFTER INSERT ON templates BEGIN INSERT INTO sync_dirty SELECT 'templates', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'templates' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_templates_update AFTER UPDATE ON templates BEGIN INSERT INTO sync_dirty SELECT 'templates', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'templates' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_assets_insert AFTER INSERT ON assets BEGIN INSERT INTO sync_dirty SELECT 'assets', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'assets' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_assets_update AFTER UPDATE ON assets BEGIN INSERT INTO sync_dirty SELECT 'assets', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'assets' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_integrations_insert AFTER INSERT ON integrations BEGIN INSERT INTO sync_dirty SELECT 'integrations', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'integrations' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_integrations_update AFTER UPDATE ON integrations BEGIN INSERT INTO sync_dirty SELECT 'integrations', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'integrations' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_integration_logs_insert AFTER INSERT ON integration_logs BEGIN INSERT INTO sync_dirty SELECT 'integration_logs', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'integration_logs' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_integration_logs_update AFTER UPDATE ON integration_logs BEGIN INSERT INTO sync_dirty SELECT 'integration_logs', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'integration_logs' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_automations_insert AFTER INSERT ON automations BEGIN INSERT INTO sync_dirty SELECT 'automations', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'automations' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_automations_update AFTER UPDATE ON automations BEGIN INSERT INTO sync_dirty SELECT 'automations', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'automations' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_automation_runs_insert AFTER INSERT ON automation_runs BEGIN INSERT INTO sync_dirty SELECT 'automation_runs', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'automation_runs' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_automation_runs_update AFTER UPDATE ON automation_runs BEGIN INSERT INTO sync_dirty SELECT 'automation_runs', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'automation_runs' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_email_campaigns_insert AFTER INSERT ON email_campaigns BEGIN INSERT INTO sync_dirty SELECT 'email_campaigns', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'email_campaigns' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_email_campaigns_update AFTER UPDATE ON email_campaigns BEGIN INSERT INTO sync_dirty SELECT 'email_campaigns', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'email_campaigns' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_sms_campaigns_insert AFTER INSERT ON sms_campaigns BEGIN INSERT INTO sync_dirty SELECT 'sms_campaigns', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'sms_campaigns' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_sms_campaigns_update AFTER UPDATE ON sms_campaigns BEGIN INSERT INTO sync_dirty SELECT 'sms_campaigns', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'sms_campaigns' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_tags_insert AFTER INSERT ON tags BEGIN INSERT INTO sync_dirty SELECT 'tags', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'tags' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_tags_update AFTER UPDATE ON tags BEGIN INSERT INTO sync_dirty SELECT 'tags', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'tags' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_custom_field_definitions_insert AFTER INSERT ON custom_field_definitions BEGIN INSERT INTO sync_dirty SELECT 'custom_field_definitions', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'custom_field_definitions' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_custom_field_definitions_update AFTER UPDATE ON custom_field_definitions BEGIN INSERT INTO sync_dirty SELECT 'custom_field_definitions', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'custom_field_definitions' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_saved_views_insert AFTER INSERT ON saved_views BEGIN INSERT INTO sync_dirty SELECT 'saved_views', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'saved_views' AND row_id = new.id); END;
CREATE TRIGGER sync_dirty_saved_views_update AFTER UPDATE ON saved_views BEGIN INSERT INTO sync_dirty SELECT 'saved_views', new.id WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE table_name = 'saved_views' AND row_id = new.id); END;
