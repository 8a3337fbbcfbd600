import type { Tag } from '../../../bindings';

/** Tags by lower-cased name; a tag of the record's own type wins over a general one. */
export const tagsByName = (tags: ReadonlyArray<Tag>, type: 'contact' | 'company'): Map<string, Tag> => {
  const map = new Map<string, Tag>();
  for (const tag of tags) {
    if (tag.type !== type && tag.type !== 'general') continue;
    const key = tag.name.toLowerCase();
    const existing = map.get(key);
    if (!existing || (existing.type === 'general' && tag.type === type)) map.set(key, tag);
  }
  return map;
};
