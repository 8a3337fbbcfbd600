import { Workflow } from 'lucide-react';

import type { ModuleManifest } from '../object-record/types/manifest';

/** Automations and their runs; no behaviour beyond the generic record screens yet. */
export const automations: ModuleManifest = {
  id: 'automations',
  sidebar: [{ id: 'automations', label: 'Automations', icon: Workflow, tables: ['automations', 'automation_runs'] }],
};
