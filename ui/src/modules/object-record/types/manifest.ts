import type { ComponentType, ReactNode } from 'react';
import type { LucideIcon } from 'lucide-react';

import type { Filter, Hit, HitKind, JsonValue, Sort, TableDef, TableName } from '../../../bindings';

type Row = Record<string, unknown>;

/**
 * What a feature module brings to the app, read by the app shell (sidebar, routes, palette)
 * and by the generic record screens (a table's own detail panel, form editors, timeline
 * entries). One manifest per module, in `ui/src/modules/<module>/index.ts`; the list of
 * manifests is `ui/src/moduleList.ts`.
 */
export type ModuleManifest = {
  id: string;
  /** Its entries in the sidebar, in order. */
  sidebar?: ReadonlyArray<SidebarEntry>;
  /** Pages it adds under an entry of the sidebar, its own or another module's. */
  tools?: ReadonlyArray<ModuleTool>;
  /** What the generic record screens should know about its tables. */
  tables?: Partial<Record<TableName, TableSpec>>;
  /** Entries it adds to the timeline of another table's records (a contact's events). */
  timeline?: ReadonlyArray<TimelineSource>;
  /** Sections it adds to the detail panel of another table's records (a contact's invoices). */
  detailSections?: ReadonlyArray<DetailSectionSource>;
  /** The kinds of full-text search hit it owns, as groups of the command palette. */
  search?: ReadonlyArray<SearchSource>;
  /** Shown at the foot of the sidebar, above the user (the sync status). */
  SidebarFooter?: ComponentType<SidebarFooterProps>;
  /** Services it keeps for every table's list (tags, people, saved views); one module each. */
  provides?: SharedServices;
};

/** An entry of the sidebar: its tables, shown as tabs, the first one first. */
export type SidebarEntry = {
  /** Its path: `#/<id>`, `#/<id>/<table>`, `#/<id>/<tool>`. */
  id: string;
  label: string;
  icon: LucideIcon;
  tables: ReadonlyArray<TableName>;
  /** Replaces the page of tabs and record lists (the Tags manager). */
  Screen?: ComponentType<EntryScreenProps>;
};

export type EntryScreenProps = {
  table: TableName;
  onTableChange: (table: TableName) => void;
};

/** A page under a sidebar entry that is not one of its tables (Import contacts, Google Calendar). */
export type ModuleTool = {
  /** The sidebar entry it belongs under. */
  entry: string;
  /** Its path under the entry: `#/<entry>/<id>`. */
  id: string;
  /** Its entry under the module in the sidebar. */
  label: string;
  /** Its page title, and its entry in the command palette. */
  title: string;
  icon: LucideIcon;
  Page: ComponentType<ToolPageProps>;
  /** It changes data (an import, merging duplicates): not offered to a viewer. */
  writes?: boolean;
};

export type ToolPageProps = {
  /** Back to the entry's tables. */
  onBack: () => void;
};

/** What a module says about one of its tables; every field is optional. */
export type TableSpec = {
  /** A screen of its own instead of the record list (the calendar of events). */
  Screen?: ComponentType;
  /** Its record's drawer instead of the generic list of fields. */
  Detail?: ComponentType<RecordDetailProps>;
  /** Shown above the fields of a record being created (a contact's possible duplicates). */
  CreateNotice?: ComponentType<{ values: Row }>;
  /** An editor for one column of the record form, in place of its generic input. */
  formEditor?: FormEditorSpec;
  /** Beside the page title while the table is shown (import and export of contacts). */
  HeaderActions?: ComponentType<HeaderActionsProps>;
  /** The list offers saved views (the `savedViews` service's rows of this table). */
  savedViews?: boolean;
  /** Its records have custom fields (the `customFields` service's rows of this table). */
  customFields?: boolean;
  /** The empty list's invitation. */
  emptyText?: string;
  /** What restoring brings back besides the record, said in the trash. */
  trashNote?: string;
  /** "New …" opens this dialog instead of the generic form (a new organisation). */
  CreateDialog?: ComponentType<CreateDialogProps>;
  /** How the UI names the table; without it, labels are made from the table's name. */
  labels?: TableLabel;
  /**
   * The short name of a record when no one name column says it (a contact's full name, an
   * order item's "2 × 19.99"). Without it the generic name columns are tried (name, title…).
   */
  displayName?: (row: Row) => string;
  /**
   * The columns `displayName` reads: the list's name column stands for them, so they are not
   * shown again, and the quick search looks in the first text one. With `displayName` and
   * without this: none.
   */
  nameFields?: ReadonlyArray<string>;
  /** The name column's header when it is not "Name" or its one field's label (a note's "Note"). */
  nameLabel?: string;
  /** The field the name column sorts by, when not the first of `nameFields` (people: the last name). */
  nameSortField?: string;
  /** Its records are people: the list shows their initials beside their name. */
  person?: boolean;
  /** The fields the list shows beside the name, chosen by hand where the heuristic picks worse. */
  listColumns?: ReadonlyArray<string>;
  /** The columns a fresh list of it starts with, when not `listColumns`. */
  defaultColumns?: ReadonlyArray<string>;
  /** The fields its list offers filters on, in menu order; without it, the shown columns. */
  filterFields?: ReadonlyArray<string>;
  /** The quick search, when the name column is not where to look (people: last name or email). */
  quickSearch?: QuickSearch;
  /** The search box's placeholder when the box uses the full-text `search` command. */
  fullTextPlaceholder?: string;
  /** What a new record's form starts with, by column, where the schema's default is worth showing. */
  prefill?: Readonly<Record<string, string>>;
};

