import type { Column, CustomFieldDefinition, Filter, FilterOp, TableDef } from '../../../bindings';
import type { BadgeTone } from '../../../ui/Badge';
import { peopleTable, tableSpec } from '../states/registry';
import { badgeTone, enumLabel, formatDate } from './format';
import { columnLabel } from './labels';
import { CUSTOM_PREFIX } from './listFields';

/**
 * How a field is filtered:
 * - `choice`: one or more of a fixed set (`eq`, or `in` for several), one chip;
 * - `values`: list fields such as tags (`has`, one filter and one chip per value);
 * - `range`: numbers between a minimum and a maximum (`gte` / `lte`);
 * - `dates`: a range of days (`gte` start of the first day / `lte` end of the last);
 * - `bool`: yes or no (`eq`);
 * - `text`: contains, is, starts with, is empty, is not empty.
 */
export type FilterKind = 'choice' | 'values' | 'range' | 'dates' | 'bool' | 'text';

export type FilterOption = {
  value: string;
  label: string;
  /** Enum values show as badges of this tone. */
  tone?: BadgeTone;
  /** Tags show their colour from the tags table. */
  color?: string | null;
};

export type FilterField = {
  /** Column name or `custom_fields.<key>`. */
  field: string;
  label: string;
  kind: FilterKind;
  options: ReadonlyArray<FilterOption>;
  /** `range`: integers and custom numbers are sent as numbers, decimals as exact text. */
  numbers?: 'number' | 'decimal';
  /** `dates`: instants are compared with RFC 3339 bounds, calendar dates as `YYYY-MM-DD`. */
  dates?: 'instant' | 'day';
  /** `text`: the operator a new filter starts with. */
  textOp?: TextOp;
};

export type TextOp = 'contains' | 'eq' | 'starts_with' | 'is_null' | 'not_null';

export const TEXT_OPS: ReadonlyArray<{ op: TextOp; label: string }> = [
  { op: 'contains', label: 'contains' },
  { op: 'eq', label: 'is' },
  { op: 'starts_with', label: 'starts with' },
  { op: 'is_null', label: 'is empty' },
  { op: 'not_null', label: 'is not empty' },
];

/** What a filter editor holds while someone edits it. */
export type FilterDraft =
  | { kind: 'choice'; values: string[] }
  | { kind: 'values'; values: string[] }
  | { kind: 'range'; min: string; max: string }
  | { kind: 'dates'; from: string; to: string }
  | { kind: 'bool'; value: boolean | null }
  | { kind: 'text'; op: TextOp; value: string };

/** The choices that come from other tables: the organisation's people and its tags (`sharedService`). */
export type FilterSources = {
  owners: ReadonlyArray<FilterOption>;
  tags: ReadonlyArray<FilterOption>;
};

/** Text fields whose values are a short fixed vocabulary: filtered with "is" first. */
const EXACT_TEXT = ['source', 'size'];

/** Enum values as options shown as their badges. */
export const enumOptions = (values: ReadonlyArray<string>): FilterOption[] =>
  values.map((value) => ({ value, label: enumLabel(value), tone: badgeTone(value) }));

const columnField = (column: Column, sources: FilterSources): FilterField | null => {
  const base = { field: column.name, label: columnLabel(column.name), options: [] };
  switch (column.kind.type) {
    case 'enum':
      return { ...base, kind: 'choice', options: enumOptions(column.kind.values) };
    case 'bool':
      return { ...base, kind: 'bool' };
    case 'integer':
      return { ...base, kind: 'range', numbers: 'number' };
    case 'decimal':
      return { ...base, kind: 'range', numbers: 'decimal' };
    case 'timestamp':
      return { ...base, kind: 'dates', dates: 'instant' };
    case 'date':
      return { ...base, kind: 'dates', dates: 'day' };
    case 'string_array':
      return { ...base, kind: 'values', options: column.meaning === 'tag_list' ? sources.tags : [] };
    case 'uuid':
      return column.references !== null && column.references === peopleTable()
        ? { ...base, kind: 'choice', options: sources.owners }
        : null;
    case 'text':
      return { ...base, kind: 'text', textOp: EXACT_TEXT.includes(column.name) ? 'eq' : 'contains' };
    default:
      return null;
  }
};

const customField = (definition: CustomFieldDefinition): FilterField => {
  const base = { field: `${CUSTOM_PREFIX}${definition.key}`, label: definition.label, options: [] };
  const options = definition.options.map((value) => ({ value, label: value }));
  switch (definition.field_type) {
    case 'select':
      return { ...base, kind: 'choice', options };
    case 'multi_select':
      return { ...base, kind: 'values', options };
    case 'number':
      return { ...base, kind: 'range', numbers: 'number' };
    case 'date':
      return { ...base, kind: 'dates', dates: 'day' };
    case 'checkbox':
      return { ...base, kind: 'bool' };
    default:
      return { ...base, kind: 'text', textOp: 'contains' };
  }
};

/**
 * The fields a list can be filtered on: those its module chose (`TableSpec.filterFields`), or
 * else the shown columns; then every custom field.
 */
