import type { CustomFieldDefinition, CustomFieldType, JsonValue } from '../../../bindings';

/** What a custom field's editor holds: text, a checkbox's state, or a multi-select's choices. */
export type CustomFieldDraft = string | boolean | string[];

export type CustomFieldDrafts = Record<string, CustomFieldDraft>;

export type CustomValues = { [key: string]: JsonValue | undefined };

/** A draft as what `custom_fields[key]` stores, nothing (the key is removed), or why not. */
export type ConvertedCustom =
  | { kind: 'value'; value: JsonValue }
  | { kind: 'empty' }
  | { kind: 'error'; reason: string };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** An http(s) address, as the core's URL check takes it (scheme, a host, no spaces). */
export const isHttpUrl = (text: string): boolean => {
  const match = /^https?:\/\/(.+)$/i.exec(text.trim());
  const rest = match?.[1];
  if (!rest || rest.startsWith('/') || /\s/.test(rest)) return false;
  try {
    return new URL(text.trim()).hostname.length > 0;
  } catch {
    return false;
  }
};

const isCalendarDate = (text: string): boolean => {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

/** The editor's starting state for a field with no value. */
export const emptyDraft = (type: CustomFieldType): CustomFieldDraft => {
  if (type === 'checkbox') return false;
  if (type === 'multi_select') return [];
  return '';
};

/** A stored value as its editor's state; values of the wrong shape are shown as text. */
export const toCustomDraft = (type: CustomFieldType, stored: unknown): CustomFieldDraft => {
  if (stored === null || stored === undefined) return emptyDraft(type);
  switch (type) {
    case 'checkbox':
      return stored === true;
    case 'multi_select':
      if (Array.isArray(stored)) return stored.map(String);
      return typeof stored === 'string' && stored !== '' ? [stored] : [];
    default:
      return typeof stored === 'string' ? stored : typeof stored === 'object' ? JSON.stringify(stored) : String(stored);
  }
};

/** One editor's state as the JSON stored under its key. */
export const fromCustomDraft = (definition: Pick<CustomFieldDefinition, 'field_type' | 'options'>, draft: CustomFieldDraft): ConvertedCustom => {
  const type = definition.field_type;
  if (type === 'checkbox') return { kind: 'value', value: draft === true };
  if (type === 'multi_select') {
    const chosen = Array.isArray(draft) ? draft : typeof draft === 'string' && draft.trim() ? [draft.trim()] : [];
    const unique = chosen.filter((item, index) => item.trim() !== '' && chosen.indexOf(item) === index);
    return unique.length === 0 ? { kind: 'empty' } : { kind: 'value', value: unique };
  }
  const text = typeof draft === 'string' ? draft.trim() : Array.isArray(draft) ? draft.join(', ') : '';
  if (text === '') return { kind: 'empty' };
  switch (type) {
    case 'number': {
      if (!NUMBER.test(text)) return { kind: 'error', reason: 'must be a number' };
      const number = Number(text);
      return Number.isFinite(number) ? { kind: 'value', value: number } : { kind: 'error', reason: 'is too large' };
    }
    case 'date':
      return isCalendarDate(text) ? { kind: 'value', value: text } : { kind: 'error', reason: 'must be a date such as 2026-03-01' };
    case 'url':
      return isHttpUrl(text) ? { kind: 'value', value: text } : { kind: 'error', reason: 'must be an http(s) address such as https://example.com' };
    default:
      return { kind: 'value', value: text };
  }
};

/** Drafts for every defined field, from a record's `custom_fields`. */
export const initialCustomDrafts = (definitions: ReadonlyArray<CustomFieldDefinition>, stored: unknown): CustomFieldDrafts => {
  const values = isObject(stored) ? stored : {};
  return Object.fromEntries(definitions.map((definition) => [definition.key, toCustomDraft(definition.field_type, values[definition.key])]));
};

export type CustomFieldsResult =
  | { ok: true; value: CustomValues; changed: boolean }
  | { ok: false; key: string; message: string };

const isObject = (value: unknown): value is CustomValues =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The record's new `custom_fields`: its stored object with each defined field set from its
 * draft (an emptied field's key removed); keys no definition names are kept as they are.
 * `changed` says whether anything differs from what is stored.
 */
export const customFieldsFromDrafts = (
  definitions: ReadonlyArray<CustomFieldDefinition>,
  stored: unknown,
  drafts: CustomFieldDrafts,
): CustomFieldsResult => {
  const before = isObject(stored) ? stored : {};
  const next: CustomValues = { ...before };
  let changed = false;
  for (const definition of definitions) {
    const draft = drafts[definition.key];
    if (draft === undefined) continue;
    const converted = fromCustomDraft(definition, draft);
    if (converted.kind === 'error') {
      return { ok: false, key: definition.key, message: `${definition.label} ${converted.reason}` };
    }
    const previous = before[definition.key];
    if (converted.kind === 'empty') {
      if (definition.key in next) {
        delete next[definition.key];
        changed = changed || (previous !== null && previous !== undefined);
      }
    } else {
      next[definition.key] = converted.value;
      changed = changed || JSON.stringify(previous) !== JSON.stringify(converted.value);
    }
  }
  return { ok: true, value: next, changed };
};

/** A stored custom value as text for a person; empty for no value. */
export const formatCustomValue = (type: CustomFieldType, value: unknown): string => {
  if (value === null || value === undefined || value === '') return '';
  if (type === 'checkbox') return value === true ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (type === 'number' && typeof value === 'number') return value.toLocaleString();
  if (type === 'date' && typeof value === 'string' && isCalendarDate(value)) {
    const [year, month, day] = value.split('-').map(Number) as [number, number, number];
    return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(year, month - 1, day));
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
};

export const CUSTOM_FIELD_TYPE_LABELS: Record<CustomFieldType, string> = {
  text: 'Text',
  number: 'Number',
  date: 'Date',
  select: 'Select',
  multi_select: 'Multi-select',
  checkbox: 'Checkbox',
  url: 'URL',
};

/** The tables whose records have custom fields, as the definitions name them. */
export const customFieldEntity = (table: string): 'contacts' | 'companies' | null =>
  table === 'contacts' || table === 'companies' ? table : null;
