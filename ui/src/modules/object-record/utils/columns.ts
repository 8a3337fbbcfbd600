import type { Column, TableDef } from '../../../bindings';
import { tableSpec } from '../states/registry';
import { displayFields } from './displayName';
import { LONG_TEXT_COLUMNS } from './formValues';
import { columnLabel } from './labels';
import { isNumeric } from './format';

/** One column of a records table: the record's name, or one of its fields. */
export type ListColumn = {
  key: string;
  label: string;
  /** The field shown; `null` for the name column, which shows `displayName`. */
  column: Column | null;
  /** Field the header sorts by, if any. */
  sortField: string | null;
  align: 'left' | 'right';
};

export const NAME_COLUMN_KEY = '__name';

const MAX_EXTRA_COLUMNS = 5;

/** Kinds a list cannot show in a narrow cell. */
const WIDE_KINDS: ReadonlyArray<Column['kind']['type']> = ['object', 'array', 'json', 'uuid'];

const SECRET_HINTS = ['token', 'password', 'secret', 'credential'];

const SORTABLE_KINDS: ReadonlyArray<Column['kind']['type']> = [
  'uuid',
  'text',
  'integer',
  'bool',
  'decimal',
  'timestamp',
  'date',
  'time',
  'enum',
];

export const isSortable = (column: Column): boolean => SORTABLE_KINDS.includes(column.kind.type);

const fieldColumn = (column: Column): ListColumn => ({
  key: column.name,
  label: columnLabel(column.name),
  column,
  sortField: isSortable(column) ? column.name : null,
  align: isNumeric(column) ? 'right' : 'left',
});

/** Fields a generic list would show for `def`, in schema order, `created_at` last. */
const informativeColumns = (def: TableDef, skip: ReadonlyArray<string>): Column[] => {
  const candidates = def.columns.filter(
    (column) =>
      !skip.includes(column.name) &&
      !def.hidden.includes(column.name) &&
      !['id', 'organization_id', 'updated_at', 'deleted_at', 'created_at'].includes(column.name) &&
      !WIDE_KINDS.includes(column.kind.type) &&
      !LONG_TEXT_COLUMNS.includes(column.name) &&
      !SECRET_HINTS.some((hint) => column.name.includes(hint)),
  );
  const created = def.columns.find((column) => column.name === 'created_at');
  const room = created ? MAX_EXTRA_COLUMNS - 1 : MAX_EXTRA_COLUMNS;
  const picked = candidates.slice(0, room);
  return created ? [...picked, created] : picked;
};

/** The name column's header and sort field. */
const nameColumn = (def: TableDef, nameFields: ReadonlyArray<string>): ListColumn => {
  const spec = tableSpec(def.name);
  // People sort by last name, though their name starts with the first.
  if (spec.nameSortField) {
    return { key: NAME_COLUMN_KEY, label: spec.nameLabel ?? 'Name', column: null, sortField: spec.nameSortField, align: 'left' };
  }
  const first = nameFields[0];
  const column = first ? def.columns.find((candidate) => candidate.name === first) : undefined;
  const label =
    spec.nameLabel ?? (!column || column.name === 'name' || nameFields.length > 1 ? 'Name' : columnLabel(column.name));
  return {
    key: NAME_COLUMN_KEY,
    label,
    column: null,
    sortField: column && isSortable(column) ? column.name : null,
    align: 'left',
  };
};

/** The columns of the records table for `def`: the record's name, then up to five fields. */
export const listColumns = (def: TableDef): ListColumn[] => {
  const names = def.columns.map((column) => column.name);
  const nameFields = displayFields(def.name, names);
  // The module's choice, where the heuristic would pick less useful fields.
  const chosen = tableSpec(def.name).listColumns;
  const fields = chosen
    ? chosen.flatMap((name) => def.columns.filter((column) => column.name === name))
    : informativeColumns(def, nameFields);
  return [nameColumn(def, nameFields), ...fields.map(fieldColumn)];
};