export const filterFields = (
  def: TableDef,
  shownColumns: ReadonlyArray<string>,
  customFields: ReadonlyArray<CustomFieldDefinition>,
  sources: FilterSources,
): FilterField[] => {
  const names = tableSpec(def.name).filterFields ?? shownColumns;
  const columns = names.flatMap((name) => def.columns.filter((column) => column.name === name));
  const fields = columns.flatMap((column) => columnField(column, sources) ?? []);
  const custom = [...customFields].sort((a, b) => a.position - b.position).map(customField);
  return [...fields, ...custom];
};

// ---------- Drafts: the filters of one field ⇄ its editor ----------

const dayOf = (value: unknown): string => (typeof value === 'string' ? value.slice(0, 10) : '');

const valueText = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

/** The editor state for `field` from the filters already on it (none: an empty editor). */
export const draftOf = (field: FilterField, filters: ReadonlyArray<Filter>): FilterDraft => {
  const mine = filters.filter((filter) => filter.field === field.field);
  const find = (op: FilterOp) => mine.find((filter) => filter.op === op);
  switch (field.kind) {
    case 'choice': {
      const values = mine.flatMap((filter) => {
        if (filter.op === 'eq') return [valueText(filter.value)];
        if (filter.op === 'in' && Array.isArray(filter.value)) return filter.value.map(valueText);
        return [];
      });
      return { kind: 'choice', values };
    }
    case 'values':
      return { kind: 'values', values: mine.filter((filter) => filter.op === 'has').map((filter) => valueText(filter.value)) };
    case 'range':
      return { kind: 'range', min: valueText(find('gte')?.value), max: valueText(find('lte')?.value) };
    case 'dates':
      return { kind: 'dates', from: dayOf(find('gte')?.value), to: dayOf(find('lte')?.value) };
    case 'bool': {
      const value = find('eq')?.value;
      return { kind: 'bool', value: typeof value === 'boolean' ? value : null };
    }
    case 'text': {
      const known = mine.find((filter) => TEXT_OPS.some((entry) => entry.op === filter.op));
      return {
        kind: 'text',
        op: (known?.op as TextOp | undefined) ?? field.textOp ?? 'contains',
        value: valueText(known?.value),
      };
    }
  }
};

/** The first instant of a day and the last, as the core stores instants (UTC, milliseconds). */
export const startOfDay = (day: string): string => `${day}T00:00:00.000Z`;
export const endOfDay = (day: string): string => `${day}T23:59:59.999Z`;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;

const rangeValue = (field: FilterField, text: string): unknown =>
  field.numbers === 'decimal' ? text : Number(text);

/** Why the draft cannot be applied, or null when it can. */
export const draftProblem = (draft: FilterDraft): string | null => {
  if (draft.kind === 'range') {
    const bad = [draft.min, draft.max].find((text) => text.trim() !== '' && !NUMBER.test(text.trim()));
    if (bad !== undefined) return `“${bad}” is not a number`;
  }
  if (draft.kind === 'dates' && draft.from && draft.to && draft.from > draft.to) {
    return 'The first day is after the last';
  }
  return null;
};

/** The filters a draft stands for; an empty draft stands for none (the filter is removed). */
export const filtersOfDraft = (field: FilterField, draft: FilterDraft): Filter[] => {
  const name = field.field;
  switch (draft.kind) {
    case 'choice':
      if (draft.values.length === 0) return [];
      if (draft.values.length === 1) return [{ field: name, op: 'eq', value: draft.values[0] }];
      return [{ field: name, op: 'in', value: draft.values }];
    case 'values':
      return draft.values.map((value) => ({ field: name, op: 'has', value }));
    case 'range': {
      const min = draft.min.trim();
      const max = draft.max.trim();
      return [
        ...(min ? [{ field: name, op: 'gte' as const, value: rangeValue(field, min) }] : []),
        ...(max ? [{ field: name, op: 'lte' as const, value: rangeValue(field, max) }] : []),
      ];
    }
    case 'dates': {
      const instant = field.dates !== 'day';
      return [
        ...(draft.from ? [{ field: name, op: 'gte' as const, value: instant ? startOfDay(draft.from) : draft.from }] : []),
        ...(draft.to ? [{ field: name, op: 'lte' as const, value: instant ? endOfDay(draft.to) : draft.to }] : []),
      ];
    }
    case 'bool':
      return draft.value === null ? [] : [{ field: name, op: 'eq', value: draft.value }];
    case 'text': {
      if (draft.op === 'is_null' || draft.op === 'not_null') return [{ field: name, op: draft.op }];
      const value = draft.value.trim();
      return value ? [{ field: name, op: draft.op, value }] : [];
    }
  }
};

/** `filters` with those on `field` replaced by `next`, where the first of them stood. */
export const replaceFieldFilters = (filters: ReadonlyArray<Filter>, field: string, next: ReadonlyArray<Filter>): Filter[] => {
  const at = filters.findIndex((filter) => filter.field === field);
  const others = filters.filter((filter) => filter.field !== field);
  if (at === -1) return [...others, ...next];
  const before = filters.slice(0, at).filter((filter) => filter.field !== field).length;
  return [...others.slice(0, before), ...next, ...others.slice(before)];
};

