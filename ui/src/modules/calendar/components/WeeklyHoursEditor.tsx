import { useEffect, useState } from 'react';
import { Plus, X } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { AvailabilityRule } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { Spinner } from '../../../ui/Spinner';
import { useToast } from '../../../ui/Toasts';
import { listAll } from '../utils/listAll';
import { ruleChanges, ruleErrors, ruleFields, ruleToDraft, WEEKDAYS, type FieldErrors, type RuleDraft } from '../utils/bookingForm';

export type WeeklyHoursEditorProps = {
  bookingTypeId: string;
  /** After the rules were saved: the preview reloads. */
  onSaved: () => void;
};

/**
 * The booking type's weekly hours in the host's zone: per weekday any number of intervals,
 * each open or blocked ("not available" wins over open hours that day).
 */
export const WeeklyHoursEditor = ({ bookingTypeId, onSaved }: WeeklyHoursEditorProps) => {
  const backend = useBackend();
  const toast = useToast();
  const [stored, setStored] = useState<AvailabilityRule[] | null>(null);
  const [drafts, setDrafts] = useState<RuleDraft[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let cancelled = false;
    listAll(backend, 'availability_rules', {
      filters: [{ field: 'booking_type_id', op: 'eq', value: bookingTypeId }],
      sort: { field: 'start_time', desc: false },
      deleted: 'exclude',
    }).then(
      (rows) => {
        if (cancelled) return;
        setStored(rows);
        setDrafts(rows.map(ruleToDraft));
      },
      (reason: unknown) => {
        if (!cancelled) setSaveError(toErrorPayload(reason).message);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [backend, bookingTypeId, version]);

  if (stored === null) return saveError ? <div className="form-error">{saveError}</div> : <Spinner />;

  const update = (index: number, patch: Partial<RuleDraft>) => setDrafts(drafts.map((draft, i) => (i === index ? { ...draft, ...patch } : draft)));

  const handleSave = async () => {
    const found = ruleErrors(drafts);
    setErrors(found);
    setSaveError(null);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    const { create, update: changed, remove } = ruleChanges(stored, drafts);
    try {
      // One transaction: the week is saved whole or not at all.
      await backend.invoke('records_write_all', {
        table: 'availability_rules',
        changes: [
          ...remove.map((rule) => ({ kind: 'delete' as const, id: rule.id as string })),
          ...changed.map((draft) => ({ kind: 'update' as const, id: draft.id as string, patch: ruleFields(draft) })),
          ...create.map((draft) => ({ kind: 'create' as const, data: { ...ruleFields(draft), booking_type_id: bookingTypeId } })),
        ],
      });
      toast.showSuccess('Weekly hours saved');
      onSaved();
      setVersion((value) => value + 1);
    } catch (reason) {
      // Nothing was written: the person's edits stay on screen to fix.
      setSaveError(toErrorPayload(reason).message);
    } finally {
      setSaving(false);
    }
  };

  const dirty = (() => {
    const { create, update: changed, remove } = ruleChanges(stored, drafts);
    return create.length + changed.length + remove.length > 0;
  })();

  return (
    <div className="weekly-hours">
      {saveError ? (
        <div className="form-error" role="alert">
          {saveError}
        </div>
      ) : null}
      {WEEKDAYS.map(({ day, label }) => {
        const rows = drafts.map((draft, index) => ({ draft, index })).filter(({ draft }) => draft.day_of_week === day);
        return (
          <div key={day} className="weekday-row" data-weekday={day}>
            <span className="weekday-row__day">{label}</span>
            <div className="weekday-row__intervals">
              {rows.length === 0 ? <span className="muted weekday-row__none">Unavailable</span> : null}
              {rows.map(({ draft, index }) => (
                <div key={index} className={`interval${errors[`rules.${index}`] ? ' field--invalid' : ''}`}>
                  <input
                    type="time"
                    className="input interval__time"
                    aria-label={`${label} from`}
                    value={draft.start}
                    aria-invalid={errors[`rules.${index}`] ? true : undefined}
                    onChange={(event) => update(index, { start: event.target.value })}
                  />
                  <span className="muted">–</span>
                  <input
                    type="time"
                    className="input interval__time"
                    aria-label={`${label} to`}
                    value={draft.end}
                    aria-invalid={errors[`rules.${index}`] ? true : undefined}
                    onChange={(event) => update(index, { end: event.target.value })}
                  />
                  <label className="interval__blocked">
                    <input
                      type="checkbox"
                      className="checkbox"
                      checked={!draft.is_available}
                      onChange={(event) => update(index, { is_available: !event.target.checked })}
                    />
                    Blocked
                  </label>
                  <button type="button" className="icon-button" aria-label={`Remove ${label} ${draft.start}–${draft.end}`} onClick={() => setDrafts(drafts.filter((_, i) => i !== index))}>
                    <X size={14} />
                  </button>
                  {errors[`rules.${index}`] ? <p className="field__hint field__hint--error interval__error">{errors[`rules.${index}`]}</p> : null}
                </div>
              ))}
            </div>
            <button
              type="button"
              className="icon-button"
              aria-label={`Add hours on ${label}`}
              title="Add hours"
              onClick={() => setDrafts([...drafts, { id: null, day_of_week: day, start: '09:00', end: '17:00', is_available: true }])}
            >
              <Plus size={15} />
            </button>
          </div>
        );
      })}
      <div className="section-actions">
        <Button variant="primary" disabled={saving || !dirty} onClick={() => void handleSave()}>
          Save weekly hours
        </Button>
      </div>
    </div>
  );
};
