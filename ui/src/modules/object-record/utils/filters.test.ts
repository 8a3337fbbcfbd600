import { describe, expect, it } from 'vitest';

import type { CustomFieldDefinition, Filter } from '../../../bindings';
import { TABLE_DEFS } from '../../../bindings';
import {
  draftOf,
  draftProblem,
  filterChips,
  filterFields,
  filtersOfDraft,
  replaceFieldFilters,
  type FilterField,
} from './filters';

const contacts = TABLE_DEFS.find((def) => def.name === 'contacts')!;

const definition = (key: string, field_type: CustomFieldDefinition['field_type'], options: string[] = []): CustomFieldDefinition => ({
  id: key,
  organization_id: 'org',
  entity: 'contacts',
  key,
  label: key.charAt(0).toUpperCase() + key.slice(1),
  field_type,
  options,
  position: 0,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  deleted_at: null,
});

const sources = {
  owners: [{ value: 'u1', label: 'Jamie Rivera' }],
  tags: [{ value: 'vip', label: 'vip', color: '#2563eb' }],
};

const fields = filterFields(contacts, [], [definition('budget', 'select', ['low', 'high']), definition('channels', 'multi_select'), definition('seats', 'number'), definition('renewal', 'date'), definition('signed', 'checkbox'), definition('notes', 'text')], sources);

const field = (name: string): FilterField => {
  const found = fields.find((candidate) => candidate.field === name);
  if (!found) throw new Error(`no filter field ${name}`);
  return found;
};

describe('filterFields', () => {
  it('offers the contact fields agency staff filter by, then the custom fields', () => {
    expect(fields.map((entry) => entry.field)).toEqual([
      'status',
      'quality',
      'engagement',
      'owner_id',
      'lead_score',
      'tags',
      'source',
      'company',
      'title',
      'opt_in_email',
      'opt_in_sms',
      'opt_in_calls',
      'opt_in_automations',
      'created_at',
      'last_contacted_at',
      'custom_fields.budget',
      'custom_fields.channels',
      'custom_fields.seats',
      'custom_fields.renewal',
      'custom_fields.signed',
      'custom_fields.notes',
    ]);
    expect(field('status')).toMatchObject({ kind: 'choice', label: 'Status' });
    expect(field('status').options.map((option) => option.value)).toEqual(['lead', 'contact', 'customer', 'inactive']);
    expect(field('owner_id')).toMatchObject({ kind: 'choice', label: 'Owner', options: sources.owners });
    expect(field('tags')).toMatchObject({ kind: 'values', options: sources.tags });
    expect(field('source')).toMatchObject({ kind: 'text', textOp: 'eq' });
    expect(field('custom_fields.budget')).toMatchObject({ kind: 'choice', label: 'Budget' });
    expect(field('custom_fields.channels').kind).toBe('values');
    expect(field('custom_fields.seats')).toMatchObject({ kind: 'range', numbers: 'number' });
    expect(field('custom_fields.renewal')).toMatchObject({ kind: 'dates', dates: 'day' });
    expect(field('custom_fields.signed').kind).toBe('bool');
    expect(field('custom_fields.notes')).toMatchObject({ kind: 'text', textOp: 'contains' });
  });
});

