import { describe, expect, it } from 'vitest';

import type { Hit } from '../../../bindings';
import { companyHitDetail, contactHitDetail } from './hits';

const contact = (n: number, extra: Record<string, unknown> = {}): Hit => ({
  kind: 'contact',
  id: `c${n}`,
  record: { id: `c${n}`, first_name: 'Ada', last_name: `Lovelace ${n}`, email: `ada${n}@example.com`, ...extra },
});

const company = (n: number, domain: string | null = 'globex.example'): Hit => ({
  kind: 'company',
  id: `k${n}`,
  record: { id: `k${n}`, name: `Globex ${n}`, domain },
});

describe('hitDetail', () => {
  it('joins the email, company and phone of a contact, skipping empty ones', () => {
    expect(contactHitDetail(contact(1, { company: 'Northwind', phone: '+1 555 0101' }))).toBe(
      'ada1@example.com · Northwind · +1 555 0101',
    );
    expect(contactHitDetail(contact(2, { company: null, phone: '' }))).toBe('ada2@example.com');
  });

  it('shows the domain of a company', () => {
    expect(companyHitDetail(company(1))).toBe('globex.example');
    expect(companyHitDetail(company(2, null))).toBe('');
  });
});
