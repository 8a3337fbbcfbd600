import { useMemo } from 'react';

import type { CustomFieldDefinition, ListQuery, TableDef } from '../../../bindings';
import type { FilterOption } from '../utils/filters';
import { sharedService, tableSpec } from '../states/registry';
import type { LookupSource, OptionSource } from '../types/manifest';
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

/** The query for a service's rows that serve the list of `table`; null when not wanted. */
const lookupQuery = (source: LookupSource | undefined, table: string, wanted: boolean): ListQuery | null =>
  source && wanted ? { ...source.query(table), limit: LOOKUP_LIMIT, deleted: 'exclude' } : null;

const optionsOf = (source: OptionSource | undefined, rows: ReadonlyArray<Record<string, unknown>>): FilterOption[] =>
  source ? rows.map((row) => source.option(row)) : [];

/**
 * Custom fields, tags and people for the list of `def`, loaded once per list. Their tables
 * are the modules' shared services (`sharedService`): tags for a `tag_list` column, people
 * for a column that references them, custom fields where the table's spec asks for them.
 */
export const useListSources = (def: TableDef): ListSources => {
  const table = def.name;
  const customFieldSource = sharedService('customFields');
  const tagSource = sharedService('tagList');
  const peopleSource = sharedService('people');
  const hasTagList = def.columns.some((column) => column.meaning === 'tag_list');
  const usesPeople = peopleSource !== undefined && def.columns.some((column) => column.references === peopleSource.table);

  const customFields = useRows(
    customFieldSource ? customFieldSource.table : null,
    lookupQuery(customFieldSource, table, tableSpec(table).customFields === true),
  );
  const tags = useRows(tagSource ? tagSource.table : null, lookupQuery(tagSource, table, hasTagList));
  const people = useRows(peopleSource ? peopleSource.table : null, lookupQuery(peopleSource, table, usesPeople));

  return useMemo(() => {
    const tagOptions = optionsOf(tagSource, tags.rows as Array<Record<string, unknown>>);
    const owners = optionsOf(peopleSource, people.rows as Array<Record<string, unknown>>);
    return {
      customFields: customFields.rows as CustomFieldDefinition[],
      tags: tagOptions,
      tagColors: new Map(tagOptions.map((tag) => [tag.value.toLowerCase(), tag.color ?? null])),
      owners,
      ownerNames: new Map(owners.map((owner) => [owner.value, owner.label])),
      reloadTags: tags.reload,
    };
  }, [customFields.rows, tags.rows, tags.reload, people.rows, tagSource, peopleSource]);
};
