import { useState } from 'react';
import { Merge } from 'lucide-react';

import type { DuplicateGroup } from '../../../bindings';
import { Badge } from '../../../ui/Badge';
import { Button } from '../../../ui/Button';
import { recordHref } from '../utils/links';
import { formatTimestamp } from '../../object-record/utils/format';
import { contactId, contactLine, contactName, oldestContact, REASON_BADGES, text } from '../utils/duplicates';

type Row = Record<string, unknown>;

/** The fields shown for each contact, side by side. */
const FIELDS: ReadonlyArray<{ name: string; label: string }> = [
  { name: 'email', label: 'Email' },
  { name: 'phone', label: 'Phone' },
  { name: 'company', label: 'Company' },
  { name: 'created_at', label: 'Created' },
  { name: 'owner_id', label: 'Owner' },
];

export type DuplicateGroupCardProps = {
  group: DuplicateGroup;
  /** Display names of users, by id, for the Owner field. */
  users: ReadonlyMap<string, string>;
  merging: boolean;
  /** Another group is being merged. */
  busy: boolean;
  onMerge: (keepId: string) => void;
};

const shownValue = (field: string, row: Row, users: ReadonlyMap<string, string>): string => {
  const value = text(row[field]);
  if (!value) return '';
  if (field === 'created_at') return formatTimestamp(value);
  if (field === 'owner_id') return users.get(value) ?? value;
  return value;
};

/** One group of likely duplicates: its contacts side by side, the one to keep picked. */
export const DuplicateGroupCard = ({ group, users, merging, busy, onMerge }: DuplicateGroupCardProps) => {
  const [keepId, setKeepId] = useState(() => oldestContact(group.contacts) ?? '');
  const radioName = `keep-${group.contacts.map(contactId).join('-')}`;
  const kept = group.contacts.find((contact) => contactId(contact) === keepId);
  const others = group.contacts.filter((contact) => contactId(contact) !== keepId);

  /** A value the kept contact lacks and would take from a merged one. */
  const filledFrom = (field: string): { value: string; from: string } | null => {
    if (!kept || field === 'created_at' || text(kept[field])) return null;
    const donor = others.find((other) => text(other[field]));
    return donor ? { value: shownValue(field, donor, users), from: contactName(donor) } : null;
  };

  return (
    <article className="dup-group" aria-label={`Duplicates: ${group.contacts.map(contactName).join(', ')}`}>
      <header className="dup-group__head">
        <div className="dup-group__reasons">
          {group.reasons.map((reason) => (
            <Badge key={reason} tone={REASON_BADGES[reason].tone}>
              {REASON_BADGES[reason].label}
            </Badge>
          ))}
        </div>
        <span className="muted">{group.contacts.length} contacts</span>
        <div className="toolbar__spacer" />
        <Button
          variant="primary"
          icon={<Merge size={14} />}
          disabled={merging || busy || !kept}
          onClick={() => onMerge(keepId)}
        >
          {merging ? 'Merging…' : 'Merge'}
        </Button>
      </header>
      <div className="dup-group__contacts">
        {group.contacts.map((contact) => {
          const id = contactId(contact);
          const isKept = id === keepId;
          return (
            <div key={id} className={`dup-contact${isKept ? ' dup-contact--kept' : ''}`}>
              <label className="dup-contact__choice">
                <input
                  type="radio"
                  name={radioName}
                  checked={isKept}
                  aria-label={`Keep ${contactLine(contact)}`}
                  onChange={() => setKeepId(id)}
                />
                <span>{isKept ? 'Keep' : 'Merge into the kept one'}</span>
              </label>
              <a className="dup-contact__name" href={recordHref('contacts', id)} title="Open this contact">
                {contactName(contact)}
              </a>
              <dl className="dup-contact__fields">
                {FIELDS.map((field) => {
                  const value = shownValue(field.name, contact, users);
                  const filled = isKept ? filledFrom(field.name) : null;
                  return (
                    <div key={field.name} className="dup-contact__field">
                      <dt>{field.label}</dt>
                      <dd>
                        {value ? (
                          value
                        ) : filled ? (
                          <span className="dup-contact__filled" title={`Filled from ${filled.from} when merged`}>
                            {filled.value} <span className="muted">(from merge)</span>
                          </span>
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </dd>
                    </div>
                  );
                })}
              </dl>
            </div>
          );
        })}
      </div>
    </article>
  );
};
