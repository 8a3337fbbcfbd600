import { describe, expect, it } from 'vitest';

import type { FormDraft } from '../types';
import { checkDraft, defaultSettings, draftToPatch, errorFieldId, errorFieldReason, newField, readField, writeField } from './definition';
import { addField, duplicateField, moveField, removeField, renameField } from './draftOps';

const draft = (fields: FormDraft['fields']): FormDraft => ({
  name: 'Contact us',
  slug: 'contact-us',
  description: '',
  fields,
  settings: defaultSettings(),
  after_submit: 'message',
  thank_you_message: 'Thanks',
  redirect_url: '',
});

describe('form definitions', () => {
  it('gives new fields unique ids and what their type needs', () => {
    const first = newField('select', []);
    expect(first).toMatchObject({ id: 'choose_one', type: 'select', options: ['Option 1', 'Option 2'], required: false });
    expect(newField('select', [first]).id).toBe('choose_one_2');
    expect(newField('email', [])).toMatchObject({ id: 'email', map_to: 'email' });
    expect(newField('rating', [])).toMatchObject({ max: 5 });
    expect(newField('consent', [])).toMatchObject({ consent_to: 'email' });
  });

  it('writes only what a type uses, and reads legacy rows', () => {
    expect(writeField({ id: 'a', type: 'text', label: 'A', required: false, placeholder: '', options: ['x'], max: 3 })).toEqual({ id: 'a', type: 'text', label: 'A', required: false });
    expect(
      writeField({ id: 'b', type: 'select', label: 'B', required: true, options: ['x'], show_if: { field: 'a', op: 'is_empty', value: 'ignored' } }),
    ).toEqual({ id: 'b', type: 'select', label: 'B', required: true, options: ['x'], show_if: { field: 'a', op: 'is_empty' } });
    expect(readField({ name: 'email', label: 'Email', type: 'email', required: true }, 0)).toEqual({ id: 'email', label: 'Email', type: 'email', required: true });
  });

  it('moves, renames, duplicates and removes fields, keeping conditions pointing right', () => {
    const base = draft([
      { id: 'plan', type: 'select', label: 'Plan', required: false, options: ['Pro'] },
      { id: 'seats', type: 'number', label: 'Seats', required: false, show_if: { field: 'plan', op: 'equals', value: 'Pro' } },
    ]);
    expect(moveField(base, 1, 0).fields.map((f) => f.id)).toEqual(['seats', 'plan']);
    expect(renameField(base, 'plan', 'tier').fields[1]?.show_if?.field).toBe('tier');
    expect(removeField(base, 'plan').fields).toEqual([{ id: 'seats', type: 'number', label: 'Seats', required: false }]);
    const copied = duplicateField(base, 'plan');
    expect(copied.draft.fields.map((f) => f.id)).toEqual(['plan', 'plan_copy', 'seats']);
    expect(addField(base, 'email', 1).draft.fields.map((f) => f.id)).toEqual(['plan', 'email', 'seats']);
  });

  it('finds conditions on later fields, duplicate ids and empty options before saving', () => {
    const checked = checkDraft(
      draft([
        { id: 'seats', type: 'number', label: 'Seats', required: false, show_if: { field: 'plan', op: 'equals', value: 'Pro' } },
        { id: 'plan', type: 'select', label: 'Plan', required: false, options: [] },
        { id: 'plan', type: 'text', label: 'Again', required: false },
      ]),
    );
    expect(checked.fields.seats).toMatch(/above it/);
    expect(checked.fields.plan).toMatch(/at least one option/);
    expect(checkDraft(draft([{ id: 'a', type: 'text', label: 'A', required: false }, { id: 'a', type: 'text', label: 'B', required: false }])).fields.a).toMatch(
      /already has the id/,
    );
  });

  it('reads the field a core error names', () => {
    const fields = draft([
      { id: 'email', type: 'email', label: 'Email', required: true },
      { id: 'topic', type: 'select', label: 'Topic', required: false, options: [] },
    ]).fields;
    expect(errorFieldId('fields.1.options: a select field needs options', fields)).toBe('topic');
    expect(errorFieldId('fields[0]: duplicate id', fields)).toBe('email');
    expect(errorFieldId('fields.topic: options must not be empty', fields)).toBe('topic');
    expect(errorFieldId('fields: field "topic": options must not be empty', fields)).toBe('topic');
    expect(errorFieldId('slug: is taken', fields)).toBeNull();
    const digits = [{ id: 'email', type: 'email' as const, label: 'Email', required: true }, { id: '0', type: 'text' as const, label: 'Zero', required: false }];
    expect(errorFieldId('fields.0: a label is required', digits)).toBe('0');
    expect(errorFieldReason('fields: field "topic": options must not be empty')).toBe('options must not be empty');
    expect(errorFieldReason('fields.1.options: a select field needs options')).toBe('a select field needs options');
  });

  it('saves the message or the redirect, not both', () => {
    const patch = draftToPatch({ ...draft([]), after_submit: 'redirect', redirect_url: ' https://example.com/thanks ' });
    expect(patch).toMatchObject({ redirect_url: 'https://example.com/thanks', thank_you_message: null, description: null });
  });
});
