import { Pencil } from 'lucide-react';

import type { TableName } from '../../../bindings';
import { Badge } from '../../../ui/Badge';
import { Button } from '../../../ui/Button';
import { Drawer } from '../../../ui/Drawer';
import { tableSpec } from '../states/registry';
import type { RecordDetailProps } from '../types/manifest';
import { displayName } from '../utils/displayName';
import { capitalize, tableLabel } from '../utils/labels';
import { RecordDetails } from './RecordDetails';
import { useCanEdit } from '../hooks/useCanEdit';
import { TrashActions } from './TrashActions';

export type RecordDrawerProps = RecordDetailProps;

/**
 * A record's details: the detail panel its table's module declares (a contact's fields
 * edited in place and timeline), or else its fields, with Edit and Move to trash (or
 * Restore, in the trash).
 */
export const RecordDrawer = (props: RecordDrawerProps) => {
  const { Detail } = tableSpec(props.def.name);
  // A new key per record, so a panel never shows the state of the previous one.
  if (Detail) return <Detail key={String(props.row.id)} {...props} />;
  return <GenericDrawer {...props} />;
};

const GenericDrawer = ({ def, row, onClose, onEdit, onChanged }: RecordDrawerProps) => {
  const table = def.name as TableName;
  const one = capitalize(tableLabel(table).one);
  const deleted = row.deleted_at !== null && row.deleted_at !== undefined;
  const canEdit = useCanEdit(def);
  const actions = !canEdit ? null : (
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
