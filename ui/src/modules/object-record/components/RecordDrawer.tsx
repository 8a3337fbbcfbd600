import { Pencil } from 'lucide-react';

import type { TableDef, TableName } from '../../../bindings';
import { Badge } from '../../../ui/Badge';
import { Button } from '../../../ui/Button';
import { Drawer } from '../../../ui/Drawer';
import { CompanyDetail } from '../../crm/components/CompanyDetail';
import { ContactDetail } from '../../crm/components/ContactDetail';
import { displayName } from '../utils/displayName';
import { capitalize, tableLabel } from '../utils/labels';
import { RecordDetails } from './RecordDetails';
import { TrashActions } from './TrashActions';

type Row = Record<string, unknown>;

export type RecordDrawerProps = {
  def: TableDef;
  row: Row;
  onClose: () => void;
  onEdit: () => void;
  /** After the record was moved to the trash or restored. */
  onChanged: (row: Row) => void;
  /** After an edit saved in the drawer itself (contacts and companies edit in place). */
  onUpdated?: (row: Row) => void;
};

/**
 * A record's details. Contacts and companies get their detail panels (fields edited in
 * place, timeline, company contacts); other tables list their fields, with Edit and Move
 * to trash (or Restore, in the trash).
 */
export const RecordDrawer = (props: RecordDrawerProps) => {
  const { def, row } = props;
  // A new key per record, so a panel never shows the state of the previous one.
  const key = String(row.id);
  if (def.name === 'contacts') return <ContactDetail key={key} {...props} />;
  if (def.name === 'companies') return <CompanyDetail key={key} {...props} />;
  return <GenericDrawer {...props} />;
};

const GenericDrawer = ({ def, row, onClose, onEdit, onChanged }: RecordDrawerProps) => {
  const table = def.name as TableName;
  const one = capitalize(tableLabel(table).one);
  const deleted = row.deleted_at !== null && row.deleted_at !== undefined;
  const actions = def.read_only ? null : (
    <TrashActions
      table={table}
      row={row}
      onChanged={onChanged}
      extra={(busy) => (
        <Button icon={<Pencil size={14} />} onClick={onEdit} disabled={busy}>
          Edit
        </Button>
      )}
    />
  );

  return (
    <Drawer
      title={displayName(table, row)}
      subtitle={
        <>
          <span>{one}</span>
          {deleted ? <Badge tone="red">In trash</Badge> : null}
        </>
      }
      actions={actions}
      onClose={onClose}
    >
      <RecordDetails def={def} row={row} />
    </Drawer>
  );
};
