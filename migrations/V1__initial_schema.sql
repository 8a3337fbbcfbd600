-- AIO Agency CRM: the initial schema, all 39 tables of shared/spec/schema.md in the spec's order.
--
-- SQLite conventions (crates/core/src/tables.rs declares the same columns for Rust):
-- - STRICT tables; UUIDs, strings, timestamps, dates, times, decimals and JSON are TEXT.
-- - Timestamps are UTC `YYYY-MM-DDTHH:MM:SS.mmmZ` (text order is time order); dates
--   `YYYY-MM-DD`; times `HH:MM:SS`. Decimals are exact decimal text, checked in Rust.
-- - Booleans are INTEGER 0/1; enums are TEXT with a CHECK on the allowed values; JSON
--   columns hold a valid JSON object or array.
-- - Soft delete: every table but audit_logs has `deleted_at`; unique constraints are
--   partial unique indexes that ignore soft-deleted rows.
-- - Every foreign-key column is indexed.
-- refinery runs this file in a transaction: no BEGIN/COMMIT here.

-- 1. users: user accounts; the local profile user is one of them.
CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL DEFAULT '',
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    phone TEXT,
    avatar_url TEXT,
    role TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('admin', 'manager', 'user', 'client')),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'suspended')),
    timezone TEXT NOT NULL DEFAULT 'UTC',
    locale TEXT NOT NULL DEFAULT 'en',
    is_email_verified INTEGER NOT NULL DEFAULT 0 CHECK (is_email_verified IN (0, 1)),
    last_login_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE UNIQUE INDEX uq_users_email ON users (email COLLATE NOCASE) WHERE deleted_at IS NULL;
CREATE INDEX idx_users_email ON users (email);

-- 2. organizations: organizations (tenants); every org-scoped row belongs to one.
CREATE TABLE organizations (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    slug TEXT NOT NULL,
    owner_id TEXT NOT NULL REFERENCES users(id),
    logo_url TEXT,
    website TEXT,
    industry TEXT,
    size TEXT NOT NULL CHECK (size IN ('1-10', '11-50', '51-200', '201-500', '500+')),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'trial', 'suspended', 'cancelled')),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE UNIQUE INDEX uq_organizations_slug ON organizations (slug) WHERE deleted_at IS NULL;
CREATE INDEX idx_organizations_owner_id ON organizations (owner_id);

-- 3. organization_members: membership of a user in an organization, with a role.
CREATE TABLE organization_members (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    permissions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(permissions) AND json_type(permissions) = 'array'),
    joined_at TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE UNIQUE INDEX uq_organization_members_organization_id_user_id ON organization_members (organization_id, user_id) WHERE deleted_at IS NULL;
CREATE INDEX idx_users_organization ON organization_members (organization_id);
CREATE INDEX idx_organization_members_user_id ON organization_members (user_id);

-- 4. contacts: customer and lead contacts.
CREATE TABLE contacts (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT,
    company TEXT,
    title TEXT,
    department TEXT,
    website TEXT,
    address TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(address) AND json_type(address) = 'object'),
    dob TEXT CHECK (dob IS NULL OR date(dob, '+0 days') IS dob),
    owner_id TEXT NOT NULL REFERENCES users(id),
    source TEXT,
    status TEXT NOT NULL DEFAULT 'lead' CHECK (status IN ('lead', 'contact', 'customer', 'inactive')),
    lead_score INTEGER CHECK (lead_score IS NULL OR (lead_score BETWEEN 0 AND 100)),
    quality TEXT CHECK (quality IS NULL OR quality IN ('hot', 'warm', 'cold', 'unqualified')),
    engagement TEXT CHECK (engagement IS NULL OR engagement IN ('high', 'medium', 'low')),
    tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array'),
    custom_fields TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(custom_fields) AND json_type(custom_fields) = 'object'),
    opt_in_email INTEGER NOT NULL DEFAULT 1 CHECK (opt_in_email IN (0, 1)),
    opt_in_sms INTEGER NOT NULL DEFAULT 1 CHECK (opt_in_sms IN (0, 1)),
    opt_in_calls INTEGER NOT NULL DEFAULT 1 CHECK (opt_in_calls IN (0, 1)),
    opt_in_automations INTEGER NOT NULL DEFAULT 1 CHECK (opt_in_automations IN (0, 1)),
    last_contacted_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE UNIQUE INDEX uq_contacts_organization_id_email ON contacts (organization_id, email COLLATE NOCASE) WHERE deleted_at IS NULL;
