import { describe, expect, it } from 'vitest';

import type { ImportFile } from '../../../bindings';
import {
  columnSamples,
  columnUsing,
  fileSummary,
  previewSummary,
  rowValues,
  undoSummary,
  withTarget,
} from './importText';

const file: ImportFile = {
  file_name: 'people.csv',
  encoding: 'utf-8 (BOM)',
  delimiter: ';',
  headers: ['Name', 'E-mail', 'Notes'],
  rows: 1239,
  mapping: ['full_name', 'email', null],
  sample: [
    ['Ana Lima', 'ana@x.com', ''],
    ['Bob', ' ', 'met at fair'],
    ['Cy', 'cy@x.com', ''],
    ['Di', 'di@x.com', ''],
  ],
  targets: [],
};

describe('import texts', () => {
  it('says how the file was read', () => {
    expect(fileSummary(file)).toBe('UTF-8 (BOM) · semicolon-separated · 1,239 rows');
    expect(fileSummary({ ...file, encoding: 'windows-1252', delimiter: '\t', rows: 1 })).toBe(
      'Windows-1252 · tab-separated · 1 row',
    );
  });

  it('counts a preview', () => {
    expect(previewSummary({ create: 1204, merge: 33, reject: 2, rows: [] })).toBe('1,204 new · 33 merged · 2 rejected');
  });

  it('samples non-empty values of a column', () => {
    expect(columnSamples(file, 1)).toEqual(['ana@x.com', 'cy@x.com', 'di@x.com']);
    expect(columnSamples(file, 2)).toEqual(['met at fair']);
  });

  it('changes one column of a mapping and finds who uses a target', () => {
    expect(withTarget(file.mapping, 2, 'note')).toEqual(['full_name', 'email', 'note']);
    expect(columnUsing(file.mapping, 'email', 0)).toBe(1);
    expect(columnUsing(file.mapping, 'email', 1)).toBe(-1);
  });

  it('lists the non-empty values of a rejected row by header', () => {
    expect(rowValues(file.headers, ['Bob', 'bob@', '', 'extra'])).toEqual(['Name: Bob', 'E-mail: bob@', 'Column 4: extra']);
  });

  it('sums up an undo', () => {
    expect(undoSummary({ reverted: 3, kept: 0 })).toBe('3 contacts put back as they were before the import.');
    expect(undoSummary({ reverted: 1, kept: 1 })).toBe(
      '1 contact put back as it was before the import; 1 field changed since the import was kept.',
    );
  });
});
