import { useState } from 'react';
import { ListFilter, X } from 'lucide-react';

import type { Filter } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { Popover } from '../../../ui/Popover';
import { filterChips, replaceFieldFilters, type FilterField } from '../utils/filters';
import { CUSTOM_PREFIX } from '../utils/listFields';
import { FilterEditor } from './FilterEditor';

export type AddFilterButtonProps = {
  fields: ReadonlyArray<FilterField>;
  filters: ReadonlyArray<Filter>;
  onChange: (filters: Filter[]) => void;
};

/** "Filter": pick a field, then say what it must hold; the result becomes a chip. */
export const AddFilterButton = ({ fields, filters, onChange }: AddFilterButtonProps) => {
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState<FilterField | null>(null);
  const [narrow, setNarrow] = useState('');

  const close = () => {
    setOpen(false);
    setPicked(null);
    setNarrow('');
  };

  const term = narrow.trim().toLowerCase();
  const shown = term ? fields.filter((field) => field.label.toLowerCase().includes(term)) : fields;
  const own = shown.filter((field) => !field.field.startsWith(CUSTOM_PREFIX));
  const custom = shown.filter((field) => field.field.startsWith(CUSTOM_PREFIX));

  const renderFields = (list: ReadonlyArray<FilterField>) =>
    list.map((field) => (
      <button key={field.field} type="button" className="menu__item" onClick={() => setPicked(field)}>
        <span className="menu__text">{field.label}</span>
      </button>
    ));

  return (
    <div className="popover-anchor">
      <Button variant="ghost" icon={<ListFilter size={14} />} aria-expanded={open} onClick={() => (open ? close() : setOpen(true))}>
        Filter
      </Button>
      {open ? (
        <Popover label={picked ? `Filter by ${picked.label}` : 'Add a filter'} onClose={close}>
          {picked ? (
            <FilterEditor
              field={picked}
              filters={filters}
              onApply={(next) => {
                onChange(replaceFieldFilters(filters, picked.field, next));
                close();
              }}
            />
          ) : (
            <div className="field-menu">
              <input
                className="input input--small"
                type="text"
                placeholder="Filter by…"
                aria-label="Find a field"
                value={narrow}
                autoFocus
                onChange={(event) => setNarrow(event.target.value)}
              />
              <div className="field-menu__list">
                {renderFields(own)}
                {custom.length > 0 ? <div className="menu__label">Custom fields</div> : null}
                {renderFields(custom)}
                {shown.length === 0 ? <div className="option-list__empty muted">No field matches</div> : null}
              </div>
            </div>
          )}
        </Popover>
      ) : null}
    </div>
  );
};

export type FilterChipsProps = {
  fields: ReadonlyArray<FilterField>;
  filters: ReadonlyArray<Filter>;
  onChange: (filters: Filter[]) => void;
};

/** The filters in force as chips: click one to change it, × to remove it. */
export const FilterChips = ({ fields, filters, onChange }: FilterChipsProps) => {
  const [editing, setEditing] = useState<string | null>(null);
  const chips = filterChips(filters, fields);
  if (chips.length === 0) return null;

  return (
    <div className="filter-chips" role="group" aria-label="Filters">
      {chips.map((chip) => (
        <div key={chip.key} className="popover-anchor">
          <span className="filter-chip">
            <button
              type="button"
              className="filter-chip__label"
              disabled={!chip.field}
              title={chip.field ? 'Change this filter' : 'This filter came from a saved view and can only be removed'}
              onClick={() => setEditing(editing === chip.key ? null : chip.key)}
            >
              {chip.color !== undefined ? (
                <span className="tag-chip__dot" style={{ background: chip.color ?? undefined }} aria-hidden="true" />
              ) : null}
              {chip.label}
            </button>
            <button
              type="button"
              className="filter-chip__remove"
              aria-label={`Remove filter ${chip.label}`}
              onClick={() => onChange(filters.filter((filter) => !chip.filters.includes(filter)))}
            >
              <X size={12} />
            </button>
          </span>
          {editing === chip.key && chip.field ? (
            <Popover label={`Filter by ${chip.field.label}`} onClose={() => setEditing(null)}>
              <FilterEditor
                field={chip.field}
                filters={filters}
                onApply={(next) => {
                  if (chip.field) onChange(replaceFieldFilters(filters, chip.field.field, next));
                  setEditing(null);
                }}
              />
            </Popover>
          ) : null}
        </div>
      ))}
      <Button variant="ghost" className="filter-chips__clear" onClick={() => onChange([])}>
        Clear filters
      </Button>
    </div>
  );
};
