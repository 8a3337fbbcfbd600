import { useCallback, useMemo, useState } from 'react';

export type Selection = {
  ids: ReadonlySet<string>;
  /** Every record the filters match is selected, loaded or not: actions go by the filter. */
  allMatching: boolean;
  toggle: (id: string) => void;
  /** Selects (or unselects) all of `ids` at once. */
  setMany: (ids: ReadonlyArray<string>, selected: boolean) => void;
  selectAllMatching: () => void;
  clear: () => void;
};

type State = { ids: ReadonlySet<string>; allMatching: boolean };

const NONE: State = { ids: new Set(), allMatching: false };

/** The rows ticked in a list. Any change by hand leaves "all matching" for a plain selection. */
export const useSelection = (): Selection => {
  const [state, setState] = useState<State>(NONE);

  const toggle = useCallback((id: string) => {
    setState((current) => {
      const ids = new Set(current.ids);
      if (ids.has(id)) ids.delete(id);
      else ids.add(id);
      return { ids, allMatching: false };
    });
  }, []);

  const setMany = useCallback((many: ReadonlyArray<string>, selected: boolean) => {
    setState((current) => {
      const ids = new Set(current.ids);
      for (const id of many) {
        if (selected) ids.add(id);
        else ids.delete(id);
      }
      return { ids, allMatching: false };
    });
  }, []);

  const selectAllMatching = useCallback(() => setState((current) => ({ ...current, allMatching: true })), []);
  const clear = useCallback(() => setState(NONE), []);

  return useMemo(
    () => ({ ids: state.ids, allMatching: state.allMatching, toggle, setMany, selectAllMatching, clear }),
    [state, toggle, setMany, selectAllMatching, clear],
  );
};
