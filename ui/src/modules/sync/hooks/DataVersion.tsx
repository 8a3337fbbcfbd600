import { createContext, useContext, type ReactNode } from 'react';

/**
 * A number that grows whenever data arrives from elsewhere (another device, through
 * sync): lists include it in what they load for, so they reload when it changes.
 */
const DataVersionContext = createContext(0);

export const DataVersionProvider = ({ version, children }: { version: number; children: ReactNode }) => (
  <DataVersionContext.Provider value={version}>{children}</DataVersionContext.Provider>
);

export const useDataVersion = (): number => useContext(DataVersionContext);
