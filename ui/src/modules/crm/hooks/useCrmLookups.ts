import { useMemo } from 'react';

import type { CrmEntity, ListQuery } from '../../../bindings';
import { useRows } from '../../object-record/hooks/useRows';

/** More tags or fields than any organisation keeps; the lists are loaded whole. */
const ALL = 1000;

const TAGS_QUERY: ListQuery = { filters: [], sort: { field: 'name', desc: false }, limit: ALL, deleted: 'exclude' };

/** The organisation's tags (name, colour, type, usage count). */
export const useTags = () => useRows('tags', TAGS_QUERY);

/** The custom fields defined for contacts or companies, in their order. */
export const useCustomFieldDefinitions = (entity: CrmEntity | null) => {
  const query = useMemo<ListQuery | null>(
    () =>
      entity
        ? {
            filters: [{ field: 'entity', op: 'eq', value: entity }],
            sort: { field: 'position', desc: false },
            limit: ALL,
            deleted: 'exclude',
          }
        : null,
    [entity],
  );
  return useRows('custom_field_definitions', query);
};
