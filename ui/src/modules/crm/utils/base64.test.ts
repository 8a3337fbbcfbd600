import { describe, expect, it } from 'vitest';

import { bytesToBase64 } from './base64';

describe('bytesToBase64', () => {
  it('encodes small inputs like Node does, padding included', () => {
    for (const text of ['', 'a', 'ab', 'abc', 'Name;Email\r\nAna;ana@x.com\r\n']) {
      const bytes = new TextEncoder().encode(text);
      expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
  });

  it('encodes inputs larger than one chunk, with every byte value', () => {
    const bytes = new Uint8Array(100_003).map((_, index) => (index * 7) % 256);
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });
});
