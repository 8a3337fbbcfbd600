import { toErrorPayload, type Backend } from '../../../backend/backend';
import type { ToastAction, ToastApi } from '../../../ui/Toasts';

/**
 * The toast's Undo for a batch (`records_bulk`, `tag_rename`, `tag_remove`): reverts it with
 * `batch_undo`, then calls `after` so the screen reloads, and says what was put back.
 */
export const undoBatchAction = (backend: Backend, toast: ToastApi, batchId: string, after: () => void): ToastAction => ({
  label: 'Undo',
  onAction: () => {
    backend.invoke('batch_undo', { batchId }).then(
      (result) => {
        after();
        toast.showSuccess(`Undone: ${result.reverted.toLocaleString()} ${result.reverted === 1 ? 'record' : 'records'} put back`);
      },
      (reason: unknown) => {
        after();
        toast.showError('Could not undo', toErrorPayload(reason).message);
      },
    );
  },
});
