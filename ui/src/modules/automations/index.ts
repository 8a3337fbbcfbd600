import { Workflow } from 'lucide-react';

import type { ModuleManifest } from '../object-record/types/manifest';
import { AutomationsScreen } from './components/AutomationsScreen';
import { RunTimelineItem } from './components/RunTimelineItem';
import { dayOf, joinWords } from '../object-record/utils/displayName';

/**
 * Automations: the list, a visual builder (a vertical flow with Yes/No branches, each
 * step's settings in a side panel, problems shown on the step), each automation's runs
 * with their steps and its dead-letter jobs with retry, and dry runs on local data.
 */
export const automations: ModuleManifest = {
  id: 'automations',
  sidebar: [{ id: 'automations', label: 'Automations', icon: Workflow, tables: ['automations', 'automation_runs'], Screen: AutomationsScreen }],
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
  // A contact's timeline lists the automations' runs for them.
  timeline: [{ kind: 'automation_run', on: 'contacts', table: 'automation_runs', field: 'contact_id', at: 'started_at', Item: RunTimelineItem }],
};
