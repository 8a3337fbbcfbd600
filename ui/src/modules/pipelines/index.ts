import { SquareKanban } from 'lucide-react';

import type { ModuleManifest } from '../object-record/types/manifest';
import { PipelinesScreen } from './components/PipelinesScreen';

/**
 * Pipelines: a kanban board per pipeline (cards dragged within and between stages, and
 * stages themselves; filters; quick add; a list view), each card's detail with its
 * journey through the stages, a dashboard (value by stage, funnel, won and lost, time in
 * stage, expected close) and the pipeline's settings. The core orders, moves and records
 * history; `#/pipelines?pipeline=<id>&view=<board|list|dashboard|settings>`.
 */
export const pipelines: ModuleManifest = {
  id: 'pipelines',
  sidebar: [{ id: 'pipelines', label: 'Pipelines', icon: SquareKanban, tables: ['pipeline_cards', 'pipelines', 'pipeline_stages'], Screen: PipelinesScreen }],
  tables: {
    pipeline_cards: {
      labels: { tab: 'Cards', one: 'card', many: 'cards' },
      listColumns: ['priority', 'value', 'due_date', 'tags', 'created_at'],
    },
    pipelines: { labels: { tab: 'Pipelines', one: 'pipeline', many: 'pipelines' } },
    pipeline_stages: { labels: { tab: 'Stages', one: 'stage', many: 'stages' } },
    pipeline_stage_history: { labels: { tab: 'Stage history', one: 'stage change', many: 'stage changes' } },
  },
};
