import { useCallback, useMemo } from 'react';

import { useBackend } from '../../../backend/BackendContext';
import type { SavedView, TableName } from '../../../bindings';
import { tableSpec } from '../states/registry';
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

/**
 * The saved views of the Contacts or Companies list (`saved_views` with its `entity`), and
 * the calls that change them; each call rejects with the backend's error and reloads the list.
 * `nameFields` (stable between renders) lead the stored columns, as other clients expect.
 */
export const useSavedViews = (table: TableName, nameFields: ReadonlyArray<string>): SavedViews => {
  const backend = useBackend();
  const list = useRows(tableSpec(table).savedViews ? 'saved_views' : null, {
    filters: [{ field: 'entity', op: 'eq', value: table }],
    sort: { field: 'position', desc: false },
    limit: VIEW_LIMIT,
    deleted: 'exclude',
  });
  const views = useMemo(() => orderViews(list.rows as SavedView[]), [list.rows]);
  const { reload } = list;

  const create = useCallback(
    async (name: string, state: ViewState) => {
      const position = views.reduce((max, view) => Math.max(max, view.position + 1), 0);
      const data = { entity: table, name, position, ...viewFields(state, nameFields) };
      const row = await backend.invoke('records_create', { table: 'saved_views', data });
      reload();
      return row as SavedView;
    },
    [backend, table, views, nameFields, reload],
  );

  const update = useCallback(
    async (id: string, state: ViewState) => {
      const patch = viewFields(state, nameFields);
      const row = await backend.invoke('records_update', { table: 'saved_views', id, patch });
      reload();
      return row as SavedView;
    },
    [backend, nameFields, reload],
  );

  const rename = useCallback(
    async (id: string, name: string) => {
      const row = await backend.invoke('records_update', { table: 'saved_views', id, patch: { name } });
      reload();
      return row as SavedView;
    },
    [backend, reload],
  );

  const remove = useCallback(
    async (id: string) => {
      await backend.invoke('records_delete', { table: 'saved_views', id });
      reload();
    },
    [backend, reload],
  );

  const restore = useCallback(
    async (id: string) => {
      await backend.invoke('records_restore', { table: 'saved_views', id });
      reload();
    },
    [backend, reload],
  );

  return { views, error: list.error?.message ?? null, create, update, rename, remove, restore };
};
