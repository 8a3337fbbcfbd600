import { describe, expect, it } from 'vitest';

import { displayFields, displayName } from './displayName';

describe('displayName', () => {
  it('names a contact by first and last name', () => {
    expect(displayName('contacts', { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' })).toBe(
      'Ada Lovelace',
    );
  });

  it('falls back to the email of a contact without a name', () => {
    expect(displayName('contacts', { first_name: '', last_name: ' ', email: 'ada@example.com' })).toBe('ada@example.com');
  });

  it('uses the name column of most tables', () => {
    expect(displayName('companies', { id: 'x', name: 'Globex' })).toBe('Globex');
    expect(displayName('events', { id: 'x', title: 'Kick-off' })).toBe('Kick-off');
    expect(displayName('orders', { id: 'x', order_number: 'ORD-1001' })).toBe('ORD-1001');
  });

  it('shortens long note contents to one line', () => {
    const name = displayName('contact_notes', { content: `First line\n${'x'.repeat(200)}` });
    expect(name.startsWith('First line x')).toBe(true);
    expect(name.length).toBe(80);
    expect(name.endsWith('…')).toBe(true);
  });

  it('describes records without a name column from their fields', () => {
    expect(displayName('order_items', { quantity: 2, unit_price: '19.99' })).toBe('2 × 19.99');
    expect(displayName('transactions', { transaction_type: 'refund', amount: '10.00', currency: 'EUR' })).toBe(
      'Refund 10.00 EUR',
    );
    expect(displayName('availability_rules', { day_of_week: 1, start_time: '09:00:00', end_time: '17:30:00' })).toBe(
      'Monday 09:00–17:30',
    );
    expect(displayName('audit_logs', { action: 'update', entity_type: 'contacts' })).toBe('update contacts');
  });

  it('falls back to the start of the id, then to Untitled', () => {
    expect(displayName('companies', { id: '0192ab34-0000-7000-8000-000000000000', name: '' })).toBe('#0192ab34');
    expect(displayName('companies', {})).toBe('Untitled');
  });
});

describe('displayFields', () => {
  it('lists the fields a name is made of', () => {
    expect(displayFields('contacts', ['first_name', 'last_name', 'email'])).toEqual(['first_name', 'last_name']);
    expect(displayFields('companies', ['id', 'name', 'domain'])).toEqual(['name']);
    expect(displayFields('form_submissions', ['id', 'data'])).toEqual([]);
  });
});
