import { toErrorPayload } from '../../../backend/backend';
import type { SavedView } from '../../../bindings';
import { useToast } from '../../../ui/Toasts';
import type { ListView } from './useListView';
import type { SavedViews } from './useSavedViews';

/**
 * What the saved-views bar does: save the list as a new view, update, rename or delete one
 * (with Undo). Creating and renaming reject, so their dialog can show the backend's message.
 */
export const useSavedViewActions = (savedViews: SavedViews, listView: ListView) => {
  const toast = useToast();
  const current = () => ({ filters: listView.filters, sort: listView.sort, columns: listView.columns });

  const create = async (name: string) => {
    const created = await savedViews.create(name, current());
    listView.applyView(created);
    toast.showSuccess(`View “${created.name}” saved`);
  };

  const update = async () => {
    const active = listView.activeView;
    if (!active) return;
    try {
      const updated = await savedViews.update(active.id, current());
      listView.applyView(updated);
      toast.showSuccess(`View “${updated.name}” updated`);
    } catch (reason) {
      toast.showError('Could not update the view', toErrorPayload(reason).message);
    }
  };

  // The list keeps its unsaved changes; the bar shows the new name once the views reload.
  const rename = async (view: SavedView, name: string) => {
    await savedViews.rename(view.id, name);
  };

  const remove = async (view: SavedView) => {
    try {
      await savedViews.remove(view.id);
      if (listView.activeView?.id === view.id) listView.applyView(null);
      const restore = () =>
        savedViews.restore(view.id).catch((reason: unknown) => toast.showError('Could not restore the view', toErrorPayload(reason).message));
      toast.showSuccess(`View “${view.name}” deleted`, { label: 'Undo', onAction: () => void restore() });
    } catch (reason) {
      toast.showError('Could not delete the view', toErrorPayload(reason).message);
    }
  };

  return { create, update, rename, remove };
};
