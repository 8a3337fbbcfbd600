import { useState, type ReactNode } from 'react';
import { CircleDot, RotateCcw, TagPlus, TagX, Trash2, UserRound, X } from 'lucide-react';

import type { BulkAction } from '../../../bindings';
import { Badge } from '../../../ui/Badge';
import { Button } from '../../../ui/Button';
import { Popover } from '../../../ui/Popover';
import type { TableLabel } from '../utils/labels';
import type { FilterOption } from '../utils/filters';

type PickerProps = {
  label: string;
  icon: ReactNode;
  options: ReadonlyArray<FilterOption>;
  /** New values may be typed (a tag not used yet). */
  allowOther?: boolean;
  disabled: boolean;
  onPick: (option: FilterOption) => void;
};

/** A bulk-bar button opening a list to pick one value from (a tag, a person, a status). */
const Picker = ({ label, icon, options, allowOther = false, disabled, onPick }: PickerProps) => {
  const [open, setOpen] = useState(false);
  const [narrow, setNarrow] = useState('');
  const term = narrow.trim().toLowerCase();
  const shown = term ? options.filter((option) => option.label.toLowerCase().includes(term)) : options;
  const typed = narrow.trim();
  const canAdd = allowOther && typed !== '' && !options.some((option) => option.value.toLowerCase() === term);

  const pick = (option: FilterOption) => {
    setOpen(false);
    setNarrow('');
    onPick(option);
  };

  return (
    <div className="popover-anchor">
      <Button variant="ghost" icon={icon} disabled={disabled} aria-expanded={open} onClick={() => setOpen((value) => !value)}>
        {label}
      </Button>
      {open ? (
        <Popover label={label} className="popover--up" onClose={() => setOpen(false)}>
          {options.length > 8 || allowOther ? (
            <input
              className="input input--small"
              type="text"
              aria-label={`${label}: find`}
              placeholder={allowOther ? 'Find or type a new tag…' : 'Find…'}
              value={narrow}
              autoFocus
              onChange={(event) => setNarrow(event.target.value)}
              onKeyDown={(event) => {
                if (event.key !== 'Enter') return;
                event.preventDefault();
                const first = shown[0];
                if (canAdd) pick({ value: typed, label: typed });
                else if (first) pick(first);
              }}
            />
          ) : null}
          <div className="option-list" role="menu" aria-label={label}>
            {shown.map((option) => (
              <button key={option.value} type="button" role="menuitem" className="option-row" onClick={() => pick(option)}>
                {option.tone ? (
                  <Badge tone={option.tone}>{option.label}</Badge>
                ) : option.color !== undefined ? (
                  <span className="tag-chip tag-chip--plain">
                    <span className="tag-chip__dot" style={{ background: option.color ?? undefined }} aria-hidden="true" />
                    {option.label}
                  </span>
                ) : (
                  option.label
                )}
              </button>
            ))}
            {canAdd ? (
              <button type="button" role="menuitem" className="option-row option-row--add" onClick={() => pick({ value: typed, label: typed })}>
                New tag “{typed}”
              </button>
            ) : null}
            {shown.length === 0 && !canAdd ? <div className="option-list__empty muted">Nothing to pick</div> : null}
          </div>
        </Popover>
      ) : null}
    </div>
  );
};

export type BulkBarProps = {
  labels: TableLabel;
  /** How many records the actions apply to. */
  count: number;
  allMatching: boolean;
  /** Every loaded row is selected and more match: offer to select them all. */
  matchingTotal: number | null;
  onSelectAllMatching: () => void;
  onClear: () => void;
  trash: boolean;
  /** The actions this table supports; null leaves the button out. */
  tags: ReadonlyArray<FilterOption> | null;
  owners: ReadonlyArray<FilterOption> | null;
  statuses: ReadonlyArray<FilterOption> | null;
  busy: boolean;
  /** `detail` names what was set, for the confirmation ("Jamie Rivera", "Customer"). */
  onAction: (action: BulkAction, detail: string) => void;
};

/** The bar that appears over the list while records are selected: what to do with them. */
export const BulkBar = ({
  labels,
  count,
  allMatching,
  matchingTotal,
  onSelectAllMatching,
  onClear,
  trash,
  tags,
  owners,
  statuses,
  busy,
  onAction,
}: BulkBarProps) => {
  const noun = count === 1 ? labels.one : labels.many;
  return (
    <div className="bulk-bar" role="toolbar" aria-label="Bulk actions">
      <span className="bulk-bar__count" data-testid="selection-count">
        {allMatching ? `All ${count.toLocaleString()} ${noun} selected` : `${count.toLocaleString()} selected`}
      </span>
      {matchingTotal !== null && !allMatching ? (
        <button type="button" className="link-button" onClick={onSelectAllMatching}>
          Select all {matchingTotal.toLocaleString()} matching {labels.many}
        </button>
      ) : null}
      <span className="bulk-bar__divider" aria-hidden="true" />
      {trash ? (
        <Button variant="ghost" icon={<RotateCcw size={14} />} disabled={busy} onClick={() => onAction({ kind: 'restore' }, '')}>
          Restore
        </Button>
      ) : (
        <>
          {tags ? (
            <>
              <Picker label="Add tag" icon={<TagPlus size={14} />} options={tags} allowOther disabled={busy} onPick={(tag) => onAction({ kind: 'add_tags', tags: [tag.value] }, tag.label)} />
              <Picker label="Remove tag" icon={<TagX size={14} />} options={tags} disabled={busy} onPick={(tag) => onAction({ kind: 'remove_tags', tags: [tag.value] }, tag.label)} />
            </>
          ) : null}
          {owners ? (
            <Picker
              label="Assign owner"
              icon={<UserRound size={14} />}
              options={owners}
              disabled={busy}
              onPick={(owner) => onAction({ kind: 'set', fields: { owner_id: owner.value } }, owner.label)}
            />
          ) : null}
          {statuses ? (
            <Picker
              label="Change status"
              icon={<CircleDot size={14} />}
              options={statuses}
              disabled={busy}
              onPick={(status) => onAction({ kind: 'set', fields: { status: status.value } }, status.label)}
            />
          ) : null}
          <Button variant="danger" icon={<Trash2 size={14} />} disabled={busy} onClick={() => onAction({ kind: 'delete' }, '')}>
            Delete
          </Button>
        </>
      )}
      <button type="button" className="icon-button" aria-label="Clear selection" onClick={onClear}>
        <X size={14} />
      </button>
    </div>
  );
};
