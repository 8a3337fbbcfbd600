import type { HitKind, TableName } from '../../../bindings';
import type {
  DetailSectionSource,
  ModuleManifest,
  ModuleTool,
  SearchSource,
  SharedServices,
  SidebarEntry,
  TableSpec,
  TimelineSource,
} from '../types/manifest';

/**
 * The manifests of the app's modules, registered once at start (`ui/src/moduleList.ts`). The
 * generic record screens and the app shell read tables' specs, sidebar entries and
 * contributions from here, so they never name a module or a table.
 */
let registered: ReadonlyArray<ModuleManifest> = [];
/** Lists computed from the manifests, kept so that each is the same array every time. */
const cache = new Map<string, unknown>();

const cached = <T>(key: string, compute: () => T): T => {
  if (!cache.has(key)) cache.set(key, compute());
  return cache.get(key) as T;
};

export const registerModules = (modules: ReadonlyArray<ModuleManifest>): void => {
  registered = modules;
  cache.clear();
};

export const registeredModules = (): ReadonlyArray<ModuleManifest> => registered;

/** Every sidebar entry, in the order of the modules and of their entries. */
export const sidebarEntries = (): SidebarEntry[] =>
  cached('sidebar', () => registered.flatMap((module) => module.sidebar ?? []));

/** The tools under a sidebar entry, from every module. */
export const entryTools = (entry: string): ModuleTool[] =>
  cached(`tools:${entry}`, () => registered.flatMap((module) => module.tools ?? []).filter((tool) => tool.entry === entry));

const NO_SPEC: TableSpec = {};

/** What the table's module declares about it; empty for a table no module describes. */
export const tableSpec = (table: string): TableSpec => {
  for (const module of registered) {
    const spec = module.tables?.[table as TableName];
    if (spec) return spec;
  }
  return NO_SPEC;
};

/** A service some module provides to every list (the tags, the people); absent when none does. */
export const sharedService = <K extends keyof SharedServices>(service: K): SharedServices[K] => {
  for (const module of registered) {
    const provided = module.provides?.[service];
    if (provided) return provided;
  }
  return undefined;
};

/** The table whose rows are the people `references` columns point at (owners), if any. */
export const peopleTable = (): TableName | null => sharedService('people')?.table ?? null;

/** The entries other modules add to the timeline of `table`'s records. */
export const timelineSources = (table: TableName): TimelineSource[] =>
  cached(`timeline:${table}`, () => registered.flatMap((module) => module.timeline ?? []).filter((source) => source.on === table));

/** The sections other modules add to the detail panel of `table`'s records. */
export const detailSections = (table: TableName): DetailSectionSource[] =>
  cached(`sections:${table}`, () => registered.flatMap((module) => module.detailSections ?? []).filter((source) => source.on === table));

/** The kinds of full-text hit, as the command palette groups them. */
export const searchSources = (): SearchSource[] => cached('search', () => registered.flatMap((module) => module.search ?? []));

/** The table whose records come back from the `search` command as hits of `kind`. */
export const hitTable = (kind: HitKind): TableName | null =>
  searchSources().find((source) => source.kind === kind)?.table ?? null;

/** The sidebar entry whose tabs show `table`. */
export const entryOfTable = (table: TableName): SidebarEntry | null =>
  sidebarEntries().find((entry) => entry.tables.includes(table)) ?? null;

/**
 * The router path of an entry's tab (`/calendar/sync_logs`; its first tab is the entry's own
 * path), with the record whose drawer opens (`/contacts?open=<id>`).
 */
export const entryPath = (entry: SidebarEntry, table?: TableName, open?: string | null): string => {
  const path = table && table !== entry.tables[0] ? `/${entry.id}/${table}` : `/${entry.id}`;
  return open ? `${path}?open=${encodeURIComponent(open)}` : path;
};

/** The path of `table`'s list, or of one of its records, wherever its module put it. */
export const tablePath = (table: TableName, open?: string | null): string => {
  const entry = entryOfTable(table);
  return entry ? entryPath(entry, table, open) : '/';
};

/** A link's `href` to a router path (the app routes on the URL's hash). */
export const href = (path: string): string => `#${path}`;

/** The router path of a tool page: `/<entry>/<tool>`. */
export const toolPath = (tool: ModuleTool): string => `/${tool.entry}/${tool.id}`;
