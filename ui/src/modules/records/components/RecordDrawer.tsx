import { useState } from 'react';
import { Pencil, RotateCcw, Trash2 } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { TableDef, TableName } from '../../../bindings';
import { Badge } from '../../../ui/Badge';
import { Button } from '../../../ui/Button';
import { Drawer } from '../../../ui/Drawer';
import { useToast } from '../../../ui/Toasts';
import { displayName } from '../utils/displayName';
import { capitalize, tableLabel } from '../utils/labels';
import { RecordDetails } from './RecordDetails';

type Row = Record<string, unknown>;

export type RecordDrawerProps = {
  def: TableDef;
  row: Row;
  onClose: () => void;
  onEdit: () => void;
  /** After the record was moved to the trash or restored. */
  onChanged: (row: Row) => void;
};

/** A record's details, with Edit and Move to trash (or Restore, in the trash). */
export const RecordDrawer = ({ def, row, onClose, onEdit, onChanged }: RecordDrawerProps) => {
  const backend = useBackend();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const table = def.name as TableName;
  const one = capitalize(tableLabel(table).one);
  const deleted = row.deleted_at !== null && row.deleted_at !== undefined;
  const id = String(row.id);

  const handleTrash = async () => {
    setBusy(true);
    try {
      const updated = await backend.invoke('records_delete', { table, id });
      toast.showSuccess(`${one} moved to trash`);
      onChanged(updated);
    } catch (reason) {
      toast.showError(`Could not move the ${tableLabel(table).one} to trash`, toErrorPayload(reason).message);
    } finally {
      setBusy(false);
    }
  };

  const handleRestore = async () => {
    setBusy(true);
    try {
      const updated = await backend.invoke('records_restore', { table, id });
      toast.showSuccess(`${one} restored`);
      onChanged(updated);
    } catch (reason) {
      toast.showError(`Could not restore the ${tableLabel(table).one}`, toErrorPayload(reason).message);
    } finally {
      setBusy(false);
    }
  };

  const actions = def.read_only ? null : deleted ? (
    <Button icon={<RotateCcw size={14} />} onClick={handleRestore} disabled={busy}>
      Restore
    </Button>
  ) : (
    <>
      <Button icon={<Pencil size={14} />} onClick={onEdit} disabled={busy}>
        Edit
      </Button>
      <Button variant="danger" icon={<Trash2 size={14} />} onClick={handleTrash} disabled={busy}>
        Move to trash
      </Button>
    </>
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
