import { RotateCcw } from 'lucide-react';

import type { TableName } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { useTrashRestore } from '../hooks/useTrashRestore';
import { displayName } from '../utils/displayName';

type Row = Record<string, unknown>;

export type RestoreRowButtonProps = {
  table: TableName;
  row: Row;
  onRestored: () => void;
};

/** A trash row's own Restore button. */
export const RestoreRowButton = ({ table, row, onRestored }: RestoreRowButtonProps) => {
  const { busy, restore } = useTrashRestore(table, String(row.id), onRestored);
  return (
    <Button
      variant="ghost"
      icon={<RotateCcw size={14} />}
      aria-label={`Restore ${displayName(table, row)}`}
      disabled={busy}
      onClick={() => void restore()}
    >
      Restore
    </Button>
  );
};