CREATE INDEX idx_contacts_org ON contacts (organization_id);
CREATE INDEX idx_contacts_email ON contacts (email);
CREATE INDEX idx_contacts_owner ON contacts (owner_id);
CREATE INDEX idx_contacts_status ON contacts (status);
CREATE INDEX idx_contacts_organization_id_created_at ON contacts (organization_id, created_at);

-- 5. companies: companies (business entities), separate from contacts.
CREATE TABLE companies (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    name TEXT NOT NULL,
    domain TEXT,
    industry TEXT,
    size TEXT,
    annual_revenue TEXT,
    phone TEXT,
    website TEXT,
    address TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(address) AND json_type(address) = 'object'),
    owner_id TEXT NOT NULL REFERENCES users(id),
    tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array'),
    custom_fields TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(custom_fields) AND json_type(custom_fields) = 'object'),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_companies_organization_id ON companies (organization_id);
CREATE INDEX idx_companies_owner_id ON companies (owner_id);

-- 6. contact_activities: activity log of a contact (emails, calls, meetings...).
CREATE TABLE contact_activities (
    id TEXT PRIMARY KEY NOT NULL,
    contact_id TEXT NOT NULL REFERENCES contacts(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    activity_type TEXT NOT NULL CHECK (activity_type IN ('note', 'email', 'call', 'meeting', 'sms', 'form', 'automation')),
    title TEXT NOT NULL,
    description TEXT,
    metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata) AND json_type(metadata) = 'object'),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_contact_activities_contact_id ON contact_activities (contact_id);
CREATE INDEX idx_contact_activities_user_id ON contact_activities (user_id);

