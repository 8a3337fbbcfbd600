import { useState, type FormEvent } from 'react';
import { Plus, X } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { CrmEntity, CustomFieldDefinition, CustomFieldType } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { Dialog } from '../../../ui/Dialog';
import { useToast } from '../../../ui/Toasts';
import { CUSTOM_FIELD_TYPE_LABELS } from '../utils/customFields';
import { errorField, errorReason } from '../../object-record/utils/errorField';
import { fieldKeyFromLabel, isFieldKey } from '../../../ui/fieldKey';

export type CustomFieldDialogProps = {
  entity: CrmEntity;
  /** The field to edit; null defines a new one. */
  field: CustomFieldDefinition | null;
  /** The entity's other fields (their keys must differ; a new field goes last). */
  fields: ReadonlyArray<CustomFieldDefinition>;
  onClose: () => void;
  onSaved: () => void;
};

type DialogError = { message: string; field: string | null };

const TYPES = Object.keys(CUSTOM_FIELD_TYPE_LABELS) as CustomFieldType[];
const hasOptions = (type: CustomFieldType) => type === 'select' || type === 'multi_select';

/** Define a custom field (label, key, type, options), or change one (the key stays). */
export const CustomFieldDialog = ({ entity, field, fields, onClose, onSaved }: CustomFieldDialogProps) => {
  const backend = useBackend();
  const toast = useToast();
  const [label, setLabel] = useState(field?.label ?? '');
  const [key, setKey] = useState(field?.key ?? '');
  // The key follows the label until it is typed by hand.
  const [keyTouched, setKeyTouched] = useState(field !== null);
  const [type, setType] = useState<CustomFieldType>(field?.field_type ?? 'text');
  const [options, setOptions] = useState<string[]>(field?.options ?? []);
  const [option, setOption] = useState('');
  const [error, setError] = useState<DialogError | null>(null);
  const [saving, setSaving] = useState(false);

  const handleLabel = (value: string) => {
    setLabel(value);
    if (!keyTouched) setKey(fieldKeyFromLabel(value));
  };

  const handleAddOption = () => {
    const value = option.trim();
    if (!value) return;
    if (options.some((existing) => existing.toLowerCase() === value.toLowerCase())) {
      setError({ message: `options: “${value}” is already an option`, field: 'options' });
      return;
    }
    setOptions([...options, value]);
    setOption('');
    setError(null);
  };

  const validate = (): DialogError | null => {
    if (!label.trim()) return { message: 'label: is required', field: 'label' };
    if (!isFieldKey(key)) return { message: 'key: must start with a lowercase letter and hold only lowercase letters, digits and _', field: 'key' };
    if (fields.some((other) => other.id !== field?.id && other.key === key)) {
      return { message: `key: another field already uses “${key}”`, field: 'key' };
    }
    if (hasOptions(type) && options.length === 0 && !option.trim()) return { message: 'options: add at least one option', field: 'options' };
    return null;
  };

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (saving) return;
    const problem = validate();
    if (problem) {
      setError(problem);
      return;
    }
    // An option still in its box counts, so "type it and press Save" works.
    const pending = option.trim();
    const allOptions = hasOptions(type) ? (pending && !options.includes(pending) ? [...options, pending] : options) : [];
    setSaving(true);
    setError(null);
    try {
      if (!field) {
        const position = fields.reduce((max, other) => Math.max(max, other.position + 1), 0);
        await backend.invoke('records_create', {
          table: 'custom_field_definitions',
          data: { entity, key, label: label.trim(), field_type: type, options: allOptions, position },
        });
        toast.showSuccess(`Field “${label.trim()}” added`);
      } else {
        const patch: Record<string, unknown> = {};
        if (label.trim() !== field.label) patch.label = label.trim();
        if (type !== field.field_type) patch.field_type = type;
        if (JSON.stringify(allOptions) !== JSON.stringify(field.options)) patch.options = allOptions;
        if (Object.keys(patch).length > 0) {
          await backend.invoke('records_update', { table: 'custom_field_definitions', id: field.id, patch });
          toast.showSuccess(`Field “${label.trim()}” saved`);
        }
      }
      setSaving(false);
      onSaved();
      onClose();
    } catch (reason) {
      setSaving(false);
      const payload = toErrorPayload(reason);
      setError({ message: payload.message, field: errorField(payload.message, ['label', 'key', 'field_type', 'options']) });
    }
  };

  const fieldError = (name: string) =>
    error?.field === name ? <p className="field__hint field__hint--error">{errorReason(error.message, name)}</p> : null;
  const invalid = (name: string) => (error?.field === name ? ' field--invalid' : '');

  return (
    <Dialog title={field ? `Edit field “${field.label}”` : 'New custom field'} onClose={onClose}>
      <form className="dialog-form" noValidate onSubmit={handleSubmit}>
        {error && error.field === null ? (
          <div className="form-error" role="alert">
            {error.message}
          </div>
        ) : null}
        <div className={`field${invalid('label')}`}>
          <label className="field__label" htmlFor="custom-field-label">
            Label
          </label>
          <input id="custom-field-label" name="label" className="input" type="text" autoFocus autoComplete="off" value={label} onChange={(event) => handleLabel(event.target.value)} />
          {fieldError('label')}
        </div>
        <div className={`field${invalid('key')}`}>
          <label className="field__label" htmlFor="custom-field-key">
            Key
          </label>
          <input
            id="custom-field-key"
            name="key"
            className="input mono"
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={key}
            readOnly={field !== null}
            onChange={(event) => {
              setKeyTouched(true);
              setKey(event.target.value);
            }}
          />
          {fieldError('key') ??
            (field ? (
              <p className="field__hint">Values are stored under this key, so it cannot change.</p>
            ) : (
              <p className="field__hint">Lowercase letters, digits and _, starting with a letter; used in imports, exports and filters.</p>
            ))}
        </div>
        <div className={`field${invalid('field_type')}`}>
          <label className="field__label" htmlFor="custom-field-type">
            Type
          </label>
          <select id="custom-field-type" name="field_type" className="input" value={type} onChange={(event) => setType(event.target.value as CustomFieldType)}>
            {TYPES.map((value) => (
              <option key={value} value={value}>
                {CUSTOM_FIELD_TYPE_LABELS[value]}
              </option>
            ))}
          </select>
          {fieldError('field_type') ??
            (field && type !== field.field_type ? (
              <p className="field__hint">Values already stored keep their old shape until edited.</p>
            ) : null)}
        </div>
        {hasOptions(type) ? (
          <fieldset className={`field field--group${invalid('options')}`}>
            <legend className="field__label">Options</legend>
            <ul className="field-options" aria-label="Options">
              {options.map((value, index) => (
                <li key={value} className="field-options__item">
                  <span>{value}</span>
                  <button
                    type="button"
                    className="icon-button icon-button--small"
                    aria-label={`Remove option ${value}`}
                    onClick={() => setOptions(options.filter((_, at) => at !== index))}
                  >
                    <X size={12} />
                  </button>
                </li>
              ))}
            </ul>
            <div className="input-with-action">
              <input
                className="input"
                type="text"
                aria-label="New option"
                placeholder="Add an option…"
                value={option}
                onChange={(event) => setOption(event.target.value)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter') {
                    event.preventDefault();
                    handleAddOption();
                  }
                }}
              />
              <Button icon={<Plus size={14} />} onClick={handleAddOption}>
                Add
              </Button>
            </div>
            {fieldError('options')}
          </fieldset>
        ) : null}
        <div className="dialog-form__actions">
          <Button onClick={onClose} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" disabled={saving}>
            {field ? 'Save' : 'Add field'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
};
