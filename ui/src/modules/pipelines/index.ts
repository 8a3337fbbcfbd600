import { SquareKanban } from 'lucide-react';

import type { ModuleManifest } from '../object-record/types/manifest';

/** Pipelines, their stages and cards; no behaviour beyond the generic record screens yet. */
export const pipelines: ModuleManifest = {
  id: 'pipelines',
  sidebar: [{ id: 'pipelines', label: 'Pipelines', icon: SquareKanban, tables: ['pipeline_cards', 'pipelines', 'pipeline_stages'] }],
  tables: {
    pipeline_cards: {
      labels: { tab: 'Cards', one: 'card', many: 'cards' },
      listColumns: ['priority', 'value', 'due_date', 'tags', 'created_at'],
    },
    pipelines: { labels: { tab: 'Pipelines', one: 'pipeline', many: 'pipelines' } },
    pipeline_stages: { labels: { tab: 'Stages', one: 'stage', many: 'stages' } },
  },
};
