import type { Backend } from '../../backend/backend';
import type { DryRun, Job, ListQuery } from '../../bindings';

/**
 * The automations module's calls beyond the generic record path: the core's dry run and
 * the job queue's dead letter (a never-synced profile's own; a synced organisation's
 * runs and their failures arrive as `automation_runs` rows from the server).
 */

export const dryRun = (backend: Backend, automationId: string, contactId: string | null): Promise<DryRun> =>
  backend.invoke('automation_dry_run', { automationId, contactId });

export const deadJobs = (backend: Backend): Promise<Job[]> => backend.invoke('jobs_list', { status: 'dead', limit: 200 });

/** Asks for a failed run to be tried again where runs execute (the sync server, or here). */
export const retryRun = async (backend: Backend, runId: string): Promise<void> => {
  await backend.invoke('automation_run_retry', { runId });
};

export const runsQuery = (automationId: string): ListQuery => ({
  filters: [{ field: 'automation_id', op: 'eq', value: automationId }],
  sort: { field: 'started_at', desc: true },
  limit: 100,
  deleted: 'exclude',
});
