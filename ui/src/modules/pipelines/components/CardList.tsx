import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';

import type { Board, BoardCard } from '../../../bindings';
import { formatMoney, isOverdue } from '../utils/board';

export type CardListProps = {
  shown: Board;
  today: string;
  onOpen: (card: BoardCard) => void;
};

const ROW = 40;
const COLUMNS = ['Title', 'Stage', 'Value', 'Contact', 'Company', 'Owner', 'Due', 'Priority'];

/** The same cards as the board, as rows in board order (virtualised, as the columns are). */
export const CardList = ({ shown, today, onOpen }: CardListProps) => {
  const rows = shown.stages.flatMap((stage) => stage.cards.map((card) => ({ card, stage })));
  const scroller = useRef<HTMLDivElement | null>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 10 });
  const items = virtualizer.getVirtualItems();
  const visible = items.length > 0 || rows.length === 0 ? items : rows.slice(0, 30).map((_, index) => ({ index, start: index * ROW, key: index }));
  return (
    <div className="pipeline-list" role="table" aria-label="Cards" aria-rowcount={rows.length + 1}>
      <div className="pipeline-list__row pipeline-list__row--head" role="row">
        {COLUMNS.map((name) => (
          <span key={name} role="columnheader">
            {name}
          </span>
        ))}
      </div>
      <div className="pipeline-list__scroll" ref={scroller}>
        <div style={{ height: virtualizer.getTotalSize() || rows.length * ROW, position: 'relative' }}>
          {visible.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            const { card, stage } = row;
            const overdue = isOverdue(card, stage, today);
            return (
              <div
                key={card.id}
                role="row"
                className="pipeline-list__row"
                style={{ transform: `translateY(${item.start}px)` }}
                tabIndex={0}
                data-id={card.id}
                onClick={() => onOpen(card)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter') onOpen(card);
                }}
              >
                <span role="cell" className="pipeline-list__title">
                  {card.title}
                </span>
                <span role="cell">
                  <span className="pipeline-list__dot" style={{ background: stage.color ?? 'var(--border-strong)' }} aria-hidden="true" />
                  {stage.name}
                </span>
                <span role="cell" className="align-right">
                  {card.value === null ? '' : formatMoney(card.value)}
                </span>
                <span role="cell">{card.contact_name ?? ''}</span>
                <span role="cell">{card.company_name ?? ''}</span>
                <span role="cell">{card.owner_name ?? ''}</span>
                <span role="cell" className={overdue ? 'pipeline-list__overdue' : undefined}>
                  {card.due_date ?? ''}
                  {overdue ? ' · overdue' : ''}
                </span>
                <span role="cell" className={`pipeline-card__priority pipeline-card__priority--${card.priority}`}>
                  {card.priority}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
};
