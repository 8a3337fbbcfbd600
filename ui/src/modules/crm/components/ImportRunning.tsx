import { useImportProgress } from '../hooks/useImportProgress';

export type ImportRunningProps = {
  importId: string;
  fileName: string;
};

/** Step 3 while the import runs: a progress bar fed by polling the backend. */
export const ImportRunning = ({ importId, fileName }: ImportRunningProps) => {
  const progress = useImportProgress(importId);
  const total = progress?.total ?? 0;
  const done = Math.min(progress?.done ?? 0, total);
  const percent = total > 0 ? Math.round((done / total) * 100) : 0;
  return (
    <div className="import-step import-running">
      <h2>Importing {fileName}…</h2>
      <div
        className="progress"
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={total || undefined}
        aria-valuenow={total > 0 ? done : undefined}
      >
        <div className={`progress__bar${total === 0 ? ' progress__bar--waiting' : ''}`} style={{ width: `${percent}%` }} />
      </div>
      <p className="import-running__count" data-testid="import-progress-text">
        {total > 0 ? `${done.toLocaleString()} of ${total.toLocaleString()} rows · ${percent}%` : 'Starting…'}
      </p>
      <p className="muted">
        The rows are saved together at the end: if the import stops halfway, nothing is changed.
      </p>
    </div>
  );
};
