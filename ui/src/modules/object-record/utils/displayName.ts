import { capitalize } from './labels';

type Row = Record<string, unknown>;

const MAX_LENGTH = 80;

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Fields that name a record, in order of preference, for tables without a rule below. */
export const NAME_FIELDS = [
  'name',
  'title',
  'order_number',
  'invoice_number',
  'booking_page_title',
  'original_filename',
  'filename',
  'subject',
  'action',
  'content',
  'message',
] as const;

const text = (value: unknown): string => {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return '';
};

const truncate = (value: string): string => {
  const oneLine = value.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_LENGTH ? `${oneLine.slice(0, MAX_LENGTH - 1)}…` : oneLine;
};

const join = (...parts: string[]): string => parts.filter((part) => part.length > 0).join(' ');

const datePart = (value: unknown): string => text(value).slice(0, 10);

const shortTime = (value: unknown): string => text(value).slice(0, 5);

const personName = (row: Row): string =>
  join(text(row.first_name), text(row.last_name)) || text(row.email);

const RULES: Record<string, (row: Row) => string> = {
  contacts: personName,
  users: personName,
  order_items: (row) => {
    const quantity = text(row.quantity);
    const price = text(row.unit_price);
    return quantity && price ? `${quantity} × ${price}` : quantity || price;
  },
  transactions: (row) =>
    join(capitalize(text(row.transaction_type)), text(row.amount), text(row.currency)),
  form_submissions: (row) => join('Submission', datePart(row.created_at)),
  ai_agent_conversations: (row) => join('Conversation', text(row.id).slice(0, 8)),
  organization_members: (row) => join(capitalize(text(row.role)), 'member'),
  availability_rules: (row) => {
    const day = typeof row.day_of_week === 'number' ? (WEEKDAYS[row.day_of_week] ?? '') : '';
    const from = shortTime(row.start_time);
    const to = shortTime(row.end_time);
    return join(day, from && to ? `${from}–${to}` : from || to);
  },
  availability_exceptions: (row) => {
    const reason = text(row.reason);
    return reason ? `${datePart(row.date)} · ${reason}` : datePart(row.date);
  },
  sync_logs: (row) => join(capitalize(text(row.sync_type)), 'sync', datePart(row.created_at)),
  automation_runs: (row) => join('Run', datePart(row.started_at ?? row.created_at)),
  audit_logs: (row) => join(text(row.action), text(row.entity_type)),
  google_calendar_tokens: (row) => join('Google token', datePart(row.created_at)),
};

/**
 * The short name a person knows a record by: a contact's full name, a product's name, a
 * note's first words. Falls back to the start of the id, then to "Untitled".
 */
export const displayName = (table: string, row: Row): string => {
  const rule = RULES[table];
  const ruled = rule ? rule(row) : '';
  if (ruled) return truncate(ruled);
  for (const field of NAME_FIELDS) {
    const value = text(row[field]);
    if (value) return truncate(value);
  }
  const id = text(row.id);
  return id ? `#${id.slice(0, 8)}` : 'Untitled';
};

/** The fields `displayName` reads for `table`, so a list does not repeat them as columns. */
export const displayFields = (table: string, columns: ReadonlyArray<string>): string[] => {
  switch (table) {
    case 'contacts':
    case 'users':
      return ['first_name', 'last_name'];
    case 'order_items':
      return ['quantity', 'unit_price'];
    case 'transactions':
      return ['transaction_type', 'amount', 'currency'];
    case 'availability_rules':
      return ['day_of_week', 'start_time', 'end_time'];
    case 'availability_exceptions':
      return ['date', 'reason'];
    case 'audit_logs':
      return ['action', 'entity_type'];
    default: {
      if (RULES[table]) return [];
      const field = NAME_FIELDS.find((name) => columns.includes(name));
      return field ? [field] : [];
    }
  }
};

/** Up to two initials of a name, for an avatar: "Ada Lovelace" → "AL". */
export const initials = (name: string): string =>
  name
    .split(/\s+/)
    .filter((word) => /^\p{L}/u.test(word))
    .slice(0, 2)
    .map((word) => word.charAt(0).toUpperCase())
    .join('');
