import type { TableName } from '../../../bindings';

/** How a table is named in the UI: its tab, one record, several records. */
export type TableLabel = { tab: string; one: string; many: string };

const TABLE_LABELS: Record<TableName, TableLabel> = {
  contacts: { tab: 'Contacts', one: 'contact', many: 'contacts' },
  contact_notes: { tab: 'Notes', one: 'note', many: 'notes' },
  contact_activities: { tab: 'Activities', one: 'activity', many: 'activities' },
  companies: { tab: 'Companies', one: 'company', many: 'companies' },
  events: { tab: 'Events', one: 'event', many: 'events' },
  calendars: { tab: 'Calendars', one: 'calendar', many: 'calendars' },
  booking_types: { tab: 'Booking types', one: 'booking type', many: 'booking types' },
  availability_rules: { tab: 'Availability', one: 'availability rule', many: 'availability rules' },
  availability_exceptions: { tab: 'Exceptions', one: 'exception', many: 'exceptions' },
  booking_settings: { tab: 'Booking page', one: 'booking page', many: 'booking pages' },
  google_calendar_tokens: { tab: 'Google tokens', one: 'Google token', many: 'Google tokens' },
  sync_logs: { tab: 'Sync log', one: 'sync entry', many: 'sync entries' },
  forms: { tab: 'Forms', one: 'form', many: 'forms' },
  form_submissions: { tab: 'Submissions', one: 'submission', many: 'submissions' },
  form_views: { tab: 'Views', one: 'daily view count', many: 'daily view counts' },
  pipeline_cards: { tab: 'Cards', one: 'card', many: 'cards' },
  pipelines: { tab: 'Pipelines', one: 'pipeline', many: 'pipelines' },
  pipeline_stages: { tab: 'Stages', one: 'stage', many: 'stages' },
  orders: { tab: 'Orders', one: 'order', many: 'orders' },
  order_items: { tab: 'Order items', one: 'order item', many: 'order items' },
  products: { tab: 'Products', one: 'product', many: 'products' },
  invoices: { tab: 'Invoices', one: 'invoice', many: 'invoices' },
  transactions: { tab: 'Transactions', one: 'transaction', many: 'transactions' },
  ai_agents: { tab: 'Agents', one: 'agent', many: 'agents' },
  ai_agent_conversations: { tab: 'Conversations', one: 'conversation', many: 'conversations' },
  ai_agent_messages: { tab: 'Messages', one: 'message', many: 'messages' },
  templates: { tab: 'Templates', one: 'template', many: 'templates' },
  assets: { tab: 'Assets', one: 'asset', many: 'assets' },
  integrations: { tab: 'Integrations', one: 'integration', many: 'integrations' },
  integration_logs: { tab: 'Logs', one: 'log entry', many: 'log entries' },
  automations: { tab: 'Automations', one: 'automation', many: 'automations' },
  automation_runs: { tab: 'Runs', one: 'run', many: 'runs' },
  trigger_events: { tab: 'Events', one: 'trigger event', many: 'trigger events' },
  email_campaigns: { tab: 'Email', one: 'email campaign', many: 'email campaigns' },
  sms_campaigns: { tab: 'SMS', one: 'SMS campaign', many: 'SMS campaigns' },
  tags: { tab: 'Tags', one: 'tag', many: 'tags' },
  custom_field_definitions: { tab: 'Custom fields', one: 'custom field', many: 'custom fields' },
  saved_views: { tab: 'Saved views', one: 'saved view', many: 'saved views' },
  notifications: { tab: 'Notifications', one: 'notification', many: 'notifications' },
  audit_logs: { tab: 'Audit log', one: 'audit entry', many: 'audit entries' },
  users: { tab: 'Users', one: 'user', many: 'users' },
  organization_members: { tab: 'Members', one: 'member', many: 'members' },
  organizations: { tab: 'Organizations', one: 'organization', many: 'organizations' },
};

/** Labels of a table; a table the UI does not know yet gets labels made from its name. */
export const tableLabel = (table: string): TableLabel => {
  const known = (TABLE_LABELS as Record<string, TableLabel | undefined>)[table];
  if (known) return known;
  const words = table.replace(/_/g, ' ');
  return { tab: capitalize(words), one: words.replace(/s$/, ''), many: words };
};

export const capitalize = (text: string): string =>
  text.length === 0 ? text : text.charAt(0).toUpperCase() + text.slice(1);

/** Words that keep their own spelling in labels. */
const WORDS: Record<string, string> = {
  url: 'URL',
  sms: 'SMS',
  utm: 'UTM',
  ip: 'IP',
  sku: 'SKU',
  css: 'CSS',
  html: 'HTML',
  ai: 'AI',
  dob: 'Date of birth',
};

const COLUMN_LABELS: Record<string, string> = {
  id: 'ID',
  created_at: 'Created',
  updated_at: 'Updated',
  deleted_at: 'Deleted',
  dob: 'Date of birth',
  opt_in_email: 'Email opt-in',
  opt_in_sms: 'SMS opt-in',
  opt_in_calls: 'Calls opt-in',
  opt_in_automations: 'Automations opt-in',
  owner_id: 'Owner',
  user_id: 'User',
  created_by: 'Created by',
  lead_score: 'Lead score',
};

/** `lead_score` → "Lead score", `contact_id` → "Contact", `is_active` → "Active". */
export const columnLabel = (column: string): string => {
  const fixed = COLUMN_LABELS[column];
  if (fixed) return fixed;
  let name = column;
  if (name.endsWith('_id') && name !== 'id') name = name.slice(0, -3);
  if (name.startsWith('is_')) name = name.slice(3);
  const words = name.split('_').filter((word) => word.length > 0);
  const text = words
    .map((word, index) => WORDS[word] ?? (index === 0 ? capitalize(word) : word))
    .join(' ');
  return text.length > 0 ? text : column;
};
