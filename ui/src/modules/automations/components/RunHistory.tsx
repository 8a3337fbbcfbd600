import { useState } from 'react';
import { History, RotateCcw } from 'lucide-react';

import { useBackend } from '../../../backend/BackendContext';
import { toErrorPayload } from '../../../backend/backend';
import type { AutomationRun } from '../../../bindings';
import { Badge, type BadgeTone } from '../../../ui/Badge';
import { Button } from '../../../ui/Button';
import { EmptyState } from '../../../ui/EmptyState';
import { Spinner } from '../../../ui/Spinner';
import { retryJob } from '../api';
import { useDeadJobs, useRuns } from '../hooks/useAutomations';
import { STEP_LABELS, type StepType } from '../utils/flow';

const TONES: Record<string, BadgeTone> = { running: 'blue', waiting: 'amber', completed: 'green', failed: 'red', stopped: 'gray' };

export type LogEntry = { step?: string; type?: string; at?: string; outcome?: string; detail?: Record<string, unknown> };

const when = (at: string | null | undefined) => (at ? at.replace('T', ' ').slice(0, 16) : '—');

/** A step's outcome as people read it (a run's log entry or a dry run's). */
export const outcomeText = (entry: LogEntry): string => {
  const d = entry.detail ?? {};
  if (entry.outcome === 'waiting') return `waiting until ${when(String(d.until ?? ''))}`;
  if (entry.outcome === 'then' || entry.outcome === 'else') return entry.outcome === 'then' ? 'yes' : 'no';
  if (typeof d.skipped === 'string') return `skipped: ${d.skipped}`;
  if (typeof d.tag === 'string') return d.changed === false ? `“${d.tag}” was already there` : `“${d.tag}”`;
  if (d.changed === false) return 'no change';
  if (typeof d.waited === 'string') return 'waited';
  if (typeof d.would_wait_until === 'string') return `would wait until ${when(d.would_wait_until)}`;
  if (typeof d.error === 'string') return `failed: ${d.error}`;
  if (typeof d.subject === 'string') return `sent “${d.subject}” to ${String(d.to ?? '')}`;
  return entry.outcome ?? '';
};

const RunRow = ({ run }: { run: AutomationRun }) => {
  const [open, setOpen] = useState(false);
  const steps = (run.steps ?? []) as LogEntry[];
  return (
    <li className="runs__run">
      <button type="button" className="runs__summary" aria-expanded={open} onClick={() => setOpen(!open)}>
        <Badge tone={TONES[run.status] ?? 'gray'}>{run.status}</Badge>
        <span className="runs__when">{when(run.started_at)}</span>
        <span className="runs__count">
          {run.actions_completed} action{run.actions_completed === 1 ? '' : 's'}
          {run.status === 'waiting' && run.wake_at ? ` · until ${when(run.wake_at)}` : ''}
        </span>
        {run.error_message ? <span className="runs__error">{run.error_message}</span> : null}
      </button>
      {open ? (
        <ol className="runs__steps" aria-label="Run steps">
          {steps.map((entry, i) => (
            <li key={i} className={`runs__step runs__step--${entry.outcome ?? 'done'}`}>
              <span className="runs__step-name">{STEP_LABELS[entry.type as StepType] ?? entry.type ?? 'step'}</span>
              <span className="runs__step-outcome">{outcomeText(entry)}</span>
              <span className="runs__step-at">{when(entry.at)}</span>
            </li>
          ))}
          {steps.length === 0 ? <li className="runs__step">No step taken yet.</li> : null}
        </ol>
      ) : null}
    </li>
  );
};

/** An automation's runs, newest first, each with its steps; and its runs in the dead letter. */
export const RunHistory = ({ automationId }: { automationId: string }) => {
  const backend = useBackend();
  const runs = useRuns(automationId);
  const dead = useDeadJobs();
  const [error, setError] = useState<string | null>(null);
  const ids = new Set((runs.data ?? []).map((r) => r.id));
  const mine = (dead.data ?? []).filter((job) => ids.has(String((job.payload as { run_id?: string } | null)?.run_id ?? '')));
  const handleRetry = (id: number) => {
    setError(null);
    retryJob(backend, id).catch((e: unknown) => setError(toErrorPayload(e).message));
  };
  if (runs.isPending) return <Spinner />;
  return (
    <div className="runs">
      {mine.length > 0 ? (
        <section className="runs__dead" aria-label="Dead letter">
          <h2>Failed and waiting for you</h2>
          {error ? <div className="form-error" role="alert">{error}</div> : null}
          <ul>
            {mine.map((job) => (
              <li key={job.id} className="runs__dead-job">
                <span>
                  {job.attempts} attempts · {job.last_error}
                </span>
                <Button icon={<RotateCcw size={14} />} onClick={() => handleRetry(job.id)}>
                  Retry
                </Button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {(runs.data ?? []).length === 0 ? (
        <EmptyState icon={<History size={20} />} title="No runs yet" description="Runs appear here as the trigger fires, with each step they took." />
      ) : (
        <ul className="runs__list" aria-label="Runs">
          {(runs.data ?? []).map((run) => (
            <RunRow key={run.id} run={run} />
          ))}
        </ul>
      )}
    </div>
  );
};
