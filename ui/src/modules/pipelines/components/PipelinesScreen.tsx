import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Plus, SquareKanban } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import type { BoardCard } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { EmptyState } from '../../../ui/EmptyState';
import { Spinner } from '../../../ui/Spinner';
import { Tabs } from '../../../ui/Tabs';
import { ViewerNotice } from '../../object-record/components/ViewerNotice';
import { useIsViewer } from '../../object-record/hooks/useCanEdit';
import { useBoard, usePipelines } from '../hooks/usePipelines';
import { type CardFilters, NO_FILTERS, filtered, formatMoney, today as todayOf } from '../utils/board';
import { BoardFilters } from './BoardFilters';
import { BoardView } from './BoardView';
import { CardDetail } from './CardDetail';
import { CardList } from './CardList';
import { Dashboard } from './Dashboard';
import { NewPipelineDialog } from './NewPipelineDialog';
import { PipelineSettings } from './PipelineSettings';
import '../pipelines.css';

type View = 'board' | 'list' | 'dashboard' | 'settings';
const VIEWS: ReadonlyArray<{ id: View; label: string }> = [
  { id: 'board', label: 'Board' },
  { id: 'list', label: 'List' },
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'settings', label: 'Settings' },
];

/**
 * The Pipelines entry: one pipeline at a time (`#/pipelines?pipeline=<id>&view=<view>`), as
 * a board, a list, its dashboard or its settings. A viewer reads them all and is told why
 * nothing moves (the core refuses a viewer's writes too).
 */
export const PipelinesScreen = () => {
  const [params, setParams] = useSearchParams();
  const viewer = useIsViewer();
  const pipelines = usePipelines();
  const list = pipelines.data ?? [];
  const chosen = params.get('pipeline');
  const pipelineId = list.find((p) => p.id === chosen)?.id ?? list[0]?.id ?? null;
  const view = (VIEWS.find((v) => v.id === params.get('view'))?.id ?? 'board') as View;
  const board = useBoard(pipelineId);
  const [filters, setFilters] = useState<CardFilters>(NO_FILTERS);
  const [open, setOpen] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const day = todayOf();
  const shown = useMemo(() => (board.data ? filtered(board.data, filters, day) : null), [board.data, filters, day]);
  const go = (next: { pipeline?: string; view?: View }) => setParams({ pipeline: next.pipeline ?? pipelineId ?? '', view: next.view ?? view });
  const openCard = open && board.data ? board.data.stages.flatMap((s) => s.cards).find((c) => c.id === open) : undefined;
  const error = pipelines.error ?? board.error;

  return (
    <div className="module-page pipelines-page">
      <header className="page-header pipelines-page__header">
        <h1>Pipelines</h1>
        {list.length > 0 ? (
          <select className="input pipelines-page__picker" value={pipelineId ?? ''} onChange={(e) => go({ pipeline: e.target.value })} aria-label="Pipeline">
            {list.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        ) : null}
        {pipelineId ? <Tabs items={VIEWS} selected={view} onSelect={(next) => go({ view: next })} label="View" /> : null}
        {board.data ? (
          <span className="pipelines-page__totals">
            Open <strong>{formatMoney(board.data.open_value)}</strong> · Weighted <strong>{formatMoney(board.data.weighted_value)}</strong>
          </span>
        ) : null}
        {viewer ? null : (
          <Button variant="primary" icon={<Plus size={14} />} onClick={() => setCreating(true)}>
            New pipeline
          </Button>
        )}
      </header>
      {viewer ? <ViewerNotice /> : null}
      {error ? (
        <div className="form-error" role="alert">
          {toErrorPayload(error).message}
        </div>
      ) : null}
      {pipelines.isPending ? <Spinner /> : null}
      {pipelines.data && list.length === 0 ? (
        <EmptyState
          icon={<SquareKanban size={20} />}
          title="No pipelines yet"
          description={
            viewer ? 'No one in this organization has made a pipeline yet.' : 'Start from a sales, project or hiring template; its stages come with probabilities and rot limits.'
          }
          action={
            viewer ? undefined : (
              <Button variant="primary" icon={<Plus size={14} />} onClick={() => setCreating(true)}>
                Create a pipeline
              </Button>
            )
          }
        />
      ) : null}
      {board.data && shown ? (
        <>
          {view === 'board' || view === 'list' ? <BoardFilters board={board.data} filters={filters} onChange={setFilters} /> : null}
          {view === 'board' ? <BoardView board={board.data} shown={shown} today={day} readOnly={viewer} onOpen={(card: BoardCard) => setOpen(card.id)} /> : null}
          {view === 'list' ? <CardList shown={shown} today={day} onOpen={(card) => setOpen(card.id)} /> : null}
          {view === 'dashboard' ? <Dashboard board={board.data} /> : null}
          {view === 'settings' ? <PipelineSettings key={board.data.pipeline_id} board={board.data} readOnly={viewer} /> : null}
        </>
      ) : null}
      {openCard ? <CardDetail card={openCard} stage={board.data?.stages.find((s) => s.id === openCard.stage_id)} readOnly={viewer} onClose={() => setOpen(null)} /> : null}
      {creating ? (
        <NewPipelineDialog
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            go({ pipeline: id, view: 'board' });
          }}
        />
      ) : null}
    </div>
  );
};
