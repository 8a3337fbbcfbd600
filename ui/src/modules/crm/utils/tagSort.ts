import type { Tag } from '../../../bindings';

export type TagSort = 'name' | 'usage';

/** By name (case-insensitive), or most used first with the name breaking ties. */
export const sortTags = (tags: ReadonlyArray<Tag>, sort: TagSort): Tag[] =>
  [...tags].sort((a, b) => {
    const byName = a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });
    return sort === 'usage' ? b.usage_count - a.usage_count || byName : byName;
  });

/** "3 contacts", "1 company", "5 records" — who carries a tag of this type. */
export const carriersText = (tag: Pick<Tag, 'type' | 'usage_count'>): string => {
  const n = tag.usage_count;
  const [one, many] = tag.type === 'contact' ? ['contact', 'contacts'] : tag.type === 'company' ? ['company', 'companies'] : ['record', 'records'];
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
};
