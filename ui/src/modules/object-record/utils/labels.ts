import { tableSpec } from '../states/registry';
import type { TableLabel } from '../types/manifest';

export type { TableLabel };

/**
 * Labels of a table, as its module declares them (`TableSpec.labels`); a table no module
 * names gets labels made from its name.
 */
export const tableLabel = (table: string): TableLabel => {
  const known = tableSpec(table).labels;
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
