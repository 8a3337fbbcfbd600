import type { AutomationRun } from '../../../bindings';

export type LogEntry = { step?: string; type?: string; at?: string; outcome?: string; detail?: Record<string, unknown> };

/**
 * The mail steps of a run's log whose mail the receiving server refused and that were not
 * sent again since (the core's `delivery::undelivered`): the sync server writes an
 * `undelivered` entry when it gives up on a message, a retry writes `resent`.
 */
export const undeliveredSteps = (steps: readonly LogEntry[]): string[] => {
  const open: string[] = [];
  for (const entry of steps) {
    if (!entry.step) continue;
    if (entry.outcome === 'undelivered' || entry.outcome === 'resent') {
      const at = open.indexOf(entry.step);
      if (at >= 0) open.splice(at, 1);
      if (entry.outcome === 'undelivered') open.push(entry.step);
    }
  }
  return open;
};

/** Whether a person's retry can do anything for a failed run: steps left, or mail to send again. */
export const retryable = (run: AutomationRun): boolean =>
  run.status === 'failed' && (run.cursor !== null || undeliveredSteps((run.steps ?? []) as LogEntry[]).length > 0);
