import { useId, useState, type KeyboardEvent } from 'react';
import { X } from 'lucide-react';

import type { Hit } from '../../../bindings';
import { useDebouncedValue } from '../../object-record/hooks/useDebouncedValue';
import { useFullTextSearch } from '../../object-record/hooks/useFullTextSearch';

export type ContactPickerProps = {
  id: string;
  /** The linked contact, or null. */
  contactId: string | null;
  label: string;
  onChange: (contactId: string | null, label: string) => void;
};

const LIMIT = 8;

/** "Ada Lovelace · ada@example.com": how a contact hit reads in the picker. */
export const contactLabel = (record: Record<string, unknown>): string => {
  const name = [record.first_name, record.last_name].filter((part) => typeof part === 'string' && part).join(' ');
  const email = typeof record.email === 'string' ? record.email : '';
  return name && email ? `${name} · ${email}` : name || email;
};

/** Finds a contact with the app's search (word prefixes of name, email, phone, company). */
export const ContactPicker = ({ id, contactId, label, onChange }: ContactPickerProps) => {
  const listId = useId();
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const term = useDebouncedValue(text, 150);
  const search = useFullTextSearch(term, LIMIT);
  const hits: Hit[] = search.hits.filter((hit) => hit.kind === 'contact');

  if (contactId) {
    return (
      <div className="contact-chip">
        <span className="contact-chip__label">{label || 'Linked contact'}</span>
        <button type="button" className="icon-button" aria-label="Unlink contact" onClick={() => onChange(null, '')}>
          <X size={14} />
        </button>
      </div>
    );
  }

  const handlePick = (hit: Hit) => {
    onChange(hit.id, contactLabel(hit.record));
    setText('');
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && hits.length > 0) {
      event.preventDefault();
      setActive((current) => (current + 1) % hits.length);
    } else if (event.key === 'ArrowUp' && hits.length > 0) {
      event.preventDefault();
      setActive((current) => (current - 1 + hits.length) % hits.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const chosen = hits[active];
      if (chosen) handlePick(chosen);
    }
  };

  const open = text.trim() !== '' && search.term === term.trim();
  return (
    <div className="contact-picker">
      <input
        id={id}
        type="text"
        className="input"
        role="combobox"
        aria-expanded={open && hits.length > 0}
        aria-controls={listId}
        placeholder="Search contacts…"
        autoComplete="off"
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setActive(0);
        }}
        onKeyDown={handleKeyDown}
      />
      {open ? (
        <ul id={listId} role="listbox" aria-label="Contacts" className="picker-list contact-picker__list">
          {search.error ? <li className="picker-list__empty">Could not search: {search.error.message}</li> : null}
          {hits.length === 0 && !search.error ? <li className="picker-list__empty muted">No contact matches “{term.trim()}”</li> : null}
          {hits.map((hit, index) => (
            <li
              key={hit.id}
              role="option"
              aria-selected={index === active}
              className={`picker-list__option${index === active ? ' is-active' : ''}`}
              onMouseEnter={() => setActive(index)}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => handlePick(hit)}
            >
              <span className="picker-list__title">{contactLabel(hit.record)}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
};
