import type { KeyboardEvent } from 'react';
import { AlarmClock, Calendar, Flame } from 'lucide-react';

import type { BoardCard } from '../../../bindings';
import { formatMoney, initials } from '../utils/board';

export type CardTileProps = {
  card: BoardCard;
  overdue: boolean;
  /** Shown as it is being dragged (the overlay). */
  lifted?: boolean;
  onOpen?: (card: BoardCard) => void;
  onKeyMove?: (card: BoardCard, direction: 'left' | 'right' | 'up' | 'down') => void;
};

const PRIORITY_LABEL: Record<string, string> = { high: 'High', medium: 'Medium', low: 'Low' };

const shortDate = (day: string): string => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
};

/**
 * One card of the board: title, exact value, contact and company, owner, due date
 * (overdue in red), priority, tags, and how long it has idled when rotting. Enter opens
 * it; Alt + arrows move it (left and right between stages, up and down in its column).
 */
export const CardTile = ({ card, overdue, lifted = false, onOpen, onKeyMove }: CardTileProps) => {
  const handleKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      onOpen?.(card);
      return;
    }
    if (!event.altKey || !onKeyMove) return;
    const direction = ({ ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' } as const)[event.key as 'ArrowLeft'];
    if (!direction) return;
    event.preventDefault();
    onKeyMove(card, direction);
  };
  const who = card.contact_name ?? null;
  return (
    <div
      className={`pipeline-card${lifted ? ' pipeline-card--lifted' : ''}${card.rotting ? ' pipeline-card--rotting' : ''}`}
      role="button"
      tabIndex={0}
      aria-label={card.title}
      data-card-id={card.id}
      onKeyDown={handleKeyDown}
      onClick={() => onOpen?.(card)}
    >
      <div className="pipeline-card__top">
        <span className="pipeline-card__title">{card.title}</span>
        <span className={`pipeline-card__priority pipeline-card__priority--${card.priority}`} title={`${PRIORITY_LABEL[card.priority] ?? card.priority} priority`}>
          {PRIORITY_LABEL[card.priority] ?? card.priority}
        </span>
      </div>
      {card.value !== null ? <div className="pipeline-card__value">{formatMoney(card.value)}</div> : null}
      {who || card.company_name ? (
        <div className="pipeline-card__who">
          {who ? <span>{who}</span> : null}
          {who && card.company_name ? <span aria-hidden="true"> · </span> : null}
          {card.company_name ? <span className="pipeline-card__company">{card.company_name}</span> : null}
        </div>
      ) : null}
      {card.tags.length > 0 ? (
        <div className="pipeline-card__tags">
          {card.tags.map((tag) => (
            <span key={tag} className="pipeline-card__tag">
              {tag}
            </span>
          ))}
        </div>
      ) : null}
      {card.lost_reason ? <div className="pipeline-card__lost">Lost: {card.lost_reason}</div> : null}
      <div className="pipeline-card__foot">
        {card.due_date ? (
          <span className={`pipeline-card__due${overdue ? ' pipeline-card__due--overdue' : ''}`} title={overdue ? 'Overdue' : 'Due date'}>
            {overdue ? <AlarmClock size={12} aria-hidden="true" /> : <Calendar size={12} aria-hidden="true" />}
            {shortDate(card.due_date)}
            {overdue ? <span className="visually-hidden"> (overdue)</span> : null}
          </span>
        ) : (
          <span />
        )}
        {card.rotting ? (
          <span className="pipeline-card__rot" title={`${card.days_in_stage} days in this stage`}>
            <Flame size={12} aria-hidden="true" />
            {card.days_in_stage} d
          </span>
        ) : null}
        <span className="pipeline-card__owner" title={card.owner_name ?? 'Owner'}>
          {card.owner_avatar ? <img src={card.owner_avatar} alt="" /> : initials(card.owner_name)}
        </span>
      </div>
    </div>
  );
};
