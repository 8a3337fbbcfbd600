import { useCallback, useEffect, useRef, useState } from 'react';

import { useListKeyboard } from './useListKeyboard';
import type { Selection } from './useSelection';

type Row = Record<string, unknown>;

export type RowNavigationOptions = {
  rows: ReadonlyArray<Row>;
  selection: Selection;
  /** False while a drawer or dialog owns the keyboard. */
  enabled: boolean;
  /** Changes when the list shows another set of records: selection and active row reset. */
  resetKey: string;
  onOpen: (row: Row) => void;
  onFocusSearch: () => void;
};

export type RowNavigation = {
  /** The keyboard's row, or -1. */
  activeIndex: number;
  /** Opens the row at `index` and makes it the active one. */
  openRow: (index: number) => void;
  /** Ticks a row; with `extend` (Shift+click), every row from the last ticked takes its state. */
  toggleRow: (index: number, extend: boolean) => void;
  /** The header checkbox: tick every loaded row, or clear the selection. */
  toggleLoaded: () => void;
};

const idOf = (row: Row | undefined): string => String(row?.id);

/**
 * The active row, the mouse's ticks and the list's keyboard (see `useListKeyboard`). The
 * callbacks read the latest rows through a ref, so they keep their identity and moving the
 * active row redraws two rows, not every row in view.
 */
export const useRowNavigation = ({ rows, selection, enabled, resetKey, onOpen, onFocusSearch }: RowNavigationOptions): RowNavigation => {
  const [activeIndex, setActiveIndex] = useState(-1);
  const latest = useRef({ rows, selection, onOpen });
  latest.current = { rows, selection, onOpen };
  const anchor = useRef<number | null>(null);

  const { clear } = selection;
  useEffect(() => {
    clear();
    setActiveIndex(-1);
    anchor.current = null;
  }, [resetKey, clear]);

  const openRow = useCallback((index: number) => {
    const row = latest.current.rows[index];
    if (!row) return;
    setActiveIndex(index);
    latest.current.onOpen(row);
  }, []);

  const toggleRow = useCallback((index: number, extend: boolean) => {
    const { rows: current, selection: selected } = latest.current;
    const row = current[index];
    if (!row) return;
    const from = anchor.current;
    if (extend && from !== null && from !== index) {
      const [start, end] = from < index ? [from, index] : [index, from];
      selected.setMany(current.slice(start, end + 1).map(idOf), !selected.ids.has(idOf(row)));
    } else {
      selected.toggle(idOf(row));
    }
    anchor.current = index;
    setActiveIndex(index);
  }, []);

  const toggleLoaded = useCallback(() => {
    const { rows: current, selection: selected } = latest.current;
    const ids = current.map(idOf);
    const all = ids.length > 0 && ids.every((id) => selected.ids.has(id));
    if (all || selected.allMatching) selected.clear();
    else selected.setMany(ids, true);
  }, []);

  useListKeyboard({
    enabled,
    onMove: (delta, extend) => {
      if (rows.length === 0) return;
      const first = delta > 0 ? 0 : rows.length - 1;
      const next = activeIndex < 0 ? first : Math.min(Math.max(activeIndex + delta, 0), rows.length - 1);
      // Shift+↑/↓ ticks the row left and the row reached.
      if (extend) selection.setMany([activeIndex, next].filter((index) => index >= 0).map((index) => idOf(rows[index])), true);
      setActiveIndex(next);
    },
    onOpen: () => openRow(activeIndex),
    onToggle: () => {
      const row = rows[activeIndex];
      if (row) selection.toggle(idOf(row));
    },
    onClearSelection: selection.clear,
    onFocusSearch,
  });

  return { activeIndex, openRow, toggleRow, toggleLoaded };
};
