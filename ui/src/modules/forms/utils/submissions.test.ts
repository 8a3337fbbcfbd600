import { describe, expect, it } from 'vitest';

import type { FormField } from '../types';
import { dailySeries, filterSubmissions, submissionColumns, submissionsCsv, type Submission } from './submissions';
import { answerDisplay, byteSize } from './submissions';

const fields: FormField[] = [
  { id: 'name', type: 'text', label: 'Name', required: true },
  { id: 'interests', type: 'multi_select', label: 'Interests', required: false, options: ['SEO', 'Ads'] },
  { id: 'ref', type: 'hidden', label: 'Referral code', required: false },
];

const row = (id: string, data: Submission['data'], extra: Partial<Submission> = {}): Submission => ({
  id,
  form_id: 'f',
  contact_id: null,
  data,
  ip_address: null,
  user_agent: null,
  referrer: null,
  utm_source: null,
  utm_medium: null,
  utm_campaign: null,
  created_at: '2026-03-10T10:00:00.000Z',
  deleted_at: null,
  status: 'received',
  spam_reason: null,
  ...extra,
});

const rows = [
  row('1', { name: 'Ada', interests: ['SEO', 'Ads'], ref: 'spring', old: 'kept' }, { utm_source: 'google', contact_id: 'c1' }),
  row('2', { name: '=HYPERLINK("x")', interests: [] }, { status: 'spam' }),
  row('3', { name: 'Grace, "Admiral"' }),
];

describe('submissions', () => {
  it('shows a file answer by its name and size, and writes its name to CSV', () => {
    const upload = { file: 'abcdefghijklmnop', name: 'cv.pdf', type: 'application/pdf', size: 2_516_582 };
    expect(answerDisplay(upload)).toBe('cv.pdf (2.4 MB)');
    expect(byteSize(820)).toBe('820 B');
    expect(byteSize(14 * 1024)).toBe('14 KB');
    const cvFields: FormField[] = [{ id: 'cv', type: 'file', label: 'CV', required: true }];
    const columns = submissionColumns(cvFields, [row('9', { cv: upload })], () => '');
    const cv = columns.find((column) => column.key === 'data.cv');
    expect(cv?.display?.(row('9', { cv: upload }))).toBe('cv.pdf (2.4 MB)');
    expect(submissionsCsv(columns, [row('9', { cv: upload })])).toContain('cv.pdf');
    expect(submissionsCsv(columns, [row('9', { cv: upload })])).not.toContain('object');
  });

  it('has a column per field, hidden ones and gone ones too, then UTM values', () => {
    const columns = submissionColumns(fields, rows, () => 'Ada Lovelace');
    expect(columns.map((column) => column.label)).toEqual([
      'Submitted',
      'Status',
      'Contact',
      'Name',
      'Interests',
      'Referral code',
      'old',
      'UTM source',
      'UTM medium',
      'UTM campaign',
      'Referrer',
    ]);
    const first = rows[0] as Submission;
    expect(columns.map((column) => column.value(first)).slice(2)).toEqual(['Ada Lovelace', 'Ada', 'SEO, Ads', 'spring', 'kept', 'google', '', '', '']);
  });

  it('filters on any column', () => {
    const columns = submissionColumns(fields, rows, () => '');
    expect(filterSubmissions(rows, columns, [{ column: 'data.ref', op: 'equals', value: 'SPRING' }]).map((r) => r.id)).toEqual(['1']);
    expect(filterSubmissions(rows, columns, [{ column: 'data.ref', op: 'is_empty', value: '' }]).map((r) => r.id)).toEqual(['2', '3']);
    expect(filterSubmissions(rows, columns, [{ column: 'data.interests', op: 'contains', value: 'ads' }]).map((r) => r.id)).toEqual(['1']);
    expect(filterSubmissions(rows, columns, [{ column: 'status', op: 'equals', value: 'spam' }]).map((r) => r.id)).toEqual(['2']);
  });

  it('writes CSV with quoting and no formulas', () => {
    const columns = submissionColumns(fields, rows, () => 'Ada Lovelace').filter((column) => ['Name', 'Interests', 'Referral code'].includes(column.label));
    expect(submissionsCsv(columns, rows)).toBe(
      ['Name,Interests,Referral code', 'Ada,"SEO, Ads",spring', `"'=HYPERLINK(""x"")",,`, '"Grace, ""Admiral""",,', ''].join('\r\n'),
    );
  });

  it('counts submissions and views per day, spam left out, with the conversion', () => {
    const today = new Date(2026, 2, 10, 15);
    const series = dailySeries(rows, [{ day: '2026-03-10', views: 8 }, { day: '2026-03-09', views: 2 }], today, 30);
    expect(series.points).toHaveLength(30);
    expect(series.points.at(-1)).toEqual({ day: '2026-03-10', submissions: 2, views: 8 });
    expect(series).toMatchObject({ submissions: 2, views: 10, conversion: 20 });
    expect(dailySeries(rows, null, today, 30)).toMatchObject({ views: null, conversion: null });
  });
});
