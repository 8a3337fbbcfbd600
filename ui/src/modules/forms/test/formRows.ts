import { DEMO_USER } from '../../../backend/fake/demoSeed';
import { ORG } from '../../../test/fixtures';

type Row = Record<string, unknown>;

export const FORM_ID = '00000000-0000-4000-8000-00000000f0f1';

/** A stored form of the contract's shape (a contact form with a hidden field). */
export const formRow = (extra: Row = {}): Row => ({
  id: FORM_ID,
  organization_id: ORG,
  user_id: DEMO_USER.id,
  name: 'Contact us',
  description: null,
  slug: 'contact-us',
  fields: [
    { id: 'first_name', type: 'text', label: 'First name', required: true, map_to: 'first_name' },
    { id: 'email', type: 'email', label: 'Email', required: true, map_to: 'email' },
    { id: 'topic', type: 'select', label: 'Topic', required: false, options: ['Sales', 'Support'] },
    { id: 'campaign', type: 'hidden', label: 'Campaign', required: false },
  ],
  settings: { contact_action: 'create_or_update', overwrite: false, tags: [], owner_id: null, notify_user_ids: [], double_opt_in: false, submission_limit: null, closes_at: null, min_fill_seconds: 3, accent_color: '#2563eb', submit_label: 'Send' },
  is_active: false,
  is_public: false,
  redirect_url: null,
  thank_you_message: 'Thanks!',
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  deleted_at: null,
  ...extra,
});

export const submissionRow = (n: number, data: Row, extra: Row = {}): Row => ({
  id: `00000000-0000-4000-8000-0000000050${String(n).padStart(2, '0')}`,
  form_id: FORM_ID,
  contact_id: null,
  data,
  ip_address: '203.0.113.7',
  user_agent: 'Mozilla/5.0',
  referrer: null,
  utm_source: null,
  utm_medium: null,
  utm_campaign: null,
  created_at: new Date(Date.now() - n * 3600_000).toISOString(),
  deleted_at: null,
  status: 'received',
  spam_reason: null,
  ...extra,
});
