import type { Column } from '../../../bindings';
import type { BadgeTone } from '../../../ui/Badge';
import { capitalize } from './labels';

const TONES: Record<string, BadgeTone> = {
  lead: 'blue',
  contact: 'purple',
  customer: 'green',
  inactive: 'gray',
  hot: 'red',
  warm: 'amber',
  cold: 'blue',
  unqualified: 'gray',
  high: 'red',
  medium: 'amber',
  low: 'gray',
  active: 'green',
  trial: 'blue',
  suspended: 'red',
  cancelled: 'gray',
  pending: 'amber',
  processing: 'blue',
  completed: 'green',
  refunded: 'purple',
  unpaid: 'amber',
  paid: 'green',
  partially_paid: 'amber',
  draft: 'gray',
  sent: 'green',
  overdue: 'red',
  scheduled: 'blue',
  confirmed: 'green',
  no_show: 'red',
  success: 'green',
  failed: 'red',
  partial: 'amber',
  warning: 'amber',
  error: 'red',
  info: 'blue',
  running: 'blue',
  stopped: 'gray',
  sending: 'blue',
  paused: 'amber',
  archived: 'gray',
  owner: 'purple',
  admin: 'purple',
};

const PALETTE: ReadonlyArray<BadgeTone> = ['blue', 'green', 'amber', 'purple', 'teal', 'pink'];

/** A steady colour for an enum value: known meanings first, then a hash of the value. */
export const badgeTone = (value: string): BadgeTone => {
  const known = TONES[value];
  if (known) return known;
  let hash = 0;
  for (const char of value) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length] ?? 'gray';
};

/** `partially_paid` → "Partially paid"; values such as `1-10` stay as they are. */
export const enumLabel = (value: string): string => capitalize(value.replace(/_/g, ' '));

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export const formatTimestamp = (instant: string): string => {
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? instant : dateTimeFormat.format(date);
};

/** A calendar date (`YYYY-MM-DD`), shown without any time-zone shift. */
export const formatDate = (value: string): string => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return value;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(date.getTime()) ? value : dateFormat.format(date);
};

const fractionDigits = (value: string): number => {
  const dot = value.indexOf('.');
  return dot === -1 ? 0 : value.length - dot - 1;
};

/** An exact decimal string with grouping; money keeps at least two decimals. */
export const formatDecimal = (value: string, money: boolean): string => {
  const trimmed = value.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(trimmed)) return value;
  const digits = Math.min(fractionDigits(trimmed), 20);
  const format = new Intl.NumberFormat(undefined, {
    minimumFractionDigits: money ? 2 : digits,
    maximumFractionDigits: money ? Math.max(2, digits) : digits,
  });
  // Intl formats numeric strings exactly, without going through a float.
  return format.format(trimmed as Intl.StringNumericLiteral);
};

/** Decimal columns their module declares as money: two decimals at least, right-aligned. */
export const isMoney = (column: Column): boolean => column.kind.type === 'decimal' && column.meaning === 'money';

export const isNumeric = (column: Column): boolean =>
  column.kind.type === 'decimal' || column.kind.type === 'integer';

/** A stored value as text for a person; empty for no value. */
export const formatValue = (column: Column, value: unknown): string => {
  if (value === null || value === undefined || value === '') return '';
  switch (column.kind.type) {
    case 'bool':
      return value === true ? 'Yes' : 'No';
    case 'timestamp':
      return typeof value === 'string' ? formatTimestamp(value) : String(value);
    case 'date':
      return typeof value === 'string' ? formatDate(value) : String(value);
    case 'time':
      return typeof value === 'string' ? value.slice(0, 5) : String(value);
    case 'decimal':
      return formatDecimal(String(value), isMoney(column));
    case 'integer':
      return typeof value === 'number' ? value.toLocaleString() : String(value);
    case 'enum':
      return enumLabel(String(value));
    case 'string_array':
      return Array.isArray(value) ? value.join(', ') : String(value);
    case 'object':
    case 'array':
    case 'json':
      return JSON.stringify(value);
    default:
      return String(value);
  }
};

/** "just now", "5 min ago", "3 h ago", or the date. */
export const ago = (iso: string, now: Date = new Date()): string => {
  const seconds = Math.max(0, Math.round((now.getTime() - new Date(iso).getTime()) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(iso).toLocaleDateString();
};
