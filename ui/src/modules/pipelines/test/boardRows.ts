import type { Board, BoardCard, BoardStage } from '../../../bindings';
import { ORG } from '../../../test/fixtures';

export const PIPELINE_ID = '00000000-0000-4000-8000-00000000p001';

export const card = (id: string, stage: string, title: string, value: string | null, extra: Partial<BoardCard> = {}): BoardCard => ({
  id,
  stage_id: stage,
  title,
  value,
  priority: 'medium',
  due_date: null,
  tags: [],
  assignees: [],
  contact_id: null,
  contact_name: null,
  company_id: null,
  company_name: null,
  owner_id: 'u1',
  owner_name: 'Olivia Owner',
  owner_avatar: null,
  probability: 10,
  lost_reason: null,
  rank: 'V',
  entered_stage_at: '2026-12-01T09:00:00.000Z',
  days_in_stage: 1,
  rotting: false,
  ...extra,
});

export const stage = (id: string, name: string, cards: BoardCard[], extra: Partial<BoardStage> = {}): BoardStage => ({
  id,
  name,
  position: 0,
  color: '#3b82f6',
  is_final: false,
  outcome: null,
  probability: 10,
  rot_days: 14,
  count: cards.length,
  total_value: '0.00',
  cards,
  ...extra,
});

/** Lead (A, B, C), Won (empty), Lost (empty). */
export const sampleBoard = (): Board => ({
  pipeline_id: PIPELINE_ID,
  name: 'Deals',
  type: 'sales',
  stages: [
    stage('lead', 'Lead', [
      card('a', 'lead', 'Alpha', '1200.50', { tags: ['inbound'], priority: 'high', due_date: '2020-01-01', owner_id: 'u2', owner_name: 'Sam Okafor' }),
      card('b', 'lead', 'Bravo', '800.00'),
      card('c', 'lead', 'Charlie', '99.99', { tags: ['referral'], priority: 'low' }),
    ], { total_value: '2100.49' }),
    stage('won', 'Won', [], { is_final: true, outcome: 'won', probability: 100, rot_days: null }),
    stage('lost', 'Lost', [], { is_final: true, outcome: 'lost', probability: 0, rot_days: null }),
  ],
  open_value: '2100.49',
  weighted_value: '210.05',
});

export const pipelineRow = () => ({
  id: PIPELINE_ID,
  organization_id: ORG,
  name: 'Deals',
  description: null,
  type: 'sales',
  is_active: true,
  created_at: '2026-12-01T09:00:00.000Z',
  updated_at: '2026-12-01T09:00:00.000Z',
  deleted_at: null,
});
