import { createContext, useContext, useState, type ReactNode } from 'react';
import { QueryClient, QueryClientProvider, notifyManager } from '@tanstack/react-query';

import type { Backend, CommandName } from './backend';

const BackendContext = createContext<Backend | null>(null);

/**
 * Commands that only read. Any other command may change data, so once it succeeds every
 * cached query is marked stale and the ones on screen load again: a write never leaves a
 * list, a count or a detail panel showing what was there before.
 */
const READS: ReadonlySet<CommandName> = new Set<CommandName>([
  'profile_get',
  'app_about',
  'sync_devices',
  'team_members',
  'team_invitations',
  'schema_tables',
  'records_list',
  'records_count',
  'records_get',
  'search',
  // A read that counted as a write would invalidate itself and load forever.
  'contact_timeline',
  'booking_slots_preview',
  'duplicates_check',
  'duplicates_find',
  'import_open',
  'import_preview',
  'import_progress',
  'import_save_report',
  'open_external',
  'sync_status',
  'sync_undone',
  'google_status',
  'google_calendars',
  'contacts_export',
  'download_save',
  // The forms core's page renderer (the builder's live preview): it only reads.
  'form_preview',
  // A dry run writes inside a transaction it rolls back: nothing changes.
  'automation_dry_run',
  'jobs_list',
  // The pipelines core's board, dashboard and a card's journey.
  'pipeline_board',
  'pipeline_dashboard',
  'pipeline_card_journey',
  // The commerce core's live totals of an unsaved document, revenue sums, documents and
  // PDF; saving a PDF writes a file, not data.
  'commerce_totals',
  'commerce_revenue',
  'order_show',
  'invoice_show',
  'invoice_pdf',
  'invoice_pdf_save',
]);

export const isWrite = (command: CommandName): boolean => !READS.has(command);

// Results reach components in the microtask after they arrive (TanStack's default waits for a
// timer): the local backend answers at once, and a screen shows its data in the same turn.
notifyManager.setScheduler(queueMicrotask);

/** Server state is cached per query; errors show at once (no retries), as the backend is local. */
const newQueryClient = () =>
  new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
    },
  });

/** The backend whose writes invalidate the cache of `client`. */
const invalidatingBackend = (backend: Backend, client: QueryClient): Backend => ({
  invoke: async (cmd, args) => {
    const result = await backend.invoke(cmd, args);
    if (isWrite(cmd)) void client.invalidateQueries();
    return result;
  },
});

export type BackendProviderProps = {
  backend: Backend;
  children: ReactNode;
};

/** The typed backend, and the query cache of what it returned (TanStack Query). */
export const BackendProvider = ({ backend, children }: BackendProviderProps) => {
  const [client] = useState(newQueryClient);
  const [value] = useState(() => invalidatingBackend(backend, client));
  return (
    <QueryClientProvider client={client}>
      <BackendContext.Provider value={value}>{children}</BackendContext.Provider>
    </QueryClientProvider>
  );
};

export const useBackend = (): Backend => {
  const backend = useContext(BackendContext);
  if (!backend) throw new Error('useBackend must be used inside a BackendProvider');
  return backend;
};
