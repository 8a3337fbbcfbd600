import { useMemo, useRef, useState, type FormEvent } from 'react';
import {
  DndContext,
  DragOverlay,
  PointerSensor,
  closestCenter,
  closestCorners,
  pointerWithin,
  useDroppable,
  useSensor,
  useSensors,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { SortableContext, arrayMove, horizontalListSortingStrategy, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useQueryClient } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { GripVertical, Plus } from 'lucide-react';

import { useBackend } from '../../../backend/BackendContext';
import { toErrorPayload } from '../../../backend/backend';
import type { Board, BoardCard, BoardStage, CardMove } from '../../../bindings';
import { useToast } from '../../../ui/Toasts';
import { boardKey, useMoveCard } from '../hooks/usePipelines';
import { applyMove, dropMove, formatMoney, isNoop, isOverdue } from '../utils/board';
import { CardTile } from './CardTile';
import { LostReasonDialog } from './LostReasonDialog';

export type BoardViewProps = {
  /** The whole board (moves and anchors refer to it). */
  board: Board;
  /** What is shown: the board with the filters applied. */
  shown: Board;
  today: string;
  /** A viewer: cards and columns stay where they are, and no card is added. */
  readOnly: boolean;
  onOpen: (card: BoardCard) => void;
};

type DragData = { type: 'card'; stageId: string } | { type: 'stage' } | { type: 'column'; stageId: string };

const CARD_HEIGHT = 132;

/**
 * Where a drag lands. A card lands on the card under the pointer (before it, or after it
 * when dragged down its own column), else in the column under the pointer (at its end);
 * a column lands by its centre among the columns. Closest corners alone let the column
 * (or the card's own slot) win over the card beside it within a column.
 */
const collide: CollisionDetection = (args) => {
  const only = (type: DragData['type']) => args.droppableContainers.filter((c) => (c.data.current as DragData | undefined)?.type === type);
  if ((args.active.data.current as DragData | undefined)?.type === 'stage') return closestCenter({ ...args, droppableContainers: only('stage') });
  const onCard = pointerWithin({ ...args, droppableContainers: only('card') });
  if (onCard.length > 0) return onCard;
  const inColumn = pointerWithin({ ...args, droppableContainers: only('column') });
  if (inColumn.length > 0) return inColumn;
  return closestCorners({ ...args, droppableContainers: [...only('card'), ...only('column')] });
};
const STAGE_PREFIX = 'stage:';
const COLUMN_PREFIX = 'column:';

/**
 * The board: a column per stage with its count and total, cards in the core's order.
 * Cards are dragged within and between columns and columns by their handle (dnd-kit);
 * the board in the cache changes as the card lands, so it never snaps back. Columns are
 * virtualised (only the cards in view are in the page), so 5,000 cards stay smooth. A
 * viewer gets the same board without drags, keyboard moves or quick add.
 */
export const BoardView = ({ board, shown, today, readOnly, onOpen }: BoardViewProps) => {
  const backend = useBackend();
  const client = useQueryClient();
  const toast = useToast();
  const [active, setActive] = useState<{ card?: BoardCard; stage?: BoardStage } | null>(null);
  const [asking, setAsking] = useState<{ move: CardMove; before: Board; stage: BoardStage; card: BoardCard } | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const move = useMoveCard(board.pipeline_id, (message) => toast.showError('Move not saved', message));
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }));
  const key = boardKey(board.pipeline_id);

  const stageOf = (id: string) => board.stages.find((s) => s.id === id);
  const cardOf = (id: string) => board.stages.flatMap((s) => s.cards).find((c) => c.id === id);

  /** Moves now, or first asks why when the card lands on a lost stage (shown there meanwhile). */
  const perform = (movement: CardMove) => {
    const current = client.getQueryData<Board>(key) ?? board;
    if (isNoop(current, movement)) return;
    const stage = current.stages.find((s) => s.id === movement.stage_id);
    const card = current.stages.flatMap((s) => s.cards).find((c) => c.id === movement.card_id);
    if (!stage || !card) return;
    setAnnouncement(`${card.title} moved to ${stage.name}`);
    if (stage.is_final && stage.outcome === 'lost' && card.stage_id !== stage.id && !movement.lost_reason) {
      client.setQueryData<Board>(key, applyMove(current, movement));
      setAsking({ move: movement, before: current, stage, card });
      return;
    }
    move(movement);
  };

  const handleDragStart = (event: DragStartEvent) => {
    const data = event.active.data.current as DragData | undefined;
    if (data?.type === 'card') setActive({ card: cardOf(String(event.active.id)) });
    if (data?.type === 'stage') setActive({ stage: stageOf(String(event.active.id).slice(STAGE_PREFIX.length)) });
  };

  const handleDragEnd = (event: DragEndEvent) => {
    setActive(null);
    const { active: dragged, over } = event;
    if (!over) return;
    const data = dragged.data.current as DragData | undefined;
    const target = over.data.current as DragData | undefined;
    if (data?.type === 'stage') {
      const ids = board.stages.map((s) => s.id);
      const from = ids.indexOf(String(dragged.id).slice(STAGE_PREFIX.length));
      const overStage = target?.type === 'stage' ? String(over.id).slice(STAGE_PREFIX.length) : target && 'stageId' in target ? target.stageId : null;
      const to = overStage ? ids.indexOf(overStage) : -1;
      if (from === -1 || to === -1 || from === to) return;
      const order = arrayMove(ids, from, to);
      const before = client.getQueryData<Board>(key);
      if (before) client.setQueryData<Board>(key, { ...before, stages: order.map((id) => before.stages.find((s) => s.id === id) as BoardStage) });
      backend.invoke('pipeline_stages_reorder', { pipelineId: board.pipeline_id, stageIds: order }).catch((error: unknown) => {
        if (before) client.setQueryData(key, before);
        toast.showError('Not saved', toErrorPayload(error).message);
      });
      return;
    }
    if (data?.type !== 'card' || !target) return;
    const cardId = String(dragged.id);
    const stageId = target.type === 'stage' ? String(over.id).slice(STAGE_PREFIX.length) : target.stageId;
    const overCard = target.type === 'card' ? String(over.id) : null;
    // Anchors come from what is shown (a filtered board): cards of the whole board all the same.
    const movement = dropMove(shown, cardId, stageId, overCard);
    if (movement) perform(movement);
  };

  /** Alt + arrows: to the next or previous stage (at the end), or one place up or down. */
  const handleKeyMove = (card: BoardCard, direction: 'left' | 'right' | 'up' | 'down') => {
    const stages = shown.stages;
    const s = stages.findIndex((stage) => stage.id === card.stage_id);
    const stage = stages[s];
    if (!stage) return;
    const i = stage.cards.findIndex((c) => c.id === card.id);
    const base = { card_id: card.id, before: null, after: null, lost_reason: null };
    if (direction === 'left' || direction === 'right') {
      const next = stages[s + (direction === 'left' ? -1 : 1)];
      if (next) perform({ ...base, stage_id: next.id, after: next.cards.at(-1)?.id ?? null });
    } else if (direction === 'up' && i > 0) {
      perform({ ...base, stage_id: stage.id, before: stage.cards[i - 1]?.id ?? null });
    } else if (direction === 'down' && i < stage.cards.length - 1) {
      perform({ ...base, stage_id: stage.id, after: stage.cards[i + 1]?.id ?? null });
    }
    // Keep the focus on the card as it moves.
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-card-id="${card.id}"]`)?.focus());
  };

  return (
    <>
      <DndContext sensors={readOnly ? [] : sensors} collisionDetection={collide} onDragStart={handleDragStart} onDragEnd={handleDragEnd} onDragCancel={() => setActive(null)}>
        <SortableContext items={shown.stages.map((s) => STAGE_PREFIX + s.id)} strategy={horizontalListSortingStrategy}>
          <div className="pipeline-board" aria-label={`${board.name} board`}>
            {shown.stages.map((stage) => (
              <Column
                key={stage.id}
                stage={stage}
                whole={stageOf(stage.id) ?? stage}
                pipelineId={board.pipeline_id}
                today={today}
                readOnly={readOnly}
                onOpen={onOpen}
                onKeyMove={readOnly ? undefined : handleKeyMove}
              />
            ))}
          </div>
        </SortableContext>
        <DragOverlay dropAnimation={null}>
          {active?.card ? <CardTile card={active.card} overdue={isOverdue(active.card, stageOf(active.card.stage_id), today)} lifted /> : null}
          {active?.stage ? <div className="pipeline-column pipeline-column--lifted"><ColumnHeader stage={active.stage} /></div> : null}
        </DragOverlay>
      </DndContext>
      <div className="visually-hidden" aria-live="polite">
        {announcement}
      </div>
      {asking ? (
        <LostReasonDialog
          card={asking.card}
          stage={asking.stage}
          onCancel={() => {
            client.setQueryData(key, asking.before);
            setAsking(null);
          }}
          onConfirm={(reason) => {
            client.setQueryData(key, asking.before);
            move({ ...asking.move, lost_reason: reason });
            setAsking(null);
          }}
        />
      ) : null}
    </>
  );
};

const ColumnHeader = ({ stage, handle }: { stage: BoardStage; handle?: React.ReactNode }) => (
  <header className="pipeline-column__header" style={{ borderTopColor: stage.color ?? 'var(--border-strong)' }}>
    {handle}
    <span className="pipeline-column__name">{stage.name}</span>
    {stage.is_final && stage.outcome ? <span className={`pipeline-column__outcome pipeline-column__outcome--${stage.outcome}`}>{stage.outcome}</span> : null}
    <span className="pipeline-column__count" aria-label={`${stage.count} cards`}>
      {stage.count}
    </span>
    <span className="pipeline-column__total" title="Total value">
      {formatMoney(stage.total_value)}
    </span>
  </header>
);

type ColumnProps = {
  stage: BoardStage;
  whole: BoardStage;
  pipelineId: string;
  today: string;
  readOnly: boolean;
  onOpen: (card: BoardCard) => void;
  onKeyMove?: (card: BoardCard, direction: 'left' | 'right' | 'up' | 'down') => void;
};

const Column = ({ stage, whole, pipelineId, today, readOnly, onOpen, onKeyMove }: ColumnProps) => {
  const sortable = useSortable({ id: STAGE_PREFIX + stage.id, data: { type: 'stage' } satisfies DragData, disabled: readOnly });
  const { setNodeRef } = useDroppable({ id: COLUMN_PREFIX + stage.id, data: { type: 'column', stageId: stage.id } satisfies DragData });
  const scroller = useRef<HTMLDivElement | null>(null);
  const virtualizer = useVirtualizer({
    count: stage.cards.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => CARD_HEIGHT,
    overscan: 6,
    getItemKey: (index) => stage.cards[index]?.id ?? index,
  });
  const ids = useMemo(() => stage.cards.map((c) => c.id), [stage.cards]);
  const items = virtualizer.getVirtualItems();
  // Without layout (tests, the first paint) the virtualiser sees no height: show the first cards.
  const rows = items.length > 0 || stage.cards.length === 0 ? items : stage.cards.slice(0, 20).map((_, index) => ({ index, start: index * CARD_HEIGHT, key: index }));

  return (
    <section
      ref={sortable.setNodeRef}
      className={`pipeline-column${sortable.isDragging ? ' pipeline-column--dragging' : ''}`}
      style={{ transform: CSS.Translate.toString(sortable.transform), transition: sortable.transition }}
      aria-label={`${stage.name}: ${stage.count} cards, ${formatMoney(stage.total_value)}`}
      data-stage-id={stage.id}
    >
      <ColumnHeader
        stage={stage}
        handle={
          readOnly ? undefined : (
            <button type="button" className="pipeline-column__handle" aria-label={`Drag stage ${stage.name}`} {...sortable.attributes} {...sortable.listeners}>
              <GripVertical size={14} />
            </button>
          )
        }
      />
      <div className="pipeline-column__scroll" ref={(node) => { scroller.current = node; setNodeRef(node); }}>
        <SortableContext items={ids} strategy={verticalListSortingStrategy}>
          <div className="pipeline-column__cards" style={{ height: Math.max(virtualizer.getTotalSize(), 40) }}>
            {rows.map((row) => {
              const card = stage.cards[row.index];
              if (!card) return null;
              return (
                <SortableCard key={card.id} card={card} top={row.start} index={row.index} readOnly={readOnly} measure={virtualizer.measureElement}>
                  <CardTile card={card} overdue={isOverdue(card, whole, today)} onOpen={onOpen} onKeyMove={onKeyMove} />
                </SortableCard>
              );
            })}
          </div>
        </SortableContext>
      </div>
      {readOnly ? null : <QuickAdd pipelineId={pipelineId} stage={stage} />}
    </section>
  );
};

type SortableCardProps = { card: BoardCard; top: number; index: number; readOnly: boolean; measure: (node: Element | null) => void; children: React.ReactNode };

const SortableCard = ({ card, top, index, readOnly, measure, children }: SortableCardProps) => {
  const { setNodeRef, attributes, listeners, transform, transition, isDragging } = useSortable({
    id: card.id,
    data: { type: 'card', stageId: card.stage_id } satisfies DragData,
    disabled: readOnly,
  });
  return (
    <div
      ref={(node) => {
        setNodeRef(node);
        measure(node);
      }}
      data-index={index}
      className={`pipeline-column__slot${isDragging ? ' pipeline-column__slot--dragging' : ''}`}
      style={{ top, transform: CSS.Translate.toString(transform), transition }}
      {...attributes}
      {...listeners}
      tabIndex={-1}
      role="listitem"
    >
      {children}
    </div>
  );
};

/** "Add card" at the foot of a column: a title, then Enter; the card goes last. */
const QuickAdd = ({ pipelineId, stage }: { pipelineId: string; stage: BoardStage }) => {
  const backend = useBackend();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    const name = title.trim();
    if (!name) return;
    backend.invoke('pipeline_card_add', { data: { pipeline_id: pipelineId, stage_id: stage.id, title: name } }).then(
      () => setTitle(''),
      (error: unknown) => toast.showError('Not saved', toErrorPayload(error).message),
    );
  };
  if (!open) {
    return (
      <button type="button" className="pipeline-column__add" onClick={() => setOpen(true)} aria-label={`Add a card to ${stage.name}`}>
        <Plus size={14} /> Add card
      </button>
    );
  }
  return (
    <form className="pipeline-column__quick" onSubmit={handleSubmit}>
      <input
        autoFocus
        value={title}
        onChange={(event) => setTitle(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') setOpen(false);
        }}
        onBlur={() => {
          if (!title.trim()) setOpen(false);
        }}
        placeholder="Card title, then Enter"
        aria-label={`New card in ${stage.name}`}
      />
    </form>
  );
};
