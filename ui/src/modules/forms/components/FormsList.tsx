import { useState } from 'react';
import { FileText, Plus } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { Badge } from '../../../ui/Badge';
import { Button } from '../../../ui/Button';
import { EmptyState } from '../../../ui/EmptyState';
import { Spinner } from '../../../ui/Spinner';
import { ago } from '../../object-record/utils/format';
import { useFormSummaries } from '../hooks/useForms';
import { formStatus } from '../utils/status';
import type { BuilderTab } from './FormBuilder';
import { NewFormDialog } from './NewFormDialog';

export type FormsListProps = {
  onOpen: (id: string, tab?: BuilderTab) => void;
};

/** The organisation's forms: status, submissions, the last one; "New form" starts one. */
export const FormsList = ({ onOpen }: FormsListProps) => {
  const summaries = useFormSummaries();
  const [creating, setCreating] = useState(false);
  const rows = summaries.data ?? null;
  const error = summaries.error ? toErrorPayload(summaries.error) : null;

  return (
    <div className="module-page forms-page">
      <header className="page-header">
        <h1>Forms</h1>
        <Button variant="primary" icon={<Plus size={14} />} onClick={() => setCreating(true)}>
          New form
        </Button>
      </header>
      {error ? (
        <div className="form-error" role="alert">
          {error.message}
        </div>
      ) : null}
      {rows === null && !error ? <Spinner /> : null}
      {rows && rows.length === 0 ? (
        <EmptyState
          icon={<FileText size={20} />}
          title="No forms yet"
          description="Build a form, publish it, and every answer lands here — with the contact created or updated for you."
          action={
            <Button variant="primary" icon={<Plus size={14} />} onClick={() => setCreating(true)}>
              Create your first form
            </Button>
          }
        />
      ) : null}
      {rows && rows.length > 0 ? (
        <div className="table-scroll forms-list">
          <table className="records forms-table" aria-label="Forms">
            <thead>
              <tr>
                <th>Name</th>
                <th>Status</th>
                <th className="align-right">Submissions</th>
                <th>Last submission</th>
                <th>Edited</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ form, submissions, lastSubmission }) => {
                const status = formStatus(form);
                return (
                  <tr key={form.id} data-id={form.id} tabIndex={0} onClick={() => onOpen(form.id)} onKeyDown={(event) => event.key === 'Enter' && onOpen(form.id)}>
                    <td>
                      <div className="forms-table__name">
                        <span className="forms-table__icon" aria-hidden="true">
                          <FileText size={15} />
                        </span>
                        <span>
                          <span className="forms-table__title">{form.name}</span>
                          <span className="forms-table__slug mono">/{form.slug}</span>
                        </span>
                      </div>
                    </td>
                    <td>
                      <Badge tone={status.tone}>{status.label}</Badge>
                    </td>
                    <td className="align-right num">
                      <button
                        type="button"
                        className="link-button"
                        aria-label={`${submissions} submissions of ${form.name}`}
                        onClick={(event) => {
                          event.stopPropagation();
                          onOpen(form.id, 'submissions');
                        }}
                      >
                        {submissions}
                      </button>
                    </td>
                    <td className="muted">{lastSubmission ? ago(lastSubmission) : '—'}</td>
                    <td className="muted">{ago(form.updated_at)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {creating ? (
        <NewFormDialog
          takenSlugs={(rows ?? []).map((row) => row.form.slug)}
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            onOpen(id);
          }}
        />
      ) : null}
    </div>
  );
};
