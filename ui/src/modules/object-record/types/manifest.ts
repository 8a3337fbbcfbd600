import type { ComponentType, ReactNode } from 'react';
import type { LucideIcon } from 'lucide-react';

import type { Hit, HitKind, JsonValue, TableDef, TableName } from '../../../bindings';

type Row = Record<string, unknown>;

/**
 * What a feature module brings to the app, read by the app shell (sidebar, routes, palette)
 * and by the generic record screens (a table's own detail panel, form editors, timeline
 * entries). One manifest per module, in `ui/src/modules/<module>/index.ts`; the list of
 * manifests is `ui/src/modules.ts`.
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
  /** The kinds of full-text search hit it owns, as groups of the command palette. */
  search?: ReadonlyArray<SearchSource>;
  /** Shown at the foot of the sidebar, above the user (the sync status). */
  SidebarFooter?: ComponentType<SidebarFooterProps>;
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
  /** The list offers saved views (`saved_views` of this entity). */
  savedViews?: boolean;
  /** Its records have custom fields (`custom_field_definitions` of this entity). */
  customFields?: boolean;
  /** The empty list's invitation. */
  emptyText?: string;
  /** What restoring brings back besides the record, said in the trash. */
  trashNote?: string;
  /** "New …" opens this dialog instead of the generic form (a new organisation). */
  CreateDialog?: ComponentType<CreateDialogProps>;
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
