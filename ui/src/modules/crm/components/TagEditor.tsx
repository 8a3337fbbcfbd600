import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { Plus, X } from 'lucide-react';

import type { Tag } from '../../../bindings';
import { tagsByName } from '../utils/tagColors';
import { TagChip } from './TagChip';

export type TagEditorProps = {
  /** The record's tag names. */
  value: ReadonlyArray<string>;
  /** The organisation's tags, for colours and suggestions. */
  tags: ReadonlyArray<Tag>;
  /** Which tags a record of this kind can carry: its own type and general ones. */
  type: 'contact' | 'company';
  readOnly: boolean;
  /** Saves the new list; resolves whether it was saved. */
  onChange: (next: string[]) => Promise<boolean>;
};

const MAX_SUGGESTIONS = 8;

/** A record's tags as coloured chips, with remove buttons and an input that suggests existing tags. */
export const TagEditor = ({ value, tags, type, readOnly, onChange }: TagEditorProps) => {
  const listId = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [busy, setBusy] = useState(false);
  const known = useMemo(() => tagsByName(tags, type), [tags, type]);
  const carried = useMemo(() => new Set(value.map((name) => name.toLowerCase())), [value]);

  const suggestions = useMemo(() => {
    const term = text.trim().toLowerCase();
    return [...known.values()]
      .filter((tag) => !carried.has(tag.name.toLowerCase()) && tag.name.toLowerCase().includes(term))
      .sort((a, b) => {
        // Names starting with the text first, then the most used.
        const aStarts = a.name.toLowerCase().startsWith(term) ? 0 : 1;
        const bStarts = b.name.toLowerCase().startsWith(term) ? 0 : 1;
        return aStarts - bStarts || b.usage_count - a.usage_count || a.name.localeCompare(b.name);
      })
      .slice(0, MAX_SUGGESTIONS);
  }, [known, carried, text]);

  const trimmed = text.trim();
  const isNew = trimmed !== '' && !known.has(trimmed.toLowerCase()) && !carried.has(trimmed.toLowerCase());
  // The options: the suggestions, then "Create “text”" for a name no tag has.
  const options: Array<{ name: string; create: boolean }> = [
    ...suggestions.map((tag) => ({ name: tag.name, create: false })),
    ...(isNew ? [{ name: trimmed, create: true }] : []),
  ];
  const expanded = open && options.length > 0;

  const save = async (next: string[]) => {
    setBusy(true);
    const saved = await onChange(next);
    setBusy(false);
    return saved;
  };

  const handleAdd = async (name: string) => {
    const clean = name.trim();
    if (!clean || carried.has(clean.toLowerCase())) {
      setText('');
      return;
    }
    // An existing tag keeps its own spelling.
    const spelled = known.get(clean.toLowerCase())?.name ?? clean;
    if (await save([...value, spelled])) {
      setText('');
      setActive(0);
    }
  };

  const handleRemove = (name: string) => {
    void save(value.filter((item) => item !== name));
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && options.length > 0) {
      event.preventDefault();
      setOpen(true);
      setActive((current) => (current + 1) % options.length);
    } else if (event.key === 'ArrowUp' && options.length > 0) {
      event.preventDefault();
      setActive((current) => (current - 1 + options.length) % options.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const chosen = expanded ? options[Math.min(active, options.length - 1)] : undefined;
      void handleAdd(chosen ? chosen.name : text);
    } else if (event.key === 'Escape' && expanded) {
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
    } else if (event.key === 'Backspace' && text === '' && value.length > 0) {
      handleRemove(value[value.length - 1] as string);
    }
  };

  return (
    <div className="tag-editor">
      <ul className="tag-editor__chips" aria-label="Tags">
        {value.length === 0 ? <li className="muted">No tags</li> : null}
        {value.map((name) => (
          <li key={name}>
            <TagChip name={name} colour={known.get(name.toLowerCase())?.color}>
              {readOnly ? null : (
                <button type="button" className="tag-pill__remove" aria-label={`Remove tag ${name}`} disabled={busy} onClick={() => handleRemove(name)}>
                  <X size={12} />
                </button>
              )}
            </TagChip>
          </li>
        ))}
      </ul>
      {readOnly ? null : (
        <div className="tag-editor__add">
          <Plus size={14} aria-hidden="true" className="tag-editor__icon" />
          <input
            type="text"
            className="tag-editor__input"
            role="combobox"
            aria-label="Add tag"
            aria-expanded={expanded}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={expanded ? `${listId}-${active}` : undefined}
            placeholder="Add a tag…"
            value={text}
            disabled={busy}
            onChange={(event) => {
              setText(event.target.value);
              setOpen(true);
              setActive(0);
            }}
            onFocus={() => setOpen(true)}
            onBlur={() => setOpen(false)}
            data-local-escape={expanded || undefined}
            onKeyDown={handleKeyDown}
          />
          {expanded ? (
            <ul id={listId} role="listbox" className="tag-editor__list" aria-label="Tag suggestions">
              {options.map((option, index) => (
                <li
                  key={`${option.create ? 'new' : 'tag'}-${option.name}`}
                  id={`${listId}-${index}`}
                  role="option"
                  aria-selected={index === active}
                  className={`tag-editor__option${index === active ? ' is-active' : ''}`}
                  // mousedown, so the input's blur does not close the list first.
                  onMouseDown={(event) => {
                    event.preventDefault();
                    void handleAdd(option.name);
                  }}
                  onMouseEnter={() => setActive(index)}
                >
                  {option.create ? (
                    <span>
                      Create tag “<strong>{option.name}</strong>”
                    </span>
                  ) : (
                    <TagChip name={option.name} colour={known.get(option.name.toLowerCase())?.color} />
                  )}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      )}
    </div>
  );
};