-- 7. contact_notes: notes on a contact.
CREATE TABLE contact_notes (
    id TEXT PRIMARY KEY NOT NULL,
    contact_id TEXT NOT NULL REFERENCES contacts(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    content TEXT NOT NULL,
    is_pinned INTEGER NOT NULL DEFAULT 0 CHECK (is_pinned IN (0, 1)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_contact_notes_contact_id ON contact_notes (contact_id);
CREATE INDEX idx_contact_notes_user_id ON contact_notes (user_id);

-- 8. calendars: a user's calendars.
CREATE TABLE calendars (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    color TEXT NOT NULL,
    is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    is_visible INTEGER NOT NULL DEFAULT 1 CHECK (is_visible IN (0, 1)),
    google_calendar_id TEXT,
    sync_enabled INTEGER NOT NULL DEFAULT 0 CHECK (sync_enabled IN (0, 1)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_calendars_user_id ON calendars (user_id);

-- 9. events: calendar events, appointments and bookings.
CREATE TABLE events (
    id TEXT PRIMARY KEY NOT NULL,
    calendar_id TEXT NOT NULL REFERENCES calendars(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    contact_id TEXT REFERENCES contacts(id),
    booking_type_id TEXT REFERENCES booking_types(id),
    title TEXT NOT NULL,
    description TEXT,
    start_time TEXT NOT NULL,
    end_time TEXT NOT NULL,
    all_day INTEGER NOT NULL DEFAULT 0 CHECK (all_day IN (0, 1)),
    location TEXT,
    meeting_url TEXT,
    attendees TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(attendees) AND json_type(attendees) = 'array'),
    status TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'confirmed', 'cancelled', 'completed', 'no_show')),
    google_event_id TEXT,
    guest_email TEXT,
    guest_name TEXT,
    guest_phone TEXT,
    notes TEXT,
    reminder_sent INTEGER NOT NULL DEFAULT 0 CHECK (reminder_sent IN (0, 1)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_events_calendar ON events (calendar_id);
CREATE INDEX idx_events_user ON events (user_id);
CREATE INDEX idx_events_start ON events (start_time);
CREATE INDEX idx_events_contact ON events (contact_id);
CREATE INDEX idx_events_calendar_id_start_time ON events (calendar_id, start_time);
CREATE INDEX idx_events_booking_type_id ON events (booking_type_id);

-- 10. booking_types: bookable meeting types, each with a public slug.
CREATE TABLE booking_types (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    slug TEXT NOT NULL,
    description TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
    buffer_before_minutes INTEGER NOT NULL DEFAULT 0 CHECK (buffer_before_minutes >= 0),
    buffer_after_minutes INTEGER NOT NULL DEFAULT 0 CHECK (buffer_after_minutes >= 0),
    color TEXT NOT NULL,
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    price TEXT,
    location TEXT,
    questions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(questions) AND json_type(questions) = 'array'),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE UNIQUE INDEX uq_booking_types_slug ON booking_types (slug) WHERE deleted_at IS NULL;
CREATE INDEX idx_booking_types_user_id ON booking_types (user_id);

-- 11. availability_rules: weekly availability of a user (optionally per booking type).
CREATE TABLE availability_rules (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    booking_type_id TEXT REFERENCES booking_types(id),
    day_of_week INTEGER NOT NULL CHECK (day_of_week BETWEEN 0 AND 6),
    start_time TEXT NOT NULL CHECK (start_time IS NULL OR time(start_time) IS start_time),
    end_time TEXT NOT NULL CHECK (end_time IS NULL OR time(end_time) IS end_time),
    is_available INTEGER NOT NULL DEFAULT 1 CHECK (is_available IN (0, 1)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_availability_rules_user_id ON availability_rules (user_id);
CREATE INDEX idx_availability_rules_booking_type_id ON availability_rules (booking_type_id);

-- 12. availability_exceptions: one-off changes to a user's availability on a date.
CREATE TABLE availability_exceptions (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    date TEXT NOT NULL CHECK (date IS NULL OR date(date, '+0 days') IS date),
    start_time TEXT CHECK (start_time IS NULL OR time(start_time) IS start_time),
    end_time TEXT CHECK (end_time IS NULL OR time(end_time) IS end_time),
    is_available INTEGER NOT NULL DEFAULT 1 CHECK (is_available IN (0, 1)),
    reason TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_availability_exceptions_user_id ON availability_exceptions (user_id);

-- 13. booking_settings: look of a user's public booking page.
CREATE TABLE booking_settings (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    booking_page_title TEXT NOT NULL,
    booking_page_subtitle TEXT,
    logo_url TEXT,
    background_url TEXT,
    background_color TEXT NOT NULL,
    primary_color TEXT NOT NULL,
    text_color TEXT NOT NULL,
    timezone TEXT NOT NULL,
    confirmation_redirect_url TEXT,
    custom_css TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_booking_settings_user_id ON booking_settings (user_id);

-- 14. google_calendar_tokens: a user's Google Calendar connection; the tokens themselves stay hidden.
CREATE TABLE google_calendar_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    access_token TEXT NOT NULL DEFAULT '',
    refresh_token TEXT NOT NULL DEFAULT '',
    token_expiry TEXT NOT NULL,
    scope TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_google_calendar_tokens_user_id ON google_calendar_tokens (user_id);

-- 15. sync_logs: history of calendar syncs.
CREATE TABLE sync_logs (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    calendar_id TEXT REFERENCES calendars(id),
    sync_type TEXT NOT NULL CHECK (sync_type IN ('push', 'pull', 'full')),
    status TEXT NOT NULL CHECK (status IN ('success', 'failed', 'partial')),
    events_synced INTEGER NOT NULL DEFAULT 0 CHECK (events_synced >= 0),
    error_message TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_sync_logs_user_id ON sync_logs (user_id);
CREATE INDEX idx_sync_logs_calendar_id ON sync_logs (calendar_id);

-- 16. forms: form definitions, each with a public slug.
CREATE TABLE forms (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    description TEXT,
    slug TEXT NOT NULL,
    fields TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(fields) AND json_type(fields) = 'array'),
    settings TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings) AND json_type(settings) = 'object'),
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    is_public INTEGER NOT NULL DEFAULT 0 CHECK (is_public IN (0, 1)),
    redirect_url TEXT,
    thank_you_message TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE UNIQUE INDEX uq_forms_organization_id_slug ON forms (organization_id, slug) WHERE deleted_at IS NULL;
CREATE INDEX idx_forms_organization_id ON forms (organization_id);
CREATE INDEX idx_forms_user_id ON forms (user_id);

-- 17. form_submissions: data submitted through a form.
CREATE TABLE form_submissions (
    id TEXT PRIMARY KEY NOT NULL,
    form_id TEXT NOT NULL REFERENCES forms(id),
    contact_id TEXT REFERENCES contacts(id),
    data TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data) AND json_type(data) = 'object'),
    ip_address TEXT,
    user_agent TEXT,
    referrer TEXT,
    utm_source TEXT,
    utm_medium TEXT,
    utm_campaign TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_form_submissions_form ON form_submissions (form_id);
CREATE INDEX idx_form_submissions_contact ON form_submissions (contact_id);

-- 18. pipelines: pipelines (sales, projects, hiring...).
CREATE TABLE pipelines (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    name TEXT NOT NULL,
    description TEXT,
    type TEXT NOT NULL DEFAULT 'sales' CHECK (type IN ('sales', 'project', 'hiring', 'custom')),
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_pipelines_organization_id ON pipelines (organization_id);

-- 19. pipeline_stages: ordered stages (columns) of a pipeline.
CREATE TABLE pipeline_stages (
    id TEXT PRIMARY KEY NOT NULL,
    pipeline_id TEXT NOT NULL REFERENCES pipelines(id),
    name TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0 CHECK (position >= 0),
    color TEXT,
    is_final INTEGER NOT NULL DEFAULT 0 CHECK (is_final IN (0, 1)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_pipeline_stages_pipeline_id ON pipeline_stages (pipeline_id);

-- 20. pipeline_cards: cards in a pipeline (deals, projects, tasks).
CREATE TABLE pipeline_cards (
    id TEXT PRIMARY KEY NOT NULL,
    pipeline_id TEXT NOT NULL REFERENCES pipelines(id),
    stage_id TEXT NOT NULL REFERENCES pipeline_stages(id),
    contact_id TEXT REFERENCES contacts(id),
    company_id TEXT REFERENCES companies(id),
    owner_id TEXT NOT NULL REFERENCES users(id),
    title TEXT NOT NULL,
    description TEXT,
    value TEXT,
    priority TEXT NOT NULL DEFAULT 'medium' CHECK (priority IN ('high', 'medium', 'low')),
    due_date TEXT CHECK (due_date IS NULL OR date(due_date, '+0 days') IS due_date),
    tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array'),
    assignees TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(assignees) AND json_type(assignees) = 'array'),
    custom_fields TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(custom_fields) AND json_type(custom_fields) = 'object'),
    position INTEGER NOT NULL DEFAULT 0 CHECK (position >= 0),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_pipeline_cards_stage ON pipeline_cards (stage_id);
CREATE INDEX idx_pipeline_cards_contact ON pipeline_cards (contact_id);
CREATE INDEX idx_pipeline_cards_pipeline_id ON pipeline_cards (pipeline_id);
CREATE INDEX idx_pipeline_cards_company_id ON pipeline_cards (company_id);
CREATE INDEX idx_pipeline_cards_owner_id ON pipeline_cards (owner_id);

-- 21. products: products and services for sale.
CREATE TABLE products (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    name TEXT NOT NULL,
    description TEXT,
    sku TEXT,
    price TEXT NOT NULL,
    type TEXT NOT NULL DEFAULT 'service' CHECK (type IN ('physical', 'digital', 'service', 'subscription')),
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    inventory_count INTEGER,
    images TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(images) AND json_type(images) = 'array'),
    metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata) AND json_type(metadata) = 'object'),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE UNIQUE INDEX uq_products_organization_id_sku ON products (organization_id, sku) WHERE deleted_at IS NULL;
CREATE INDEX idx_products_organization_id ON products (organization_id);

-- 22. orders: customer orders.
CREATE TABLE orders (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    contact_id TEXT NOT NULL REFERENCES contacts(id),
    order_number TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'completed', 'cancelled', 'refunded')),
    subtotal TEXT NOT NULL DEFAULT '0',
    tax TEXT NOT NULL DEFAULT '0',
    shipping TEXT NOT NULL DEFAULT '0',
    discount TEXT NOT NULL DEFAULT '0',
    total TEXT NOT NULL,
    payment_status TEXT NOT NULL DEFAULT 'unpaid' CHECK (payment_status IN ('unpaid', 'paid', 'partially_paid', 'refunded')),
    payment_method TEXT,
    shipping_address TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(shipping_address) AND json_type(shipping_address) = 'object'),
    billing_address TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(billing_address) AND json_type(billing_address) = 'object'),
    notes TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE UNIQUE INDEX uq_orders_organization_id_order_number ON orders (organization_id, order_number) WHERE deleted_at IS NULL;
CREATE INDEX idx_orders_contact ON orders (contact_id);
CREATE INDEX idx_orders_status ON orders (status);
CREATE INDEX idx_orders_organization_id ON orders (organization_id);

-- 23. order_items: line items of an order.
CREATE TABLE order_items (
    id TEXT PRIMARY KEY NOT NULL,
    order_id TEXT NOT NULL REFERENCES orders(id),
    product_id TEXT NOT NULL REFERENCES products(id),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    unit_price TEXT NOT NULL,
    discount TEXT,
    total TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_order_items_order_id ON order_items (order_id);
CREATE INDEX idx_order_items_product_id ON order_items (product_id);

-- 24. transactions: payment transactions (payments, refunds, credits).
CREATE TABLE transactions (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    order_id TEXT REFERENCES orders(id),
    contact_id TEXT NOT NULL REFERENCES contacts(id),
    transaction_type TEXT NOT NULL CHECK (transaction_type IN ('payment', 'refund', 'credit')),
    amount TEXT NOT NULL,
    currency TEXT NOT NULL DEFAULT 'USD',
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'completed', 'failed', 'cancelled')),
    payment_method TEXT NOT NULL,
    payment_gateway TEXT,
    gateway_transaction_id TEXT,
    metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata) AND json_type(metadata) = 'object'),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_transactions_order ON transactions (order_id);
CREATE INDEX idx_transactions_organization_id ON transactions (organization_id);
CREATE INDEX idx_transactions_contact_id ON transactions (contact_id);

-- 25. invoices: invoices for orders and services.
CREATE TABLE invoices (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    contact_id TEXT NOT NULL REFERENCES contacts(id),
    order_id TEXT REFERENCES orders(id),
    invoice_number TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sent', 'paid', 'overdue', 'cancelled')),
    issue_date TEXT NOT NULL CHECK (issue_date IS NULL OR date(issue_date, '+0 days') IS issue_date),
    due_date TEXT NOT NULL CHECK (due_date IS NULL OR date(due_date, '+0 days') IS due_date),
    subtotal TEXT NOT NULL DEFAULT '0',
    tax TEXT NOT NULL DEFAULT '0',
    total TEXT NOT NULL,
    notes TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE UNIQUE INDEX uq_invoices_organization_id_invoice_number ON invoices (organization_id, invoice_number) WHERE deleted_at IS NULL;
CREATE INDEX idx_invoices_organization_id ON invoices (organization_id);
CREATE INDEX idx_invoices_contact_id ON invoices (contact_id);
CREATE INDEX idx_invoices_order_id ON invoices (order_id);

-- 26. ai_agents: AI agent configurations.
CREATE TABLE ai_agents (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    name TEXT NOT NULL,
    description TEXT,
    type TEXT NOT NULL DEFAULT 'custom' CHECK (type IN ('chatbot', 'email_assistant', 'data_processor', 'custom')),
    model TEXT NOT NULL,
    prompt_template TEXT NOT NULL,
    configuration TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(configuration) AND json_type(configuration) = 'object'),
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_ai_agents_organization_id ON ai_agents (organization_id);

-- 27. ai_agent_conversations: conversation threads with an AI agent.
CREATE TABLE ai_agent_conversations (
    id TEXT PRIMARY KEY NOT NULL,
    agent_id TEXT NOT NULL REFERENCES ai_agents(id),
    contact_id TEXT REFERENCES contacts(id),
    user_id TEXT REFERENCES users(id),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'archived')),
    metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata) AND json_type(metadata) = 'object'),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_ai_agent_conversations_agent_id ON ai_agent_conversations (agent_id);
