import { describe, expect, it } from 'vitest';

import type { Tag } from '../../../bindings';
import { fieldKeyFromLabel, isFieldKey } from '../../../ui/fieldKey';
import { carriersText, sortTags } from './tagSort';

describe('fieldKeyFromLabel', () => {
  it('derives a key the database takes', () => {
    expect(fieldKeyFromLabel('Preferred channel')).toBe('preferred_channel');
    expect(fieldKeyFromLabel('  Crème brûlée!  ')).toBe('creme_brulee');
    expect(fieldKeyFromLabel('2nd phone')).toBe('field_2nd_phone');
    expect(fieldKeyFromLabel('Budget (USD)')).toBe('budget_usd');
    expect(fieldKeyFromLabel('!!!')).toBe('');
    for (const label of ['Preferred channel', '2nd phone', 'Ünïcode']) expect(isFieldKey(fieldKeyFromLabel(label))).toBe(true);
  });

  it('checks keys', () => {
    expect(isFieldKey('budget_2')).toBe(true);
    expect(isFieldKey('2budget')).toBe(false);
    expect(isFieldKey('Budget')).toBe(false);
    expect(isFieldKey('_budget')).toBe(false);
  });
});

const tag = (name: string, usage_count: number, type: Tag['type'] = 'contact'): Tag => ({
  id: name,
  organization_id: 'org',
  name,
  color: null,
  type,
  usage_count,
  created_at: '2026-01-01T00:00:00.000Z',
  deleted_at: null,
});

describe('tags', () => {
  it('sorts by name or by use', () => {
    const tags = [tag('beta', 1), tag('Alpha', 1), tag('gamma', 9)];
    expect(sortTags(tags, 'name').map((t) => t.name)).toEqual(['Alpha', 'beta', 'gamma']);
    expect(sortTags(tags, 'usage').map((t) => t.name)).toEqual(['gamma', 'Alpha', 'beta']);
  });

  it('says who carries a tag', () => {
    expect(carriersText(tag('a', 1))).toBe('1 contact');
    expect(carriersText(tag('a', 3, 'company'))).toBe('3 companies');
    expect(carriersText(tag('a', 0, 'general'))).toBe('0 records');
  });
});
