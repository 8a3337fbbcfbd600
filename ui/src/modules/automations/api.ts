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

export const retryJob = async (backend: Backend, id: number): Promise<void> => {
  await backend.invoke('job_retry', { id });
};

export const runsQuery = (automationId: string): ListQuery => ({
  filters: [{ field: 'automation_id', op: 'eq', value: automationId }],
  sort: { field: 'started_at', desc: true },
  limit: 100,
  deleted: 'exclude',
});
