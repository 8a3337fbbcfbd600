import { useEffect, useRef } from 'react';

import { isPaletteShortcut } from '../utils/shortcut';

/** Calls `onToggle` on Ctrl+K (Cmd+K on macOS) anywhere in the window, even inside inputs. */
export const useCommandPaletteShortcut = (onToggle: () => void) => {
  const callback = useRef(onToggle);
  callback.current = onToggle;
  useEffect(() => {
    const handleKeyDown = (event: KeyboardEvent) => {
      if (!isPaletteShortcut(event)) return;
      // The browser's own Ctrl+K (its search bar) must not also run.
      event.preventDefault();
      callback.current();
    };
    document.addEventListener('keydown', handleKeyDown);
    return () => document.removeEventListener('keydown', handleKeyDown);
  }, []);
};
