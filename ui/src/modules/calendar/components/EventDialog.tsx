import { useState, type FormEvent, type ReactNode } from 'react';
import { Plus, Trash2, X } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { Calendar, Event as CalendarEvent, EventStatus } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { Dialog } from '../../../ui/Dialog';
import { errorField, errorReason } from '../../object-record/utils/errorField';
import { ATTENDEE_STATUSES, formToFields, withAllDay, type AttendeeStatus, type EventForm, type FormErrors } from '../utils/eventForm';
import { EVENT_STATUSES } from '../utils/eventTimes';
import { ContactPicker } from './ContactPicker';

export type EventDialogProps = {
  /** The event being edited, or null for a new one. */
  event: CalendarEvent | null;
  initial: EventForm;
  calendars: ReadonlyArray<Calendar>;
  onClose: () => void;
  /** After a save: the stored row. */
  onSaved: (event: CalendarEvent) => void;
  /** Moves the event to the trash (the page offers to restore it). */
  onDelete: (event: CalendarEvent) => void;
};

/** Fields the core may name in an error, each shown on its input. */
const FIELDS = [
  'title',
  'calendar_id',
  'start_time',
  'end_time',
  'location',
  'meeting_url',
  'status',
  'contact_id',
  'attendees',
  'description',
  'notes',
];

