import { describe, expect, it } from 'vitest';

import type { SavedView } from '../../../bindings';
import { parseFilters, parseSort, sameState, viewFields, viewState } from './views';

const view = (fields: Partial<SavedView>): SavedView => ({
  id: 'v1',
  organization_id: 'org',
  user_id: 'u1',
  entity: 'contacts',
  name: 'Hot leads',
  filters: [],
  sort: {},
  columns: [],
  position: 0,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  deleted_at: null,
  ...fields,
});

describe('saved views', () => {
  it('reads filters and sort, skipping entries of another shape', () => {
    expect(parseFilters([{ field: 'status', op: 'eq', value: 'lead' }, { field: 'x', op: 'like' }, 'junk', { field: 'phone', op: 'is_null' }])).toEqual([
      { field: 'status', op: 'eq', value: 'lead' },
      { field: 'phone', op: 'is_null' },
    ]);
    expect(parseSort({ field: 'lead_score', desc: true })).toEqual({ field: 'lead_score', desc: true });
    expect(parseSort({})).toBeNull();
  });

  it('pins the name: name fields leave the columns when read and lead them when saved', () => {
    const state = viewState(view({ columns: ['first_name', 'last_name', 'email', 'tags'] }), ['first_name', 'last_name'], ['company']);
    expect(state.columns).toEqual(['email', 'tags']);
    expect(viewFields(state, ['first_name', 'last_name'])).toEqual({ filters: [], sort: {}, columns: ['first_name', 'last_name', 'email', 'tags'] });
    expect(viewState(view({ columns: [] }), ['first_name', 'last_name'], ['company']).columns).toEqual(['company']);
  });

  it('compares states by filters, sort and column order', () => {
    const a = { filters: [{ field: 'status', op: 'eq' as const, value: 'lead' }], sort: null, columns: ['email', 'tags'] };
    expect(sameState(a, { ...a, filters: [...a.filters] })).toBe(true);
    expect(sameState(a, { ...a, columns: ['tags', 'email'] })).toBe(false);
    expect(sameState(a, { ...a, sort: { field: 'email', desc: false } })).toBe(false);
  });
});
