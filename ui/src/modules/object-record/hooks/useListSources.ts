import { useMemo } from 'react';

import type { CustomFieldDefinition, Tag, TableDef, User } from '../../../bindings';
import { displayName } from '../utils/displayName';
import type { FilterOption } from '../utils/filters';
import { tableSpec } from '../states/registry';
import { useRows } from './useRows';

/** Enough for any agency's tags, people and custom fields in one page. */
const LOOKUP_LIMIT = 1000;

/** What the list shows and filters by that lives in other tables. */
export type ListSources = {
  customFields: CustomFieldDefinition[];
  /** Tags that apply to this table, with their colours, by name. */
  tags: FilterOption[];
  tagColors: ReadonlyMap<string, string | null>;
  /** The organisation's people, for owners. */
  owners: FilterOption[];
  ownerNames: ReadonlyMap<string, string>;
  /** Tags changed (a bulk action added some): ask again for their list. */
  reloadTags: () => void;
};

/** Tag types that apply to each table's tags. */
const TAG_TYPES: Record<string, ReadonlyArray<Tag['type']>> = {
  contacts: ['contact', 'general'],
  companies: ['company', 'general'],
};

/** Custom fields, tags and people for the list of `def`, loaded once per list. */
export const useListSources = (def: TableDef): ListSources => {
  const table = def.name;
  const hasColumn = (name: string) => def.columns.some((column) => column.name === name);
  const usesOwners = def.columns.some((column) => column.references === 'users');
  const tagTypes = TAG_TYPES[table] ?? ['contact', 'company', 'general'];

  const customFields = useRows(tableSpec(table).customFields ? 'custom_field_definitions' : null, {
    filters: [{ field: 'entity', op: 'eq', value: table }],
    sort: { field: 'position', desc: false },
    limit: LOOKUP_LIMIT,
    deleted: 'exclude',
  });
  const tags = useRows(hasColumn('tags') ? 'tags' : null, {
    filters: [{ field: 'type', op: 'in', value: tagTypes }],
    sort: { field: 'name', desc: false },
    limit: LOOKUP_LIMIT,
    deleted: 'exclude',
  });
  const users = useRows(usesOwners ? 'users' : null, {
    filters: [],
    sort: { field: 'first_name', desc: false },
    limit: LOOKUP_LIMIT,
    deleted: 'exclude',
  });

  return useMemo(() => {
    const tagRows = tags.rows as Tag[];
    const userRows = users.rows as User[];
    return {
      customFields: customFields.rows as CustomFieldDefinition[],
      tags: tagRows.map((tag) => ({ value: tag.name, label: tag.name, color: tag.color })),
      tagColors: new Map(tagRows.map((tag) => [tag.name.toLowerCase(), tag.color])),
      owners: userRows.map((user) => ({ value: user.id, label: displayName('users', user) })),
      ownerNames: new Map(userRows.map((user) => [user.id, displayName('users', user)])),
      reloadTags: tags.reload,
    };
  }, [customFields.rows, tags.rows, tags.reload, users.rows]);
};
