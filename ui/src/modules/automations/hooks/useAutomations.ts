import { useQuery } from '@tanstack/react-query';

import { useBackend } from '../../../backend/BackendContext';
import type { Automation, AutomationRun, ListQuery } from '../../../bindings';
import { deadJobs, runsQuery } from '../api';

const ALL: ListQuery = { filters: [], sort: { field: 'updated_at', desc: true }, limit: 1000, deleted: 'exclude' };

export const useAutomationList = () => {
  const backend = useBackend();
  return useQuery({
    queryKey: ['records_list', 'automations', 'all'],
    queryFn: async () => (await backend.invoke('records_list', { table: 'automations', query: ALL })).items as Automation[],
  });
};

export const useAutomation = (id: string) => {
  const backend = useBackend();
  return useQuery({
    queryKey: ['records_get', 'automations', id],
    queryFn: async () => (await backend.invoke('records_get', { table: 'automations', id })) as Automation,
  });
};

export const useRuns = (automationId: string) => {
  const backend = useBackend();
  return useQuery({
    queryKey: ['records_list', 'automation_runs', automationId],
    queryFn: async () => (await backend.invoke('records_list', { table: 'automation_runs', query: runsQuery(automationId) })).items as AutomationRun[],
  });
};

/**
 * Why `send_email` steps cannot send from this profile, or null when they can: a profile
 * that never synced runs its automations itself, and mail goes out only through the sync
 * server's mail queue (DESIGN.md §8), so its mail steps fail at once into the dead letter.
 */
export const useMailNote = () => {
  const backend = useBackend();
  const status = useQuery({ queryKey: ['sync_status'], queryFn: () => backend.invoke('sync_status', {}) });
  if (!status.data || status.data.server) return null;
  return 'This profile does not sync, so it sends no email: mail goes out through your sync server (Sync → sign in; the server needs --smtp-url). Until then each Send email step fails at once and its run waits in the dead letter (Runs), to retry once you are signed in.';
};

/** Failed runs (the dead letter, wherever runs execute), counted by automation. */
export const useFailedRuns = () => {
  const backend = useBackend();
  return useQuery({
    queryKey: ['records_list', 'automation_runs', 'failed'],
    queryFn: async () => {
      const query: ListQuery = { filters: [{ field: 'status', op: 'eq', value: 'failed' }], limit: 1000, deleted: 'exclude' };
      const runs = (await backend.invoke('records_list', { table: 'automation_runs', query })).items as AutomationRun[];
      const counts = new Map<string, number>();
      for (const run of runs) counts.set(run.automation_id, (counts.get(run.automation_id) ?? 0) + 1);
      return counts;
    },
  });
};

export const useDeadJobs = () => {
  const backend = useBackend();
  return useQuery({ queryKey: ['jobs_list', 'dead'], queryFn: () => deadJobs(backend) });
};

/** Names of the records steps and triggers point at (templates, users, pipelines, booking types, campaigns), by id. */
export const useNames = () => {
  const backend = useBackend();
  return useQuery({
    queryKey: ['records_list', 'automation-names'],
    queryFn: async () => {
      const query: ListQuery = { filters: [], limit: 500, deleted: 'exclude' };
      const [templates, users, pipelines, stages, bookingTypes, campaigns] = await Promise.all([
        backend.invoke('records_list', { table: 'templates', query: { ...query, filters: [{ field: 'type', op: 'eq', value: 'email' }] } }),
        backend.invoke('records_list', { table: 'users', query }),
        backend.invoke('records_list', { table: 'pipelines', query }),
        backend.invoke('records_list', { table: 'pipeline_stages', query }),
        backend.invoke('records_list', { table: 'booking_types', query }),
        backend.invoke('records_list', { table: 'email_campaigns', query }),
      ]);
      const name = (row: Record<string, unknown>) =>
        String(row.name ?? ([row.first_name, row.last_name].filter(Boolean).join(' ') || row.email || row.id));
      const pick = (rows: Array<Record<string, unknown>>) => rows.map((row) => ({ id: String(row.id), name: name(row), row }));
      return {
        templates: pick(templates.items),
        users: pick(users.items),
        pipelines: pick(pipelines.items),
        stages: pick(stages.items),
        bookingTypes: pick(bookingTypes.items),
        campaigns: pick(campaigns.items),
      };
    },
  });
};
