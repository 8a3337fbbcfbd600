import { useState } from 'react';
import { Pencil, Pin, PinOff, StickyNote, Trash2 } from 'lucide-react';

import type { ContactNote } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { RelativeTime } from './RelativeTime';

export type NoteCardProps = {
  note: ContactNote;
  readOnly: boolean;
  onPin: (note: ContactNote) => Promise<void>;
  onEdit: (note: ContactNote, content: string) => Promise<boolean>;
  onDelete: (note: ContactNote) => Promise<void>;
};

/** A note with its time and its actions: pin or unpin, edit in place, delete. */
export const NoteCard = ({ note, readOnly, onPin, onEdit, onDelete }: NoteCardProps) => {
  const [draft, setDraft] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    await action();
    setBusy(false);
  };

  const handleSave = () =>
    void run(async () => {
      if (draft === null) return;
      if (draft.trim() === note.content.trim()) {
        setDraft(null);
        return;
      }
      if (await onEdit(note, draft)) setDraft(null);
    });

  const edited = note.updated_at !== note.created_at && Date.parse(note.updated_at) - Date.parse(note.created_at) > 60_000;

  return (
    <article className={`note-card${note.is_pinned ? ' note-card--pinned' : ''}`} data-note={note.id} aria-label={note.is_pinned ? 'Pinned note' : 'Note'}>
      <header className="note-card__header">
        <span className="timeline-icon timeline-icon--note" aria-hidden="true">
          <StickyNote size={13} />
        </span>
        <span className="note-card__meta">
          {note.is_pinned ? <span className="note-card__pinned">Pinned · </span> : null}
          Note · <RelativeTime instant={note.created_at} />
          {edited ? <span className="muted"> · edited</span> : null}
        </span>
        {readOnly || draft !== null ? null : (
          <span className="note-card__actions">
            <button
              type="button"
              className="icon-button icon-button--small"
              aria-label={note.is_pinned ? 'Unpin note' : 'Pin note'}
              title={note.is_pinned ? 'Unpin' : 'Pin to top'}
              disabled={busy}
              onClick={() => void run(() => onPin(note))}
            >
              {note.is_pinned ? <PinOff size={13} /> : <Pin size={13} />}
            </button>
            <button type="button" className="icon-button icon-button--small" aria-label="Edit note" title="Edit" disabled={busy} onClick={() => setDraft(note.content)}>
              <Pencil size={13} />
            </button>
            <button type="button" className="icon-button icon-button--small" aria-label="Delete note" title="Delete" disabled={busy} onClick={() => void run(() => onDelete(note))}>
              <Trash2 size={13} />
            </button>
          </span>
        )}
      </header>
      {draft !== null ? (
        <div className="note-card__edit">
          <textarea
            className="input textarea"
            aria-label="Note text"
            rows={4}
            autoFocus
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) handleSave();
            }}
          />
          <div className="detail-form__actions">
            <Button onClick={() => setDraft(null)} disabled={busy}>
              Cancel
            </Button>
            <Button variant="primary" onClick={handleSave} disabled={busy || draft.trim() === ''}>
              Save changes
            </Button>
          </div>
        </div>
      ) : (
        <p className="note-card__content">{note.content}</p>
      )}
    </article>
  );
};
