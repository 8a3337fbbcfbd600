import { describe, expect, it } from 'vitest';

import type { Column, Kind, TableDef } from '../../../bindings';
import { listColumns, NAME_COLUMN_KEY } from './columns';
import { searchFilters, searchField } from './search';

const column = (name: string, kind: Kind, nullable = false): Column => ({
  name,
  kind,
  nullable,
  has_default: false,
  references: null,
  meaning: 'plain',
  derived: false,
  computed: false,
});

const table = (name: string, columns: Column[]): TableDef => ({
  name,
  record: name,
  scope: { type: 'org' },
  columns,
  hidden: [],
  read_only: false,
  client_reads: false,
});

const contacts = table('contacts', [
  column('id', { type: 'uuid' }),
  column('first_name', { type: 'text' }),
  column('last_name', { type: 'text' }),
  column('email', { type: 'text' }),
  column('phone', { type: 'text' }, true),
  column('company', { type: 'text' }, true),
  column('status', { type: 'enum', values: ['lead'] }),
  column('lead_score', { type: 'integer' }, true),
  column('created_at', { type: 'timestamp' }),
]);

describe('listColumns', () => {
  it('shows contacts by name, email, phone, company, status, lead score and creation', () => {
    const columns = listColumns(contacts);
    expect(columns.map((c) => c.label)).toEqual(['Name', 'Email', 'Phone', 'Company', 'Status', 'Lead score', 'Created']);
    expect(columns[0]).toMatchObject({ key: NAME_COLUMN_KEY, sortField: 'last_name' });
    expect(columns.find((c) => c.key === 'lead_score')?.align).toBe('right');
  });

  it('picks a name and up to five informative fields for other tables', () => {
    const products = table('widgets', [
      column('id', { type: 'uuid' }),
      column('organization_id', { type: 'uuid' }),
      column('name', { type: 'text' }),
      column('description', { type: 'text' }, true),
      column('owner_id', { type: 'uuid' }),
      column('price', { type: 'decimal' }),
      column('kind', { type: 'enum', values: ['a'] }),
      column('metadata', { type: 'object' }),
      column('is_active', { type: 'bool' }),
      column('stock', { type: 'integer' }, true),
      column('sku', { type: 'text' }, true),
      column('access_token', { type: 'text' }),
      column('created_at', { type: 'timestamp' }),
      column('updated_at', { type: 'timestamp' }),
    ]);
    expect(listColumns(products).map((c) => c.key)).toEqual([NAME_COLUMN_KEY, 'price', 'kind', 'is_active', 'stock', 'created_at']);
    expect(listColumns(products).find((c) => c.key === 'price')?.align).toBe('right');
  });
});

describe('search', () => {
  it('searches contacts by last name, or by email when the term has an @', () => {
    expect(searchField(contacts, 'love')).toBe('last_name');
    expect(searchField(contacts, 'ada@')).toBe('email');
    expect(searchFilters(contacts, '  ada@ex ')).toEqual([{ field: 'email', op: 'contains', value: 'ada@ex' }]);
    expect(searchFilters(contacts, '   ')).toEqual([]);
  });

  it('searches other tables by their name column, or not at all', () => {
    expect(searchField(table('companies', [column('name', { type: 'text' })]), 'x')).toBe('name');
    expect(searchField(table('order_items', [column('quantity', { type: 'integer' })]), 'x')).toBeNull();
  });
});
