import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { Search } from 'lucide-react';
import { useNavigate } from 'react-router';

import { Spinner } from '../../../ui/Spinner';
import { keepOpenForToasts, Modal, ModalContent, ModalTitle } from '../../../ui/Modal';
import { useDebouncedValue } from '../../object-record/hooks/useDebouncedValue';
import { useFullTextSearch } from '../../object-record/hooks/useFullTextSearch';
import { entryPath, searchSources, tablePath, toolPath } from '../../object-record/states/registry';
import { initials } from '../../object-record/utils/displayName';
import { paletteGroups, type PaletteItem } from '../utils/paletteItems';

/** Pause in typing before the palette searches. */
const SEARCH_DELAY_MS = 120;
/** Hits asked for; contacts come first, so this leaves room for companies after them. */
const SEARCH_LIMIT = 50;

export type CommandPaletteProps = {
  onClose: () => void;
};

/** "a", "a and b", "a, b and c". */
const wordList = (words: ReadonlyArray<string>): string =>
  words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;

/** What the full-text search covers, from the modules' hit kinds: "contacts and companies". */
const searchedThings = (): string => wordList(searchSources().map((source) => source.label.toLowerCase()));

/** An entry's or a tool's icon; a record's own icon, or the initials of its name. */
const ItemIcon = ({ item }: { item: PaletteItem }) => {
  const Icon = item.type === 'module' ? (item.tool ?? item.entry).icon : item.source.icon;
  if (Icon) {
    return (
      <span className="palette__icon" aria-hidden="true">
        <Icon size={14} />
      </span>
    );
  }
  return (
    <span className="avatar" aria-hidden="true">
      {initials(item.title) || '?'}
    </span>
  );
};

/**
 * Search over contacts and companies, and "Go to …" a module: a combobox whose highlighted
 * option moves with the arrow keys while focus stays in the input; Enter opens it.
 */
export const CommandPalette = ({ onClose }: CommandPaletteProps) => {
  const navigate = useNavigate();
  const listId = useId();
  const [text, setText] = useState('');
  const [highlight, setHighlight] = useState(0);
  const term = useDebouncedValue(text, SEARCH_DELAY_MS);
  const found = useFullTextSearch(term, SEARCH_LIMIT);

  const query = text.trim();
  const groups = useMemo(() => paletteGroups(query, query ? found.hits : []), [query, found.hits]);
  const items = useMemo(() => groups.flatMap((group) => group.items), [groups]);
  const active = items.length === 0 ? -1 : Math.min(highlight, items.length - 1);
  const pending = query !== '' && (query !== term.trim() || found.loading);
  const failed = query && !pending ? found.error : null;
  const optionId = (index: number) => `${listId}-option-${index}`;
  const activeId = active >= 0 ? optionId(active) : undefined;

  // Keeps the highlighted option in view as the arrow keys move it through a long list.
  useEffect(() => {
    if (activeId) document.getElementById(activeId)?.scrollIntoView?.({ block: 'nearest' });
  }, [activeId]);

  const handleOpen = (item: PaletteItem) => {
    onClose();
    if (item.type === 'record') navigate(tablePath(item.source.table, item.hit.id));
    else navigate(item.tool ? toolPath(item.tool) : entryPath(item.entry));
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing || items.length === 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setHighlight((active + step + items.length) % items.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const item = items[active];
      if (item) handleOpen(item);
    }
  };

  const renderResults = () => {
    if (items.length === 0) {
      if (failed) return null;
      return <div className="palette__empty">{pending ? 'Searching…' : `No matches for “${query}”`}</div>;
    }
    let index = 0;
    return (
      <div className="palette__results" role="listbox" id={listId} aria-label="Results">
        {groups.map((group) => {
          const headingId = `${listId}-${group.id}`;
          return (
            <div key={group.id} className="palette__group">
              <div className="palette__heading" id={headingId} aria-hidden="true">
                {group.label}
              </div>
              <div role="group" aria-labelledby={headingId}>
                {group.items.map((item) => {
                  const position = index++;
                  const selected = position === active;
                  return (
                    <div
                      key={item.key}
                      id={optionId(position)}
                      role="option"
                      aria-selected={selected}
                      data-kind={item.type === 'record' ? item.hit.kind : 'module'}
                      className={`palette__item${selected ? ' is-active' : ''}`}
                      onMouseMove={() => {
                        if (!selected) setHighlight(position);
                      }}
                      onMouseDown={(event) => event.preventDefault()}
                      onClick={() => handleOpen(item)}
                    >
                      <ItemIcon item={item} />
                      <span className="palette__text">
                        <span className="palette__title">{item.title}</span>
                        {item.type === 'record' && item.detail ? (
                          <>
                            {/* A space, so the option's accessible name reads "title detail". */}{' '}
                            <span className="palette__detail">{item.detail}</span>
                          </>
                        ) : null}
                      </span>
                    </div>
                  );
                })}
              </div>
            </div>
          );
        })}
      </div>
    );
  };

  return (
    <Modal overlayClassName="overlay overlay--center overlay--palette" onClose={onClose}>
      <ModalContent className="palette" aria-label="Search" aria-describedby={undefined} onPointerDownOutside={keepOpenForToasts}>
        <ModalTitle className="visually-hidden">Search</ModalTitle>
        <div className="palette__field">
          <Search size={16} aria-hidden="true" />
          <input
            name="palette"
            className="palette__input"
            role="combobox"
            aria-label={`Search ${searchedThings()}`}
            aria-expanded={items.length > 0}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={activeId}
            placeholder={`Search ${searchedThings()}…`}
            autoComplete="off"
            spellCheck={false}
            autoFocus
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              setHighlight(0);
            }}
            onKeyDown={handleKeyDown}
          />
          {pending ? <Spinner label="Searching…" /> : null}
        </div>
        {failed ? (
          <div className="form-error palette__error" role="alert">
            Search failed: {failed.message}
          </div>
        ) : null}
        {renderResults()}
        <footer className="palette__footer" aria-hidden="true">
          <span>
            <kbd className="kbd">↑</kbd>
            <kbd className="kbd">↓</kbd> to move
          </span>
          <span>
            <kbd className="kbd">↵</kbd> to open
          </span>
          <span>
            <kbd className="kbd">esc</kbd> to close
          </span>
        </footer>
      </ModalContent>
    </Modal>
  );
};
