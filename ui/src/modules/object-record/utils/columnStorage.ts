/** Where the column choice of a list is kept when no saved view is active. */
const storageKey = (table: string): string => `aio-crm.list-columns.${table}`;

/** The columns last chosen for `table` on this machine, or null when none were. */
export const loadColumnChoice = (table: string): string[] | null => {
  try {
    const stored: unknown = JSON.parse(window.localStorage.getItem(storageKey(table)) ?? 'null');
    return Array.isArray(stored) && stored.every((id) => typeof id === 'string') ? stored : null;
  } catch {
    // Storage can be unavailable or hold something else; the defaults are used.
    return null;
  }
};

export const saveColumnChoice = (table: string, columns: ReadonlyArray<string> | null) => {
  try {
    if (columns) window.localStorage.setItem(storageKey(table), JSON.stringify(columns));
    else window.localStorage.removeItem(storageKey(table));
  } catch {
    // A full or disabled storage only means the choice is not remembered.
  }
};
