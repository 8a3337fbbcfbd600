import { useEffect, useRef } from 'react';

/** Open layers (dialogs, drawers, menus), innermost last: Escape closes only that one. */
const layers: Array<{ current: () => void }> = [];

let listening = false;

const handleKeyDown = (event: KeyboardEvent) => {
  if (event.key !== 'Escape') return;
  const top = layers[layers.length - 1];
  if (!top) return;
  event.preventDefault();
  event.stopPropagation();
  top.current();
};

/** Calls `onEscape` when Escape is pressed while this layer is the innermost open one. */
export const useEscape = (onEscape: () => void, active = true) => {
  const callback = useRef(onEscape);
  callback.current = onEscape;
  useEffect(() => {
    if (!active) return undefined;
    const layer = { current: () => callback.current() };
    layers.push(layer);
    if (!listening) {
      document.addEventListener('keydown', handleKeyDown);
      listening = true;
    }
    return () => {
      const index = layers.indexOf(layer);
      if (index !== -1) layers.splice(index, 1);
    };
  }, [active]);
};
