import { useCallback, useMemo } from 'react';

import { useBackend } from '../../../backend/BackendContext';
import type { SavedView, TableName } from '../../../bindings';
import { sharedService, tableSpec } from '../states/registry';
import type { SavedViewsSource } from '../types/manifest';
import { orderViews, viewFields } from '../utils/views';
import type { ViewState } from '../utils/views';
import { useRows } from './useRows';

export type SavedViews = {
  views: SavedView[];
  error: string | null;
  create: (name: string, state: ViewState) => Promise<SavedView>;
  update: (id: string, state: ViewState) => Promise<SavedView>;
  rename: (id: string, name: string) => Promise<SavedView>;
  remove: (id: string) => Promise<void>;
  restore: (id: string) => Promise<void>;
};

const VIEW_LIMIT = 200;

/** The table the views are kept in; the calls fail when no module keeps saved views. */
const viewsTableOf = (service: SavedViewsSource | undefined): TableName => {
  if (!service) throw new Error('No module keeps saved views');
  return service.table;
};

/**
 * The saved views of a list whose table's spec says `savedViews` (kept in the table of the
 * `savedViews` service, tied to the list by the fields it says), and the calls that change
 * them; each call rejects with the backend's error and reloads the list. `nameFields`
 * (stable between renders) lead the stored columns, as other clients expect.
 */
export const useSavedViews = (table: TableName, nameFields: ReadonlyArray<string>): SavedViews => {
  const backend = useBackend();
  const service = sharedService('savedViews');
  const list = useRows(
    service && tableSpec(table).savedViews ? service.table : null,
    service ? { ...service.query(table), limit: VIEW_LIMIT, deleted: 'exclude' } : null,
  );
  const views = useMemo(() => orderViews(list.rows as SavedView[]), [list.rows]);
  const { reload } = list;

  const create = useCallback(
    async (name: string, state: ViewState) => {
      const position = views.reduce((max, view) => Math.max(max, view.position + 1), 0);
      const data = { ...service?.ownedBy(table), name, position, ...viewFields(state, nameFields) };
      const row = await backend.invoke('records_create', { table: viewsTableOf(service), data });
      reload();
      return row as SavedView;
    },
    [backend, service, table, views, nameFields, reload],
  );

  const update = useCallback(
    async (id: string, state: ViewState) => {
      const patch = viewFields(state, nameFields);
      const row = await backend.invoke('records_update', { table: viewsTableOf(service), id, patch });
      reload();
      return row as SavedView;
    },
    [backend, service, nameFields, reload],
  );

  const rename = useCallback(
    async (id: string, name: string) => {
      const row = await backend.invoke('records_update', { table: viewsTableOf(service), id, patch: { name } });
      reload();
      return row as SavedView;
    },
    [backend, service, reload],
  );

  const remove = useCallback(
    async (id: string) => {
      await backend.invoke('records_delete', { table: viewsTableOf(service), id });
      reload();
    },
    [backend, service, reload],
  );

  const restore = useCallback(
    async (id: string) => {
      await backend.invoke('records_restore', { table: viewsTableOf(service), id });
      reload();
    },
    [backend, service, reload],
  );

  return { views, error: list.error?.message ?? null, create, update, rename, remove, restore };
};
