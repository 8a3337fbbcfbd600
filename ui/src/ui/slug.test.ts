import { describe, expect, it } from 'vitest';

import { slugify } from './slug';

describe('slugify', () => {
  it('makes a slug from a name', () => {
    expect(slugify('Acme & Co. London')).toBe('acme-co-london');
    expect(slugify('  Crème Brûlée  ')).toBe('creme-brulee');
    expect(slugify('---')).toBe('');
  });
});
