import { tableSpec } from '../states/registry';

type Row = Record<string, unknown>;

const MAX_LENGTH = 80;

/**
 * Columns that name a record, in order of preference, for tables whose module declares no
 * `displayName` of their own.
 */
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

// Small helpers for the modules' own `displayName` rules.

/** A field's value as trimmed text; '' for anything that is not text or a number. */
export const text = (value: unknown): string => {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return '';
};

/** The non-empty parts, joined by spaces. */
export const joinWords = (...parts: string[]): string => parts.filter((part) => part.length > 0).join(' ');

/** The day of a date or an instant (`YYYY-MM-DD`). */
export const dayOf = (value: unknown): string => text(value).slice(0, 10);

/** `HH:MM` of a time of day. */
export const shortTime = (value: unknown): string => text(value).slice(0, 5);

const truncate = (value: string): string => {
  const oneLine = value.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_LENGTH ? `${oneLine.slice(0, MAX_LENGTH - 1)}…` : oneLine;
};

/**
 * The short name a person knows a record by: a contact's full name, a product's name, a
 * note's first words. The table's module may say how (`TableSpec.displayName`); otherwise
 * the first generic name column with a value. Falls back to the start of the id, then to
 * "Untitled".
 */
export const displayName = (table: string, row: Row): string => {
  const rule = tableSpec(table).displayName;
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
  const spec = tableSpec(table);
  if (spec.nameFields) return [...spec.nameFields];
  if (spec.displayName) return [];
  const field = NAME_FIELDS.find((name) => columns.includes(name));
  return field ? [field] : [];
};

/** Up to two initials of a name, for an avatar: "Ada Lovelace" → "AL". */
export const initials = (name: string): string =>
  name
    .split(/\s+/)
    .filter((word) => /^\p{L}/u.test(word))
    .slice(0, 2)
    .map((word) => word.charAt(0).toUpperCase())
    .join('');
