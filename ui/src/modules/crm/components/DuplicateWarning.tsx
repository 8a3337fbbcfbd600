import { TriangleAlert } from 'lucide-react';

import { recordHref } from '../utils/links';
import { useDuplicateCheck } from '../hooks/useDuplicateCheck';
import { contactId, contactName, REASON_PHRASES, text } from '../utils/duplicates';

/** Matches listed by name; the rest are counted. */
const MAX_SHOWN = 3;

export type DuplicateWarningProps = {
  /** The contact form's values (strings as typed). */
  values: Record<string, unknown>;
  /** The contact being edited, which is not its own duplicate. */
  exclude?: string | null;
};

/**
 * "Looks like an existing contact: Ana Lima <ana@x.com> — same email", under a contact form
 * as it is filled in, with a link to open that contact instead.
 */
export const DuplicateWarning = ({ values, exclude = null }: DuplicateWarningProps) => {
  const matches = useDuplicateCheck(values, exclude);
  if (matches.length === 0) return null;
  const shown = matches.slice(0, MAX_SHOWN);
  return (
    <div className="duplicate-warning" role="status">
      <TriangleAlert size={16} aria-hidden="true" className="duplicate-warning__icon" />
      <div className="duplicate-warning__text">
        <div className="duplicate-warning__title">
          {matches.length === 1 ? 'Looks like an existing contact:' : 'Looks like existing contacts:'}
        </div>
        <ul className="duplicate-warning__list">
          {shown.map((match) => {
            const id = contactId(match.contact);
            const email = text(match.contact.email);
            return (
              <li key={id}>
                <a href={recordHref('contacts', id)} title="Open this contact">
                  {contactName(match.contact)}
                </a>
                {email ? <span className="muted"> &lt;{email}&gt;</span> : null} — {REASON_PHRASES[match.reason]}
              </li>
            );
          })}
        </ul>
        {matches.length > shown.length ? (
          <div className="muted">and {(matches.length - shown.length).toLocaleString()} more</div>
        ) : null}
      </div>
    </div>
  );
};
