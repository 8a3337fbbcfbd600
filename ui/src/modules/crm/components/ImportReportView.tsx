import { useState } from 'react';
import { CircleCheck, Save, Undo2 } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { ImportFile, ImportReport } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { useToast } from '../../../ui/Toasts';
import { canUndo, plural, rowValues, undoSummary } from '../utils/importText';

/** Rejected rows listed on screen; the saved report has them all. */
const MAX_REJECTED_SHOWN = 500;

export type ImportReportViewProps = {
  importId: string;
  file: ImportFile;
  report: ImportReport;
  onImportAnother: () => void;
  onViewContacts: () => void;
};

type Stat = { label: string; value: number; tone: string };

/** Step 3 once the import is done: what happened, the rejected rows, save and undo. */
export const ImportReportView = ({ importId, file, report, onImportAnother, onViewContacts }: ImportReportViewProps) => {
  const backend = useBackend();
  const toast = useToast();
  const [savedPath, setSavedPath] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [confirmingUndo, setConfirmingUndo] = useState(false);
  const [undone, setUndone] = useState<string | null>(null);

  const stats: Stat[] = [
    { label: 'Imported', value: report.imported, tone: 'green' },
    { label: 'Merged', value: report.merged, tone: 'blue' },
    { label: 'Already up to date', value: report.unchanged, tone: 'gray' },
    { label: 'Rejected', value: report.rejected.length, tone: report.rejected.length > 0 ? 'red' : 'gray' },
  ];
  const shown = report.rejected.slice(0, MAX_REJECTED_SHOWN);

  const handleSave = async () => {
    setSaving(true);
    try {
      setSavedPath(await backend.invoke('import_save_report', { importId }));
    } catch (reason) {
      toast.showError('Could not save the report', toErrorPayload(reason).message);
    } finally {
      setSaving(false);
    }
  };

  const handleUndo = async () => {
    if (!canUndo(report)) return;
    try {
      const result = await backend.invoke('batch_undo', { batchId: report.batch_id });
      setUndone(undoSummary(result));
      toast.showSuccess('Import undone');
    } catch (reason) {
      toast.showError('Could not undo the import', toErrorPayload(reason).message);
    }
    setConfirmingUndo(false);
  };

  return (
    <div className="import-step import-report">
      <header className="import-report__head">
        <span className="import-report__icon" aria-hidden="true">
          <CircleCheck size={20} />
        </span>
        <div>
          <h2>{undone ? 'Import undone' : 'Import finished'}</h2>
          <p className="muted">{file.file_name}</p>
          {report.indexing && !undone && (
            <p className="muted import-report__indexing" role="status">
              Search and sorting are catching up in the background: the new contacts show up in search within
              seconds.
            </p>
          )}
        </div>
      </header>

      <dl className="import-stats">
        {stats.map((stat) => (
          <div key={stat.label} className={`import-stat import-stat--${stat.tone}`}>
            <dt>{stat.label}</dt>
            <dd>{stat.value.toLocaleString()}</dd>
          </div>
        ))}
      </dl>

      {report.skipped_columns.length > 0 ? (
        <p className="import-report__note">
          <span className="muted">Columns not imported:</span> {report.skipped_columns.join(', ')}
        </p>
      ) : null}
      {undone ? (
        <p className="import-report__note" role="status">
          {undone}
        </p>
      ) : null}

      <div className="import-report__actions">
        <Button variant="primary" onClick={onViewContacts}>
          View contacts
        </Button>
        <Button onClick={onImportAnother}>Import another file</Button>
        {report.rejected.length > 0 ? (
          <Button icon={<Save size={14} />} disabled={saving} onClick={() => void handleSave()}>
            {saving ? 'Saving…' : 'Save report'}
          </Button>
        ) : null}
        {canUndo(report) && !undone ? (
          <Button variant="danger" icon={<Undo2 size={14} />} onClick={() => setConfirmingUndo(true)}>
            Undo import
          </Button>
        ) : null}
      </div>
      {savedPath ? (
        <p className="import-report__note" role="status">
          Saved to <span className="mono">{savedPath}</span>
        </p>
      ) : null}

      {report.rejected.length > 0 ? (
        <section className="import-section" aria-labelledby="import-rejected-title">
          <div className="import-section__head">
            <h2 id="import-rejected-title">Rejected rows</h2>
            <span className="muted">{plural(report.rejected.length, 'row')} not imported</span>
          </div>
          <p className="import-section__hint">
            Fix these lines in the file and import it again: rows already imported are matched by email and stay as
            they are.
          </p>
          <table className="import-table import-rejected">
            <thead>
              <tr>
                <th scope="col" className="num">
                  Line
                </th>
                <th scope="col">Reason</th>
                <th scope="col">Values</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => (
                <tr key={row.line}>
                  <td className="num import-table__line">{row.line}</td>
                  <td className="import-table__reason">{row.reason}</td>
                  <td className="import-table__values">
                    {rowValues(file.headers, row.fields).map((value, index) => (
                      <span key={index} className="import-value">
                        {value}
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.rejected.length > shown.length ? (
            <p className="muted import-section__hint">
              Showing the first {shown.length.toLocaleString()}; save the report to see every rejected row.
            </p>
          ) : null}
        </section>
      ) : null}

      {confirmingUndo ? (
        <ConfirmDialog
          title="Undo this import?"
          confirmLabel="Undo import"
          danger
          onConfirm={handleUndo}
          onClose={() => setConfirmingUndo(false)}
        >
          The {plural(report.imported, 'contact')} it created move to the trash and the {plural(report.merged, 'contact')}{' '}
          it merged into get their earlier values back. Changes made to them since the import are kept.
        </ConfirmDialog>
      ) : null}
    </div>
  );
};
