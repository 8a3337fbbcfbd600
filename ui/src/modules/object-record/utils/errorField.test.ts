import { describe, expect, it } from 'vitest';

import { errorField, errorReason } from './errorField';

describe('errorField', () => {
  it('finds the field a validation message starts with', () => {
    expect(errorField('email: "x" is not an email address')).toBe('email');
    expect(errorField('first_name: is required and cannot be empty')).toBe('first_name');
  });

  it('finds nothing in messages that name no field', () => {
    expect(errorField('database is locked')).toBeNull();
    expect(errorField('')).toBeNull();
  });

  it('keeps only fields of the form when they are given', () => {
    expect(errorField('email: already used', ['first_name', 'email'])).toBe('email');
    expect(errorField('not allowed: the audit log is read-only', ['action'])).toBeNull();
    expect(errorField('contacts: no record with id 1', ['email'])).toBeNull();
  });
});

describe('errorReason', () => {
  it('drops the field name from the message', () => {
    expect(errorReason('email: "x" is not an email address', 'email')).toBe('"x" is not an email address');
    expect(errorReason('something else', 'email')).toBe('something else');
  });
});
