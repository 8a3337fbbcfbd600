import { describe, expect, it } from 'vitest';

import type { CustomFieldDefinition, CustomFieldType } from '../../../bindings';
import { customFieldsFromDrafts, formatCustomValue, fromCustomDraft, initialCustomDrafts, isHttpUrl, toCustomDraft } from './customFields';

const definition = (key: string, field_type: CustomFieldType, options: string[] = []): CustomFieldDefinition => ({
  id: `def-${key}`,
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

describe('fromCustomDraft', () => {
  it('stores numbers as numbers, and refuses what is not one', () => {
    expect(fromCustomDraft(definition('seats', 'number'), '42')).toEqual({ kind: 'value', value: 42 });
    expect(fromCustomDraft(definition('seats', 'number'), ' -3.5 ')).toEqual({ kind: 'value', value: -3.5 });
    expect(fromCustomDraft(definition('seats', 'number'), 'twelve')).toEqual({ kind: 'error', reason: 'must be a number' });
    expect(fromCustomDraft(definition('seats', 'number'), '')).toEqual({ kind: 'empty' });
  });

  it('stores a multi-select as an array of its choices, and no choice as nothing', () => {
    expect(fromCustomDraft(definition('channels', 'multi_select', ['email', 'sms']), ['sms', 'email'])).toEqual({ kind: 'value', value: ['sms', 'email'] });
    expect(fromCustomDraft(definition('channels', 'multi_select'), [])).toEqual({ kind: 'empty' });
    expect(fromCustomDraft(definition('channels', 'multi_select'), ['a', 'a'])).toEqual({ kind: 'value', value: ['a'] });
  });

  it('stores a checkbox as a boolean, unticked too', () => {
    expect(fromCustomDraft(definition('vip', 'checkbox'), true)).toEqual({ kind: 'value', value: true });
    expect(fromCustomDraft(definition('vip', 'checkbox'), false)).toEqual({ kind: 'value', value: false });
  });

  it('takes only http(s) addresses for a URL field', () => {
    expect(fromCustomDraft(definition('site', 'url'), 'https://example.com/x')).toEqual({ kind: 'value', value: 'https://example.com/x' });
    expect(fromCustomDraft(definition('site', 'url'), 'example.com').kind).toBe('error');
    expect(fromCustomDraft(definition('site', 'url'), 'javascript:alert(1)').kind).toBe('error');
    expect(fromCustomDraft(definition('site', 'url'), 'https://exa mple.com').kind).toBe('error');
    expect(isHttpUrl('http://localhost:8080')).toBe(true);
    expect(isHttpUrl('https:///path')).toBe(false);
  });

  it('takes real calendar dates only', () => {
    expect(fromCustomDraft(definition('renewal', 'date'), '2026-02-28')).toEqual({ kind: 'value', value: '2026-02-28' });
    expect(fromCustomDraft(definition('renewal', 'date'), '2026-02-30').kind).toBe('error');
  });

  it('keeps text and select values trimmed', () => {
    expect(fromCustomDraft(definition('note', 'text'), '  hi ')).toEqual({ kind: 'value', value: 'hi' });
    expect(fromCustomDraft(definition('budget', 'select', ['low', 'high']), 'high')).toEqual({ kind: 'value', value: 'high' });
  });
});

describe('toCustomDraft', () => {
  it('gives each editor the state it holds', () => {
    expect(toCustomDraft('number', 12)).toBe('12');
    expect(toCustomDraft('checkbox', true)).toBe(true);
    expect(toCustomDraft('checkbox', undefined)).toBe(false);
    expect(toCustomDraft('multi_select', ['a', 'b'])).toEqual(['a', 'b']);
    expect(toCustomDraft('multi_select', 'a')).toEqual(['a']);
    expect(toCustomDraft('text', null)).toBe('');
  });
});

describe('customFieldsFromDrafts', () => {
  const definitions = [
    definition('seats', 'number'),
    definition('channels', 'multi_select', ['email', 'sms']),
    definition('vip', 'checkbox'),
    definition('site', 'url'),
  ];

  it('writes typed values, removes emptied keys and keeps keys no field defines', () => {
    const stored = { seats: 3, site: 'https://old.example', legacy: 'kept' };
    const drafts = { ...initialCustomDrafts(definitions, stored), seats: '10', channels: ['sms'], vip: true, site: '' };
    expect(customFieldsFromDrafts(definitions, stored, drafts)).toEqual({
      ok: true,
      changed: true,
      value: { seats: 10, channels: ['sms'], vip: true, legacy: 'kept' },
    });
  });

  it('says when nothing changed', () => {
    const stored = { seats: 3, vip: false };
    const result = customFieldsFromDrafts(definitions, stored, initialCustomDrafts(definitions, stored));
    expect(result).toMatchObject({ ok: true, changed: false });
  });

  it('names the field whose value cannot be saved', () => {
    const result = customFieldsFromDrafts(definitions, {}, { site: 'not a url' });
    expect(result).toEqual({ ok: false, key: 'site', message: 'Site must be an http(s) address such as https://example.com' });
  });
});

describe('formatCustomValue', () => {
  it('shows values the way a person reads them', () => {
    expect(formatCustomValue('checkbox', false)).toBe('No');
    expect(formatCustomValue('multi_select', ['a', 'b'])).toBe('a, b');
    expect(formatCustomValue('text', '')).toBe('');
  });
});