describe('filtersOfDraft', () => {
  it('sends one choice as eq and several as in', () => {
    expect(filtersOfDraft(field('status'), { kind: 'choice', values: ['lead'] })).toEqual([{ field: 'status', op: 'eq', value: 'lead' }]);
    expect(filtersOfDraft(field('quality'), { kind: 'choice', values: ['hot', 'warm'] })).toEqual([{ field: 'quality', op: 'in', value: ['hot', 'warm'] }]);
    expect(filtersOfDraft(field('status'), { kind: 'choice', values: [] })).toEqual([]);
  });

  it('sends one has filter per tag', () => {
    expect(filtersOfDraft(field('tags'), { kind: 'values', values: ['vip', 'partner'] })).toEqual([
      { field: 'tags', op: 'has', value: 'vip' },
      { field: 'tags', op: 'has', value: 'partner' },
    ]);
  });

  it('sends ranges as gte and lte, integers as numbers', () => {
    expect(filtersOfDraft(field('lead_score'), { kind: 'range', min: '50', max: '' })).toEqual([{ field: 'lead_score', op: 'gte', value: 50 }]);
    expect(filtersOfDraft(field('custom_fields.seats'), { kind: 'range', min: '2', max: '10' })).toEqual([
      { field: 'custom_fields.seats', op: 'gte', value: 2 },
      { field: 'custom_fields.seats', op: 'lte', value: 10 },
    ]);
    expect(draftProblem({ kind: 'range', min: 'ten', max: '' })).toBe('“ten” is not a number');
  });

  it('sends instants as the start and end of the days, calendar dates as they are', () => {
    expect(filtersOfDraft(field('created_at'), { kind: 'dates', from: '2026-03-01', to: '2026-03-31' })).toEqual([
      { field: 'created_at', op: 'gte', value: '2026-03-01T00:00:00.000Z' },
      { field: 'created_at', op: 'lte', value: '2026-03-31T23:59:59.999Z' },
    ]);
    expect(filtersOfDraft(field('custom_fields.renewal'), { kind: 'dates', from: '', to: '2026-06-30' })).toEqual([
      { field: 'custom_fields.renewal', op: 'lte', value: '2026-06-30' },
    ]);
    expect(draftProblem({ kind: 'dates', from: '2026-04-01', to: '2026-03-01' })).toBe('The first day is after the last');
  });

  it('sends yes/no as eq true/false and text with its operator', () => {
    expect(filtersOfDraft(field('opt_in_sms'), { kind: 'bool', value: false })).toEqual([{ field: 'opt_in_sms', op: 'eq', value: false }]);
    expect(filtersOfDraft(field('company'), { kind: 'text', op: 'contains', value: ' acme ' })).toEqual([{ field: 'company', op: 'contains', value: 'acme' }]);
    expect(filtersOfDraft(field('source'), { kind: 'text', op: 'is_null', value: 'ignored' })).toEqual([{ field: 'source', op: 'is_null' }]);
  });

  it('reads back what it wrote', () => {
    const written: Filter[] = [
      { field: 'created_at', op: 'gte', value: '2026-03-01T00:00:00.000Z' },
      { field: 'status', op: 'in', value: ['lead', 'customer'] },
    ];
    expect(draftOf(field('created_at'), written)).toEqual({ kind: 'dates', from: '2026-03-01', to: '' });
    expect(draftOf(field('status'), written)).toEqual({ kind: 'choice', values: ['lead', 'customer'] });
    expect(draftOf(field('source'), written)).toEqual({ kind: 'text', op: 'eq', value: '' });
  });
});

describe('filterChips', () => {
  it('groups a field into one chip, gives each tag its own, and shows unknown filters as written', () => {
    const filters: Filter[] = [
      { field: 'lead_score', op: 'gte', value: 50 },
      { field: 'tags', op: 'has', value: 'vip' },
      { field: 'lead_score', op: 'lte', value: 80 },
      { field: 'tags', op: 'has', value: 'partner' },
      { field: 'owner_id', op: 'eq', value: 'u1' },
      { field: 'email', op: 'ends_with', value: '@acme.com' },
    ];
    const chips = filterChips(filters, fields);
    expect(chips.map((chip) => chip.label)).toEqual([
      'Lead score: 50–80',
      'Tags: vip',
      'Tags: partner',
      'Owner: Jamie Rivera',
      'Email ends with @acme.com',
    ]);
    expect(chips[0]?.filters).toEqual([filters[0], filters[2]]);
    expect(chips[1]?.color).toBe('#2563eb');
    expect(chips[4]?.field).toBeNull();
  });
});

describe('replaceFieldFilters', () => {
  it('puts a field’s new filters where its old ones stood', () => {
    const filters: Filter[] = [
      { field: 'status', op: 'eq', value: 'lead' },
      { field: 'quality', op: 'eq', value: 'hot' },
    ];
    expect(replaceFieldFilters(filters, 'status', [{ field: 'status', op: 'in', value: ['lead', 'customer'] }])).toEqual([
      { field: 'status', op: 'in', value: ['lead', 'customer'] },
      { field: 'quality', op: 'eq', value: 'hot' },
    ]);
    expect(replaceFieldFilters(filters, 'quality', [])).toEqual([filters[0]]);
    expect(replaceFieldFilters(filters, 'tags', [{ field: 'tags', op: 'has', value: 'vip' }])).toHaveLength(3);
  });
});
