import { useId, useState, type KeyboardEvent } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Building2, Link2, Unlink } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { Company, Contact, ErrorPayload } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { useDebouncedValue } from '../../object-record/hooks/useDebouncedValue';
import { recordHref } from '../utils/links';
import { DetailSection } from './DetailSection';

export type CompanyLinkProps = {
  contact: Contact;
  readOnly: boolean;
  onSave: (patch: Record<string, unknown>) => Promise<ErrorPayload | null>;
};

const PICKER_LIMIT = 8;

/** The company record a contact works at: a link to it, and a picker to change it. */
export const CompanyLink = ({ contact, readOnly, onSave }: CompanyLinkProps) => {
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (patch: Record<string, unknown>) => {
    setBusy(true);
    const failure = await onSave(patch);
    setBusy(false);
    setError(failure ? failure.message : null);
    if (!failure) setPicking(false);
  };

  const handlePick = (company: Company) => void save({ company_id: company.id, company: company.name });
  const handleUnlink = () => void save({ company_id: null });

  const name = contact.company?.trim() || null;
  return (
    <DetailSection
      title="Company"
      action={
        readOnly || picking ? null : (
          <Button variant="ghost" className="button--small" icon={<Link2 size={13} />} onClick={() => setPicking(true)}>
            {contact.company_id ? 'Change' : 'Link company'}
          </Button>
        )
      }
    >
      {error ? (
        <div className="form-error" role="alert">
          {error}
        </div>
      ) : null}
      {picking ? (
        <CompanyPicker initial={name ?? ''} disabled={busy} onPick={handlePick} onCancel={() => setPicking(false)} />
      ) : (
        <div className="company-link">
          <Building2 size={14} aria-hidden="true" className="company-link__icon" />
          {contact.company_id ? (
            <>
              <a href={recordHref('companies', contact.company_id)} className="company-link__name">
                {name ?? 'Open company'}
              </a>
              {readOnly ? null : (
                <button type="button" className="icon-button" aria-label="Unlink company" title="Unlink company" disabled={busy} onClick={handleUnlink}>
                  <Unlink size={14} />
                </button>
              )}
            </>
          ) : name ? (
            <span className="company-link__name">
              {name} <span className="muted">· not linked to a company record</span>
            </span>
          ) : (
            <span className="muted">No company</span>
          )}
        </div>
      )}
    </DetailSection>
  );
};

type CompanyPickerProps = {
  initial: string;
  disabled: boolean;
  onPick: (company: Company) => void;
  onCancel: () => void;
};

/** Type to find a company record by name; Enter or a click picks it. */
const CompanyPicker = ({ initial, disabled, onPick, onCancel }: CompanyPickerProps) => {
  const backend = useBackend();
  const listId = useId();
  const [text, setText] = useState(initial);
  const [active, setActive] = useState(0);
  const term = useDebouncedValue(text.trim(), 200);
  const found = useQuery({
    queryKey: ['records_list', 'companies', 'picker', term],
    queryFn: () =>
      backend.invoke('records_list', {
        table: 'companies',
        query: {
          filters: term ? [{ field: 'name', op: 'contains', value: term }] : [],
          sort: { field: 'name', desc: false },
          limit: PICKER_LIMIT,
          deleted: 'exclude',
        },
      }),
    // The last results stay while the next ones load.
    placeholderData: keepPreviousData,
  });
  const results = (found.data?.items as Company[] | undefined) ?? null;
  const error = found.error ? toErrorPayload(found.error).message : null;

  const handleKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const count = results?.length ?? 0;
    if (event.key === 'ArrowDown' && count > 0) {
      event.preventDefault();
      setActive((current) => (current + 1) % count);
    } else if (event.key === 'ArrowUp' && count > 0) {
      event.preventDefault();
      setActive((current) => (current - 1 + count) % count);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const chosen = results?.[active];
      if (chosen) onPick(chosen);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    }
  };

  return (
    <div className="company-picker">
      <div className="input-with-action">
        <input
          type="text"
          className="input"
          role="combobox"
          aria-label="Find a company"
          aria-expanded={(results?.length ?? 0) > 0}
          aria-controls={listId}
          aria-activedescendant={results && results.length > 0 ? `${listId}-${active}` : undefined}
          placeholder="Company name…"
          autoFocus
          value={text}
          disabled={disabled}
          onChange={(event) => {
            setText(event.target.value);
            setActive(0);
          }}
          data-local-escape
          onKeyDown={handleKeyDown}
        />
        <Button onClick={onCancel}>Cancel</Button>
      </div>
      {error ? <p className="field__hint field__hint--error">Could not load companies: {error}</p> : null}
      <ul id={listId} role="listbox" aria-label="Companies" className="picker-list">
        {results && results.length === 0 ? <li className="picker-list__empty muted">No company matches “{term}”</li> : null}
        {(results ?? []).map((company, index) => (
          <li
            key={company.id}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            className={`picker-list__option${index === active ? ' is-active' : ''}`}
            onMouseEnter={() => setActive(index)}
            onClick={() => onPick(company)}
          >
            <span className="picker-list__title">{company.name}</span>
            {company.domain ? <span className="picker-list__detail">{company.domain}</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
};
