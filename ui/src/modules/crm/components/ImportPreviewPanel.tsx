import { useState } from 'react';

import type { PreviewRow, RowOutcome } from '../../../bindings';
import { Badge, type BadgeTone } from '../../../ui/Badge';
import { Spinner } from '../../../ui/Spinner';
import { displayName } from '../../object-record/utils/displayName';
import type { ImportPreviewState } from '../hooks/useImportPreview';
import { plural, previewSummary } from '../utils/importText';

const OUTCOMES: Record<RowOutcome, { label: string; tone: BadgeTone }> = {
  create: { label: 'New', tone: 'green' },
  merge: { label: 'Merge', tone: 'blue' },
  reject: { label: 'Rejected', tone: 'red' },
};

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

const PreviewRowView = ({ row }: { row: PreviewRow }) => {
  const outcome = OUTCOMES[row.outcome];
  return (
    <tr className={row.outcome === 'reject' ? 'is-rejected' : undefined}>
      <td className="num import-table__line">{row.line}</td>
      <td>
        <Badge tone={outcome.tone}>{outcome.label}</Badge>
      </td>
      {row.outcome === 'reject' ? (
        <td colSpan={3} className="import-table__reason">
          {row.reason}
        </td>
      ) : (
        <>
          <td className="import-table__name">{displayName('contacts', row.record)}</td>
          <td>{text(row.record.email)}</td>
          <td>{text(row.record.company)}</td>
        </>
      )}
    </tr>
  );
};

export type ImportPreviewPanelProps = {
  state: ImportPreviewState;
};

/** What the import would do: the counts, the first rows and every rejected row. */
export const ImportPreviewPanel = ({ state }: ImportPreviewPanelProps) => {
  const [onlyRejected, setOnlyRejected] = useState(false);
  const { preview, error, loading } = state;
  const rows = preview ? preview.rows.filter((row) => !onlyRejected || row.outcome === 'reject') : [];
  const rejectedShown = preview ? preview.rows.filter((row) => row.outcome === 'reject').length : 0;

  return (
    <section className={`import-section${loading && preview ? ' is-stale' : ''}`} aria-labelledby="import-preview-title">
      <div className="import-section__head">
        <h2 id="import-preview-title">Preview</h2>
        {preview && !error ? (
          <strong className="import-counts" data-testid="import-preview-summary">
            {previewSummary(preview)}
          </strong>
        ) : null}
        {loading ? <Spinner label="Updating the preview…" /> : null}
        <div className="toolbar__spacer" />
        {preview && preview.reject > 0 ? (
          <label className="import-filter">
            <input type="checkbox" checked={onlyRejected} onChange={(event) => setOnlyRejected(event.target.checked)} />
            Only rejected rows
          </label>
        ) : null}
      </div>
      {error ? (
        <div className="form-error" role="alert">
          {error.message}
        </div>
      ) : null}
      {preview && !error ? (
        <>
          <p className="import-section__hint">
            The first rows as they would be imported, then every rejected row with its line in the file. Nothing is
            saved until you import.
          </p>
          <table className="import-table import-preview">
            <thead>
              <tr>
                <th scope="col" className="num">
                  Line
                </th>
                <th scope="col">Outcome</th>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Company</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <PreviewRowView key={row.line} row={row} />
              ))}
            </tbody>
          </table>
          {preview.reject > rejectedShown ? (
            <p className="muted import-section__hint">
              Showing {plural(rejectedShown, 'rejected row')} of {preview.reject.toLocaleString()}; the report after the
              import lists them all.
            </p>
          ) : null}
        </>
      ) : null}
      {!preview && !error && loading ? <p className="muted">Reading the rows…</p> : null}
    </section>
  );
};
