import type { Filter, HitKind, TableDef } from '../../../bindings';
import { searchSources, tableSpec } from '../states/registry';
import { displayFields } from './displayName';

/** Text columns a quick search may look in, for tables whose name is not one text field. */
const SEARCH_FALLBACKS = ['email', 'payment_method', 'action', 'utm_source', 'provider', 'reason'];

/**
 * The text column the quick search looks in for `term`: the one its module chose (people:
 * last name, or email when the term looks like one), else the first text name field, else a
 * fallback (filters combine with AND, so one column).
 */
export const searchField = (def: TableDef, term: string): string | null => {
  const textColumns = def.columns
    .filter((column) => column.kind.type === 'text' && !def.hidden.includes(column.name))
    .map((column) => column.name);
  const quickSearch = tableSpec(def.name).quickSearch;
  if (quickSearch) {
    const field = quickSearch.field(term);
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

/**
 * The kind of `search` hit that holds records of `table`; null when the command does not
 * cover it. The modules that own the hit kinds say which tables they cover (`search`).
 */
export const fullTextKind = (table: string): HitKind | null =>
  searchSources().find((source) => source.table === table)?.kind ?? null;

/** The search box's placeholder; `fullText` when the box uses the `search` command. */
export const searchPlaceholder = (def: TableDef, fullText = false): string => {
  const spec = tableSpec(def.name);
  if (fullText) return spec.fullTextPlaceholder ?? 'Search…';
  if (spec.quickSearch) return spec.quickSearch.placeholder;
  const field = searchField(def, '');
  return field ? `Search ${field.replace(/_/g, ' ')}…` : 'Search…';
};
