import { Workflow } from 'lucide-react';

import type { ModuleManifest } from '../object-record/types/manifest';
import { dayOf, joinWords } from '../object-record/utils/displayName';

/** Automations and their runs; no behaviour beyond the generic record screens yet. */
export const automations: ModuleManifest = {
  id: 'automations',
  sidebar: [{ id: 'automations', label: 'Automations', icon: Workflow, tables: ['automations', 'automation_runs'] }],
  tables: {
    automations: { labels: { tab: 'Automations', one: 'automation', many: 'automations' } },
    automation_runs: {
      labels: { tab: 'Runs', one: 'run', many: 'runs' },
      displayName: (row) => joinWords('Run', dayOf(row.started_at ?? row.created_at)),
      nameLabel: 'Run',
    },
    // What happened in the modules (a form submitted…), which automations consume.
    trigger_events: {
      labels: { tab: 'Events', one: 'event', many: 'events' },
      displayName: (row) => joinWords(String(row.kind ?? 'Event'), dayOf(row.occurred_at ?? row.created_at)),
    },
  },
};
