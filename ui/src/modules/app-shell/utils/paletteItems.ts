import type { Hit } from '../../../bindings';
import { CRM_MODULES, type CrmModule, type ModuleTool } from './navigation';
import { displayName } from '../../object-record/utils/displayName';

/**
 * One row of the palette: a contact or company found by the search, or a module (or one of
 * its tools, such as Import contacts) to go to.
 */
export type PaletteItem =
  | { type: 'record'; key: string; hit: Hit; title: string; detail: string }
  | { type: 'module'; key: string; module: CrmModule; tool?: ModuleTool; title: string };

export type PaletteGroupId = 'contacts' | 'companies' | 'navigation';

export type PaletteGroup = { id: PaletteGroupId; label: string; items: PaletteItem[] };

/** How many hits of each kind the palette lists; the Contacts page shows them all. */
export const MAX_CONTACTS = 6;
export const MAX_COMPANIES = 5;

const words = (text: string): string[] => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/**
 * The modules whose "Go to …" entry matches `query`, word by word from the start of a word,
 * as the record search does: "ord" → Orders, "set" → Team & settings. No query: every module.
 */
export const matchModules = (query: string): CrmModule[] => {
  const wanted = words(query);
  return CRM_MODULES.filter((module) => {
    const known = words(`Go to ${module.label}`);
    return wanted.every((word) => known.some((candidate) => candidate.startsWith(word)));
  });
};

/**
 * The module tools whose title matches `query` the same way ("imp" → Import contacts, "dup"
 * → Find duplicate contacts). No query: none, so the empty palette lists only modules.
 */
export const matchTools = (query: string): Array<{ module: CrmModule; tool: ModuleTool }> => {
  const wanted = words(query);
  if (wanted.length === 0) return [];
  return CRM_MODULES.flatMap((module) => (module.tools ?? []).map((tool) => ({ module, tool }))).filter(({ tool }) => {
    const known = words(`Go to ${tool.title}`);
    return wanted.every((word) => known.some((candidate) => candidate.startsWith(word)));
  });
};

/** The second line of a hit: a contact's email · company · phone, a company's domain. */
export const hitDetail = (hit: Hit): string => {
  const fields = hit.kind === 'contact' ? ['email', 'company', 'phone'] : ['domain'];
  return fields
    .map((field) => text(hit.record[field]))
    .filter((value) => value.length > 0)
    .join(' · ');
};

const recordItem = (hit: Hit): PaletteItem => ({
  type: 'record',
  key: `${hit.kind}:${hit.id}`,
  hit,
  title: displayName(hit.kind === 'contact' ? 'contacts' : 'companies', hit.record),
  detail: hitDetail(hit),
});

/**
 * What the palette lists for `query`: Contacts, then Companies (in the search's order), then
 * the matching "Go to …" entries. Empty groups are left out; an empty query lists the modules.
 */
export const paletteGroups = (query: string, hits: ReadonlyArray<Hit>): PaletteGroup[] => {
  const searched = query.trim() !== '';
  const contacts = searched ? hits.filter((hit) => hit.kind === 'contact').slice(0, MAX_CONTACTS) : [];
  const companies = searched ? hits.filter((hit) => hit.kind === 'company').slice(0, MAX_COMPANIES) : [];
  const groups: PaletteGroup[] = [
    { id: 'contacts', label: 'Contacts', items: contacts.map(recordItem) },
    { id: 'companies', label: 'Companies', items: companies.map(recordItem) },
    {
      id: 'navigation',
      label: 'Go to',
      items: [
        ...matchModules(query).map(
          (module): PaletteItem => ({
            type: 'module',
            key: `module:${module.id}`,
            module,
            title: `Go to ${module.label}`,
          }),
        ),
        ...matchTools(query).map(
          ({ module, tool }): PaletteItem => ({
            type: 'module',
            key: `tool:${module.id}:${tool.id}`,
            module,
            tool,
            title: tool.title,
          }),
        ),
      ],
    },
  ];
  return groups.filter((group) => group.items.length > 0);
};
