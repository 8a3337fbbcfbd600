import { describe, expect, it } from 'vitest';

import type { Column, Kind, TableDef } from '../../../bindings';
import {
  formColumns,
  formToData,
  fromFormValue,
  fromLocalDateTime,
  initialFormValues,
  parseStringList,
  toFormValue,
  toLocalDateTime,
} from './formValues';

// vite.config.ts runs the tests in Europe/Berlin (UTC+1 in winter, UTC+2 in summer).

const column = (name: string, kind: Kind, nullable = false, hasDefault = false, references: string | null = null): Column => ({
  name,
  kind,
  nullable,
  has_default: hasDefault,
  references,
  meaning: 'plain',
  derived: false,
  computed: false,
});

const contacts: TableDef = {
  name: 'contacts',
  record: 'Contact',
  scope: { type: 'org' },
  hidden: [],
  read_only: false,
  client_reads: false,
  columns: [
    column('id', { type: 'uuid' }, false, true),
    column('organization_id', { type: 'uuid' }, false, true, 'organizations'),
    column('first_name', { type: 'text' }),
    column('last_name', { type: 'text' }),
    column('email', { type: 'text' }),
    column('phone', { type: 'text' }, true),
    { ...column('owner_id', { type: 'uuid' }, false, false, 'users'), meaning: 'actor' },
    column('status', { type: 'enum', values: ['lead', 'contact', 'customer', 'inactive'] }, false, true),
    column('lead_score', { type: 'integer' }, true),
    column('tags', { type: 'string_array' }, false, true),
    column('custom_fields', { type: 'object' }, false, true),
    column('opt_in_email', { type: 'bool' }, false, true),
    column('last_contacted_at', { type: 'timestamp' }, true),
    column('created_at', { type: 'timestamp' }, false, true),
    column('updated_at', { type: 'timestamp' }, false, true),
    column('deleted_at', { type: 'timestamp' }, true, true),
  ],
};

describe('datetime-local conversion', () => {
  it('turns a local date-time into an RFC 3339 instant in UTC', () => {
    expect(fromLocalDateTime('2026-01-15T09:30')).toBe('2026-01-15T08:30:00.000Z');
    expect(fromLocalDateTime('2026-07-15T09:30')).toBe('2026-07-15T07:30:00.000Z');
    expect(fromLocalDateTime('2026-01-15T09:30:45')).toBe('2026-01-15T08:30:45.000Z');
  });

  it('refuses what is not a date-time', () => {
    expect(fromLocalDateTime('2026-02-30T09:30')).toBeNull();
    expect(fromLocalDateTime('tomorrow')).toBeNull();
    expect(fromLocalDateTime('2026-01-15')).toBeNull();
  });

  it('shows a stored instant in local time', () => {
    expect(toLocalDateTime('2026-01-15T08:30:00.000Z')).toBe('2026-01-15T09:30');
    expect(toLocalDateTime('2026-07-15T22:05:00Z')).toBe('2026-07-16T00:05');
    expect(toLocalDateTime('nonsense')).toBe('');
  });

  it('round-trips through the input', () => {
    const stored = '2026-03-29T00:45:00.000Z';
    expect(fromLocalDateTime(toLocalDateTime(stored))).toBe(stored);
  });
});

describe('toFormValue', () => {
  it('shows each kind as its input expects', () => {
    expect(toFormValue(column('tags', { type: 'string_array' }), ['vip', 'new'])).toBe('vip, new');
    expect(toFormValue(column('meta', { type: 'object' }), { a: 1 })).toBe('{\n  "a": 1\n}');
    expect(toFormValue(column('ok', { type: 'bool' }), true)).toBe(true);
    expect(toFormValue(column('ok', { type: 'bool' }), null)).toBe(false);
    expect(toFormValue(column('score', { type: 'integer' }), 42)).toBe('42');
    expect(toFormValue(column('phone', { type: 'text' }, true), null)).toBe('');
    expect(toFormValue(column('start_time', { type: 'time' }), '09:00:00')).toBe('09:00');
  });
});

