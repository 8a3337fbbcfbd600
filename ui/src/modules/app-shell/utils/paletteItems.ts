import type { Hit } from '../../../bindings';
import { entryTools, searchSources, sidebarEntries } from '../../object-record/states/registry';
import type { ModuleTool, SearchSource, SidebarEntry } from '../../object-record/types/manifest';
import { displayName } from '../../object-record/utils/displayName';

/**
 * One row of the palette: a record found by the search (a contact, a company), or a sidebar
 * entry (or one of its tools, such as Import contacts) to go to.
 */
export type PaletteItem =
  | { type: 'record'; key: string; hit: Hit; source: SearchSource; title: string; detail: string }
  | { type: 'module'; key: string; entry: SidebarEntry; tool?: ModuleTool; title: string };

export type PaletteGroup = { id: string; label: string; items: PaletteItem[] };

const words = (text: string): string[] => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

const matches = (query: string, title: string): boolean => {
  const wanted = words(query);
  const known = words(title);
  return wanted.every((word) => known.some((candidate) => candidate.startsWith(word)));
};

/**
 * The sidebar entries whose "Go to …" matches `query`, word by word from the start of a word,
 * as the record search does: "ord" → Orders, "set" → Team & settings. No query: every entry.
 */
export const matchModules = (query: string): SidebarEntry[] =>
  sidebarEntries().filter((entry) => matches(query, `Go to ${entry.label}`));

/**
 * The tools whose title matches `query` the same way ("imp" → Import contacts, "dup" → Find
 * duplicate contacts). No query: none, so the empty palette lists only the entries.
 */
export const matchTools = (query: string): Array<{ entry: SidebarEntry; tool: ModuleTool }> => {
  if (words(query).length === 0) return [];
  return sidebarEntries()
    .flatMap((entry) => entryTools(entry.id).map((tool) => ({ entry, tool })))
    .filter(({ tool }) => matches(query, `Go to ${tool.title}`));
};

const recordItem =
  (source: SearchSource) =>
  (hit: Hit): PaletteItem => ({
    type: 'record',
    key: `${hit.kind}:${hit.id}`,
    hit,
    source,
    title: displayName(source.table, hit.record),
    detail: source.detail(hit),
  });

/**
 * What the palette lists for `query`: a group per kind of hit (Contacts, then Companies, in
 * the search's order, each capped), then the matching "Go to …" entries. Empty groups are
 * left out; an empty query lists the sidebar entries.
 */
export const paletteGroups = (query: string, hits: ReadonlyArray<Hit>): PaletteGroup[] => {
  const searched = query.trim() !== '';
  const groups: PaletteGroup[] = [
    ...searchSources().map((source) => ({
      id: source.table,
      label: source.label,
      items: searched ? hits.filter((hit) => hit.kind === source.kind).slice(0, source.max).map(recordItem(source)) : [],
    })),
    {
      id: 'navigation',
      label: 'Go to',
      items: [
        ...matchModules(query).map(
          (entry): PaletteItem => ({ type: 'module', key: `module:${entry.id}`, entry, title: `Go to ${entry.label}` }),
        ),
        ...matchTools(query).map(
          ({ entry, tool }): PaletteItem => ({ type: 'module', key: `tool:${entry.id}:${tool.id}`, entry, tool, title: tool.title }),
        ),
      ],
    },
  ];
  return groups.filter((group) => group.items.length > 0);
};
