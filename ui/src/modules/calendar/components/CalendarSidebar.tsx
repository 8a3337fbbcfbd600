import { useState, type FormEvent } from 'react';
import { Plus } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { Calendar, ErrorPayload } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { Dialog } from '../../../ui/Dialog';
import { Spinner } from '../../../ui/Spinner';
import { TAG_PALETTE } from '../../../ui/colours';
import { errorField, errorReason } from '../../object-record/utils/errorField';
import { ColourPicker } from '../../../ui/ColourPicker';

export type CalendarSidebarProps = {
  calendars: ReadonlyArray<Calendar>;
  /** The calendar new events go to. */
  defaultId: string | null;
  loading: boolean;
  error: ErrorPayload | null;
  onRetry: () => void;
  onToggle: (calendar: Calendar, visible: boolean) => void;
  onCreated: () => void;
};

/** The calendars with their colour and a visibility switch, and "New calendar". */
export const CalendarSidebar = ({ calendars, defaultId, loading, error, onRetry, onToggle, onCreated }: CalendarSidebarProps) => {
  const [creating, setCreating] = useState(false);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <aside className="calendar-sidebar" aria-label="Calendars">
      <div className="calendar-sidebar__header">
        <h2>Calendars</h2>
        <button type="button" className="icon-button" aria-label="New calendar" title="New calendar" onClick={() => setCreating(true)}>
          <Plus size={15} />
        </button>
      </div>
      {loading && calendars.length === 0 ? <Spinner /> : null}
      {error ? (
        <div className="form-error" role="alert">
          {error.message}{' '}
          <button type="button" className="link-button" onClick={onRetry}>
            Retry
          </button>
        </div>
      ) : null}
      {!loading && !error && calendars.length === 0 ? <p className="muted">No calendars yet.</p> : null}
      <ul className="calendar-list">
        {calendars.map((calendar) => (
          <li key={calendar.id}>
            <label className="calendar-list__item">
              <input
                type="checkbox"
                className="calendar-list__toggle"
                style={{ accentColor: calendar.color }}
                checked={calendar.is_visible}
                onChange={(change) => onToggle(calendar, change.target.checked)}
              />
              <span className="calendar-list__swatch" style={{ backgroundColor: calendar.color }} aria-hidden="true" />
              <span className="calendar-list__name">{calendar.name}</span>
              {calendar.id === defaultId ? <span className="calendar-list__badge">Default</span> : null}
            </label>
          </li>
        ))}
      </ul>
      <p className="calendar-sidebar__zone muted">Times in {zone}</p>
      {creating ? (
        <NewCalendarDialog
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            onCreated();
          }}
        />
      ) : null}
    </aside>
  );
};

type NewCalendarDialogProps = { onClose: () => void; onCreated: () => void };

const NewCalendarDialog = ({ onClose, onCreated }: NewCalendarDialogProps) => {
  const backend = useBackend();
  const [name, setName] = useState('');
  const [colour, setColour] = useState(TAG_PALETTE[1] ?? '#16a34a');
  const [error, setError] = useState<{ field: string | null; message: string } | null>(null);
  const [saving, setSaving] = useState(false);

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!name.trim()) {
      setError({ field: 'name', message: 'name: is required' });
      return;
    }
    setSaving(true);
    try {
      await backend.invoke('records_create', { table: 'calendars', data: { name: name.trim(), color: colour.trim() } });
      onCreated();
    } catch (reason) {
      const message = toErrorPayload(reason).message;
      setError({ field: errorField(message, ['name', 'color']), message });
      setSaving(false);
    }
  };

  const hint = (field: string) =>
    error?.field === field ? <p className="field__hint field__hint--error">{errorReason(error.message, field)}</p> : null;

  return (
    <Dialog title="New calendar" onClose={onClose}>
      <form className="dialog-form" noValidate onSubmit={handleSubmit}>
        {error && error.field === null ? (
          <div className="form-error" role="alert">
            {error.message}
          </div>
        ) : null}
        <div className={`field${error?.field === 'name' ? ' field--invalid' : ''}`}>
          <label className="field__label" htmlFor="calendar-name">
            Name
          </label>
          <input id="calendar-name" className="input" autoFocus value={name} onChange={(event) => setName(event.target.value)} />
          {hint('name')}
        </div>
        <div className={`field${error?.field === 'color' ? ' field--invalid' : ''}`}>
          <span className="field__label">Colour</span>
          <ColourPicker value={colour} onChange={setColour} />
          {hint('color')}
        </div>
        <div className="dialog-form__actions">
          <Button onClick={onClose} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" disabled={saving}>
            Create calendar
          </Button>
        </div>
      </form>
    </Dialog>
  );
};
