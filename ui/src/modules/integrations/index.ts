import { Plug } from 'lucide-react';

import type { ModuleManifest } from '../object-record/types/manifest';

/** Integrations and their logs (the Calendar module adds Google Calendar here). */
export const integrations: ModuleManifest = {
  id: 'integrations',
  sidebar: [{ id: 'integrations', label: 'Integrations', icon: Plug, tables: ['integrations', 'integration_logs'] }],
  tables: {
    integrations: { labels: { tab: 'Integrations', one: 'integration', many: 'integrations' } },
    integration_logs: { labels: { tab: 'Logs', one: 'log entry', many: 'log entries' }, nameLabel: 'Action' },
  },
};
