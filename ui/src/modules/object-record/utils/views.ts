import type { Filter, FilterOp, JsonValue, SavedView, Sort } from '../../../bindings';

/** What a saved view holds, and what the list shows: filters, sort and chosen columns. */
export type ViewState = {
  filters: Filter[];
  sort: Sort | null;
  /** Column ids besides the pinned name column (field names or `custom_fields.<key>`). */
  columns: string[];
};

const OPS: ReadonlyArray<FilterOp> = [
  'eq',
  'ne',
  'lt',
  'lte',
  'gt',
  'gte',
  'contains',
  'starts_with',
  'ends_with',
  'in',
  'is_null',
  'not_null',
  'has',
];

type JsonObject = { [key in string]?: JsonValue };

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The filters stored in a view; entries of another shape (written by hand) are skipped. */
export const parseFilters = (stored: ReadonlyArray<JsonValue>): Filter[] =>
  stored.flatMap((entry) => {
    if (!isObject(entry) || typeof entry.field !== 'string' || !OPS.includes(entry.op as FilterOp)) return [];
    const filter: Filter = { field: entry.field, op: entry.op as FilterOp };
    return 'value' in entry ? [{ ...filter, value: entry.value }] : [filter];
  });

/** The stored sort, or null for the list's default order (`{}`). */
export const parseSort = (stored: JsonObject): Sort | null =>
  typeof stored.field === 'string' && stored.field !== '' ? { field: stored.field, desc: stored.desc === true } : null;

/**
 * A saved view as list state. Its columns include the name fields (other clients show them
 * as columns); here the name column is pinned, so they are dropped. No columns: `fallback`.
 */
export const viewState = (view: SavedView, nameFields: ReadonlyArray<string>, fallback: ReadonlyArray<string>): ViewState => {
  const columns = view.columns.filter((id) => !nameFields.includes(id));
  return {
    filters: parseFilters(view.filters),
    sort: parseSort(view.sort),
    columns: view.columns.length > 0 ? columns : [...fallback],
  };
};

/** The fields of a saved view record for `state`; the name fields lead its columns. */
export const viewFields = (state: ViewState, nameFields: ReadonlyArray<string>) => ({
  filters: state.filters as unknown as JsonValue[],
  sort: (state.sort ?? {}) as { [key in string]: JsonValue },
  columns: [...nameFields, ...state.columns],
});

/** Whether two states show the same list (same filters, sort and columns, in order). */
export const sameState = (a: ViewState, b: ViewState): boolean =>
  JSON.stringify([a.filters, a.sort, a.columns]) === JSON.stringify([b.filters, b.sort, b.columns]);

/** Views of one list in their order. */
export const orderViews = (views: ReadonlyArray<SavedView>): SavedView[] =>
  [...views].sort((a, b) => a.position - b.position || a.created_at.localeCompare(b.created_at));
