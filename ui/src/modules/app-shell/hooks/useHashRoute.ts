import { useCallback, useEffect, useMemo, useState } from 'react';

import type { TableName } from '../../../bindings';
import { parseRoute, routeHash, toolHash, type CrmModule, type Route, type ToolId } from '../utils/navigation';

export type NavigateOptions = {
  /** The record whose details drawer opens. */
  open?: string | null;
  /** Replace the current history entry instead of adding one (closing a drawer). */
  replace?: boolean;
  /** One of the module's tools instead of its tables (`table` and `open` are then ignored). */
  tool?: ToolId;
};

/** The module and tab in the URL's hash (`#/calendar/booking_types`), so reloads keep them. */
export const useHashRoute = () => {
  const [hash, setHash] = useState(() => window.location.hash);

  useEffect(() => {
    const handleHashChange = () => setHash(window.location.hash);
    window.addEventListener('hashchange', handleHashChange);
    return () => window.removeEventListener('hashchange', handleHashChange);
  }, []);

  const route: Route = useMemo(() => parseRoute(hash), [hash]);

  const navigate = useCallback((module: CrmModule, table?: TableName, options: NavigateOptions = {}) => {
    const next = options.tool ? toolHash(module, options.tool) : routeHash(module, table, options.open);
    if (options.replace) window.history.replaceState(window.history.state, '', next);
    else window.location.hash = next;
    setHash(next);
  }, []);

  return { route, navigate };
};
