import { useState } from 'react';
import { History, RotateCcw } from 'lucide-react';

import { useBackend } from '../../../backend/BackendContext';
import { toErrorPayload } from '../../../backend/backend';
import type { AutomationRun } from '../../../bindings';
import { Badge, type BadgeTone } from '../../../ui/Badge';
import { Button } from '../../../ui/Button';
import { EmptyState } from '../../../ui/EmptyState';
import { Spinner } from '../../../ui/Spinner';
import { retryRun } from '../api';
import { useDeadJobs, useRuns } from '../hooks/useAutomations';
import { STEP_LABELS, type StepType } from '../utils/flow';
import { retryable, type LogEntry } from '../utils/runs';

const TONES: Record<string, BadgeTone> = { running: 'blue', waiting: 'amber', completed: 'green', failed: 'red', stopped: 'gray' };

export type { LogEntry } from '../utils/runs';

const when = (at: string | null | undefined) => (at ? at.replace('T', ' ').slice(0, 16) : '—');

/** A step's outcome as people read it (a run's log entry or a dry run's). */
export const outcomeText = (entry: LogEntry): string => {
  const d = entry.detail ?? {};
  if (entry.outcome === 'waiting') return `waiting until ${when(String(d.until ?? ''))}`;
  if (entry.outcome === 'then' || entry.outcome === 'else') return entry.outcome === 'then' ? 'yes' : 'no';
  if (entry.outcome === 'undelivered') return `not delivered to ${String(d.to ?? 'the contact')}: ${String(d.error ?? 'refused')}`;
  if (entry.outcome === 'resent') return 'sent again';
  if (typeof d.skipped === 'string') return `skipped: ${d.skipped}`;
  if (typeof d.tag === 'string') return d.changed === false ? `“${d.tag}” was already there` : `“${d.tag}”`;
  if (d.changed === false) return 'no change';
  if (typeof d.waited === 'string') return 'waited';
  if (typeof d.would_wait_until === 'string') return `would wait until ${when(d.would_wait_until)}`;
  if (typeof d.error === 'string') return `failed: ${d.error}`;
  if (typeof d.subject === 'string') return `sent “${d.subject}” to ${String(d.to ?? '')}`;
  return entry.outcome ?? '';
};

export const RunRow = ({ run }: { run: AutomationRun }) => {
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

/**
 * An automation's runs, newest first, each with its steps; and its failed runs (the dead
 * letter), each retried where runs execute: the sync server for an organisation that
 * syncs (the request syncs to it), this profile's own runner otherwise.
 */
export const RunHistory = ({ automationId }: { automationId: string }) => {
  const backend = useBackend();
  const runs = useRuns(automationId);
  const dead = useDeadJobs();
  const [error, setError] = useState<string | null>(null);
  const [asked, setAsked] = useState<ReadonlySet<string>>(new Set());
  // Every failed run is in the dead letter; those a retry can help carry the button.
  const failed = (runs.data ?? []).filter((run) => run.status === 'failed');
  const attempts = new Map((dead.data ?? []).map((job) => [String((job.payload as { run_id?: string } | null)?.run_id ?? ''), job]));
  const handleRetry = (runId: string) => {
    setError(null);
    retryRun(backend, runId).then(
      () => setAsked(new Set([...asked, runId])),
      (e: unknown) => setError(toErrorPayload(e).message),
    );
  };
  if (runs.isPending) return <Spinner />;
  return (
    <div className="runs">
      {failed.length > 0 ? (
        <section className="runs__dead" aria-label="Dead letter">
          <h2>Failed and waiting for you</h2>
          {error ? <div className="form-error" role="alert">{error}</div> : null}
          <ul>
            {failed.map((run) => {
              const job = attempts.get(run.id);
              const waiting = asked.has(run.id) || run.retry_requested_at !== null;
              return (
                <li key={run.id} className="runs__dead-job" data-run={run.id}>
                  <span>
                    {when(run.started_at)} · {job ? `${job.attempts} attempt${job.attempts === 1 ? '' : 's'} · ` : ''}
                    {run.error_message ?? job?.last_error ?? 'failed'}
                  </span>
                  {retryable(run) ? (
                    <Button icon={<RotateCcw size={14} />} disabled={waiting} onClick={() => handleRetry(run.id)}>
                      {waiting ? 'Retry asked' : 'Retry'}
                    </Button>
                  ) : null}
                </li>
              );
            })}
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
