import type { Filter, HitKind, TableDef } from '../../../bindings';
import { displayFields } from './displayName';

/** Text columns a quick search may look in, for tables whose name is not one text field. */
const SEARCH_FALLBACKS = ['email', 'payment_method', 'action', 'utm_source', 'provider', 'reason'];

/**
 * The text column the quick search looks in for `term`. People are found by last name,
 * or by email when the term looks like one (filters combine with AND, so one column).
 */
export const searchField = (def: TableDef, term: string): string | null => {
  const textColumns = def.columns
    .filter((column) => column.kind.type === 'text' && !def.hidden.includes(column.name))
    .map((column) => column.name);
  if (def.name === 'contacts' || def.name === 'users') {
    const field = term.includes('@') ? 'email' : 'last_name';
    return textColumns.includes(field) ? field : null;
  }
  const nameField = displayFields(def.name, def.columns.map((column) => column.name)).find((name) =>
    textColumns.includes(name),
  );
  return nameField ?? SEARCH_FALLBACKS.find((name) => textColumns.includes(name)) ?? null;
};

/** Whether the table has any column the quick search can use. */
export const canSearch = (def: TableDef): boolean => searchField(def, '') !== null;

export const searchFilters = (def: TableDef, term: string): Filter[] => {
  const trimmed = term.trim();
  if (!trimmed) return [];
  const field = searchField(def, trimmed);
  return field ? [{ field, op: 'contains', value: trimmed }] : [];
};

/** Tables the `search` command covers, and the kind of hit each one's records come back as. */
const FULL_TEXT_KINDS: Readonly<Record<string, HitKind>> = { contacts: 'contact', companies: 'company' };

/** The kind of `search` hit that holds records of `table`; null when the command does not cover it. */
export const fullTextKind = (table: string): HitKind | null => FULL_TEXT_KINDS[table] ?? null;

/** The search box's placeholder; `fullText` when the box uses the `search` command. */
export const searchPlaceholder = (def: TableDef, fullText = false): string => {
  if (fullText) return def.name === 'contacts' ? 'Search name, email, phone…' : 'Search name, domain, phone…';
  if (def.name === 'contacts' || def.name === 'users') return 'Search last name or email…';
  const field = searchField(def, '');
  return field ? `Search ${field.replace(/_/g, ' ')}…` : 'Search…';
};
