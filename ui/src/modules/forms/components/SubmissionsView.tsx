import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Check, Download, Filter as FilterIcon, Inbox, Plus, ShieldAlert, Trash2, X } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { Contact, Form, ListQuery } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { EmptyState } from '../../../ui/EmptyState';
import { Spinner } from '../../../ui/Spinner';
import { useToast } from '../../../ui/Toasts';
import { approveSubmission, formViews, isMissingCommand, saveDownload } from '../api';
import type { FormField } from '../types';
import { readSettings } from '../utils/definition';
import {
  FILTER_OPS,
  dailySeries,
  filterSubmissions,
  localDay,
  statusOf,
  submissionColumns,
  submissionsCsv,
  type Submission,
  type SubmissionFilter,
  type SubmissionFilterOp,
} from '../utils/submissions';
import { SubmissionsChart } from './SubmissionsChart';
import { SubmissionsTable } from './SubmissionsTable';

export type SubmissionsViewProps = {
  form: Form;
  /** The form's saved fields: one column each. */
  fields: ReadonlyArray<FormField>;
};

type Queue = 'inbox' | 'spam';

/** Every submission of the form, newest first, page by page to the end. */
const loadSubmissions = async (backend: ReturnType<typeof useBackend>, formId: string): Promise<Submission[]> => {
  const rows: Submission[] = [];
  let cursor: string | undefined;
  const query: ListQuery = { filters: [{ field: 'form_id', op: 'eq', value: formId }], sort: { field: 'created_at', desc: true }, limit: 1000, deleted: 'exclude' };
  do {
    const page = await backend.invoke('records_list', { table: 'form_submissions', query: cursor ? { ...query, cursor } : query });
    rows.push(...(page.items as Submission[]));
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return rows;
};

/** The names of the contacts the submissions matched. */
const loadContacts = async (backend: ReturnType<typeof useBackend>, ids: string[]): Promise<Map<string, string>> => {
  const names = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const page = await backend.invoke('records_list', {
      table: 'contacts',
      query: { filters: [{ field: 'id', op: 'in', value: chunk }], limit: chunk.length, deleted: 'include' },
    });
    for (const contact of page.items as Contact[]) {
      names.set(contact.id, `${contact.first_name} ${contact.last_name}`.trim() || contact.email);
    }
  }
  return names;
};

/** In a plain browser (the development preview): a download of the file. */
const downloadInBrowser = (name: string, text: string) => {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
};

