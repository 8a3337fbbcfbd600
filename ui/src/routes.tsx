import { Navigate, useParams, type RouteObject } from 'react-router';

import type { TableName } from './bindings';
import { entryPath, entryTools, tablePath } from './modules/object-record/states/registry';
import type { ModuleTool, SidebarEntry } from './modules/object-record/types/manifest';
import { ModulePage } from './pages/ModulePage';
import { ToolPage } from './pages/ToolPage';

/** What a route shows: a sidebar entry on one of its tables, or one of its tools. */
export type RouteHandle = { entry: SidebarEntry; table: TableName; tool: ModuleTool | null };

const tablePage = (entry: SidebarEntry, table: TableName): Pick<RouteObject, 'element' | 'handle'> => ({
  element: <ModulePage entry={entry} table={table} />,
  handle: { entry, table, tool: null } satisfies RouteHandle,
});

/** Goes on to the entry's own path, keeping what the address says to open. */
const redirect = (entry: SidebarEntry): RouteObject['element'] => <Navigate to={entryPath(entry)} replace />;

/** `/open/<table>/<id>` (an `aio-crm://` link): on to the record, wherever its table's list is. */
const OpenRecord = () => {
  const { table, id } = useParams();
  return <Navigate to={table && id ? tablePath(table as TableName, id) : '/'} replace />;
};

/**
 * The routes of the sidebar's entries, from the modules' manifests: `/<entry>` (its first
 * table), `/<entry>/<table>`, `/<entry>/<tool>`; `?open=<id>` opens a record. A path no
 * entry knows goes to the first entry; a table an entry does not have, to the entry.
 */
export const buildRoutes = (entries: ReadonlyArray<SidebarEntry>): RouteObject[] => {
  const start = entries[0];
  if (!start) return [];
  const first = (entry: SidebarEntry) => entry.tables[0] as TableName;
  return [
    { index: true, element: redirect(start) },
    { path: 'open/:table/:id', element: <OpenRecord /> },
    ...entries.map(
      (entry): RouteObject => ({
        path: entry.id,
        children: [
          { index: true, ...tablePage(entry, first(entry)) },
          ...entry.tables.slice(1).map((table): RouteObject => ({ path: table, ...tablePage(entry, table) })),
          ...entryTools(entry.id).map(
            (tool): RouteObject => ({
              path: tool.id,
              element: <ToolPage entry={entry} tool={tool} />,
              handle: { entry, table: first(entry), tool } satisfies RouteHandle,
            }),
          ),
          { path: '*', element: redirect(entry) },
        ],
      }),
    ),
    { path: '*', element: redirect(start) },
  ];
};
