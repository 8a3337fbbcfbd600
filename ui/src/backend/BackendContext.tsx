import { createContext, useContext, type ReactNode } from 'react';

import type { Backend } from './backend';

const BackendContext = createContext<Backend | null>(null);

export type BackendProviderProps = {
  backend: Backend;
  children: ReactNode;
};

export const BackendProvider = ({ backend, children }: BackendProviderProps) => (
  <BackendContext.Provider value={backend}>{children}</BackendContext.Provider>
);

export const useBackend = (): Backend => {
  const backend = useContext(BackendContext);
  if (!backend) throw new Error('useBackend must be used inside a BackendProvider');
  return backend;
};
