import type { Organization, TableName, User } from '../../bindings';
import type { FakeSeed } from './fakeBackend';

type Row = Record<string, unknown>;

const FIRST = ['Ada', 'Grace', 'Alan', 'Katherine', 'Linus', 'Margaret', 'Dennis', 'Barbara', 'Ken', 'Frances', 'Edsger', 'Radia'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Johnson', 'Torvalds', 'Hamilton', 'Ritchie', 'Liskov', 'Thompson', 'Allen', 'Dijkstra', 'Perlman'];
const COMPANIES = ['Northwind', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark Industries', 'Wayne Enterprises', 'Acme'];
const STATUSES = ['lead', 'contact', 'customer', 'inactive'];
const QUALITY = ['hot', 'warm', 'cold', 'unqualified', null];

/** A deterministic id for seeded row `n` of `prefix`. */
const seededId = (prefix: number, n: number): string =>
  `00000000-0000-4000-8${prefix.toString(16).padStart(3, '0')}-${n.toString(16).padStart(12, '0')}`;

const at = (daysAgo: number, hour = 10): string => {
  const date = new Date(Date.UTC(2026, 10, 24, hour, 0, 0));
  date.setUTCDate(date.getUTCDate() - daysAgo);
  return date.toISOString();
};

const pick = <T,>(list: ReadonlyArray<T>, n: number): T => list[n % list.length] as T;

export const DEMO_USER: User = {
  id: seededId(1, 1),
  email: 'you@agency.example',
  first_name: 'Jamie',
  last_name: 'Rivera',
  phone: null,
  avatar_url: null,
  role: 'admin',
  status: 'active',
  timezone: 'UTC',
  locale: 'en',
  is_email_verified: true,
  last_login_at: null,
  created_at: at(400),
  updated_at: at(400),
  deleted_at: null,
};

const organization = (n: number, name: string, slug: string): Organization => ({
  id: seededId(2, n),
  name,
  slug,
  owner_id: DEMO_USER.id,
  logo_url: null,
  website: null,
  industry: 'Marketing',
  size: '11-50',
  status: 'active',
  created_at: at(400),
  updated_at: at(400),
  deleted_at: null,
  parent_id: null,
});

/** A small agency with enough contacts to page through, for the browser preview. */
export const demoSeed = (contactCount = 120): FakeSeed => {
  const main = organization(1, 'Brightside Agency', 'brightside');
  const other = organization(2, 'Side Project', 'side-project');
  const org = main.id;
  const base = { organization_id: org, deleted_at: null };
  const contacts: Row[] = Array.from({ length: contactCount }, (_, i) => {
    const first = pick(FIRST, i);
    const last = pick(LAST, i * 7 + Math.floor(i / 12));
    return {
      ...base,
      id: seededId(10, i + 1),
      first_name: first,
      last_name: last,
      email: `${first}.${last}${i}@example.com`.toLowerCase(),
      phone: i % 3 === 0 ? null : `+1 555 01${String(i).padStart(2, '0')}`,
      company: pick(COMPANIES, i),
      title: i % 2 ? 'Marketing lead' : null,
      department: null,
      website: null,
      address: {},
      dob: null,
      owner_id: DEMO_USER.id,
      source: i % 4 === 0 ? 'Website' : 'Referral',
      status: pick(STATUSES, i),
      lead_score: (i * 37) % 101,
      quality: pick(QUALITY, i),
      engagement: null,
      tags: i % 5 === 0 ? ['vip', 'newsletter'] : [],
      custom_fields: {},
      opt_in_email: true,
      opt_in_sms: i % 2 === 0,
      opt_in_calls: true,
      opt_in_automations: true,
      last_contacted_at: i % 4 ? at(i % 30, 15) : null,
      created_at: at(i, 9 + (i % 8)),
      updated_at: at(i, 9 + (i % 8)),
    };
  });
  const companies: Row[] = COMPANIES.map((name, i) => ({
    ...base,
    id: seededId(11, i + 1),
    name,
    domain: `${name.toLowerCase().replace(/\s+/g, '')}.example`,
    industry: pick(['Retail', 'Software', 'Manufacturing', 'Media'], i),
    size: null,
    annual_revenue: i % 3 === 0 ? null : `${(i + 1) * 125000}.00`,
    phone: null,
    website: null,
    address: {},
    owner_id: DEMO_USER.id,
    tags: [],
    custom_fields: {},
    created_at: at(i * 3),
    updated_at: at(i * 3),
  }));
  const notes: Row[] = contacts.slice(0, 6).map((contact, i) => ({
    id: seededId(12, i + 1),
    contact_id: contact.id,
    user_id: DEMO_USER.id,
    content: `Called ${String(contact.first_name)} about the Q${(i % 4) + 1} campaign; follow up next week.`,
    is_pinned: i === 0,
    created_at: at(i),
    updated_at: at(i),
    deleted_at: null,
  }));
  const products: Row[] = ['SEO audit', 'Landing page', 'Monthly retainer'].map((name, i) => ({
    ...base,
    id: seededId(13, i + 1),
    name,
    description: null,
    sku: `SKU-${100 + i}`,
    price: ['499.00', '1200.00', '2500.00'][i],
    type: i === 2 ? 'subscription' : 'service',
    is_active: true,
    inventory_count: null,
    images: [],
    metadata: {},
    created_at: at(50 + i),
    updated_at: at(50 + i),
  }));
  const orders: Row[] = contacts.slice(0, 5).map((contact, i) => ({
    ...base,
    id: seededId(14, i + 1),
    contact_id: contact.id,
    order_number: `ORD-${1001 + i}`,
    status: pick(['pending', 'processing', 'completed', 'cancelled'], i),
    subtotal: `${(i + 1) * 499}.00`,
    tax: '0',
    shipping: '0',
    discount: '0',
    total: `${(i + 1) * 499}.00`,
    payment_status: pick(['unpaid', 'paid', 'partially_paid'], i),
    payment_method: 'card',
    shipping_address: {},
    billing_address: {},
    notes: null,
    created_at: at(i * 2),
    updated_at: at(i * 2),
  }));
  const tags: Row[] = ['vip', 'newsletter', 'partner'].map((name, i) => ({
    ...base,
    id: seededId(15, i + 1),
    name,
    color: pick(['#2563eb', '#16a34a', '#d97706'], i),
    type: 'contact',
    usage_count: 3 - i,
    created_at: at(100),
  }));
  // The same custom fields as the core's demo data.
  const customField = (n: number, entity: string, key: string, label: string, options: string[], position: number): Row => ({
    ...base,
    id: seededId(18, n),
    entity,
    key,
    label,
    field_type: 'select',
    options,
    position,
    created_at: at(100),
    updated_at: at(100),
  });
  const customFields: Row[] = [
    customField(1, 'contacts', 'budget', 'Budget', ['< $1k', '$1k-5k', '$5k-20k', '> $20k'], 0),
    customField(2, 'contacts', 'preferred_channel', 'Preferred channel', ['email', 'phone', 'sms'], 1),
    customField(3, 'companies', 'account_tier', 'Account tier', ['Bronze', 'Silver', 'Gold'], 0),
  ];
  // The same saved views as the core's demo data.
  const savedView = (n: number, name: string, filters: Row[], sort: Row, position: number): Row => ({
    ...base,
    id: seededId(19, n),
    user_id: DEMO_USER.id,
    entity: 'contacts',
    name,
    filters,
    sort,
    columns: ['first_name', 'last_name', 'email', 'company', 'status', 'lead_score', 'tags', 'owner_id'],
    position,
    created_at: at(100),
    updated_at: at(100),
  });
  const savedViews: Row[] = [
    savedView(
      1,
      'Hot leads',
      [
        { field: 'status', op: 'eq', value: 'lead' },
        { field: 'quality', op: 'eq', value: 'hot' },
      ],
      { field: 'lead_score', desc: true },
      0,
    ),
    savedView(2, 'Customers', [{ field: 'status', op: 'eq', value: 'customer' }], { field: 'last_name', desc: false }, 1),
  ];
  const audit: Row[] = contacts.slice(0, 3).map((contact, i) => ({
    organization_id: org,
    id: seededId(16, i + 1),
    user_id: DEMO_USER.id,
    action: 'create',
    entity_type: 'contacts',
    entity_id: contact.id,
    changes: { after: { email: contact.email } },
    ip_address: null,
    user_agent: null,
    created_at: at(i),
  }));
  const rows: Partial<Record<TableName, Row[]>> = {
    contacts,
    companies,
    contact_notes: notes,
    products,
    orders,
    tags,
    custom_field_definitions: customFields,
    saved_views: savedViews,
    audit_logs: audit,
    organization_members: [
      { ...base, id: seededId(17, 1), user_id: DEMO_USER.id, role: 'owner', permissions: [], joined_at: at(400), created_at: at(400), updated_at: at(400) },
    ],
  };
  return { user: DEMO_USER, organizations: [main, other], activeOrganizationId: org, rows };
};
