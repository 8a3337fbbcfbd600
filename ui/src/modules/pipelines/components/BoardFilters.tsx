import { Search, X } from 'lucide-react';

import type { Board } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { type CardFilters, type DueFilter, NO_FILTERS, isFiltered } from '../utils/board';

export type BoardFiltersProps = {
  board: Board;
  filters: CardFilters;
  onChange: (filters: CardFilters) => void;
};

/** Filters of the board and the list: search, owner, priority, tag, due date, value range. */
export const BoardFilters = ({ board, filters, onChange }: BoardFiltersProps) => {
  const cards = board.stages.flatMap((stage) => stage.cards);
  const owners = [...new Map(cards.map((card) => [card.owner_id, card.owner_name ?? 'Unknown'])).entries()].sort((a, b) => a[1].localeCompare(b[1]));
  const tags = [...new Set(cards.flatMap((card) => card.tags))].sort();
  const set = <K extends keyof CardFilters>(key: K, value: CardFilters[K]) => onChange({ ...filters, [key]: value });
  return (
    <div className="pipeline-filters" role="search" aria-label="Filter cards">
      <label className="pipeline-filters__search">
        <Search size={14} aria-hidden="true" />
        <input className="input" value={filters.search} onChange={(e) => set('search', e.target.value)} placeholder="Search cards" aria-label="Search cards" />
      </label>
      <select className="input" value={filters.owner} onChange={(e) => set('owner', e.target.value)} aria-label="Owner">
        <option value="">Any owner</option>
        {owners.map(([id, name]) => (
          <option key={id} value={id}>
            {name}
          </option>
        ))}
      </select>
      <select className="input" value={filters.priority} onChange={(e) => set('priority', e.target.value)} aria-label="Priority">
        <option value="">Any priority</option>
        <option value="high">High</option>
        <option value="medium">Medium</option>
        <option value="low">Low</option>
      </select>
      <select className="input" value={filters.tag} onChange={(e) => set('tag', e.target.value)} aria-label="Tag">
        <option value="">Any tag</option>
        {tags.map((tag) => (
          <option key={tag} value={tag}>
            {tag}
          </option>
        ))}
      </select>
      <select className="input" value={filters.due} onChange={(e) => set('due', e.target.value as DueFilter)} aria-label="Due date">
        <option value="any">Any due date</option>
        <option value="overdue">Overdue</option>
        <option value="week">Due within 7 days</option>
        <option value="none">No due date</option>
      </select>
      <input className="input pipeline-filters__value" inputMode="decimal" value={filters.minValue} onChange={(e) => set('minValue', e.target.value)} placeholder="Min value" aria-label="Minimum value" />
      <input className="input pipeline-filters__value" inputMode="decimal" value={filters.maxValue} onChange={(e) => set('maxValue', e.target.value)} placeholder="Max value" aria-label="Maximum value" />
      {isFiltered(filters) ? (
        <Button variant="ghost" icon={<X size={14} />} onClick={() => onChange(NO_FILTERS)}>
          Clear
        </Button>
      ) : null}
    </div>
  );
};
