import { useState } from 'react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { BulkAction, TableName } from '../../../bindings';
import { useToast } from '../../../ui/Toasts';
import type { TableLabel } from '../utils/labels';
import { bulkMessage, bulkTarget, undoMessage, type SelectionTarget } from '../utils/bulk';

export type BulkActions = {
  busy: boolean;
  /** Runs `action` on `target` as one batch; `detail` names what was set, for the toast. */
  run: (target: SelectionTarget, action: BulkAction, detail: string) => Promise<void>;
};

/**
 * Bulk actions through `records_bulk`: a toast says what changed ("Tagged 1,204 contacts")
 * with an Undo button that reverts the batch (`batch_undo`); `onChanged` runs after either.
 */
export const useBulkActions = (table: TableName, labels: TableLabel, onChanged: (action: BulkAction) => void): BulkActions => {
  const backend = useBackend();
  const toast = useToast();
  const [busy, setBusy] = useState(false);

  const undo = async (batchId: string, action: BulkAction) => {
    try {
      const result = await backend.invoke('batch_undo', { batchId });
      toast.showSuccess(undoMessage(result, labels));
    } catch (reason) {
      toast.showError('Could not undo', toErrorPayload(reason).message);
    }
    onChanged(action);
  };

  const run = async (target: SelectionTarget, action: BulkAction, detail: string) => {
    setBusy(true);
    try {
      const result = await backend.invoke('records_bulk', { table, target: bulkTarget(target), action });
      const message = bulkMessage(action, result, labels, detail);
      if (result.changed > 0) toast.showSuccess(message, { label: 'Undo', onAction: () => void undo(result.batch_id, action) });
      else toast.showSuccess(message);
      onChanged(action);
    } catch (reason) {
      toast.showError(`Could not change the ${labels.many}`, toErrorPayload(reason).message);
    } finally {
      setBusy(false);
    }
  };

  return { busy, run };
};
