const isApple = (): boolean =>
  typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** The palette's shortcut as the keyboard shows it: "⌘K" on Apple devices, "Ctrl K" elsewhere. */
export const paletteShortcutLabel = (): string => (isApple() ? '⌘K' : 'Ctrl K');

/** Ctrl+K, or Cmd+K on macOS, with no other modifier. */
export const isPaletteShortcut = (event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean =>
  (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k';
