import { useState, type FormEvent } from 'react';
import { MoreHorizontal, Plus } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import type { SavedView } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { Dialog } from '../../../ui/Dialog';
import { Popover } from '../../../ui/Popover';

type ViewNameDialogProps = {
  title: string;
  initial: string;
  submitLabel: string;
  onSubmit: (name: string) => Promise<void>;
  onClose: () => void;
};

/** Asks for a view's name; the backend's refusal is shown in the dialog. */
const ViewNameDialog = ({ title, initial, submitLabel, onSubmit, onClose }: ViewNameDialogProps) => {
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    try {
      await onSubmit(name.trim());
      onClose();
    } catch (reason) {
      setError(toErrorPayload(reason).message);
      setBusy(false);
    }
  };

  return (
    <Dialog title={title} onClose={onClose}>
      <form className="dialog-form" onSubmit={(event) => void handleSubmit(event)}>
        <label className="field">
          <span className="field__label">Name</span>
          <input className="input" name="view-name" value={name} autoFocus onChange={(event) => setName(event.target.value)} />
        </label>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog-form__actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={busy || !name.trim()}>
            {submitLabel}
          </Button>
        </div>
      </form>
    </Dialog>
  );
};

export type SavedViewsBarProps = {
  /** "All contacts". */
  allLabel: string;
  views: ReadonlyArray<SavedView>;
  activeId: string | null;
  /** The list differs from the active view (or, on "All", has filters or a sort). */
  modified: boolean;
  onSelect: (view: SavedView | null) => void;
  onCreate: (name: string) => Promise<void>;
  onUpdate: () => void;
  onRename: (view: SavedView, name: string) => Promise<void>;
  onDelete: (view: SavedView) => void;
};

type Naming = { mode: 'new' } | { mode: 'rename'; view: SavedView } | null;

/** The saved views as pills above the list, with save, update, rename and delete. */
export const SavedViewsBar = ({
  allLabel,
  views,
  activeId,
  modified,
  onSelect,
  onCreate,
  onUpdate,
  onRename,
  onDelete,
}: SavedViewsBarProps) => {
  const [menuFor, setMenuFor] = useState<string | null>(null);
  const [naming, setNaming] = useState<Naming>(null);
  const active = views.find((view) => view.id === activeId) ?? null;

  return (
    <div className="views-bar" role="group" aria-label="Saved views">
      <button type="button" className="view-pill" aria-pressed={active === null} onClick={() => onSelect(null)}>
        {allLabel}
      </button>
      {views.map((view) => {
        const isActive = view.id === active?.id;
        return (
          <div key={view.id} className="popover-anchor view-pill-group">
            <button type="button" className="view-pill" aria-pressed={isActive} onClick={() => onSelect(view)}>
              {view.name}
              {isActive && modified ? <span className="view-pill__dot" title="Changed since saved" aria-label="(changed)" /> : null}
            </button>
            {isActive ? (
              <button
                type="button"
                className="icon-button view-pill__menu"
                aria-label={`Options for ${view.name}`}
                aria-expanded={menuFor === view.id}
                onClick={() => setMenuFor(menuFor === view.id ? null : view.id)}
              >
                <MoreHorizontal size={14} />
              </button>
            ) : null}
            {menuFor === view.id ? (
              <Popover label={`Options for ${view.name}`} onClose={() => setMenuFor(null)}>
                <button
                  type="button"
                  className="menu__item"
                  onClick={() => {
                    setMenuFor(null);
                    setNaming({ mode: 'rename', view });
                  }}
                >
                  Rename…
                </button>
                <button
                  type="button"
                  className="menu__item menu__item--danger"
                  onClick={() => {
                    setMenuFor(null);
                    onDelete(view);
                  }}
                >
                  Delete view
                </button>
              </Popover>
            ) : null}
          </div>
        );
      })}
      <div className="views-bar__actions">
        {modified && active ? (
          <Button variant="primary" onClick={onUpdate}>
            Update view
          </Button>
        ) : null}
        {modified ? (
          <Button variant="ghost" icon={<Plus size={14} />} onClick={() => setNaming({ mode: 'new' })}>
            {active ? 'Save as new view' : 'Save view'}
          </Button>
        ) : null}
      </div>
      {naming?.mode === 'new' ? (
        <ViewNameDialog title="Save view" initial="" submitLabel="Save view" onSubmit={onCreate} onClose={() => setNaming(null)} />
      ) : null}
      {naming?.mode === 'rename' ? (
        <ViewNameDialog
          title="Rename view"
          initial={naming.view.name}
          submitLabel="Rename"
          onSubmit={(name) => onRename(naming.view, name)}
          onClose={() => setNaming(null)}
        />
      ) : null}
    </div>
  );
};
