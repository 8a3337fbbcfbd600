import { useState, type FormEvent } from 'react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import { Button } from '../../../ui/Button';
import { Dialog } from '../../../ui/Dialog';
import { errorField, errorReason } from '../../object-record/utils/errorField';
import { slugify } from '../../../ui/slug';
import { defaultSettings, uniqueId, writeField } from '../utils/definition';
import { FORM_TEMPLATES, type FormTemplate } from '../utils/templates';

export type NewFormDialogProps = {
  /** Slugs of the organisation's forms: the new one's is made different. */
  takenSlugs: ReadonlyArray<string>;
  onClose: () => void;
  onCreated: (id: string) => void;
};

/** Names a new form and picks what it starts with; it is created as a draft and opened. */
export const NewFormDialog = ({ takenSlugs, onClose, onCreated }: NewFormDialogProps) => {
  const backend = useBackend();
  const [name, setName] = useState('');
  const [template, setTemplate] = useState<FormTemplate['id']>('contact');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!name.trim()) {
      setError('A form needs a name.');
      return;
    }
    const chosen = FORM_TEMPLATES.find((candidate) => candidate.id === template) ?? FORM_TEMPLATES[0];
    const slug = uniqueId(slugify(name) || 'form', [...takenSlugs]).replace(/_/g, '-');
    setSaving(true);
    try {
      const row = await backend.invoke('records_create', {
        table: 'forms',
        data: {
          name: name.trim(),
          slug,
          fields: (chosen?.fields ?? []).map(writeField),
          settings: defaultSettings(),
          is_active: false,
          is_public: false,
          thank_you_message: 'Thanks! We will be in touch soon.',
        },
      });
      onCreated(String(row.id));
    } catch (reason) {
      const message = toErrorPayload(reason).message;
      const field = errorField(message, ['name', 'slug']);
      setError(field ? errorReason(message, field) : message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog title="New form" onClose={onClose}>
      <form className="dialog-form" noValidate onSubmit={handleSubmit} aria-label="New form">
        <div className={`field${error ? ' field--invalid' : ''}`}>
          <label className="field__label" htmlFor="new-form-name">
            Name
          </label>
          <input
            id="new-form-name"
            className="input"
            autoFocus
            placeholder="Free consultation request"
            value={name}
            aria-invalid={error ? true : undefined}
            onChange={(event) => {
              setName(event.target.value);
              setError(null);
            }}
          />
          {error ? <p className="field__hint field__hint--error">{error}</p> : null}
        </div>
        <fieldset className="template-picker">
          <legend className="field__label">Start with</legend>
          <div className="template-picker__grid">
            {FORM_TEMPLATES.map((candidate) => (
              <label key={candidate.id} className={`template-card${candidate.id === template ? ' is-selected' : ''}`}>
                <input type="radio" name="template" className="visually-hidden" value={candidate.id} checked={candidate.id === template} onChange={() => setTemplate(candidate.id)} />
                <span className="template-card__name">{candidate.name}</span>
                <span className="template-card__description">{candidate.description}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="dialog-form__actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={saving}>
            Create form
          </Button>
        </div>
      </form>
    </Dialog>
  );
};
