import { useState } from 'react';

import { displayName } from '../../object-record/utils/displayName';
import { useContactNames, useContactSearch } from '../hooks/useCommerce';

export type ContactPickerProps = {
  id: string;
  value: string;
  invalid: boolean;
  onChange: (contactId: string) => void;
};

/** A contact by name or email, searched as one types (the full-text index: fine at 100k contacts). */
export const ContactPicker = ({ id, value, invalid, onChange }: ContactPickerProps) => {
  const [term, setTerm] = useState('');
  const names = useContactNames(value ? [value] : []);
  const hits = useContactSearch(term);
  if (value) {
    return (
      <div className="commerce-contact">
        <span className="commerce-contact__name" id={id}>
          {names.get(value) ?? '…'}
        </span>
        <button type="button" className="button button--ghost" onClick={() => onChange('')}>
          Change
        </button>
      </div>
    );
  }
  return (
    <div className="commerce-contact-search">
      <input
        id={id}
        className="input"
        type="search"
        placeholder="Search a contact by name or email"
        aria-invalid={invalid || undefined}
        value={term}
        onChange={(e) => setTerm(e.target.value)}
      />
      {term.trim() && hits.data ? (
        <ul className="commerce-contact-search__hits" role="listbox" aria-label="Contacts found">
          {hits.data.length === 0 ? <li className="commerce-contact-search__none">No contact matches.</li> : null}
          {hits.data.map((hit) => (
            <li key={hit.id} role="option" aria-selected={false}>
              <button
                type="button"
                onClick={() => {
                  onChange(hit.id);
                  setTerm('');
                }}
              >
                <strong>{displayName('contacts', hit.record)}</strong>
                {typeof hit.record.email === 'string' ? <span>{hit.record.email}</span> : null}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
};
