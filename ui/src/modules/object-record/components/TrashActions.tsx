import type { ReactNode } from 'react';
import { RotateCcw, Trash2 } from 'lucide-react';

import type { TableName } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { useTrashRestore } from '../hooks/useTrashRestore';

type Row = Record<string, unknown>;

export type TrashActionsProps = {
  table: TableName;
  row: Row;
  onChanged: (row: Row) => void;
  /** Buttons shown before "Move to trash" on a live record (given whether a move is under way). */
  extra?: (busy: boolean) => ReactNode;
};

/** A record panel's actions: Restore for a record in the trash, else Move to trash. */
export const TrashActions = ({ table, row, onChanged, extra }: TrashActionsProps) => {
  const { busy, trash, restore } = useTrashRestore(table, String(row.id), onChanged);
  const deleted = row.deleted_at !== null && row.deleted_at !== undefined;
  if (deleted) {
    return (
      <Button icon={<RotateCcw size={14} />} onClick={() => void restore()} disabled={busy}>
        Restore
      </Button>
    );
  }
  return (
    <>
      {extra?.(busy)}
      <Button variant="danger" icon={<Trash2 size={14} />} onClick={() => void trash()} disabled={busy}>
        Move to trash
      </Button>
    </>
  );
};