CREATE INDEX idx_ai_agent_conversations_contact_id ON ai_agent_conversations (contact_id);
CREATE INDEX idx_ai_agent_conversations_user_id ON ai_agent_conversations (user_id);

-- 28. ai_agent_messages: messages of an AI agent conversation.
CREATE TABLE ai_agent_messages (
    id TEXT PRIMARY KEY NOT NULL,
    conversation_id TEXT NOT NULL REFERENCES ai_agent_conversations(id),
    role TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
    content TEXT NOT NULL,
    tokens_used INTEGER CHECK (tokens_used IS NULL OR tokens_used >= 0),
    cost TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_ai_agent_messages_conversation_id ON ai_agent_messages (conversation_id);

-- 29. templates: email, landing page, form and invoice templates.
CREATE TABLE templates (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    name TEXT NOT NULL,
    type TEXT NOT NULL DEFAULT 'email' CHECK (type IN ('email', 'landing_page', 'form', 'invoice')),
    html_content TEXT NOT NULL,
    css_content TEXT,
    thumbnail_url TEXT,
    is_public INTEGER NOT NULL DEFAULT 0 CHECK (is_public IN (0, 1)),
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_templates_organization_id ON templates (organization_id);
CREATE INDEX idx_templates_created_by ON templates (created_by);

-- 30. assets: uploaded media files (images, videos, documents).
CREATE TABLE assets (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    filename TEXT NOT NULL,
    original_filename TEXT NOT NULL,
    file_type TEXT NOT NULL,
    file_size INTEGER NOT NULL CHECK (file_size >= 0),
    url TEXT NOT NULL,
    folder TEXT,
    tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array'),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_assets_organization_id ON assets (organization_id);
CREATE INDEX idx_assets_user_id ON assets (user_id);

-- 31. integrations: third-party integrations; their credentials stay hidden.
CREATE TABLE integrations (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    name TEXT NOT NULL,
    provider TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'inactive' CHECK (status IN ('active', 'inactive', 'error')),
    credentials TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(credentials) AND json_type(credentials) = 'object'),
    settings TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings) AND json_type(settings) = 'object'),
    last_sync_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_integrations_organization_id ON integrations (organization_id);

-- 32. integration_logs: activity log of an integration.
CREATE TABLE integration_logs (
    id TEXT PRIMARY KEY NOT NULL,
    integration_id TEXT NOT NULL REFERENCES integrations(id),
    action TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('success', 'failed', 'warning')),
    request_data TEXT CHECK (request_data IS NULL OR json_valid(request_data)),
    response_data TEXT CHECK (response_data IS NULL OR json_valid(response_data)),
    error_message TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_integration_logs_integration_id ON integration_logs (integration_id);

-- 33. automations: workflow automations (a trigger and action steps).
CREATE TABLE automations (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    name TEXT NOT NULL,
    description TEXT,
    trigger_type TEXT NOT NULL CHECK (trigger_type IN ('form_submit', 'contact_created', 'email_opened', 'schedule', 'webhook')),
    trigger_config TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(trigger_config) AND json_type(trigger_config) = 'object'),
    actions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(actions) AND json_type(actions) = 'array'),
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_automations_organization_id ON automations (organization_id);

