import type { Column, TableDef } from '../../../bindings';
import { SYSTEM_COLUMNS } from '../utils/formValues';
import { columnLabel } from '../utils/labels';
import { ValueView } from './ValueView';

type Row = Record<string, unknown>;

export type RecordDetailsProps = {
  def: TableDef;
  row: Row;
};

/** Every visible field of a record with its label; system fields last. */
export const RecordDetails = ({ def, row }: RecordDetailsProps) => {
  const visible = def.columns.filter((column) => !def.hidden.includes(column.name));
  const fields = visible.filter((column) => !SYSTEM_COLUMNS.includes(column.name));
  const system = visible.filter(
    (column) => SYSTEM_COLUMNS.includes(column.name) && column.name !== 'organization_id',
  );
  return (
    <div className="details">
      <FieldList columns={fields} row={row} />
      <h3 className="details__heading">Record</h3>
      <FieldList columns={system} row={row} />
    </div>
  );
};

type FieldListProps = { columns: Column[]; row: Record<string, unknown> };

const FieldList = ({ columns, row }: FieldListProps) => (
  <dl className="details__list">
    {columns.map((column) => (
      <div key={column.name} className="details__row" data-field={column.name}>
        <dt>{columnLabel(column.name)}</dt>
        <dd>
          <ValueView column={column} value={row[column.name]} />
        </dd>
      </div>
    ))}
  </dl>
);
