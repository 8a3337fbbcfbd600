import { describe, expect, it } from 'vitest';

import type { Tag } from '../../../bindings';
import { addressLines, parseAddress, withAddressPart } from '../../object-record/utils/address';
import { emailDomain } from './domain';
import { tagChipStyle } from '../../../ui/colours';
import { tagsByName } from './tagColors';

const tag = (name: string, type: Tag['type'], color: string | null = '#2563eb'): Tag => ({
  id: `${type}-${name}`,
  organization_id: 'org',
  name,
  color,
  type,
  usage_count: 0,
  created_at: '2026-01-01T00:00:00.000Z',
  deleted_at: null,
});

describe('emailDomain', () => {
  it('turns what people type as a domain into what emails end with', () => {
    expect(emailDomain('acme.com')).toBe('acme.com');
    expect(emailDomain('https://www.Acme.com/about')).toBe('acme.com');
    expect(emailDomain('@acme.co.uk')).toBe('acme.co.uk');
    expect(emailDomain('not a domain')).toBeNull();
    expect(emailDomain(null)).toBeNull();
  });
});

describe('tag colours', () => {
  it('tints a chip with the tag colour', () => {
    expect(tagChipStyle('#2563eb')).toEqual({
      backgroundColor: 'rgba(37, 99, 235, 0.12)',
      borderColor: 'rgba(37, 99, 235, 0.4)',
      color: 'rgb(20, 54, 129)',
    });
    expect(tagChipStyle(null)).toBeUndefined();
    expect(tagChipStyle('blue')).toBeUndefined();
  });

  it('finds tags by name for a record type, its own type before general ones', () => {
    const byName = tagsByName([tag('VIP', 'general', '#000000'), tag('vip', 'contact', '#16a34a'), tag('Partner', 'company')], 'contact');
    expect(byName.get('vip')?.color).toBe('#16a34a');
    expect(byName.has('partner')).toBe(false);
  });
});

describe('address', () => {
  it('reads, edits and prints an address', () => {
    const address = parseAddress('{"street":"1 Main St","city":"Springfield","postal_code":"12345","country":"US","extra":1}');
    expect(addressLines(address)).toEqual(['1 Main St', '12345 Springfield', 'US']);
    expect(withAddressPart(address, 'city', '')).not.toHaveProperty('city');
    expect(withAddressPart(address, 'state', 'IL')).toMatchObject({ state: 'IL', extra: 1 });
    expect(parseAddress('{oops')).toEqual({});
  });
});
