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

-- Every write to a synced table marks the row dirty.
CREATE TRIGGER sync_dirty_organization_members_insert AFTER INSERT ON organization_members BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('organization_members', new.id); END;
CREATE TRIGGER sync_dirty_organization_members_update AFTER UPDATE ON organization_members BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('organization_members', new.id); END;
CREATE TRIGGER sync_dirty_contacts_insert AFTER INSERT ON contacts BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('contacts', new.id); END;
CREATE TRIGGER sync_dirty_contacts_update AFTER UPDATE ON contacts BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('contacts', new.id); END;
CREATE TRIGGER sync_dirty_companies_insert AFTER INSERT ON companies BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('companies', new.id); END;
CREATE TRIGGER sync_dirty_companies_update AFTER UPDATE ON companies BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('companies', new.id); END;
CREATE TRIGGER sync_dirty_contact_activities_insert AFTER INSERT ON contact_activities BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('contact_activities', new.id); END;
CREATE TRIGGER sync_dirty_contact_activities_update AFTER UPDATE ON contact_activities BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('contact_activities', new.id); END;
CREATE TRIGGER sync_dirty_contact_notes_insert AFTER INSERT ON contact_notes BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('contact_notes', new.id); END;
CREATE TRIGGER sync_dirty_contact_notes_update AFTER UPDATE ON contact_notes BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('contact_notes', new.id); END;
CREATE TRIGGER sync_dirty_calendars_insert AFTER INSERT ON calendars BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('calendars', new.id); END;
CREATE TRIGGER sync_dirty_calendars_update AFTER UPDATE ON calendars BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('calendars', new.id); END;
CREATE TRIGGER sync_dirty_events_insert AFTER INSERT ON events BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('events', new.id); END;
CREATE TRIGGER sync_dirty_events_update AFTER UPDATE ON events BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('events', new.id); END;
CREATE TRIGGER sync_dirty_booking_types_insert AFTER INSERT ON booking_types BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('booking_types', new.id); END;
CREATE TRIGGER sync_dirty_booking_types_update AFTER UPDATE ON booking_types BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('booking_types', new.id); END;
CREATE TRIGGER sync_dirty_availability_rules_insert AFTER INSERT ON availability_rules BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('availability_rules', new.id); END;
CREATE TRIGGER sync_dirty_availability_rules_update AFTER UPDATE ON availability_rules BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('availability_rules', new.id); END;
CREATE TRIGGER sync_dirty_availability_exceptions_insert AFTER INSERT ON availability_exceptions BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('availability_exceptions', new.id); END;
CREATE TRIGGER sync_dirty_availability_exceptions_update AFTER UPDATE ON availability_exceptions BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('availability_exceptions', new.id); END;
CREATE TRIGGER sync_dirty_booking_settings_insert AFTER INSERT ON booking_settings BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('booking_settings', new.id); END;
CREATE TRIGGER sync_dirty_booking_settings_update AFTER UPDATE ON booking_settings BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('booking_settings', new.id); END;
CREATE TRIGGER sync_dirty_sync_logs_insert AFTER INSERT ON sync_logs BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('sync_logs', new.id); END;
CREATE TRIGGER sync_dirty_sync_logs_update AFTER UPDATE ON sync_logs BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('sync_logs', new.id); END;
CREATE TRIGGER sync_dirty_forms_insert AFTER INSERT ON forms BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('forms', new.id); END;
CREATE TRIGGER sync_dirty_forms_update AFTER UPDATE ON forms BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('forms', new.id); END;
CREATE TRIGGER sync_dirty_form_submissions_insert AFTER INSERT ON form_submissions BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('form_submissions', new.id); END;
CREATE TRIGGER sync_dirty_form_submissions_update AFTER UPDATE ON form_submissions BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('form_submissions', new.id); END;
CREATE TRIGGER sync_dirty_pipelines_insert AFTER INSERT ON pipelines BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('pipelines', new.id); END;
CREATE TRIGGER sync_dirty_pipelines_update AFTER UPDATE ON pipelines BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('pipelines', new.id); END;
CREATE TRIGGER sync_dirty_pipeline_stages_insert AFTER INSERT ON pipeline_stages BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('pipeline_stages', new.id); END;
CREATE TRIGGER sync_dirty_pipeline_stages_update AFTER UPDATE ON pipeline_stages BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('pipeline_stages', new.id); END;
CREATE TRIGGER sync_dirty_pipeline_cards_insert AFTER INSERT ON pipeline_cards BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('pipeline_cards', new.id); END;
CREATE TRIGGER sync_dirty_pipeline_cards_update AFTER UPDATE ON pipeline_cards BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('pipeline_cards', new.id); END;
CREATE TRIGGER sync_dirty_products_insert AFTER INSERT ON products BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('products', new.id); END;
CREATE TRIGGER sync_dirty_products_update AFTER UPDATE ON products BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('products', new.id); END;
CREATE TRIGGER sync_dirty_orders_insert AFTER INSERT ON orders BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('orders', new.id); END;
CREATE TRIGGER sync_dirty_orders_update AFTER UPDATE ON orders BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('orders', new.id); END;
CREATE TRIGGER sync_dirty_order_items_insert AFTER INSERT ON order_items BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('order_items', new.id); END;
CREATE TRIGGER sync_dirty_order_items_update AFTER UPDATE ON order_items BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('order_items', new.id); END;
CREATE TRIGGER sync_dirty_transactions_insert AFTER INSERT ON transactions BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('transactions', new.id); END;
CREATE TRIGGER sync_dirty_transactions_update AFTER UPDATE ON transactions BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('transactions', new.id); END;
CREATE TRIGGER sync_dirty_invoices_insert AFTER INSERT ON invoices BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('invoices', new.id); END;
CREATE TRIGGER sync_dirty_invoices_update AFTER UPDATE ON invoices BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('invoices', new.id); END;
CREATE TRIGGER sync_dirty_ai_agents_insert AFTER INSERT ON ai_agents BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('ai_agents', new.id); END;
CREATE TRIGGER sync_dirty_ai_agents_update AFTER UPDATE ON ai_agents BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('ai_agents', new.id); END;
CREATE TRIGGER sync_dirty_ai_agent_conversations_insert AFTER INSERT ON ai_agent_conversations BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('ai_agent_conversations', new.id); END;
CREATE TRIGGER sync_dirty_ai_agent_conversations_update AFTER UPDATE ON ai_agent_conversations BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('ai_agent_conversations', new.id); END;
CREATE TRIGGER sync_dirty_ai_agent_messages_insert AFTER INSERT ON ai_agent_messages BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('ai_agent_messages', new.id); END;
CREATE TRIGGER sync_dirty_ai_agent_messages_update AFTER UPDATE ON ai_agent_messages BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('ai_agent_messages', new.id); END;
CREATE TRIGGER sync_dirty_templates_insert AFTER INSERT ON templates BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('templates', new.id); END;
CREATE TRIGGER sync_dirty_templates_update AFTER UPDATE ON templates BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('templates', new.id); END;
CREATE TRIGGER sync_dirty_assets_insert AFTER INSERT ON assets BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('assets', new.id); END;
CREATE TRIGGER sync_dirty_assets_update AFTER UPDATE ON assets BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('assets', new.id); END;
CREATE TRIGGER sync_dirty_integrations_insert AFTER INSERT ON integrations BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('integrations', new.id); END;
CREATE TRIGGER sync_dirty_integrations_update AFTER UPDATE ON integrations BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('integrations', new.id); END;
CREATE TRIGGER sync_dirty_integration_logs_insert AFTER INSERT ON integration_logs BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('integration_logs', new.id); END;
CREATE TRIGGER sync_dirty_integration_logs_update AFTER UPDATE ON integration_logs BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('integration_logs', new.id); END;
CREATE TRIGGER sync_dirty_automations_insert AFTER INSERT ON automations BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('automations', new.id); END;
CREATE TRIGGER sync_dirty_automations_update AFTER UPDATE ON automations BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('automations', new.id); END;
CREATE TRIGGER sync_dirty_automation_runs_insert AFTER INSERT ON automation_runs BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('automation_runs', new.id); END;
CREATE TRIGGER sync_dirty_automation_runs_update AFTER UPDATE ON automation_runs BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('automation_runs', new.id); END;
CREATE TRIGGER sync_dirty_email_campaigns_insert AFTER INSERT ON email_campaigns BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('email_campaigns', new.id); END;
CREATE TRIGGER sync_dirty_email_campaigns_update AFTER UPDATE ON email_campaigns BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('email_campaigns', new.id); END;
CREATE TRIGGER sync_dirty_sms_campaigns_insert AFTER INSERT ON sms_campaigns BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('sms_campaigns', new.id); END;
CREATE TRIGGER sync_dirty_sms_campaigns_update AFTER UPDATE ON sms_campaigns BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('sms_campaigns', new.id); END;
CREATE TRIGGER sync_dirty_tags_insert AFTER INSERT ON tags BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('tags', new.id); END;
CREATE TRIGGER sync_dirty_tags_update AFTER UPDATE ON tags BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('tags', new.id); END;
CREATE TRIGGER sync_dirty_custom_field_definitions_insert AFTER INSERT ON custom_field_definitions BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('custom_field_definitions', new.id); END;
CREATE TRIGGER sync_dirty_custom_field_definitions_update AFTER UPDATE ON custom_field_definitions BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('custom_field_definitions', new.id); END;
CREATE TRIGGER sync_dirty_saved_views_insert AFTER INSERT ON saved_views BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('saved_views', new.id); END;
CREATE TRIGGER sync_dirty_saved_views_update AFTER UPDATE ON saved_views BEGIN INSERT OR IGNORE INTO sync_dirty VALUES ('saved_views', new.id); END;