// ---------- Chips ----------

/** One chip of the filter bar: the filters it stands for and how it reads. */
export type FilterChip = {
  key: string;
  /** The field's definition; null for a filter this list does not offer (from a saved view). */
  field: FilterField | null;
  label: string;
  filters: Filter[];
  /** A tag chip's colour. */
  color?: string | null;
};

const optionLabel = (field: FilterField, value: string): string =>
  field.options.find((option) => option.value === value)?.label ?? value;

const dayLabel = (value: string): string => formatDate(value);

const OP_WORDS: Record<FilterOp, string> = {
  eq: 'is',
  ne: 'is not',
  lt: '<',
  lte: '≤',
  gt: '>',
  gte: '≥',
  contains: 'contains',
  starts_with: 'starts with',
  ends_with: 'ends with',
  in: 'is one of',
  is_null: 'is empty',
  not_null: 'is not empty',
  has: 'has',
};

const fieldLabel = (field: string): string =>
  field.startsWith(CUSTOM_PREFIX) ? field.slice(CUSTOM_PREFIX.length).replace(/_/g, ' ') : columnLabel(field);

const rawValue = (value: unknown): string => (Array.isArray(value) ? value.map(valueText).join(', ') : valueText(value));

/** A filter this list has no editor for, read as plainly as possible. */
const plainLabel = (filter: Filter): string => {
  const words = `${fieldLabel(filter.field)} ${OP_WORDS[filter.op]}`;
  return filter.op === 'is_null' || filter.op === 'not_null' ? words : `${words} ${rawValue(filter.value)}`;
};

const chipLabel = (field: FilterField, filters: ReadonlyArray<Filter>): string | null => {
  const draft = draftOf(field, filters);
  switch (draft.kind) {
    case 'choice':
      return draft.values.length > 0 ? `${field.label}: ${draft.values.map((value) => optionLabel(field, value)).join(', ')}` : null;
    case 'range':
      if (draft.min && draft.max) return `${field.label}: ${draft.min}–${draft.max}`;
      if (draft.min) return `${field.label} ≥ ${draft.min}`;
      return draft.max ? `${field.label} ≤ ${draft.max}` : null;
    case 'dates':
      if (draft.from && draft.to) return `${field.label}: ${dayLabel(draft.from)} – ${dayLabel(draft.to)}`;
      if (draft.from) return `${field.label}: from ${dayLabel(draft.from)}`;
      return draft.to ? `${field.label}: until ${dayLabel(draft.to)}` : null;
    case 'bool':
      return draft.value === null ? null : `${field.label}: ${draft.value ? 'Yes' : 'No'}`;
    case 'text': {
      const words = TEXT_OPS.find((entry) => entry.op === draft.op)?.label ?? draft.op;
      if (draft.op === 'is_null' || draft.op === 'not_null') return `${field.label} ${words}`;
      return draft.value ? `${field.label} ${words} “${draft.value}”` : null;
    }
    case 'values':
      return null;
  }
};

/** Only the operators the field's editor writes; any other makes the filter "plain". */
const EDITABLE_OPS: Record<FilterKind, ReadonlyArray<FilterOp>> = {
  choice: ['eq', 'in'],
  values: ['has'],
  range: ['gte', 'lte'],
  dates: ['gte', 'lte'],
  bool: ['eq'],
  text: ['contains', 'eq', 'starts_with', 'is_null', 'not_null'],
};

/**
 * The chips for `filters`, in the order the filters were added: one per field, except list
 * fields (one per value, as each is its own `has` filter) and filters the list has no editor
 * for (one each, shown as written).
 */
export const filterChips = (filters: ReadonlyArray<Filter>, fields: ReadonlyArray<FilterField>): FilterChip[] => {
  const chips: FilterChip[] = [];
  const grouped = new Map<string, FilterChip>();
  filters.forEach((filter, index) => {
    const field = fields.find((candidate) => candidate.field === filter.field) ?? null;
    if (!field || !EDITABLE_OPS[field.kind].includes(filter.op)) {
      chips.push({ key: `plain-${index}`, field: null, label: plainLabel(filter), filters: [filter] });
      return;
    }
    if (field.kind === 'values') {
      const value = valueText(filter.value);
      const option = field.options.find((candidate) => candidate.value === value);
      chips.push({ key: `${field.field}-${index}`, field, label: `${field.label}: ${option?.label ?? value}`, filters: [filter], color: option?.color });
      return;
    }
    const existing = grouped.get(field.field);
    if (existing) {
      existing.filters.push(filter);
      return;
    }
    const chip: FilterChip = { key: field.field, field, label: '', filters: [filter] };
    grouped.set(field.field, chip);
    chips.push(chip);
  });
  for (const chip of grouped.values()) {
    chip.label = (chip.field && chipLabel(chip.field, chip.filters)) ?? chip.filters.map(plainLabel).join(', ');
  }
  return chips;
};