/** A form's submissions: a chart of the last days, the inbox and spam queue, filters, CSV. */
export const SubmissionsView = ({ form, fields }: SubmissionsViewProps) => {
  const backend = useBackend();
  const toast = useToast();
  const [queue, setQueue] = useState<Queue>('inbox');
  const [filters, setFilters] = useState<SubmissionFilter[]>([]);
  const [range, setRange] = useState<30 | 90>(30);

  const submissions = useQuery({ queryKey: ['records_list', 'form_submissions', 'of', form.id], queryFn: () => loadSubmissions(backend, form.id) });
  const rows = useMemo(() => submissions.data ?? [], [submissions.data]);
  const contactIds = useMemo(() => [...new Set(rows.flatMap((row) => (row.contact_id ? [row.contact_id] : [])))].sort(), [rows]);
  const contacts = useQuery({ queryKey: ['records_list', 'contacts', 'names', contactIds], queryFn: () => loadContacts(backend, contactIds), enabled: contactIds.length > 0 });
  const today = useMemo(() => new Date(), []);
  const since = localDay(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 89));
  const views = useQuery({ queryKey: ['records_list', 'form_views', form.id, since], queryFn: () => formViews(backend, form.id, since) });

  const columns = useMemo(() => submissionColumns(fields, rows, (id) => contacts.data?.get(id) ?? 'Contact'), [fields, rows, contacts.data]);
  const spamCount = rows.filter((row) => statusOf(row) === 'spam').length;
  const inQueue = rows.filter((row) => (queue === 'spam' ? statusOf(row) === 'spam' : statusOf(row) !== 'spam'));
  const shown = filterSubmissions(inQueue, columns, filters);
  const series = dailySeries(rows, views.data ?? null, today, range);
  const accent = readSettings(form.settings).accent_color;

  const handleApprove = async (row: Submission) => {
    try {
      await approveSubmission(backend, row.id);
      toast.showSuccess('Submission approved: it is processed as received');
    } catch (reason) {
      toast.showError('Could not approve the submission', toErrorPayload(reason).message);
    }
  };

  const handleDelete = async (row: Submission) => {
    try {
      await backend.invoke('records_delete', { table: 'form_submissions', id: row.id });
      toast.showSuccess('Submission deleted', {
        label: 'Undo',
        onAction: () =>
          void backend.invoke('records_restore', { table: 'form_submissions', id: row.id }).catch((reason: unknown) =>
            toast.showError('Could not restore the submission', toErrorPayload(reason).message),
          ),
      });
    } catch (reason) {
      toast.showError('Could not delete the submission', toErrorPayload(reason).message);
    }
  };

  const handleExport = async () => {
    const now = new Date();
    const stamp = `${localDay(now)}-${String(now.getHours()).padStart(2, '0')}${String(now.getMinutes()).padStart(2, '0')}${String(now.getSeconds()).padStart(2, '0')}`;
    const name = `${form.slug}-submissions-${stamp}.csv`;
    // A byte-order mark first, so spreadsheet apps read the file as UTF-8.
    const text = `\uFEFF${submissionsCsv(columns, shown)}`;
    const count = `${shown.length} submission${shown.length === 1 ? '' : 's'}`;
    try {
      const path = await saveDownload(backend, name, text);
      toast.showSuccess(`Exported ${count} to ${path}`);
    } catch (reason) {
      const message = toErrorPayload(reason).message;
      if (!isMissingCommand(message)) {
        toast.showError('Could not export the submissions', message);
        return;
      }
      downloadInBrowser(name, text);
      toast.showSuccess(`Exported ${count}`);
    }
  };

  const setFilter = (index: number, patch: Partial<SubmissionFilter>) => setFilters((current) => current.map((filter, i) => (i === index ? { ...filter, ...patch } : filter)));

  if (submissions.error) {
    return (
      <div className="form-error" role="alert">
        {toErrorPayload(submissions.error).message}
      </div>
    );
  }
  if (!submissions.data) return <Spinner />;

  return (
    <div className="submissions-view">
      <section className="submissions-stats" aria-label="Submissions over time">
        <div className="submissions-stats__figures">
          <div className="stat">
            <span className="stat__value">{series.submissions}</span>
            <span className="stat__label">Submissions</span>
          </div>
          <div className="stat">
            <span className="stat__value">{series.views ?? '—'}</span>
            <span className="stat__label">Page views</span>
          </div>
          <div className="stat">
            <span className="stat__value">{series.conversion === null ? '—' : `${series.conversion}%`}</span>
            <span className="stat__label">Conversion</span>
          </div>
          <div className="forms-seg submissions-stats__range" role="radiogroup" aria-label="Period">
            {([30, 90] as const).map((days) => (
              <button key={days} type="button" role="radio" aria-checked={range === days} className={`forms-seg__item${range === days ? ' is-selected' : ''}`} onClick={() => setRange(days)}>
                {days} days
              </button>
            ))}
          </div>
        </div>
        <SubmissionsChart points={series.points} accent={accent} />
        {series.views === null ? <p className="muted submissions-stats__note">Page views are counted by the server that serves the form; they appear here once it syncs them.</p> : null}
      </section>

      <div className="toolbar submissions-toolbar">
        <div className="forms-seg" role="tablist" aria-label="Queue">
          <button type="button" role="tab" aria-selected={queue === 'inbox'} className={`forms-seg__item${queue === 'inbox' ? ' is-selected' : ''}`} onClick={() => setQueue('inbox')}>
            <Inbox size={14} aria-hidden="true" />
            Inbox <span className="forms-seg__count">{rows.length - spamCount}</span>
          </button>
          <button type="button" role="tab" aria-selected={queue === 'spam'} className={`forms-seg__item${queue === 'spam' ? ' is-selected' : ''}`} onClick={() => setQueue('spam')}>
            <ShieldAlert size={14} aria-hidden="true" />
            Spam <span className="forms-seg__count">{spamCount}</span>
          </button>
        </div>
        <Button
          variant="ghost"
          icon={<FilterIcon size={14} />}
          onClick={() => setFilters((current) => [...current, { column: columns.find((column) => column.kind === 'field')?.key ?? 'contact', op: 'contains', value: '' }])}
        >
          Add filter
        </Button>
        <span className="toolbar__spacer" />
        <span className="toolbar__count">
          {shown.length === inQueue.length ? `${shown.length} submission${shown.length === 1 ? '' : 's'}` : `${shown.length} of ${inQueue.length}`}
        </span>
        <Button icon={<Download size={14} />} disabled={shown.length === 0} onClick={() => void handleExport()}>
          Export CSV
        </Button>
      </div>
      {filters.length > 0 ? (
        <div className="submission-filters" aria-label="Filters">
          {filters.map((filter, index) => {
            const needsValue = FILTER_OPS.find((entry) => entry.op === filter.op)?.needsValue ?? true;
            return (
              <div key={index} className="submission-filter">
                <select className="input" aria-label={`Filter ${index + 1} column`} value={filter.column} onChange={(event) => setFilter(index, { column: event.target.value })}>
                  {columns
                    .filter((column) => column.key !== 'created_at')
                    .map((column) => (
                      <option key={column.key} value={column.key}>
                        {column.label}
                      </option>
                    ))}
                </select>
                <select className="input" aria-label={`Filter ${index + 1} operator`} value={filter.op} onChange={(event) => setFilter(index, { op: event.target.value as SubmissionFilterOp })}>
                  {FILTER_OPS.map((entry) => (
                    <option key={entry.op} value={entry.op}>
                      {entry.label}
                    </option>
                  ))}
                </select>
                {needsValue ? (
                  <input className="input" aria-label={`Filter ${index + 1} value`} placeholder="Value" value={filter.value} onChange={(event) => setFilter(index, { value: event.target.value })} />
                ) : null}
                <button type="button" className="icon-button" aria-label={`Remove filter ${index + 1}`} onClick={() => setFilters((current) => current.filter((_, i) => i !== index))}>
                  <X size={14} />
                </button>
              </div>
            );
          })}
          <Button
            variant="ghost"
            className="button--small"
            icon={<Plus size={13} />}
            onClick={() => setFilters((current) => [...current, { column: columns.find((column) => column.kind === 'field')?.key ?? 'contact', op: 'contains', value: '' }])}
          >
            And
          </Button>
        </div>
      ) : null}
      {shown.length === 0 ? (
        <EmptyState
          icon={queue === 'spam' ? <ShieldAlert size={20} /> : <Inbox size={20} />}
          title={filters.length > 0 ? 'No submission matches' : queue === 'spam' ? 'No spam' : 'No submissions yet'}
          description={
            filters.length > 0
              ? 'Change or remove a filter to see more.'
              : queue === 'spam'
                ? 'Submissions that look automated are held here until you approve them; they never reach your contacts before.'
                : 'Publish the form and share its link: answers arrive here, and in the contact’s timeline.'
          }
        />
      ) : (
        <SubmissionsTable
          columns={columns}
          rows={shown}
          showSpamReason={queue === 'spam'}
          rowActions={
            queue === 'spam'
              ? (row) => (
                  <span className="submissions-table__buttons">
                    <Button variant="ghost" className="button--small" icon={<Check size={13} />} aria-label={`Approve submission of ${row.created_at}`} onClick={() => void handleApprove(row)}>
                      Approve
                    </Button>
                    <Button variant="ghost" className="button--small" icon={<Trash2 size={13} />} aria-label={`Delete submission of ${row.created_at}`} onClick={() => void handleDelete(row)}>
                      Delete
                    </Button>
                  </span>
                )
              : undefined
          }
        />
      )}
    </div>
  );
};
