import type { Backend } from '../../../backend/backend';
import type { ListQuery, RecordOf, TableName } from '../../../bindings';

/** Every row of `table` matching `query`, following the cursor page by page to the end. */
export const listAll = async <K extends TableName>(backend: Backend, table: K, query: ListQuery): Promise<RecordOf[K][]> => {
  const rows: RecordOf[K][] = [];
  let cursor: string | undefined;
  do {
    const page = await backend.invoke('records_list', {
      table,
      query: { limit: 1000, ...query, ...(cursor ? { cursor } : {}) },
    });
    rows.push(...(page.items as RecordOf[K][]));
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return rows;
};
