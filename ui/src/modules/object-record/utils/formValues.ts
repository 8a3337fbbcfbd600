import type { Column, TableDef } from '../../../bindings';
import { tableSpec } from '../states/registry';

/** What a form input holds: text for most kinds, a boolean for checkboxes. */
export type FormValue = string | boolean;
export type FormValues = Record<string, FormValue>;
export type FormMode = 'create' | 'edit';

type Row = Record<string, unknown>;

/** Filled and managed by the backend, never shown in a form. */
export const SYSTEM_COLUMNS: ReadonlyArray<string> = [
  'id',
  'organization_id',
  'created_at',
  'updated_at',
  'deleted_at',
];

/** Filled by the backend with the local user when a record is created (its module says so). */
const isActor = (column: Column): boolean => column.meaning === 'actor';

/** Checkboxes show what will be saved, so they start at the schema's default. */
const CHECKED_BY_DEFAULT: ReadonlyArray<string> = [
  'opt_in_email',
  'opt_in_sms',
  'opt_in_calls',
  'opt_in_automations',
  'is_active',
  'is_visible',
  'is_available',
];

/** Free text that deserves a multi-line input. */
export const LONG_TEXT_COLUMNS: ReadonlyArray<string> = [
  'description',
  'content',
  'notes',
  'message',
  'html_content',
  'css_content',
  'custom_css',
  'prompt_template',
  'thank_you_message',
  'error_message',
];

export const isRequired = (column: Column): boolean => !column.nullable && !column.has_default;

/** The columns a person fills in: no system columns, no hidden ones, none the core
 * computes (totals, numbers), no actor on create. */
export const formColumns = (def: TableDef, mode: FormMode): Column[] =>
  def.columns.filter(
    (column) =>
      !SYSTEM_COLUMNS.includes(column.name) &&
      !def.hidden.includes(column.name) &&
      !column.computed &&
      !(mode === 'create' && isActor(column)),
  );

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** An RFC 3339 instant as the value of a `datetime-local` input, in the user's time zone. */
export const toLocalDateTime = (instant: string): string => {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return '';
  return (
    `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
};

/** A `datetime-local` value (the user's time zone) as an RFC 3339 instant in UTC. */
export const fromLocalDateTime = (local: string): string | null => {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(local.trim());
  if (!match) return null;
  const [year, month, day, hours, minutes, seconds] = match
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part)));
  const date = new Date(year ?? 0, (month ?? 1) - 1, day, hours, minutes, seconds);
  // Reject dates the Date constructor silently rolls over (2026-02-30 → March 2).
  if (Number.isNaN(date.getTime()) || date.getMonth() !== (month ?? 1) - 1) return null;
  return date.toISOString();
};

/** `"vip, new , "` → `["vip", "new"]`. */
export const parseStringList = (text: string): string[] =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

/** A stored value as what its input shows. */
export const toFormValue = (column: Column, value: unknown): FormValue => {
  if (column.kind.type === 'bool') return value === true;
  if (value === null || value === undefined) return '';
  switch (column.kind.type) {
    case 'timestamp':
      return typeof value === 'string' ? toLocalDateTime(value) : '';
    case 'time':
      return typeof value === 'string' ? value.slice(0, 5) : '';
    case 'string_array':
      return Array.isArray(value) ? value.map(String).join(', ') : '';
    case 'object':
    case 'array':
    case 'json':
      return JSON.stringify(value, null, 2);
    default:
      return typeof value === 'string' ? value : String(value);
  }
};

/** The starting values of a form: a record's own values, or defaults for a new one. */
export const initialFormValues = (
  def: TableDef,
  mode: FormMode,
  record?: Row,
): FormValues => {
  const values: FormValues = {};
  for (const column of formColumns(def, mode)) {
    if (mode === 'edit' && record) {
      values[column.name] = toFormValue(column, record[column.name]);
    } else if (column.kind.type === 'bool') {
      values[column.name] = CHECKED_BY_DEFAULT.includes(column.name);
    } else {
      // The table's module may start a new record where the schema's default is worth showing.
      values[column.name] = tableSpec(def.name).prefill?.[column.name] ?? '';
    }
  }
  return values;
};

export type Converted =
  | { kind: 'value'; value: unknown }
  | { kind: 'empty' }
  | { kind: 'error'; reason: string };

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)$/;
const INTEGER = /^[+-]?\d+$/;

/** One input's value as what the backend takes for `column`. */
export const fromFormValue = (column: Column, value: FormValue): Converted => {
  if (typeof value === 'boolean') return { kind: 'value', value };
  const trimmed = value.trim();
  if (trimmed.length === 0) return { kind: 'empty' };
  switch (column.kind.type) {
    case 'integer': {
      if (!INTEGER.test(trimmed)) return { kind: 'error', reason: 'must be a whole number' };
      const number = Number(trimmed);
      if (!Number.isSafeInteger(number)) return { kind: 'error', reason: 'is too large' };
      return { kind: 'value', value: number };
    }
    case 'decimal':
      return DECIMAL.test(trimmed)
        ? { kind: 'value', value: trimmed }
        : { kind: 'error', reason: 'must be a decimal number such as 19.99' };
    case 'timestamp': {
      const instant = fromLocalDateTime(trimmed);
      return instant === null
        ? { kind: 'error', reason: 'must be a date and time' }
        : { kind: 'value', value: instant };
    }
    case 'string_array':
      return { kind: 'value', value: parseStringList(trimmed) };
    case 'object':
    case 'array':
    case 'json': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(trimmed);
      } catch {
        return { kind: 'error', reason: 'is not valid JSON' };
      }
      if (column.kind.type === 'object' && (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))) {
        return { kind: 'error', reason: 'must be a JSON object such as {"key": "value"}' };
      }
      if (column.kind.type === 'array' && !Array.isArray(parsed)) {
        return { kind: 'error', reason: 'must be a JSON array such as ["a", "b"]' };
      }
      return { kind: 'value', value: parsed };
    }
    default:
      return { kind: 'value', value: trimmed };
  }
};

/** What an emptied input means when a record is edited. */
const clearedValue = (column: Column): unknown => {
  if (column.kind.type === 'string_array') return [];
  if (column.kind.type === 'text' && !column.nullable) return '';
  return null;
};

export type FormData =
  | { ok: true; data: Record<string, unknown> }
  | { ok: false; field: string; message: string };

/**
 * The form as the `data` of a create (empty inputs left out, so the backend applies its
 * defaults and names missing required fields) or the `patch` of an update (only changed
 * inputs; an emptied one clears the field). Errors look like the backend's:
 * `field: reason`.
 */
export const formToData = (
  columns: ReadonlyArray<Column>,
  values: FormValues,
  mode: FormMode,
  initial: FormValues = {},
): FormData => {
  const data: Record<string, unknown> = {};
  for (const column of columns) {
    const value = values[column.name];
    if (value === undefined) continue;
    if (mode === 'edit' && value === initial[column.name]) continue;
    const converted = fromFormValue(column, value);
    if (converted.kind === 'error') {
      return { ok: false, field: column.name, message: `${column.name}: ${converted.reason}` };
    }
    if (converted.kind === 'value') data[column.name] = converted.value;
    else if (mode === 'edit') data[column.name] = clearedValue(column);
  }
  return { ok: true, data };
};
