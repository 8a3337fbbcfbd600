import { useMemo, useState } from 'react';
import { Link2, Users } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { Company, Contact, ListQuery } from '../../../bindings';
import { Badge } from '../../../ui/Badge';
import { Button } from '../../../ui/Button';
import { Spinner } from '../../../ui/Spinner';
import { useToast } from '../../../ui/Toasts';
import { displayName, initials } from '../../object-record/utils/displayName';
import { badgeTone, enumLabel } from '../../object-record/utils/format';
import { useRows } from '../../object-record/hooks/useRows';
import { emailDomain } from '../utils/domain';
import { recordHref } from '../utils/links';
import { undoBatchAction } from '../utils/undo';
import { DetailSection } from './DetailSection';

/** How many contacts each list of the company page shows. */
export const COMPANY_CONTACTS_LIMIT = 200;

export type CompanyContactsProps = {
  company: Company;
  readOnly: boolean;
};

const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** The contacts linked to a company, and the unlinked ones whose email is at its domain. */
export const CompanyContacts = ({ company, readOnly }: CompanyContactsProps) => {
  const backend = useBackend();
  const toast = useToast();
  const [linking, setLinking] = useState(false);
  const domain = emailDomain(company.domain);

  const linkedQuery = useMemo<ListQuery>(
    () => ({
      filters: [{ field: 'company_id', op: 'eq', value: company.id }],
      sort: { field: 'last_name', desc: false },
      limit: COMPANY_CONTACTS_LIMIT,
      deleted: 'exclude',
    }),
    [company.id],
  );
  const matchQuery = useMemo<ListQuery | null>(
    () =>
      domain
        ? {
            filters: [
              { field: 'email', op: 'ends_with', value: `@${domain}` },
              { field: 'company_id', op: 'is_null' },
            ],
            sort: { field: 'last_name', desc: false },
            limit: COMPANY_CONTACTS_LIMIT,
            deleted: 'exclude',
          }
        : null,
    [domain],
  );
  const linked = useRows('contacts', linkedQuery);
  const matches = useRows('contacts', matchQuery);
  const { reload: reloadLinked } = linked;
  const { reload: reloadMatches } = matches;

  const handleLink = async () => {
    const ids = matches.rows.map((contact) => contact.id);
    if (ids.length === 0 || linking) return;
    setLinking(true);
    try {
      const result = await backend.invoke('records_bulk', {
        table: 'contacts',
        target: { kind: 'ids', ids },
        action: { kind: 'set', fields: { company_id: company.id, company: company.name } },
      });
      reloadLinked();
      reloadMatches();
      toast.showSuccess(
        `Linked ${plural(result.changed, 'contact', 'contacts')} to ${company.name}`,
        undoBatchAction(backend, toast, result.batch_id, () => {
          reloadLinked();
          reloadMatches();
        }),
      );
    } catch (reason) {
      toast.showError('Could not link the contacts', toErrorPayload(reason).message);
    } finally {
      setLinking(false);
    }
  };

  return (
    <div className="company-contacts">
      <DetailSection title={`Contacts at this company${linked.rows.length > 0 ? ` (${linked.rows.length}${linked.truncated ? '+' : ''})` : ''}`}>
        {linked.error ? <p className="field__hint field__hint--error">Could not load contacts: {linked.error.message}</p> : null}
        {linked.loading && linked.rows.length === 0 ? <Spinner label="Loading contacts…" /> : null}
        {!linked.loading && !linked.error && linked.rows.length === 0 ? (
          <p className="detail-empty">
            <Users size={14} aria-hidden="true" /> No contacts linked yet.
          </p>
        ) : null}
        <ContactList contacts={linked.rows} label="Contacts at this company" />
      </DetailSection>
      {domain ? (
        <DetailSection
          title="Domain matches"
          action={
            readOnly || matches.rows.length === 0 ? null : (
              <Button variant="primary" className="button--small" icon={<Link2 size={13} />} disabled={linking} onClick={() => void handleLink()}>
                Link {plural(matches.rows.length, 'contact', 'contacts')}
              </Button>
            )
          }
        >
          <p className="muted detail-hint">
            Contacts with an email at <strong>@{domain}</strong> that are not linked to any company.
          </p>
          {matches.error ? <p className="field__hint field__hint--error">Could not look for matches: {matches.error.message}</p> : null}
          {!matches.loading && !matches.error && matches.rows.length === 0 ? <p className="detail-empty">No unlinked contacts match.</p> : null}
          <ContactList contacts={matches.rows} label="Domain matches" />
        </DetailSection>
      ) : null}
    </div>
  );
};

type ContactListProps = { contacts: ReadonlyArray<Contact>; label: string };

const ContactList = ({ contacts, label }: ContactListProps) =>
  contacts.length === 0 ? null : (
    <ul className="contact-list" aria-label={label}>
      {contacts.map((contact) => {
        const name = displayName('contacts', contact);
        return (
          <li key={contact.id}>
            <a className="contact-list__item" href={recordHref('contacts', contact.id)} data-id={contact.id}>
              <span className="avatar" aria-hidden="true">
                {initials(name) || '?'}
              </span>
              <span className="contact-list__text">
                <span className="contact-list__name">{name}</span>
                <span className="contact-list__detail">{[contact.title, contact.email].filter(Boolean).join(' · ')}</span>
              </span>
              <Badge tone={badgeTone(contact.status)}>{enumLabel(contact.status)}</Badge>
            </a>
          </li>
        );
      })}
    </ul>
  );
