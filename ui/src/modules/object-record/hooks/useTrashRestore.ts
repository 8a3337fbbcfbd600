import { useState } from 'react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { TableName } from '../../../bindings';
import { useToast } from '../../../ui/Toasts';
import { capitalize, tableLabel } from '../utils/labels';

type Row = Record<string, unknown>;

/** Move a record to the trash or restore it, with a toast either way. */
export const useTrashRestore = (table: TableName, id: string, onChanged: (row: Row) => void) => {
  const backend = useBackend();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const one = tableLabel(table).one;

  const trash = async () => {
    setBusy(true);
    try {
      const updated = await backend.invoke('records_delete', { table, id });
      toast.showSuccess(`${capitalize(one)} moved to trash`);
      onChanged(updated);
    } catch (reason) {
      toast.showError(`Could not move the ${one} to trash`, toErrorPayload(reason).message);
    } finally {
      setBusy(false);
    }
  };

  const restore = async () => {
    setBusy(true);
    try {
      const updated = await backend.invoke('records_restore', { table, id });
      toast.showSuccess(`${capitalize(one)} restored`);
      onChanged(updated);
    } catch (reason) {
      toast.showError(`Could not restore the ${one}`, toErrorPayload(reason).message);
    } finally {
      setBusy(false);
    }
  };

  return { busy, trash, restore };
};