-- 34. automation_runs: execution history of an automation.
CREATE TABLE automation_runs (
    id TEXT PRIMARY KEY NOT NULL,
    automation_id TEXT NOT NULL REFERENCES automations(id),
    contact_id TEXT REFERENCES contacts(id),
    status TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed', 'stopped')),
    started_at TEXT NOT NULL,
    completed_at TEXT,
    error_message TEXT,
    actions_completed INTEGER NOT NULL DEFAULT 0 CHECK (actions_completed >= 0),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_automation_runs_automation_id ON automation_runs (automation_id);
CREATE INDEX idx_automation_runs_contact_id ON automation_runs (contact_id);

-- 35. email_campaigns: email marketing campaigns.
CREATE TABLE email_campaigns (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    name TEXT NOT NULL,
    subject TEXT NOT NULL,
    from_name TEXT NOT NULL,
    from_email TEXT NOT NULL,
    template_id TEXT REFERENCES templates(id),
    html_content TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'scheduled', 'sending', 'sent', 'paused')),
    scheduled_at TEXT,
    sent_at TEXT,
    recipient_count INTEGER NOT NULL DEFAULT 0 CHECK (recipient_count >= 0),
    opened_count INTEGER NOT NULL DEFAULT 0 CHECK (opened_count >= 0),
    clicked_count INTEGER NOT NULL DEFAULT 0 CHECK (clicked_count >= 0),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_email_campaigns_organization_id ON email_campaigns (organization_id);