/** How a table is named in the UI: its tab, one record, several records. */
export type TableLabel = { tab: string; one: string; many: string };

export type QuickSearch = {
  /** The text column a term is looked for in (filters combine with AND, so one column). */
  field: (term: string) => string;
  placeholder: string;
};

/**
 * Services that serve the lists of other modules' tables. The generic screens ask the
 * registry for them (`sharedService`), so they never name the tables behind them.
 */
export type SharedServices = {
  /** The tags a `tag_list` column holds: the list filters by them and colours them. */
  tagList?: OptionSource;
  /** The people that `references` columns point at (owners): loaded whole, shown by name. */
  people?: OptionSource;
  /** The custom fields of the tables whose spec says `customFields`. */
  customFields?: LookupSource;
  /** The saved views of the lists whose spec says `savedViews`. */
  savedViews?: SavedViewsSource;
  /** Makes a new organisation (the organisation switcher of the sidebar). */
  NewOrganizationDialog?: ComponentType<CreateDialogProps>;
  /** Signs this device in to a sync server (offered where a screen needs the server). */
  SignInDialog?: ComponentType<CreateDialogProps>;
};

/** Rows of a service's table that serve the list of another table. */
export type LookupSource = {
  table: TableName;
  /** Which rows serve the list of `table`, in which order. */
  query: (table: string) => { filters: Filter[]; sort: Sort };
};

/** A lookup whose rows are offered as choices (a tag, a person). */
export type OptionSource = LookupSource & {
  option: (row: Row) => { value: string; label: string; color?: string | null };
};

export type SavedViewsSource = LookupSource & {
  /** The fields that tie a new saved view to the list of `table`. */
  ownedBy: (table: string) => Row;
};

export type CreateDialogProps = { onClose: () => void };

/** The props of the drawer a table declares as `Detail`. */
export type RecordDetailProps = {
  def: TableDef;
  row: Row;
  onClose: () => void;
  onEdit: () => void;
  /** After the record was moved to the trash or restored. */
  onChanged: (row: Row) => void;
  /** After an edit saved in the drawer itself. */
  onUpdated?: (row: Row) => void;
};

export type HeaderActionsProps = {
  /** Opens one of the entry's tools, by id. */
  onOpenTool: (tool: string) => void;
};

/** What a column editor gives back when the form is saved: the column's new value, or why not. */
export type CollectedValue = { ok: true; value: { [key: string]: JsonValue | undefined } | null } | { ok: false; message: string };

/** The state of a column editor inside a record form. */
export type FormEditor = { element: ReactNode; collect: () => CollectedValue };

export type FormEditorSpec = {
  column: string;
  /** A hook: called once per render of the form, with the record being edited. */
  useEditor: (record?: Row) => FormEditor;
};

/** Rows of `table` whose `field` names the record, shown in that record's timeline. */
export type TimelineSource = {
  /** What an entry is (`event`), as its `data-kind`. */
  kind: string;
  /** The table whose records' timelines get the entries. */
  on: TableName;
  table: TableName;
  field: string;
  /** The instant an entry stands at; also the order the rows are read in. */
  at: string;
  Item: ComponentType<{ row: Row }>;
};

/** A section another module adds to the detail panel of `on`'s records, below their fields. */
export type DetailSectionSource = {
  /** Its key, unique among the sections of `on`. */
  id: string;
  on: TableName;
  Section: ComponentType<{ row: Row }>;
};

/** A kind of full-text search hit, as a group of the command palette. */
export type SearchSource = {
  kind: HitKind;
  table: TableName;
  /** The group's title. */
  label: string;
  /** How many hits the palette lists. */
  max: number;
  /** A hit's second line. */
  detail: (hit: Hit) => string;
  icon?: LucideIcon;
};

export type SidebarFooterProps = {
  /** Rows changed behind the app's back (another device): cached data is stale. */
  onRemoteRows: () => void;
  /** The profile may have changed (signed in or out of a server). */
  onConnectionChanged: () => void;
};
