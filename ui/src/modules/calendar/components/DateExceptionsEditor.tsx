import { useEffect, useState, type FormEvent } from 'react';
import { Trash2 } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { AvailabilityException } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { useToast } from '../../../ui/Toasts';
import { localDate } from '../utils/eventTimes';
import { listAll } from '../utils/listAll';
import { errorField, errorReason } from '../../object-record/utils/errorField';
import { FormField } from './FormField';

export type DateExceptionsEditorProps = {
  /** After a change: the preview reloads. */
  onChanged: () => void;
};

type Kind = 'day_off' | 'hours_off' | 'extra_hours';

const KINDS: ReadonlyArray<{ value: Kind; label: string }> = [
  { value: 'day_off', label: 'Day off' },
  { value: 'hours_off', label: 'Hours off' },
  { value: 'extra_hours', label: 'Extra hours' },
];

const describe = (exception: AvailabilityException): string => {
  const hours = exception.start_time && exception.end_time ? `${exception.start_time.slice(0, 5)}–${exception.end_time.slice(0, 5)}` : '';
  if (exception.is_available) return `Extra hours ${hours}`;
  return hours ? `Off ${hours}` : 'Day off';
};

/** The host's one-off changes from today on (they apply to every booking type). */
export const DateExceptionsEditor = ({ onChanged }: DateExceptionsEditorProps) => {
  const backend = useBackend();
  const toast = useToast();
  const today = localDate(new Date());
  const [rows, setRows] = useState<AvailabilityException[]>([]);
  const [version, setVersion] = useState(0);
  const [date, setDate] = useState(today);
  const [kind, setKind] = useState<Kind>('day_off');
  const [start, setStart] = useState('09:00');
  const [end, setEnd] = useState('12:00');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<{ field: string | null; message: string } | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let cancelled = false;
    listAll(backend, 'availability_exceptions', {
      filters: [{ field: 'date', op: 'gte', value: today }],
      sort: { field: 'date', desc: false },
      deleted: 'exclude',
    }).then(
      (found) => {
        if (!cancelled) setRows(found);
      },
      (failure: unknown) => {
        if (!cancelled) setError({ field: null, message: toErrorPayload(failure).message });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [backend, today, version]);

  const handleAdd = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (kind !== 'day_off' && end !== '00:00' && end <= start) {
      setError({ field: 'end_time', message: 'end_time: must be after the start' });
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await backend.invoke('records_create', {
        table: 'availability_exceptions',
        data: {
          date,
          is_available: kind === 'extra_hours',
          start_time: kind === 'day_off' ? null : start,
          end_time: kind === 'day_off' ? null : end,
          reason: reason.trim() || null,
        },
      });
      setReason('');
      setVersion((value) => value + 1);
      onChanged();
    } catch (failure) {
      const message = toErrorPayload(failure).message;
      setError({ field: errorField(message, ['date', 'start_time', 'end_time', 'reason']), message });
    } finally {
      setSaving(false);
    }
  };

  const handleDelete = async (exception: AvailabilityException) => {
    try {
      await backend.invoke('records_delete', { table: 'availability_exceptions', id: exception.id });
      setVersion((value) => value + 1);
      onChanged();
    } catch (failure) {
      toast.showError('Could not remove the exception', toErrorPayload(failure).message);
    }
  };

  const fieldError = (field: string) => (error?.field === field ? errorReason(error.message, field) : undefined);

  return (
    <div className="date-exceptions">
      {rows.length === 0 ? <p className="muted">No days off or extra hours ahead.</p> : null}
      <ul className="exception-list">
        {rows.map((exception) => (
          <li key={exception.id} className="exception-list__item">
            <span className="exception-list__date">{exception.date}</span>
            <span className={exception.is_available ? 'exception-list__extra' : undefined}>{describe(exception)}</span>
            {exception.reason ? <span className="muted">{exception.reason}</span> : null}
            <button type="button" className="icon-button" aria-label={`Remove the exception on ${exception.date}`} onClick={() => void handleDelete(exception)}>
              <Trash2 size={14} />
            </button>
          </li>
        ))}
      </ul>
      <form className="exception-form" noValidate onSubmit={handleAdd}>
        {error && error.field === null ? (
          <div className="form-error exception-form__error" role="alert">
            {error.message}
          </div>
        ) : null}
        <FormField id="exception-date" label="Date" error={fieldError('date')}>
          <input id="exception-date" type="date" className="input" value={date} onChange={(event) => setDate(event.target.value)} />
        </FormField>
        <FormField id="exception-kind" label="Change">
          <select id="exception-kind" className="input" value={kind} onChange={(event) => setKind(event.target.value as Kind)}>
            {KINDS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </FormField>
        {kind !== 'day_off' ? (
          <>
            <FormField id="exception-start" label="From" error={fieldError('start_time')}>
              <input id="exception-start" type="time" className="input" value={start} onChange={(event) => setStart(event.target.value)} />
            </FormField>
            <FormField id="exception-end" label="To" error={fieldError('end_time')}>
              <input id="exception-end" type="time" className="input" value={end} onChange={(event) => setEnd(event.target.value)} />
            </FormField>
          </>
        ) : null}
        <FormField id="exception-reason" label="Reason" error={fieldError('reason')}>
          <input id="exception-reason" className="input" placeholder="Optional" value={reason} onChange={(event) => setReason(event.target.value)} />
        </FormField>
        <Button type="submit" disabled={saving} className="exception-form__add">
          Add
        </Button>
      </form>
    </div>
  );
};
