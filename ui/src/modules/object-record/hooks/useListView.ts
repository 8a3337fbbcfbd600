import { useCallback, useMemo, useState } from 'react';

import type { Filter, SavedView, Sort, TableDef } from '../../../bindings';
import { loadColumnChoice, saveColumnChoice } from '../utils/columnStorage';
import { defaultColumnIds, nameFieldsOf } from '../utils/listFields';
import { sameState, viewState, type ViewState } from '../utils/views';

export type ListView = ViewState & {
  /** The saved view shown, or null for "All". */
  activeView: SavedView | null;
  /** The list differs from the active view; on "All", it has filters or a sort. */
  modified: boolean;
  setFilters: (filters: Filter[]) => void;
  setSort: (sort: Sort | null) => void;
  setColumns: (columns: string[]) => void;
  resetColumns: () => void;
  /** Show a saved view (its filters, sort and columns), or "All" for null. */
  applyView: (view: SavedView | null) => void;
};

/**
 * What the list shows: its filters, sort and columns, and the saved view they came from.
 * Without a saved view the column choice is remembered per table on this machine.
 */
export const useListView = (def: TableDef, views: ReadonlyArray<SavedView>): ListView => {
  const table = def.name;
  const defaults = useMemo(() => defaultColumnIds(def), [def]);
  const nameFields = useMemo(() => nameFieldsOf(def), [def]);
  const [applied, setApplied] = useState<SavedView | null>(null);
  const [state, setState] = useState<ViewState>(() => ({
    filters: [],
    sort: null,
    columns: loadColumnChoice(table) ?? defaults,
  }));
  // The listed copy once the views have loaded it (a rename shows at once); until then, as
  // just after saving a new view, the copy that was applied.
  const activeView = (applied && views.find((view) => view.id === applied.id)) ?? applied;

  const setFilters = useCallback((filters: Filter[]) => setState((current) => ({ ...current, filters })), []);
  const setSort = useCallback((sort: Sort | null) => setState((current) => ({ ...current, sort })), []);

  const setColumns = useCallback(
    (columns: string[]) => {
      setState((current) => ({ ...current, columns }));
      if (!activeView) saveColumnChoice(table, columns);
    },
    [activeView, table],
  );

  const resetColumns = useCallback(() => {
    setState((current) => ({ ...current, columns: activeView ? viewState(activeView, nameFields, defaults).columns : defaults }));
    if (!activeView) saveColumnChoice(table, null);
  }, [activeView, nameFields, defaults, table]);

  const applyView = useCallback(
    (view: SavedView | null) => {
      setApplied(view);
      setState(
        view
          ? viewState(view, nameFields, defaults)
          : { filters: [], sort: null, columns: loadColumnChoice(table) ?? defaults },
      );
    },
    [nameFields, defaults, table],
  );

  // On "All" the columns are a personal choice, not a change worth saving as a view.
  const baseline: ViewState = activeView
    ? viewState(activeView, nameFields, defaults)
    : { filters: [], sort: null, columns: state.columns };
  const modified = !sameState(state, baseline);

  return { ...state, activeView, modified, setFilters, setSort, setColumns, resetColumns, applyView };
};
