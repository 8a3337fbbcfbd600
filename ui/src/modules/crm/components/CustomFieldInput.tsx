import { ExternalLink } from 'lucide-react';

import type { CustomFieldDefinition } from '../../../bindings';
import { isHttpUrl, type CustomFieldDraft } from '../utils/customFields';

export type CustomFieldInputProps = {
  definition: CustomFieldDefinition;
  draft: CustomFieldDraft;
  /** Why the value cannot be saved, if so. */
  error: string | null;
  onChange: (key: string, draft: CustomFieldDraft) => void;
};

const asText = (draft: CustomFieldDraft): string => (typeof draft === 'string' ? draft : Array.isArray(draft) ? draft.join(', ') : '');

/** The editor of one custom field, chosen by its type. */
export const CustomFieldInput = ({ definition, draft, error, onChange }: CustomFieldInputProps) => {
  const { key, label, field_type: type, options } = definition;
  const id = `custom-field-${definition.entity}-${key}`;
  const invalid = error !== null;
  const common = {
    id,
    name: `custom_fields.${key}`,
    'aria-invalid': invalid || undefined,
    'aria-describedby': invalid ? `${id}-error` : undefined,
  };
  const text = asText(draft);
  const errorText = invalid ? (
    <p id={`${id}-error`} className="field__hint field__hint--error">
      {error}
    </p>
  ) : null;

  if (type === 'checkbox') {
    return (
      <div className={`field field--checkbox${invalid ? ' field--invalid' : ''}`}>
        <input {...common} type="checkbox" className="checkbox" checked={draft === true} onChange={(event) => onChange(key, event.target.checked)} />
        <label htmlFor={id} className="field__label">
          {label}
        </label>
        {errorText}
      </div>
    );
  }

  if (type === 'multi_select') {
    const chosen = Array.isArray(draft) ? draft : [];
    // Values no longer among the options stay choosable, so editing does not drop them.
    const choices = [...options, ...chosen.filter((value) => !options.includes(value))];
    const toggle = (value: string) =>
      onChange(key, chosen.includes(value) ? chosen.filter((item) => item !== value) : [...chosen, value]);
    return (
      <fieldset className={`field field--group${invalid ? ' field--invalid' : ''}`}>
        <legend className="field__label">{label}</legend>
        <div className="choice-chips" role="group" aria-label={label}>
          {choices.length === 0 ? <span className="muted">No options defined</span> : null}
          {choices.map((value) => (
            <button
              key={value}
              type="button"
              className={`choice-chip${chosen.includes(value) ? ' is-selected' : ''}`}
              aria-pressed={chosen.includes(value)}
              onClick={() => toggle(value)}
            >
              {value}
            </button>
          ))}
        </div>
        {errorText}
      </fieldset>
    );
  }

  let control;
  switch (type) {
    case 'number':
      control = (
        <input {...common} className="input" type="number" step="any" inputMode="decimal" value={text} onChange={(event) => onChange(key, event.target.value)} />
      );
      break;
    case 'date':
      control = <input {...common} className="input" type="date" value={text} onChange={(event) => onChange(key, event.target.value)} />;
      break;
    case 'select': {
      const choices = text && !options.includes(text) ? [...options, text] : options;
      control = (
        <select {...common} className="input" value={text} onChange={(event) => onChange(key, event.target.value)}>
          <option value="">—</option>
          {choices.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
      );
      break;
    }
    case 'url':
      control = (
        <div className="input-with-action">
          <input
            {...common}
            className="input"
            type="url"
            inputMode="url"
            placeholder="https://"
            value={text}
            onChange={(event) => onChange(key, event.target.value)}
          />
          {isHttpUrl(text) ? (
            <a className="icon-button" href={text.trim()} target="_blank" rel="noreferrer noopener" aria-label={`Open ${label}`} title="Open">
              <ExternalLink size={14} />
            </a>
          ) : null}
        </div>
      );
      break;
    default:
      control = <input {...common} className="input" type="text" value={text} onChange={(event) => onChange(key, event.target.value)} />;
  }

  return (
    <div className={`field${invalid ? ' field--invalid' : ''}`}>
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      {control}
      {errorText}
    </div>
  );
};