CREATE INDEX idx_email_campaigns_template_id ON email_campaigns (template_id);

-- 36. sms_campaigns: SMS marketing campaigns.
CREATE TABLE sms_campaigns (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    name TEXT NOT NULL,
    message TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'scheduled', 'sending', 'sent', 'paused')),
    scheduled_at TEXT,
    sent_at TEXT,
    recipient_count INTEGER NOT NULL DEFAULT 0 CHECK (recipient_count >= 0),
    delivered_count INTEGER NOT NULL DEFAULT 0 CHECK (delivered_count >= 0),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_sms_campaigns_organization_id ON sms_campaigns (organization_id);

-- 37. tags: an organization's tags.
CREATE TABLE tags (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    name TEXT NOT NULL,
    color TEXT,
    type TEXT NOT NULL DEFAULT 'general' CHECK (type IN ('contact', 'company', 'general')),
    usage_count INTEGER NOT NULL DEFAULT 0 CHECK (usage_count >= 0),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_at TEXT
) STRICT;
CREATE UNIQUE INDEX uq_tags_organization_id_type_name ON tags (organization_id, type, name COLLATE NOCASE) WHERE deleted_at IS NULL;
CREATE INDEX idx_tags_organization_id ON tags (organization_id);

-- 38. audit_logs: the audit trail; written only by the system, never soft-deleted.
CREATE TABLE audit_logs (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT REFERENCES organizations(id),
    user_id TEXT REFERENCES users(id),
    action TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT,
    changes TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(changes) AND json_type(changes) = 'object'),
    ip_address TEXT,
    user_agent TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX idx_audit_logs_user ON audit_logs (user_id);
CREATE INDEX idx_audit_logs_entity ON audit_logs (entity_type, entity_id);
CREATE INDEX idx_audit_logs_organization_id ON audit_logs (organization_id);

-- 39. notifications: in-app notifications of a user.
CREATE TABLE notifications (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    title TEXT NOT NULL,
    message TEXT NOT NULL,
    type TEXT NOT NULL DEFAULT 'info' CHECK (type IN ('info', 'success', 'warning', 'error')),
    link_url TEXT,
    is_read INTEGER NOT NULL DEFAULT 0 CHECK (is_read IN (0, 1)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    read_at TEXT,
    deleted_at TEXT
) STRICT;
CREATE INDEX idx_notifications_user_id ON notifications (user_id);
