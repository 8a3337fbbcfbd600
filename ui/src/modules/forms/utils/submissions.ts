import type { FormSubmission, JsonValue } from '../../../bindings';
import type { FormField, SubmissionStatus } from '../types';

/** A stored submission. */
export type Submission = FormSubmission;

export const statusOf = (row: Submission): SubmissionStatus => row.status;

/** A column of the submissions table and of the CSV export. */
export type SubmissionColumn = {
  key: string;
  label: string;
  kind: 'meta' | 'field' | 'tracking';
  /** The field's type, for a field column. */
  fieldType?: FormField['type'];
  value: (row: Submission) => string;
  /** What the table shows when it differs from `value` (a file: its name and size). */
  display?: (row: Submission) => string;
};

const TRACKING = ['utm_source', 'utm_medium', 'utm_campaign', 'referrer'] as const;
const TRACKING_LABELS: Record<(typeof TRACKING)[number], string> = {
  utm_source: 'UTM source',
  utm_medium: 'UTM medium',
  utm_campaign: 'UTM campaign',
  referrer: 'Referrer',
};

/** An answer as text: lists joined, booleans as Yes/No, objects (a file) by name. */
export const answerText = (value: JsonValue | undefined): string => {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((item) => answerText(item)).join(', ');
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'object') {
    const name = (value as { name?: unknown; filename?: unknown }).name ?? (value as { filename?: unknown }).filename;
    return typeof name === 'string' ? name : JSON.stringify(value);
  }
  return String(value);
};

/** A size in bytes as people read it: 820 B, 14 KB, 2.4 MB. */
export const byteSize = (bytes: number): string => {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
};

/** An upload's record as stored by the server (`{file, name, type, size}`). */
export type FileAnswer = { file: string; name: string; type: string; size: number };

export const fileAnswer = (value: JsonValue | undefined): FileAnswer | null => {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  if (typeof record.file !== 'string' || typeof record.name !== 'string' || typeof record.size !== 'number') return null;
  return { file: record.file, name: record.name, type: typeof record.type === 'string' ? record.type : '', size: record.size };
};

/**
 * An answer as the table shows it: a file by its name and size (downloading it through
 * the app is not built yet; members can fetch it from the server's `/form-files/`).
 */
export const answerDisplay = (value: JsonValue | undefined): string => {
  const file = fileAnswer(value);
  return file ? `${file.name} (${byteSize(file.size)})` : answerText(value);
};

/**
 * The table's columns: when, status, contact, then one per field of the form (hidden ones
 * too), then answers whose field is gone from the form, then UTM values and the referrer.
 */
export const submissionColumns = (
  fields: ReadonlyArray<FormField>,
  rows: ReadonlyArray<Submission>,
  contactName: (id: string) => string,
): SubmissionColumn[] => {
  const known = new Set(fields.map((field) => field.id));
  const tracking = new Set<string>(TRACKING);
  const extra: string[] = [];
  for (const row of rows) {
    for (const key of Object.keys(row.data ?? {})) {
      if (!known.has(key) && !tracking.has(key) && !extra.includes(key)) extra.push(key);
    }
  }
  return [
    { key: 'created_at', label: 'Submitted', kind: 'meta', value: (row) => row.created_at },
    { key: 'status', label: 'Status', kind: 'meta', value: (row) => statusOf(row) },
    { key: 'contact', label: 'Contact', kind: 'meta', value: (row) => (row.contact_id ? contactName(row.contact_id) : '') },
    ...fields.map(
      (field): SubmissionColumn => ({
        key: `data.${field.id}`,
        label: field.label || field.id,
        kind: 'field',
        fieldType: field.type,
        value: (row) => answerText(row.data?.[field.id]),
        display: (row) => answerDisplay(row.data?.[field.id]),
      }),
    ),
    ...extra.map((key): SubmissionColumn => ({ key: `data.${key}`, label: key, kind: 'field', value: (row) => answerText(row.data?.[key]) })),
    ...TRACKING.map(
      (key): SubmissionColumn => ({
        key,
        label: TRACKING_LABELS[key],
        kind: 'tracking',
        value: (row) => row[key] ?? answerText(row.data?.[key]),
      }),
    ),
  ];
};

