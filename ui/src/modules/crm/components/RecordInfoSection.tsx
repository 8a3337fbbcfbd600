import type { TableDef } from '../../../bindings';
import { columnLabel } from '../../object-record/utils/labels';
import { DetailSection } from './DetailSection';
import { DetailValue } from './DetailValue';

type Row = Record<string, unknown>;

export type RecordInfoSectionProps = {
  def: TableDef;
  row: Row;
  fields: ReadonlyArray<string>;
  labels?: Partial<Record<string, string>>;
};

/** Read-only facts the app keeps: created, updated, last contacted. */
export const RecordInfoSection = ({ def, row, fields, labels = {} }: RecordInfoSectionProps) => (
  <DetailSection title="Record">
    <dl className="detail-fields">
      {fields.flatMap((name) => {
        const column = def.columns.find((candidate) => candidate.name === name);
        if (!column) return [];
        return [
          <div key={name} className="detail-fields__row" data-field={name}>
            <dt>{labels[name] ?? columnLabel(name)}</dt>
            <dd>
              <DetailValue column={column} value={row[name]} />
            </dd>
          </div>,
        ];
      })}
    </dl>
  </DetailSection>
);
