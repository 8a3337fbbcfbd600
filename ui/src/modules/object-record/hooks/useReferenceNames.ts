import { useEffect, useRef, useState } from 'react';

import { useBackend } from '../../../backend/BackendContext';
import type { TableName } from '../../../bindings';
import { peopleTable } from '../states/registry';
import { displayName } from '../utils/displayName';
import type { FieldColumn } from '../utils/listFields';

type Row = Record<string, unknown>;

/** The core's largest page, and so the most ids one `in` filter asks for. */
const CHUNK = 1000;

/**
 * Names of the records that the shown link columns point at (a contact's company record),
 * by id. Ids are asked for once, in a few `id in (...)` lists, as pages arrive.
 * People (the `people` service's table) are left out: the list knows them all already.
 */
export const useReferenceNames = (columns: ReadonlyArray<FieldColumn>, rows: ReadonlyArray<Row>): ReadonlyMap<string, string> => {
  const backend = useBackend();
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const asked = useRef(new Set<string>());
  const people = peopleTable();
  const links = columns.flatMap((column) =>
    column.column?.references && column.column.references !== people
      ? [{ field: column.column.name, table: column.column.references as TableName }]
      : [],
  );
  const linksKey = JSON.stringify(links);

  useEffect(() => {
    const wanted = JSON.parse(linksKey) as Array<{ field: string; table: TableName }>;
    for (const { field, table } of wanted) {
      const ids = new Set<string>();
      for (const row of rows) {
        const id = row[field];
        if (typeof id === 'string' && !asked.current.has(id)) ids.add(id);
      }
      const fresh = [...ids];
      fresh.forEach((id) => asked.current.add(id));
      for (let start = 0; start < fresh.length; start += CHUNK) {
        const chunk = fresh.slice(start, start + CHUNK);
        const query = { filters: [{ field: 'id', op: 'in' as const, value: chunk }], limit: chunk.length, deleted: 'include' as const };
        backend.invoke('records_list', { table, query }).then(
          (page) =>
            setNames((previous) => {
              const next = new Map(previous);
              for (const item of page.items) next.set(String(item.id), displayName(table, item));
              return next;
            }),
          () => {
            // Out of scope or gone: the cell shows the id instead.
          },
        );
      }
    }
  }, [backend, linksKey, rows]);

  return names;
};
