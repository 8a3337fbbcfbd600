import { useState, type FormEvent } from 'react';
import { Pencil, Plus, Trash2 } from 'lucide-react';

import type { JsonValue } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { fieldKeyFromLabel } from '../../../ui/fieldKey';
import { type FieldDraft, draftsOf, fieldLabel, fieldsOf, showValue } from '../utils/detail';

export type CardFieldsProps = {
  /** The card's `custom_fields`. */
  values: Readonly<Record<string, JsonValue | undefined>>;
  readOnly: boolean;
  /** Saves the whole object; resolves to the core's refusal, or null once saved. */
  onSave: (fields: Record<string, JsonValue>) => Promise<string | null>;
};

/**
 * A card's custom fields: each shown by its name, and edited together (values keep their
 * type: a number stays a number, a yes/no a checkbox), fields added by name or removed.
 */
export const CardFields = ({ values, readOnly, onSave }: CardFieldsProps) => {
  const [drafts, setDrafts] = useState<FieldDraft[] | null>(null);
  const [newName, setNewName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const shown = Object.entries(values);

  const update = (index: number, patch: Partial<FieldDraft>) => setDrafts((current) => current?.map((draft, i) => (i === index ? { ...draft, ...patch } : draft)) ?? null);

  const handleAdd = () => {
    const key = fieldKeyFromLabel(newName);
    if (!key) {
      setError('Give the new field a name.');
      return;
    }
    if (drafts?.some((draft) => draft.key === key)) {
      setError(`“${fieldLabel(key)}” is already a field of this card.`);
      return;
    }
    setDrafts((current) => [...(current ?? []), { key, kind: 'text', text: '', checked: false, original: '' }]);
    setNewName('');
    setError(null);
  };

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!drafts || saving) return;
    const result = fieldsOf(drafts);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    setSaving(true);
    const refused = await onSave(result.value);
    setSaving(false);
    if (refused) {
      setError(refused);
      return;
    }
    setDrafts(null);
    setError(null);
  };

  if (!drafts) {
    return (
      <section className="card-detail__section" aria-label="Custom fields">
        <header className="card-detail__section-head">
          <h3 className="card-detail__heading">Custom fields</h3>
          {readOnly ? null : (
            <Button icon={<Pencil size={13} />} onClick={() => setDrafts(draftsOf(values))}>
              Edit fields
            </Button>
          )}
        </header>
        {shown.length === 0 ? (
          <p className="card-detail__empty">{readOnly ? 'No custom fields.' : 'No custom fields yet: add your own, such as a budget, a source or a contract length.'}</p>
        ) : (
          <dl className="card-detail__facts">
            {shown.map(([key, value]) => (
              <div key={key} className="card-detail__custom">
                <dt>{fieldLabel(key)}</dt>
                <dd>{showValue(value)}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>
    );
  }

  return (
    <section className="card-detail__section" aria-label="Custom fields">
      <h3 className="card-detail__heading">Custom fields</h3>
      <form className="card-fields" onSubmit={handleSubmit} noValidate>
        {error ? (
          <div className="form-error" role="alert">
            {error}
          </div>
        ) : null}
        {drafts.map((draft, index) => {
          const label = fieldLabel(draft.key);
          return (
            <div key={draft.key} className="card-fields__row">
              <label className="card-fields__name" htmlFor={`card-field-${draft.key}`}>
                {label}
              </label>
              {draft.kind === 'checkbox' ? (
                <input id={`card-field-${draft.key}`} type="checkbox" checked={draft.checked} onChange={(event) => update(index, { checked: event.target.checked })} />
              ) : draft.kind === 'other' ? (
                <span id={`card-field-${draft.key}`} className="muted">
                  {showValue(draft.original)}
                </span>
              ) : (
                <input
                  id={`card-field-${draft.key}`}
                  className="input"
                  inputMode={draft.kind === 'number' ? 'decimal' : undefined}
                  placeholder={draft.kind === 'list' ? 'Separated by commas' : undefined}
                  value={draft.text}
                  onChange={(event) => update(index, { text: event.target.value })}
                />
              )}
              <button type="button" className="icon-button icon-button--small icon-button--danger" aria-label={`Remove ${label}`} onClick={() => setDrafts(drafts.filter((_, i) => i !== index))}>
                <Trash2 size={13} />
              </button>
            </div>
          );
        })}
        <div className="card-fields__new">
          <input
            className="input"
            value={newName}
            placeholder="New field name"
            aria-label="New field name"
            onChange={(event) => setNewName(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                handleAdd();
              }
            }}
          />
          <Button icon={<Plus size={13} />} onClick={handleAdd}>
            Add field
          </Button>
        </div>
        <footer className="card-fields__footer">
          <Button
            onClick={() => {
              setDrafts(null);
              setError(null);
            }}
          >
            Cancel
          </Button>
          <Button type="submit" variant="primary" disabled={saving}>
            Save fields
          </Button>
        </footer>
      </form>
    </section>
  );
};
