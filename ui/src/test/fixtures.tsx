import { render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';

import { BackendProvider } from '../backend/BackendContext';
import { DEMO_USER } from '../backend/fake/demoSeed';
import { createFakeBackend, type FakeBackend, type FakeSeed } from '../backend/fake/fakeBackend';
import { TABLE_DEFS, type Organization, type TableDef } from '../bindings';
import { ToastProvider } from '../ui/Toasts';
import { SchemaProvider } from '../modules/object-record/states/SchemaContext';

type Row = Record<string, unknown>;

export const ORG = '00000000-0000-4000-8000-0000000000a1';

const daysAgo = (days: number): string => new Date(Date.now() - days * 24 * 3600 * 1000).toISOString();

export const organization: Organization = {
  id: ORG,
  name: 'Brightside Agency',
  slug: 'brightside',
  owner_id: DEMO_USER.id,
  logo_url: null,
  website: null,
  industry: null,
  size: '11-50',
  status: 'active',
  created_at: daysAgo(400),
  updated_at: daysAgo(400),
  deleted_at: null,
  parent_id: null,
};

export const COLLEAGUE = {
  ...DEMO_USER,
  id: '00000000-0000-4000-8000-0000000000u2',
  email: 'sam@agency.example',
  first_name: 'Sam',
  last_name: 'Okafor',
};

export const ACME_ID = '00000000-0000-4000-8000-00000000c001';
export const GLOBEX_ID = '00000000-0000-4000-8000-00000000c002';
export const ADA_ID = '00000000-0000-4000-8000-00000000a001';

export const contactRow = (id: string, first: string, last: string, extra: Row = {}): Row => ({
  id,
  organization_id: ORG,
  first_name: first,
  last_name: last,
  email: `${first}.${last}@example.com`.toLowerCase(),
  phone: null,
  company: null,
  company_id: null,
  title: null,
  department: null,
  website: null,
  address: {},
  dob: null,
  owner_id: DEMO_USER.id,
  source: null,
  status: 'lead',
  lead_score: 40,
  quality: null,
  engagement: null,
  tags: [],
  custom_fields: {},
  opt_in_email: true,
  opt_in_sms: false,
  opt_in_calls: true,
  opt_in_automations: true,
  last_contacted_at: null,
  created_at: daysAgo(30),
  updated_at: daysAgo(30),
  deleted_at: null,
  ...extra,
});

export const companyRow = (id: string, name: string, domain: string | null, extra: Row = {}): Row => ({
  id,
  organization_id: ORG,
  name,
  domain,
  industry: 'Software',
  size: null,
  annual_revenue: null,
  phone: null,
  website: null,
  address: {},
  owner_id: DEMO_USER.id,
  tags: [],
  custom_fields: {},
  created_at: daysAgo(100),
  updated_at: daysAgo(100),
  deleted_at: null,
  ...extra,
});

export const tagRow = (n: number, name: string, color: string, type: string, usage_count: number): Row => ({
  id: `00000000-0000-4000-8000-00000000t${String(n).padStart(3, '0')}`,
  organization_id: ORG,
  name,
  color,
  type,
  usage_count,
  created_at: daysAgo(200),
  deleted_at: null,
});

export const fieldRow = (n: number, entity: string, key: string, label: string, field_type: string, options: string[], position: number): Row => ({
  id: `00000000-0000-4000-8000-00000000f${String(n).padStart(3, '0')}`,
  organization_id: ORG,
  entity,
  key,
  label,
  field_type,
  options,
  position,
  created_at: daysAgo(200),
  updated_at: daysAgo(200),
  deleted_at: null,
});

export const noteRow = (n: number, content: string, days: number, is_pinned = false, contact_id = ADA_ID): Row => ({
  id: `00000000-0000-4000-8000-00000000n${String(n).padStart(3, '0')}`,
  contact_id,
  user_id: DEMO_USER.id,
  content,
  is_pinned,
  created_at: daysAgo(days),
  updated_at: daysAgo(days),
  deleted_at: null,
});

export const activityRow = (n: number, activity_type: string, title: string, days: number, metadata: Row = {}, contact_id = ADA_ID): Row => ({
  id: `00000000-0000-4000-8000-00000000e${String(n).padStart(3, '0')}`,
  contact_id,
  user_id: DEMO_USER.id,
  activity_type,
  title,
  description: null,
  metadata,
  created_at: daysAgo(days),
  deleted_at: null,
});

/** A small organisation: Ada (a contact), two companies, tags, custom fields, a colleague. */
export const crmSeed = (overrides: Partial<FakeSeed> & { rows?: FakeSeed['rows'] } = {}): FakeSeed => ({
  user: DEMO_USER,
  organizations: [organization],
  activeOrganizationId: ORG,
  ...overrides,
  rows: {
    users: [COLLEAGUE],
    organization_members: [],
    contacts: [contactRow(ADA_ID, 'Ada', 'Lovelace', { title: 'CTO', company: 'Acme', company_id: ACME_ID, tags: ['vip'] })],
    companies: [companyRow(ACME_ID, 'Acme', 'acme.example'), companyRow(GLOBEX_ID, 'Globex', 'globex.example')],
    tags: [tagRow(1, 'vip', '#dc2626', 'contact', 1), tagRow(2, 'newsletter', '#16a34a', 'contact', 0), tagRow(3, 'partner', '#7c3aed', 'company', 0)],
    custom_field_definitions: [
      fieldRow(1, 'contacts', 'budget', 'Budget', 'select', ['low', 'high'], 0),
      fieldRow(2, 'contacts', 'seats', 'Seats', 'number', [], 1),
      fieldRow(3, 'contacts', 'channels', 'Channels', 'multi_select', ['email', 'sms', 'phone'], 2),
      fieldRow(4, 'contacts', 'vip_support', 'VIP support', 'checkbox', [], 3),
      fieldRow(5, 'contacts', 'portal', 'Portal', 'url', [], 4),
      fieldRow(6, 'companies', 'account_tier', 'Account tier', 'select', ['Bronze', 'Gold'], 0),
    ],
    ...overrides.rows,
  },
});

export const defOf = (table: string): TableDef => {
  const def = TABLE_DEFS.find((candidate) => candidate.name === table);
  if (!def) throw new Error(`no table ${table}`);
  return def;
};

export const renderWith = (backend: FakeBackend, ui: ReactNode): RenderResult =>
  render(
    <BackendProvider backend={backend}>
      <ToastProvider>
        <SchemaProvider tables={TABLE_DEFS}>{ui}</SchemaProvider>
      </ToastProvider>
    </BackendProvider>,
  );

export const fakeWith = (seed: FakeSeed = crmSeed()): FakeBackend => createFakeBackend(seed);

/** The calls of one command, their arguments in order. */
export const callsOf = (backend: FakeBackend, cmd: string): unknown[] =>
  backend.calls.filter((call) => call.cmd === cmd).map((call) => call.args);

export const stored = (backend: FakeBackend, table: Parameters<FakeBackend['rows']>[0], id: string): Row => {
  const row = backend.rows(table).find((candidate) => candidate.id === id);
  if (!row) throw new Error(`no ${table} ${id}`);
  return row;
};
