import type { Column, TableDef } from '../../../bindings';
import { displayFields } from './displayName';
import { LONG_TEXT_COLUMNS } from './formValues';
import { columnLabel } from './labels';
import { isNumeric } from './format';

/** One column of a records table: the record's name, or one of its fields. */
export type ListColumn = {
  key: string;
  label: string;
  /** The field shown; `null` for the name column, which shows `displayName`. */
  column: Column | null;
  /** Field the header sorts by, if any. */
  sortField: string | null;
  align: 'left' | 'right';
};

export const NAME_COLUMN_KEY = '__name';

const MAX_EXTRA_COLUMNS = 5;

/** Chosen by hand where the heuristic would pick less useful fields. */
const CHOSEN: Record<string, ReadonlyArray<string>> = {
  contacts: ['email', 'phone', 'company', 'status', 'lead_score', 'created_at'],
  companies: ['domain', 'industry', 'phone', 'annual_revenue', 'created_at'],
  contact_activities: ['activity_type', 'description', 'created_at'],
  contact_notes: ['is_pinned', 'created_at'],
  events: ['start_time', 'end_time', 'status', 'location', 'guest_name'],
  orders: ['status', 'payment_status', 'payment_method', 'total', 'created_at'],
  invoices: ['status', 'issue_date', 'due_date', 'total', 'created_at'],
  products: ['sku', 'type', 'price', 'is_active', 'inventory_count'],
  pipeline_cards: ['priority', 'value', 'due_date', 'tags', 'created_at'],
  transactions: ['status', 'payment_method', 'payment_gateway', 'created_at'],
  users: ['email', 'role', 'status', 'last_login_at', 'created_at'],
  organizations: ['slug', 'industry', 'size', 'status', 'created_at'],
  email_campaigns: ['subject', 'status', 'scheduled_at', 'recipient_count', 'opened_count'],
  sms_campaigns: ['status', 'scheduled_at', 'recipient_count', 'delivered_count'],
  audit_logs: ['entity_id', 'ip_address', 'created_at'],
  notifications: ['type', 'is_read', 'created_at'],
};

/** Kinds a list cannot show in a narrow cell. */
const WIDE_KINDS: ReadonlyArray<Column['kind']['type']> = ['object', 'array', 'json', 'uuid'];

const SECRET_HINTS = ['token', 'password', 'secret', 'credential'];

const SORTABLE_KINDS: ReadonlyArray<Column['kind']['type']> = [
  'uuid',
  'text',
  'integer',
  'bool',
  'decimal',
  'timestamp',
  'date',
  'time',
  'enum',
];

export const isSortable = (column: Column): boolean => SORTABLE_KINDS.includes(column.kind.type);

const fieldColumn = (column: Column): ListColumn => ({
  key: column.name,
  label: columnLabel(column.name),
  column,
  sortField: isSortable(column) ? column.name : null,
  align: isNumeric(column) ? 'right' : 'left',
});

/** Fields a generic list would show for `def`, in schema order, `created_at` last. */
const informativeColumns = (def: TableDef, skip: ReadonlyArray<string>): Column[] => {
  const candidates = def.columns.filter(
    (column) =>
      !skip.includes(column.name) &&
      !def.hidden.includes(column.name) &&
      !['id', 'organization_id', 'updated_at', 'deleted_at', 'created_at'].includes(column.name) &&
      !WIDE_KINDS.includes(column.kind.type) &&
      !LONG_TEXT_COLUMNS.includes(column.name) &&
      !SECRET_HINTS.some((hint) => column.name.includes(hint)),
  );
  const created = def.columns.find((column) => column.name === 'created_at');
  const room = created ? MAX_EXTRA_COLUMNS - 1 : MAX_EXTRA_COLUMNS;
  const picked = candidates.slice(0, room);
  return created ? [...picked, created] : picked;
};

/** Headers of name columns that are not simply a name. */
const NAME_LABELS: Record<string, string> = {
  contact_notes: 'Note',
  contact_activities: 'Activity',
  order_items: 'Item',
  transactions: 'Transaction',
  form_submissions: 'Submission',
  ai_agent_conversations: 'Conversation',
  ai_agent_messages: 'Message',
  audit_logs: 'Action',
  availability_rules: 'Rule',
  availability_exceptions: 'Exception',
  integration_logs: 'Action',
  automation_runs: 'Run',
  sync_logs: 'Sync',
};

/** The name column's header and sort field. */
const nameColumn = (def: TableDef, nameFields: ReadonlyArray<string>): ListColumn => {
  if (def.name === 'contacts' || def.name === 'users') {
    return { key: NAME_COLUMN_KEY, label: 'Name', column: null, sortField: 'last_name', align: 'left' };
  }
  const first = nameFields[0];
  const column = first ? def.columns.find((candidate) => candidate.name === first) : undefined;
  const label =
    NAME_LABELS[def.name] ?? (!column || column.name === 'name' || nameFields.length > 1 ? 'Name' : columnLabel(column.name));
  return {
    key: NAME_COLUMN_KEY,
    label,
    column: null,
    sortField: column && isSortable(column) ? column.name : null,
    align: 'left',
  };
};

/** The columns of the records table for `def`: the record's name, then up to five fields. */
export const listColumns = (def: TableDef): ListColumn[] => {
  const names = def.columns.map((column) => column.name);
  const nameFields = displayFields(def.name, names);
  const chosen = CHOSEN[def.name];
  const fields = chosen
    ? chosen.flatMap((name) => def.columns.filter((column) => column.name === name))
    : informativeColumns(def, nameFields);
  return [nameColumn(def, nameFields), ...fields.map(fieldColumn)];
};