/** Create or edit one event: every field of it, checked here and by the core. */
export const EventDialog = ({ event, initial, calendars, onClose, onSaved, onDelete }: EventDialogProps) => {
  const backend = useBackend();
  const [form, setForm] = useState<EventForm>(initial);
  const [errors, setErrors] = useState<FormErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const set = <K extends keyof EventForm>(key: K, value: EventForm[K]) => setForm((current) => ({ ...current, [key]: value }));

  const handleSubmit = async (submitEvent: FormEvent<HTMLFormElement>) => {
    submitEvent.preventDefault();
    if (saving) return;
    const checked = formToFields(form);
    if ('errors' in checked) {
      setErrors(checked.errors);
      setFormError(null);
      return;
    }
    setSaving(true);
    setErrors({});
    setFormError(null);
    try {
      const row = event
        ? await backend.invoke('records_update', { table: 'events', id: event.id, patch: checked.fields })
        : await backend.invoke('records_create', { table: 'events', data: checked.fields });
      onSaved(row as CalendarEvent);
    } catch (reason) {
      const message = toErrorPayload(reason).message;
      const field = errorField(message, FIELDS);
      if (field) setErrors({ [field]: errorReason(message, field) });
      else setFormError(message);
      setSaving(false);
    }
  };

  const field = (name: string, label: string, control: ReactNode, wide = false) => (
    <div className={`field${errors[name] ? ' field--invalid' : ''}${wide ? ' event-form__wide' : ''}`}>
      <label className="field__label" htmlFor={`event-${name}`}>
        {label}
      </label>
      {control}
      {errors[name] ? <p className="field__hint field__hint--error">{errors[name]}</p> : null}
    </div>
  );

  const input = (name: keyof EventForm & string, errorName: string, type = 'text') => (
    <input
      id={`event-${errorName}`}
      name={errorName}
      className="input"
      type={type}
      value={String(form[name])}
      aria-invalid={errors[errorName] ? true : undefined}
      onChange={(change) => set(name, change.target.value as never)}
    />
  );

  const handleAttendee = (index: number, patch: Partial<EventForm['attendees'][number]>) =>
    set(
      'attendees',
      form.attendees.map((attendee, i) => (i === index ? { ...attendee, ...patch } : attendee)),
    );

  return (
    <Dialog title={event ? 'Edit event' : 'New event'} onClose={onClose} size="wide">
      <form className="dialog-form event-form" noValidate onSubmit={handleSubmit}>
        {formError ? (
          <div className="form-error" role="alert">
            {formError}
          </div>
        ) : null}
        {field(
          'title',
          'Title',
          <input
            id="event-title"
            name="title"
            className="input"
            autoFocus
            autoComplete="off"
            value={form.title}
            aria-invalid={errors.title ? true : undefined}
            onChange={(change) => set('title', change.target.value)}
          />,
          true,
        )}
        {field(
          'calendar_id',
          'Calendar',
          <select id="event-calendar_id" name="calendar_id" className="input" value={form.calendar_id} onChange={(change) => set('calendar_id', change.target.value)}>
            {calendars.map((calendar) => (
              <option key={calendar.id} value={calendar.id}>
                {calendar.name}
              </option>
            ))}
          </select>,
        )}
        {field(
          'status',
          'Status',
          <select id="event-status" name="status" className="input" value={form.status} onChange={(change) => set('status', change.target.value as EventStatus)}>
            {EVENT_STATUSES.map((status) => (
              <option key={status.value} value={status.value}>
                {status.label}
              </option>
            ))}
          </select>,
        )}
        <label className="field field--checkbox event-form__wide">
          <input type="checkbox" className="checkbox" name="all_day" checked={form.all_day} onChange={(change) => setForm(withAllDay(form, change.target.checked))} />
          <span className="field__label">All day</span>
        </label>
        {field('start_time', form.all_day ? 'First day' : 'Starts', input('start', 'start_time', form.all_day ? 'date' : 'datetime-local'))}
        {field('end_time', form.all_day ? 'Last day' : 'Ends', input('end', 'end_time', form.all_day ? 'date' : 'datetime-local'))}
        {field('location', 'Location', input('location', 'location'))}
        {field('meeting_url', 'Meeting link', input('meeting_url', 'meeting_url', 'url'))}
        {field(
          'contact_id',
          'Contact',
          <ContactPicker
            id="event-contact_id"
            contactId={form.contact_id}
            label={form.contact_label}
            onChange={(contactId, label) => setForm((current) => ({ ...current, contact_id: contactId, contact_label: label }))}
          />,
          true,
        )}
        <fieldset className={`field field--group event-form__wide${errors.attendees ? ' field--invalid' : ''}`}>
          <legend className="field__label">Attendees</legend>
          {form.attendees.map((attendee, index) => (
            <div key={index} className="attendee-row">
              <input
                className="input"
                type="email"
                aria-label={`Attendee ${index + 1} email`}
                placeholder="email@example.com"
                value={attendee.email}
                aria-invalid={errors[`attendees.${index}`] ? true : undefined}
                onChange={(change) => handleAttendee(index, { email: change.target.value })}
              />
              <input
                className="input"
                aria-label={`Attendee ${index + 1} name`}
                placeholder="Name"
                value={attendee.name}
                onChange={(change) => handleAttendee(index, { name: change.target.value })}
              />
              <select
                className="input"
                aria-label={`Attendee ${index + 1} status`}
                value={attendee.status}
                onChange={(change) => handleAttendee(index, { status: change.target.value as AttendeeStatus })}
              >
                {ATTENDEE_STATUSES.map((status) => (
                  <option key={status.value} value={status.value}>
                    {status.label}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove attendee ${index + 1}`}
                onClick={() => set('attendees', form.attendees.filter((_, i) => i !== index))}
              >
                <X size={14} />
              </button>
              {errors[`attendees.${index}`] ? <p className="field__hint field__hint--error attendee-row__error">{errors[`attendees.${index}`]}</p> : null}
            </div>
          ))}
          {errors.attendees ? <p className="field__hint field__hint--error">{errors.attendees}</p> : null}
          <div>
            <Button
              variant="ghost"
              className="button--small"
              icon={<Plus size={13} />}
              onClick={() => set('attendees', [...form.attendees, { email: '', name: '', status: 'needs_action' }])}
            >
              Add attendee
            </Button>
          </div>
        </fieldset>
        {field(
          'description',
          'Description',
          <textarea id="event-description" name="description" className="input textarea" rows={3} value={form.description} onChange={(change) => set('description', change.target.value)} />,
          true,
        )}
        {field(
          'notes',
          'Notes',
          <textarea id="event-notes" name="notes" className="input textarea" rows={2} value={form.notes} onChange={(change) => set('notes', change.target.value)} />,
          true,
        )}
        <div className="dialog-form__actions event-form__wide">
          {event ? (
            <Button variant="danger" className="event-form__delete" icon={<Trash2 size={14} />} disabled={saving} onClick={() => onDelete(event)}>
              Delete
            </Button>
          ) : null}
          <Button onClick={onClose} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" disabled={saving}>
            {event ? 'Save' : 'Create event'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
};
