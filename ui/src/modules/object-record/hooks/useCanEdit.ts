import type { TableDef } from '../../../bindings';
import { useProfile } from './useProfile';

/**
 * Whether the person reads only in the active organisation, as the server last said: a
 * viewer, or an agency's client (who also sees only the tables clients read).
 */
export const useIsViewer = (): boolean => {
  const role = useProfile().data?.role;
  return role === 'viewer' || role === 'client';
};

/**
 * Whether the person may change rows of `def` here: not a table only the app writes, and not
 * what the organisation shares when the server made them a viewer (the core refuses those
 * writes too, naming the role). Their own private rows stay theirs to change.
 */
export const useCanEdit = (def: TableDef): boolean => {
  const viewer = useIsViewer();
  if (def.read_only) return false;
  return !(viewer && def.scope.type !== 'private');
};

/** What a viewer is told where the New, Edit and Delete buttons would be. */
export const VIEWER_NOTE = 'You are a viewer in this organization: you can read everything, but only members can change it.';

/** What an agency's client is told there. */
export const CLIENT_NOTE = 'You are a client of this organization: you can read your bookings, invoices and forms, but not change them.';