describe('fromFormValue', () => {
  it('splits comma-separated text into a string array', () => {
    expect(parseStringList(' vip, newsletter ,, ')).toEqual(['vip', 'newsletter']);
    expect(fromFormValue(column('tags', { type: 'string_array' }), 'a, b')).toEqual({ kind: 'value', value: ['a', 'b'] });
  });

  it('parses JSON and checks its shape', () => {
    expect(fromFormValue(column('meta', { type: 'object' }), '{"a": [1, 2]}')).toEqual({
      kind: 'value',
      value: { a: [1, 2] },
    });
    expect(fromFormValue(column('meta', { type: 'object' }), '{a: 1}')).toEqual({ kind: 'error', reason: 'is not valid JSON' });
    expect(fromFormValue(column('meta', { type: 'object' }), '[1]').kind).toBe('error');
    expect(fromFormValue(column('list', { type: 'array' }), '{}').kind).toBe('error');
    expect(fromFormValue(column('any', { type: 'json' }), '3')).toEqual({ kind: 'value', value: 3 });
  });

  it('keeps decimals as exact strings and integers as numbers', () => {
    expect(fromFormValue(column('price', { type: 'decimal' }), ' 19.990 ')).toEqual({ kind: 'value', value: '19.990' });
    expect(fromFormValue(column('price', { type: 'decimal' }), '19,99').kind).toBe('error');
    expect(fromFormValue(column('score', { type: 'integer' }), '42')).toEqual({ kind: 'value', value: 42 });
    expect(fromFormValue(column('score', { type: 'integer' }), '4.2').kind).toBe('error');
  });

  it('treats blank input as empty', () => {
    expect(fromFormValue(column('phone', { type: 'text' }, true), '   ')).toEqual({ kind: 'empty' });
  });
});

describe('formColumns', () => {
  it('leaves out system columns, hidden ones, and the actor on create', () => {
    const create = formColumns(contacts, 'create').map((c) => c.name);
    expect(create).not.toContain('id');
    expect(create).not.toContain('organization_id');
    expect(create).not.toContain('created_at');
    expect(create).not.toContain('deleted_at');
    expect(create).not.toContain('owner_id');
    expect(create.slice(0, 3)).toEqual(['first_name', 'last_name', 'email']);
    expect(formColumns(contacts, 'edit').map((c) => c.name)).toContain('owner_id');
    expect(formColumns({ ...contacts, hidden: ['email'] }, 'create').map((c) => c.name)).not.toContain('email');
  });
});

describe('initialFormValues', () => {
  it('prefills a new contact as a lead with opt-ins checked', () => {
    const values = initialFormValues(contacts, 'create');
    expect(values.status).toBe('lead');
    expect(values.opt_in_email).toBe(true);
    expect(values.first_name).toBe('');
  });

  it('shows a stored record', () => {
    const values = initialFormValues(contacts, 'edit', {
      first_name: 'Ada',
      tags: ['vip'],
      last_contacted_at: '2026-01-15T08:30:00.000Z',
      lead_score: null,
    });
    expect(values).toMatchObject({ first_name: 'Ada', tags: 'vip', last_contacted_at: '2026-01-15T09:30', lead_score: '' });
  });
});

describe('formToData', () => {
  const columns = formColumns(contacts, 'create');

  it('sends filled inputs on create and leaves empty ones to the backend', () => {
    const values = {
      ...initialFormValues(contacts, 'create'),
      first_name: ' Ada ',
      last_name: 'Lovelace',
      email: 'ada@example.com',
      tags: 'vip, math',
      last_contacted_at: '2026-01-15T09:30',
      custom_fields: '{"source": "fair"}',
    };
    const result = formToData(columns, values, 'create');
    expect(result).toEqual({
      ok: true,
      data: {
        first_name: 'Ada',
        last_name: 'Lovelace',
        email: 'ada@example.com',
        status: 'lead',
        tags: ['vip', 'math'],
        custom_fields: { source: 'fair' },
        opt_in_email: true,
        last_contacted_at: '2026-01-15T08:30:00.000Z',
      },
    });
  });

  it('names the field whose input cannot be converted', () => {
    const values = { ...initialFormValues(contacts, 'create'), custom_fields: '{oops', lead_score: 'abc' };
    expect(formToData(columns, values, 'create')).toEqual({
      ok: false,
      field: 'lead_score',
      message: 'lead_score: must be a whole number',
    });
  });

  it('sends only changed inputs on edit, clearing emptied ones', () => {
    const editColumns = formColumns(contacts, 'edit');
    const record = { first_name: 'Ada', last_name: 'Lovelace', phone: '+1 555', tags: ['vip'], lead_score: 5 };
    const initial = initialFormValues(contacts, 'edit', record);
    const values = { ...initial, phone: '', tags: '', last_name: 'King', lead_score: '5' };
    expect(formToData(editColumns, values, 'edit', initial)).toEqual({
      ok: true,
      data: { last_name: 'King', phone: null, tags: [] },
    });
  });
});