export type SubmissionFilterOp = 'contains' | 'equals' | 'is_empty' | 'is_not_empty';

export type SubmissionFilter = { column: string; op: SubmissionFilterOp; value: string };

export const FILTER_OPS: ReadonlyArray<{ op: SubmissionFilterOp; label: string; needsValue: boolean }> = [
  { op: 'contains', label: 'contains', needsValue: true },
  { op: 'equals', label: 'is', needsValue: true },
  { op: 'is_empty', label: 'is empty', needsValue: false },
  { op: 'is_not_empty', label: 'is not empty', needsValue: false },
];

/** The rows every filter keeps (text compared ignoring case). */
export const filterSubmissions = (
  rows: ReadonlyArray<Submission>,
  columns: ReadonlyArray<SubmissionColumn>,
  filters: ReadonlyArray<SubmissionFilter>,
): Submission[] => {
  const checks = filters.flatMap((filter) => {
    const column = columns.find((candidate) => candidate.key === filter.column);
    if (!column) return [];
    const wanted = filter.value.trim().toLowerCase();
    return [
      (row: Submission) => {
        const value = column.value(row).trim().toLowerCase();
        switch (filter.op) {
          case 'contains':
            return value.includes(wanted);
          case 'equals':
            return value === wanted;
          case 'is_empty':
            return value === '';
          case 'is_not_empty':
            return value !== '';
        }
      },
    ];
  });
  return rows.filter((row) => checks.every((check) => check(row)));
};

/**
 * One CSV cell: quoted when it holds a separator, quote or line break; a value a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) gets a leading `'`, as the
 * answers come from anyone on the web.
 */
export const csvCell = (value: string): string => {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The rows as CSV (RFC 4180, CRLF line ends), a header of the columns' labels first. */
export const submissionsCsv = (columns: ReadonlyArray<SubmissionColumn>, rows: ReadonlyArray<Submission>): string =>
  [columns.map((column) => csvCell(column.label)), ...rows.map((row) => columns.map((column) => csvCell(column.value(row))))]
    .map((cells) => cells.join(','))
    .join('\r\n') + '\r\n';

export type DayPoint = { day: string; submissions: number; views: number | null };

/** `YYYY-MM-DD` of an instant in the local time zone. */
export const localDay = (date: Date): string => {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
};

/** The last `days` days up to `today`, oldest first. */
export const lastDays = (today: Date, days: number): string[] =>
  Array.from({ length: days }, (_, i) => localDay(new Date(today.getFullYear(), today.getMonth(), today.getDate() - (days - 1 - i))));

/**
 * Submissions (spam left out) and page views per day over the last `days` days; views are
 * null when nothing counts them. `conversion` is submissions over views, in percent.
 */
export const dailySeries = (
  rows: ReadonlyArray<Submission>,
  views: ReadonlyArray<{ day: string; views: number }> | null,
  today: Date,
  days: number,
): { points: DayPoint[]; submissions: number; views: number | null; conversion: number | null } => {
  const span = lastDays(today, days);
  const counts = new Map<string, number>(span.map((day) => [day, 0]));
  for (const row of rows) {
    if (statusOf(row) === 'spam') continue;
    const day = localDay(new Date(row.created_at));
    if (counts.has(day)) counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  const viewsByDay = new Map<string, number>();
  for (const entry of views ?? []) viewsByDay.set(entry.day, (viewsByDay.get(entry.day) ?? 0) + entry.views);
  const points = span.map((day) => ({ day, submissions: counts.get(day) ?? 0, views: views ? (viewsByDay.get(day) ?? 0) : null }));
  const submissions = points.reduce((sum, point) => sum + point.submissions, 0);
  const totalViews = views ? points.reduce((sum, point) => sum + (point.views ?? 0), 0) : null;
  const conversion = totalViews ? Math.round((submissions / totalViews) * 1000) / 10 : null;
  return { points, submissions, views: totalViews, conversion };
};
