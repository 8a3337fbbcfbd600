import { useCallback, useMemo, useState } from 'react';

import type { FormDraft } from '../types';
import { draftToPatch } from '../utils/definition';

type History = {
  past: FormDraft[];
  present: FormDraft;
  future: FormDraft[];
  /** The last change's group: further changes of the same group (typing into one input) merge into it. */
  group: string | null;
  /** The draft as last saved. */
  saved: FormDraft;
};

const LIMIT = 100;

const sameForm = (a: FormDraft, b: FormDraft): boolean => JSON.stringify(draftToPatch(a)) === JSON.stringify(draftToPatch(b));

/**
 * The builder's draft of a form with its undo history. `change` records a step; changes
 * that share a `group` (keystrokes into one input) make one step. `dirty` compares with the
 * last saved draft, as stored.
 */
export const useFormDraft = (initial: FormDraft) => {
  const [history, setHistory] = useState<History>(() => ({ past: [], present: initial, future: [], group: null, saved: initial }));

  const change = useCallback((update: (draft: FormDraft) => FormDraft, group: string | null = null) => {
    setHistory((current) => {
      const next = update(current.present);
      if (next === current.present) return current;
      if (group !== null && group === current.group) return { ...current, present: next, future: [] };
      return { ...current, past: [...current.past, current.present].slice(-LIMIT), present: next, future: [], group };
    });
  }, []);

  const undo = useCallback(() => {
    setHistory((current) => {
      const previous = current.past[current.past.length - 1];
      if (!previous) return current;
      return { ...current, past: current.past.slice(0, -1), present: previous, future: [current.present, ...current.future], group: null };
    });
  }, []);

  const redo = useCallback(() => {
    setHistory((current) => {
      const [next, ...rest] = current.future;
      if (!next) return current;
      return { ...current, past: [...current.past, current.present], present: next, future: rest, group: null };
    });
  }, []);

  /** After a save: `saved` is what is stored now (the history stays, for undo). */
  const markSaved = useCallback((saved: FormDraft) => setHistory((current) => ({ ...current, saved, group: null })), []);

  const dirty = useMemo(() => !sameForm(history.present, history.saved), [history.present, history.saved]);

  return {
    draft: history.present,
    saved: history.saved,
    change,
    undo,
    redo,
    canUndo: history.past.length > 0,
    canRedo: history.future.length > 0,
    markSaved,
    dirty,
  };
};
