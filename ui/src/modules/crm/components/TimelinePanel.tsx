import { useState, type RefObject } from 'react';
import { History } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { ContactNote } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { Spinner } from '../../../ui/Spinner';
import { useToast } from '../../../ui/Toasts';
import type { ContactTimeline } from '../hooks/useContactTimeline';
import { entryKind } from '../utils/timeline';
import { ActivityItem } from './ActivityItem';
import { NoteCard } from './NoteCard';

export type TimelinePanelProps = {
  contactId: string;
  timeline: ContactTimeline;
  readOnly: boolean;
  /** The new-note box, so the header's "Add note" can focus it. */
  composerRef: RefObject<HTMLTextAreaElement | null>;
};

/** A note box, the pinned notes, then notes and activities newest first. */
export const TimelinePanel = ({ contactId, timeline, readOnly, composerRef }: TimelinePanelProps) => {
  const backend = useBackend();
  const toast = useToast();
  const [content, setContent] = useState('');
  const [adding, setAdding] = useState(false);

  const handleAdd = async () => {
    const text = content.trim();
    if (!text || adding) return;
    setAdding(true);
    try {
      await backend.invoke('records_create', { table: 'contact_notes', data: { contact_id: contactId, content: text } });
      setContent('');
      timeline.reloadNotes();
    } catch (reason) {
      toast.showError('Could not add the note', toErrorPayload(reason).message);
    } finally {
      setAdding(false);
    }
  };

  const handlePin = async (note: ContactNote) => {
    try {
      await backend.invoke('records_update', { table: 'contact_notes', id: note.id, patch: { is_pinned: !note.is_pinned } });
      timeline.reloadNotes();
    } catch (reason) {
      toast.showError(note.is_pinned ? 'Could not unpin the note' : 'Could not pin the note', toErrorPayload(reason).message);
    }
  };

  const handleEdit = async (note: ContactNote, text: string): Promise<boolean> => {
    try {
      await backend.invoke('records_update', { table: 'contact_notes', id: note.id, patch: { content: text.trim() } });
      timeline.reloadNotes();
      return true;
    } catch (reason) {
      toast.showError('Could not save the note', toErrorPayload(reason).message);
      return false;
    }
  };

  const handleDelete = async (note: ContactNote) => {
    try {
      await backend.invoke('records_delete', { table: 'contact_notes', id: note.id });
      timeline.reloadNotes();
      toast.showSuccess('Note deleted', {
        label: 'Undo',
        onAction: () => {
          backend.invoke('records_restore', { table: 'contact_notes', id: note.id }).then(
            () => timeline.reloadNotes(),
            (reason: unknown) => toast.showError('Could not restore the note', toErrorPayload(reason).message),
          );
        },
      });
    } catch (reason) {
      toast.showError('Could not delete the note', toErrorPayload(reason).message);
    }
  };

  const noteProps = { readOnly, onPin: handlePin, onEdit: handleEdit, onDelete: handleDelete };
  const empty = timeline.pinned.length === 0 && timeline.entries.length === 0;

  return (
    <section className="timeline" aria-label="Timeline">
      {readOnly ? null : (
        <form
          className="note-composer"
          onSubmit={(event) => {
            event.preventDefault();
            void handleAdd();
          }}
        >
          <textarea
            ref={composerRef}
            className="input textarea note-composer__input"
            aria-label="New note"
            placeholder="Write a note…"
            rows={3}
            value={content}
            onChange={(event) => setContent(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
                event.preventDefault();
                void handleAdd();
              }
            }}
          />
          <div className="note-composer__footer">
            <span className="muted note-composer__hint">Ctrl+Enter to save</span>
            <Button type="submit" variant="primary" disabled={adding || content.trim() === ''}>
              Save note
            </Button>
          </div>
        </form>
      )}
      {timeline.error ? (
        <div className="form-error" role="alert">
          Could not load the timeline: {timeline.error.message}{' '}
          <button type="button" className="link-button" onClick={timeline.reload}>
            Try again
          </button>
        </div>
      ) : null}
      {timeline.loading && empty ? (
        <div className="timeline__loading">
          <Spinner label="Loading the timeline…" />
        </div>
      ) : null}
      {timeline.pinned.length > 0 ? (
        <div className="timeline__pinned" aria-label="Pinned notes" role="list">
          {timeline.pinned.map((note) => (
            <div role="listitem" key={note.id}>
              <NoteCard note={note} {...noteProps} />
            </div>
          ))}
        </div>
      ) : null}
      {!timeline.loading && empty && !timeline.error ? (
        <div className="timeline__empty">
          <History size={18} aria-hidden="true" />
          <p className="timeline__empty-title">No notes yet</p>
          <p className="muted">Notes you add and calls or meetings you log appear here.</p>
        </div>
      ) : null}
      {timeline.entries.length > 0 ? (
        <ol className="timeline__list" aria-label="Notes and activities">
          {timeline.entries.map((entry) => (
            <li key={`${entryKind(entry)}-${entry.id}`} className="timeline__entry" data-kind={entryKind(entry)}>
              {entry.kind === 'note' ? (
                <NoteCard note={entry.note} {...noteProps} />
              ) : entry.kind === 'linked' ? (
                <entry.source.Item row={entry.row} />
              ) : (
                <ActivityItem activity={entry.activity} />
              )}
            </li>
          ))}
        </ol>
      ) : null}
      {timeline.hasMore ? (
        <div className="timeline__more">
          <Button onClick={timeline.loadMore} disabled={timeline.loading}>
            Show older
          </Button>
        </div>
      ) : null}
    </section>
  );
};
