import { SquareKanban } from 'lucide-react';

import type { ModuleManifest } from '../object-record/types/manifest';

/** Pipelines, their stages and cards; no behaviour beyond the generic record screens yet. */
export const pipelines: ModuleManifest = {
  id: 'pipelines',
  sidebar: [{ id: 'pipelines', label: 'Pipelines', icon: SquareKanban, tables: ['pipeline_cards', 'pipelines', 'pipeline_stages'] }],
};
