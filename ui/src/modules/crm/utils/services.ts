import type { Tag } from '../../../bindings';
import type { LookupSource, OptionSource, SavedViewsSource } from '../../object-record/types/manifest';
import { joinWords, text } from '../../object-record/utils/displayName';

type Row = Record<string, unknown>;

/** A contact by first and last name, or by email when it has no name. */
export const contactName = (row: Row): string => joinWords(text(row.first_name), text(row.last_name)) || text(row.email);

/** Tag types that apply to each table's tags; other tables' tag lists take every type. */
const TAG_TYPES: Partial<Record<string, ReadonlyArray<Tag['type']>>> = {
  contacts: ['contact', 'general'],
  companies: ['company', 'general'],
};
const ALL_TAG_TYPES: ReadonlyArray<Tag['type']> = ['contact', 'company', 'general'];

/** The tags every list's `tag_list` column is filtered by and coloured with. */
export const tagSource: OptionSource = {
  table: 'tags',
  query: (table) => ({
    filters: [{ field: 'type', op: 'in', value: TAG_TYPES[table] ?? ALL_TAG_TYPES }],
    sort: { field: 'name', desc: false },
  }),
  option: (row) => {
    const tag = row as Tag;
    return { value: tag.name, label: tag.name, color: tag.color };
  },
};

/** Custom fields are defined per table (`entity`), in their `position` order. */
export const customFieldSource: LookupSource = {
  table: 'custom_field_definitions',
  query: (table) => ({ filters: [{ field: 'entity', op: 'eq', value: table }], sort: { field: 'position', desc: false } }),
};

/** Saved views belong to a list by its table (`entity`), in their `position` order. */
export const savedViewsSource: SavedViewsSource = {
  table: 'saved_views',
  query: (table) => ({ filters: [{ field: 'entity', op: 'eq', value: table }], sort: { field: 'position', desc: false } }),
  ownedBy: (table) => ({ entity: table }),
};
