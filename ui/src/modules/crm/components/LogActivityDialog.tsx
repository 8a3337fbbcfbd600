import { useRef, useState, type FormEvent } from 'react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { Contact, ContactActivity } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { Dialog } from '../../../ui/Dialog';
import { errorField } from '../../object-record/utils/errorField';
import { CALL_OUTCOMES, isLater, logActivityData, newLogDraft, type LogDraft, type LogKind } from '../utils/logActivity';

export type LogActivityDialogProps = {
  kind: LogKind;
  contact: Contact;
  contactName: string;
  /** After the activity was created; `contact` is the contact with its new `last_contacted_at`, if it changed. */
  onLogged: (activity: ContactActivity, contact: Contact | null) => void;
  onClose: () => void;
};

type DialogError = { message: string; field: keyof LogDraft | null };

/** The backend's field names, as the dialog's. */
const FIELD_OF: Record<string, keyof LogDraft> = {
  title: 'title',
  created_at: 'when',
  description: 'description',
  metadata: 'durationMinutes',
};

/** Log a call or meeting that happened outside the app, on the contact's timeline. */
export const LogActivityDialog = ({ kind, contact, contactName, onLogged, onClose }: LogActivityDialogProps) => {
  const backend = useBackend();
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<LogDraft>(() => newLogDraft(kind, contactName));
  const [error, setError] = useState<DialogError | null>(null);
  const [saving, setSaving] = useState(false);
  const noun = kind === 'call' ? 'call' : 'meeting';

  const set = (field: keyof LogDraft) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [field]: event.target.value }));

  const showError = (message: string, field: keyof LogDraft | null) => {
    setError({ message, field });
    if (field) formRef.current?.querySelector<HTMLElement>(`[name="${field}"]`)?.focus();
  };

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (saving) return;
    const built = logActivityData(contact.id, draft);
    if (!built.ok) {
      showError(built.message, built.field);
      return;
    }
    setSaving(true);
    let activity: ContactActivity;
    try {
      activity = (await backend.invoke('records_create', { table: 'contact_activities', data: built.data })) as ContactActivity;
    } catch (reason) {
      setSaving(false);
      const payload = toErrorPayload(reason);
      const field = errorField(payload.message, Object.keys(FIELD_OF));
      showError(payload.message, field ? (FIELD_OF[field] ?? null) : null);
      return;
    }
    let updated: Contact | null = null;
    if (isLater(built.at, contact.last_contacted_at)) {
      try {
        updated = (await backend.invoke('records_update', {
          table: 'contacts',
          id: contact.id,
          patch: { last_contacted_at: built.at },
        })) as Contact;
      } catch {
        // The activity is logged; the contact's "last contacted" stays as it was.
      }
    }
    setSaving(false);
    onLogged(activity, updated);
  };

  const fieldError = (field: keyof LogDraft) =>
    error?.field === field ? (
      <p id={`log-${field}-error`} className="field__hint field__hint--error">
        {error.message.replace(/^[a-z_]+:\s*/i, '')}
      </p>
    ) : null;
  const invalid = (field: keyof LogDraft) => (error?.field === field ? { 'aria-invalid': true, 'aria-describedby': `log-${field}-error` } : {});

  return (
    <Dialog title={kind === 'call' ? 'Log call' : 'Log meeting'} onClose={onClose}>
      <form ref={formRef} className="dialog-form" noValidate onSubmit={handleSubmit}>
        {error && error.field === null ? (
          <div className="form-error" role="alert">
            {error.message}
          </div>
        ) : null}
        <div className="field">
          <label className="field__label" htmlFor="log-title">
            Title
          </label>
          <input id="log-title" name="title" className="input" type="text" autoFocus value={draft.title} onChange={set('title')} {...invalid('title')} />
          {fieldError('title')}
        </div>
        <div className="field-row">
          <div className="field">
            <label className="field__label" htmlFor="log-when">
              Date and time
            </label>
            <input id="log-when" name="when" className="input" type="datetime-local" value={draft.when} onChange={set('when')} {...invalid('when')} />
            {fieldError('when')}
          </div>
          <div className="field field--narrow">
            <label className="field__label" htmlFor="log-duration">
              Duration (minutes)
            </label>
            <input
              id="log-duration"
              name="durationMinutes"
              className="input"
              type="number"
              min={0}
              step={1}
              inputMode="numeric"
              value={draft.durationMinutes}
              onChange={set('durationMinutes')}
              {...invalid('durationMinutes')}
            />
            {fieldError('durationMinutes')}
          </div>
        </div>
        {kind === 'call' ? (
          <div className="field">
            <label className="field__label" htmlFor="log-outcome">
              Outcome
            </label>
            <select id="log-outcome" name="outcome" className="input" value={draft.outcome} onChange={set('outcome')}>
              <option value="">—</option>
              {CALL_OUTCOMES.map((outcome) => (
                <option key={outcome.value} value={outcome.value}>
                  {outcome.label}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <div className="field">
            <label className="field__label" htmlFor="log-location">
              Location
            </label>
            <input id="log-location" name="location" className="input" type="text" placeholder="Office, Zoom, …" value={draft.location} onChange={set('location')} />
          </div>
        )}
        <div className="field">
          <label className="field__label" htmlFor="log-description">
            Notes
          </label>
          <textarea id="log-description" name="description" className="input textarea" rows={3} value={draft.description} onChange={set('description')} {...invalid('description')} />
          {fieldError('description')}
        </div>
        <div className="dialog-form__actions">
          <Button onClick={onClose} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" disabled={saving}>
            {saving ? 'Saving…' : `Log ${noun}`}
          </Button>
        </div>
      </form>
    </Dialog>
  );
};
