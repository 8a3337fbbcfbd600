import { describe, expect, it } from 'vitest';

import { contactLine, draftOf, joinNames, oldestContact } from './duplicates';

describe('duplicates utils', () => {
  it('keeps the contact created first', () => {
    const contacts = [
      { id: 'b', created_at: '2026-03-02T10:00:00.000Z' },
      { id: 'a', created_at: '2025-12-31T23:59:59.000Z' },
      { id: 'c', created_at: '2026-01-01T00:00:00.000Z' },
    ];
    expect(oldestContact(contacts)).toBe('a');
    expect(oldestContact([])).toBeNull();
  });

  it('names a contact with its email', () => {
    expect(contactLine({ first_name: 'Ana', last_name: 'Lima', email: 'ana@x.com' })).toBe('Ana Lima <ana@x.com>');
    expect(contactLine({ first_name: '', last_name: '', email: 'ana@x.com' })).toBe('ana@x.com');
  });

  it('joins names as a sentence', () => {
    expect(joinNames(['Ana'])).toBe('Ana');
    expect(joinNames(['Ana', 'Bo'])).toBe('Ana and Bo');
    expect(joinNames(['Ana', 'Bo', 'Cy'])).toBe('Ana, Bo and Cy');
  });

  it('makes a draft from form values only when it can match something', () => {
    expect(draftOf({ first_name: 'Ana', email: ' ana@x.com ', tags: 'vip', opt_in_email: true })).toEqual({
      email: 'ana@x.com',
      phone: '',
      first_name: 'Ana',
      last_name: '',
      company: '',
    });
    expect(draftOf({ first_name: 'Ana', company: 'Acme' })).toBeNull();
    expect(draftOf({ last_name: 'Lima' })).not.toBeNull();
  });
});
