import type { Column, CustomFieldDefinition, TableDef } from '../../../bindings';
import { tableSpec } from '../states/registry';
import { isSortable, listColumns, type ListColumn } from './columns';
import { displayFields } from './displayName';
import { isNumeric } from './format';
import { columnLabel } from './labels';

/**
 * A column the list can show besides the record's name: a field of the table, or a custom
 * field. `id` is what saved views store and what the list sorts by: the column name, or
 * `custom_fields.<key>`.
 */
export type FieldColumn = {
  id: string;
  label: string;
  column: Column | null;
  custom: CustomFieldDefinition | null;
  sortField: string | null;
  align: 'left' | 'right';
  /** Fixed width in pixels, so rows line up while they are virtualised. */
  width: number;
};

export const CUSTOM_PREFIX = 'custom_fields.';

/** Never a column: ids, the organisation, the trash stamp, the custom-field bag itself. */
const NOT_COLUMNS = ['id', 'organization_id', 'deleted_at', 'custom_fields'];

/** Kinds too wide for a cell (addresses, JSON). */
const WIDE_KINDS: ReadonlyArray<Column['kind']['type']> = ['object', 'array', 'json'];

const SECRET_HINTS = ['token', 'password', 'secret', 'credential'];

const WIDTHS: Partial<Record<string, number>> = {
  email: 210,
  website: 190,
  domain: 180,
  company: 150,
  tags: 170,
  owner_id: 150,
  phone: 140,
  lead_score: 112,
};

const widthOf = (column: Column): number => {
  const fixed = WIDTHS[column.name];
  if (fixed) return fixed;
  switch (column.kind.type) {
    case 'bool':
      return 110;
    case 'integer':
    case 'decimal':
      return 120;
    case 'enum':
      return 110;
    case 'timestamp':
    case 'date':
    case 'time':
      return 130;
    case 'string_array':
      return 180;
    default:
      return 160;
  }
};

const CUSTOM_WIDTHS: Record<CustomFieldDefinition['field_type'], number> = {
  text: 170,
  url: 200,
  number: 120,
  date: 130,
  select: 150,
  multi_select: 200,
  checkbox: 110,
};

const fieldColumn = (column: Column): FieldColumn => ({
  id: column.name,
  label: columnLabel(column.name),
  column,
  custom: null,
  sortField: isSortable(column) ? column.name : null,
  align: isNumeric(column) ? 'right' : 'left',
  width: widthOf(column),
});

const customColumn = (definition: CustomFieldDefinition): FieldColumn => ({
  id: `${CUSTOM_PREFIX}${definition.key}`,
  label: definition.label,
  column: null,
  custom: definition,
  // Multi-select values are lists; the core has no order for them.
  sortField: definition.field_type === 'multi_select' ? null : `${CUSTOM_PREFIX}${definition.key}`,
  align: definition.field_type === 'number' ? 'right' : 'left',
  width: CUSTOM_WIDTHS[definition.field_type],
});

/** The fields that make up the record's name, which the pinned name column shows. */
export const nameFieldsOf = (def: TableDef): string[] =>
  displayFields(
    def.name,
    def.columns.map((column) => column.name),
  ).filter((name) => def.columns.some((column) => column.name === name));

/** The pinned first column: the record's name, and the field its header sorts by. */
export const nameColumnOf = (def: TableDef): ListColumn => listColumns(def)[0] as ListColumn;

/** Every column the list can show for `def`: its own fields, then its custom fields. */
export const availableColumns = (def: TableDef, customFields: ReadonlyArray<CustomFieldDefinition>): FieldColumn[] => {
  const nameFields = nameFieldsOf(def);
  const fields = def.columns.filter(
    (column) =>
      !NOT_COLUMNS.includes(column.name) &&
      !def.hidden.includes(column.name) &&
      !nameFields.includes(column.name) &&
      !WIDE_KINDS.includes(column.kind.type) &&
      !SECRET_HINTS.some((hint) => column.name.includes(hint)),
  );
  const custom = [...customFields].sort((a, b) => a.position - b.position || a.label.localeCompare(b.label));
  return [...fields.map(fieldColumn), ...custom.map(customColumn)];
};

/** The columns a list starts with, before anyone chooses. */
export const defaultColumnIds = (def: TableDef): string[] => {
  // The module's choice for a fresh list (Contacts: chosen for daily work).
  const chosen = tableSpec(def.name).defaultColumns;
  if (chosen) return chosen.filter((name) => def.columns.some((column) => column.name === name));
  return listColumns(def)
    .map((column) => column.column?.name)
    .filter((name): name is string => typeof name === 'string');
};

/** The chosen ids as columns, in the chosen order; ids not (yet) known are left out. */
export const resolveColumns = (ids: ReadonlyArray<string>, available: ReadonlyArray<FieldColumn>): FieldColumn[] => {
  const byId = new Map(available.map((column) => [column.id, column]));
  return ids.flatMap((id) => {
    const column = byId.get(id);
    return column ? [column] : [];
  });
};
