import { useEffect, useRef } from 'react';

export type ListKeyboardHandlers = {
  /** False while something else owns the keyboard (a drawer is open). */
  enabled: boolean;
  /** Move the active row by `delta`; `extend` (Shift) also selects the rows passed. */
  onMove: (delta: number, extend: boolean) => void;
  onOpen: () => void;
  onToggle: () => void;
  onClearSelection: () => void;
  onFocusSearch: () => void;
};

/** Where typing goes to the element: keys there are text, not list shortcuts. */
const isTextEntry = (target: EventTarget | null): boolean => {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
};

/** Keys that a focused button or checkbox handles itself. */
const activatesControl = (event: KeyboardEvent): boolean =>
  (event.key === ' ' || event.key === 'Enter') &&
  event.target instanceof HTMLElement &&
  event.target.matches('button, input, a[href], [role="button"]');

/**
 * The list's keyboard: ↑/↓ or j/k move the active row (Shift extends the selection), Enter
 * opens it, x or Space ticks it, / goes to the search box, Escape clears the selection.
 * Keys are ignored while typing, inside popovers and menus, while a modal layer is open, and
 * with Ctrl, ⌘ or Alt (Ctrl+K is the command palette's).
 */
export const useListKeyboard = (handlers: ListKeyboardHandlers) => {
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    const handleKeyDown = (event: KeyboardEvent) => {
      const current = latest.current;
      if (!current.enabled || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTextEntry(event.target) || activatesControl(event)) return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest('[role="dialog"], [role="menu"], [role="listbox"]')) return;
      if (document.querySelector('[aria-modal="true"]')) return;
      const act = (action: () => void) => {
        event.preventDefault();
        action();
      };
      switch (event.key) {
        case 'ArrowDown':
        case 'j':
        case 'J':
          return act(() => current.onMove(1, event.shiftKey));
        case 'ArrowUp':
        case 'k':
        case 'K':
          return act(() => current.onMove(-1, event.shiftKey));
        case 'Enter':
          return act(current.onOpen);
        case 'x':
        case ' ':
          return act(current.onToggle);
        case '/':
          return act(current.onFocusSearch);
        case 'Escape':
          return act(current.onClearSelection);
        default:
          return undefined;
      }
    };
    window.addEventListener('keydown', handleKeyDown);
    return () => window.removeEventListener('keydown', handleKeyDown);
  }, []);
};
