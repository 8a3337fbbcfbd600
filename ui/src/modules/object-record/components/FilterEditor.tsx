import { useId, useState, type FormEvent } from 'react';

import type { Filter } from '../../../bindings';
import { Badge } from '../../../ui/Badge';
import { Button } from '../../../ui/Button';
import {
  draftOf,
  draftProblem,
  filtersOfDraft,
  TEXT_OPS,
  type FilterDraft,
  type FilterField,
  type FilterOption,
  type TextOp,
} from '../utils/filters';

/** Lists longer than this get a box to narrow them. */
const SEARCHABLE_OPTIONS = 8;

export type FilterEditorProps = {
  field: FilterField;
  /** Every filter of the list; the editor starts from those on its field. */
  filters: ReadonlyArray<Filter>;
  /** The field's new filters (none: the filter is removed). */
  onApply: (next: Filter[]) => void;
};

const OptionLabel = ({ option }: { option: FilterOption }) => {
  if (option.tone) return <Badge tone={option.tone}>{option.label}</Badge>;
  if (option.color !== undefined) {
    return (
      <span className="tag-chip tag-chip--plain">
        <span className="tag-chip__dot" style={{ background: option.color ?? undefined }} aria-hidden="true" />
        {option.label}
      </span>
    );
  }
  return <span>{option.label}</span>;
};

type OptionListProps = {
  options: ReadonlyArray<FilterOption>;
  chosen: ReadonlyArray<string>;
  onChange: (chosen: string[]) => void;
  /** Values not in `options` may be typed in (tags someone wrote by hand). */
  allowOther: boolean;
};

const OptionList = ({ options, chosen, onChange, allowOther }: OptionListProps) => {
  const [narrow, setNarrow] = useState('');
  // Values already chosen stay listed even when the options do not know them.
  const known = new Set(options.map((option) => option.value));
  const all = [...options, ...chosen.filter((value) => !known.has(value)).map((value) => ({ value, label: value }))];
  const term = narrow.trim().toLowerCase();
  const shown = term ? all.filter((option) => option.label.toLowerCase().includes(term)) : all;
  const toggle = (value: string) =>
    onChange(chosen.includes(value) ? chosen.filter((item) => item !== value) : [...chosen, value]);
  const canAdd = allowOther && narrow.trim() !== '' && !all.some((option) => option.value.toLowerCase() === term);
  return (
    <>
      {all.length > SEARCHABLE_OPTIONS || allowOther ? (
        <input
          className="input input--small"
          type="text"
          value={narrow}
          placeholder={allowOther ? 'Find or type a value…' : 'Find…'}
          aria-label="Find an option"
          onChange={(event) => setNarrow(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && canAdd) {
              event.preventDefault();
              onChange([...chosen, narrow.trim()]);
              setNarrow('');
            }
          }}
        />
      ) : null}
      <div className="option-list">
        {shown.map((option) => (
          <label key={option.value} className="option-row">
            <input type="checkbox" className="checkbox" checked={chosen.includes(option.value)} onChange={() => toggle(option.value)} />
            <OptionLabel option={option} />
          </label>
        ))}
        {canAdd ? (
          <button
            type="button"
            className="option-row option-row--add"
            onClick={() => {
              onChange([...chosen, narrow.trim()]);
              setNarrow('');
            }}
          >
            Add “{narrow.trim()}”
          </button>
        ) : null}
        {shown.length === 0 && !canAdd ? <div className="option-list__empty muted">No options</div> : null}
      </div>
    </>
  );
};

/** The inputs of one filter: choices, a range, days, yes/no, or text with an operator. */
export const FilterEditor = ({ field, filters, onApply }: FilterEditorProps) => {
  const [draft, setDraft] = useState<FilterDraft>(() => draftOf(field, filters));
  const id = useId();
  const problem = draftProblem(draft);
  const had = filters.some((filter) => filter.field === field.field);

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!problem) onApply(filtersOfDraft(field, draft));
  };

  const renderInputs = () => {
    switch (draft.kind) {
      case 'choice':
      case 'values':
        return (
          <OptionList
            options={field.options}
            chosen={draft.values}
            allowOther={draft.kind === 'values'}
            onChange={(values) => setDraft({ ...draft, values })}
          />
        );
      case 'range':
        return (
          <div className="filter-editor__pair">
            <label className="field">
              <span className="field__label">Minimum</span>
              <input className="input" inputMode="decimal" value={draft.min} onChange={(event) => setDraft({ ...draft, min: event.target.value })} />
            </label>
            <label className="field">
              <span className="field__label">Maximum</span>
              <input className="input" inputMode="decimal" value={draft.max} onChange={(event) => setDraft({ ...draft, max: event.target.value })} />
            </label>
          </div>
        );
      case 'dates':
        return (
          <div className="filter-editor__pair">
            <label className="field">
              <span className="field__label">From</span>
              <input className="input" type="date" value={draft.from} onChange={(event) => setDraft({ ...draft, from: event.target.value })} />
            </label>
            <label className="field">
              <span className="field__label">To</span>
              <input className="input" type="date" value={draft.to} onChange={(event) => setDraft({ ...draft, to: event.target.value })} />
            </label>
          </div>
        );
      case 'bool':
        return (
          <div className="option-list" role="radiogroup" aria-label={field.label}>
            {[true, false].map((value) => (
              <label key={String(value)} className="option-row">
                <input type="radio" name={`${id}-bool`} checked={draft.value === value} onChange={() => setDraft({ kind: 'bool', value })} />
                {value ? 'Yes' : 'No'}
              </label>
            ))}
          </div>
        );
      case 'text': {
        const needsValue = draft.op !== 'is_null' && draft.op !== 'not_null';
        return (
          <div className="filter-editor__text">
            <select className="input input--small" aria-label="Condition" value={draft.op} onChange={(event) => setDraft({ ...draft, op: event.target.value as TextOp })}>
              {TEXT_OPS.map((entry) => (
                <option key={entry.op} value={entry.op}>
                  {entry.label}
                </option>
              ))}
            </select>
            {needsValue ? (
              <input
                className="input"
                aria-label={`${field.label} value`}
                value={draft.value}
                autoFocus
                onChange={(event) => setDraft({ ...draft, value: event.target.value })}
              />
            ) : null}
          </div>
        );
      }
    }
  };

  return (
    <form className="filter-editor" onSubmit={handleSubmit} aria-label={`Filter by ${field.label}`}>
      <div className="popover__title">{field.label}</div>
      {renderInputs()}
      {problem ? (
        <p className="field__hint field__hint--error" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="filter-editor__footer">
        {had ? (
          <Button variant="ghost" onClick={() => onApply([])}>
            Remove filter
          </Button>
        ) : null}
        <Button type="submit" variant="primary" disabled={problem !== null}>
          Apply
        </Button>
      </div>
    </form>
  );
};
