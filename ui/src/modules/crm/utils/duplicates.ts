import type { DuplicateReason } from '../../../bindings';
import type { BadgeTone } from '../../../ui/Badge';
import { displayName } from '../../object-record/utils/displayName';

type Row = Record<string, unknown>;

/** A reason as a badge of a group of duplicates. */
export const REASON_BADGES: Record<DuplicateReason, { label: string; tone: BadgeTone }> = {
  same_email: { label: 'Same email', tone: 'red' },
  same_phone: { label: 'Same phone', tone: 'amber' },
  similar_name: { label: 'Similar name, same company', tone: 'blue' },
};

/** A reason as the end of the sentence "Looks like an existing contact: … — same email". */
export const REASON_PHRASES: Record<DuplicateReason, string> = {
  same_email: 'same email',
  same_phone: 'same phone',
  similar_name: 'similar name at the same company',
};

export const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

export const contactId = (row: Row): string => String(row.id);

export const contactName = (row: Row): string => displayName('contacts', row);

/** "Ana Lima <ana@x.com>", or just the name when there is no email. */
export const contactLine = (row: Row): string => {
  const name = contactName(row);
  const email = text(row.email);
  return email && email !== name ? `${name} <${email}>` : name;
};

/** The contact created first, which a merge keeps unless the user picks another. */
export const oldestContact = (contacts: ReadonlyArray<Row>): string | null => {
  let oldest: Row | null = null;
  for (const contact of contacts) {
    if (!oldest || text(contact.created_at) < text(oldest.created_at)) oldest = contact;
  }
  return oldest ? contactId(oldest) : null;
};

/** "Ana", "Ana and Bo", "Ana, Bo and Cy". */
export const joinNames = (names: ReadonlyArray<string>): string =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

/** What a contact form sends to `duplicates_check`: the fields duplicates are found by. */
export type DuplicateDraft = {
  email: string;
  phone: string;
  first_name: string;
  last_name: string;
  company: string;
};

/**
 * The draft of a contact form's values, or null when it holds nothing a duplicate could be
 * found by (no email, no phone, no last name).
 */
export const draftOf = (values: Row): DuplicateDraft | null => {
  const draft: DuplicateDraft = {
    email: text(values.email),
    phone: text(values.phone),
    first_name: text(values.first_name),
    last_name: text(values.last_name),
    company: text(values.company),
  };
  return draft.email || draft.phone || draft.last_name ? draft : null;
};
