import type { ChangeEvent } from 'react';

import type { Column, TableName } from '../../../bindings';
import { enumLabel } from '../utils/format';
import { isRequired, LONG_TEXT_COLUMNS, type FormValue } from '../utils/formValues';
import { columnLabel } from '../utils/labels';
import { AddressInput } from './AddressInput';
import { ReferenceSelect } from './ReferenceSelect';

export type FieldInputProps = {
  column: Column;
  value: FormValue;
  /** Why the backend refused this field, if it did. */
  error: string | null;
  onChange: (name: string, value: FormValue) => void;
  /** Shown instead of the column's own label. */
  label?: string;
  /** The label only for screen readers (a section's heading already says it). */
  hideLabel?: boolean;
};

const JSON_PLACEHOLDER: Record<string, string> = { object: '{}', array: '[]', json: 'null' };

const textInputType = (name: string): string => {
  if (name === 'email' || name.endsWith('_email')) return 'email';
  if (name === 'phone' || name.endsWith('_phone')) return 'tel';
  return 'text';
};

/** One labelled input for `column`, chosen by its kind; `name` is the column name. */
export const FieldInput = ({ column, value, error, onChange, label: labelOverride, hideLabel = false }: FieldInputProps) => {
  const id = `field-${column.name}`;
  const required = isRequired(column);
  const invalid = error !== null;
  const text = typeof value === 'string' ? value : '';
  const label = labelOverride ?? columnLabel(column.name);
  const common = {
    id,
    name: column.name,
    'aria-invalid': invalid || undefined,
    'aria-required': required || undefined,
    'aria-describedby': invalid ? `${id}-error` : undefined,
  };
  const handleText = (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
    onChange(column.name, event.target.value);

  const caption = (
    <label htmlFor={id} className={hideLabel ? 'visually-hidden' : 'field__label'}>
      {label}
      {required ? (
        <span className="field__required" aria-hidden="true">
          {' '}
          *
        </span>
      ) : null}
    </label>
  );

  const errorText = invalid ? (
    <p id={`${id}-error`} className="field__hint field__hint--error">
      {error}
    </p>
  ) : null;

  if (column.kind.type === 'bool') {
    return (
      <div className={`field field--checkbox${invalid ? ' field--invalid' : ''}`}>
        <input
          {...common}
          type="checkbox"
          className="checkbox"
          checked={value === true}
          onChange={(event) => onChange(column.name, event.target.checked)}
        />
        <label htmlFor={id} className="field__label">
          {label}
        </label>
        {errorText}
      </div>
    );
  }

  let control;
  let hint: string | null = null;
  switch (column.kind.type) {
    case 'enum': {
      const emptyLabel = column.nullable ? '—' : column.has_default ? 'Default' : 'Select…';
      control = (
        <select {...common} className="input" value={text} onChange={handleText}>
          <option value="">{emptyLabel}</option>
          {column.kind.values.map((option) => (
            <option key={option} value={option}>
              {enumLabel(option)}
            </option>
          ))}
        </select>
      );
      break;
    }
    case 'uuid':
      control = column.references ? (
        <ReferenceSelect
          id={id}
          name={column.name}
          table={column.references as TableName}
          value={text}
          nullable={column.nullable}
          invalid={invalid}
          required={required}
          onChange={(next) => onChange(column.name, next)}
        />
      ) : (
        <input {...common} className="input mono" type="text" value={text} onChange={handleText} />
      );
      break;
    case 'integer':
      control = <input {...common} className="input" type="number" step={1} inputMode="numeric" value={text} onChange={handleText} />;
      break;
    case 'decimal':
      control = <input {...common} className="input" type="text" inputMode="decimal" placeholder="0.00" value={text} onChange={handleText} />;
      break;
    case 'date':
      control = <input {...common} className="input" type="date" value={text} onChange={handleText} />;
      break;
    case 'time':
      control = <input {...common} className="input" type="time" value={text} onChange={handleText} />;
      break;
    case 'timestamp':
      control = <input {...common} className="input" type="datetime-local" value={text} onChange={handleText} />;
      break;
    case 'string_array':
      control = <input {...common} className="input" type="text" placeholder="vip, newsletter" value={text} onChange={handleText} />;
      hint = 'Separate values with commas.';
      break;
    case 'object':
      if (column.name === 'address') {
        control = <AddressInput name={column.name} value={text} invalid={invalid} onChange={(next) => onChange(column.name, next)} />;
        break;
      }
      control = (
        <textarea
          {...common}
          className="input textarea mono"
          rows={4}
          spellCheck={false}
          placeholder={JSON_PLACEHOLDER[column.kind.type]}
          value={text}
          onChange={handleText}
        />
      );
      hint = 'JSON';
      break;
    case 'array':
    case 'json':
      control = (
        <textarea
          {...common}
          className="input textarea mono"
          rows={4}
          spellCheck={false}
          placeholder={JSON_PLACEHOLDER[column.kind.type]}
          value={text}
          onChange={handleText}
        />
      );
      hint = 'JSON';
      break;
    default:
      control = LONG_TEXT_COLUMNS.includes(column.name) ? (
        <textarea {...common} className="input textarea" rows={4} value={text} onChange={handleText} />
      ) : (
        <input {...common} className="input" type={textInputType(column.name)} value={text} onChange={handleText} />
      );
  }

  if (column.kind.type === 'object' && column.name === 'address') {
    return (
      <fieldset className={`field field--group${invalid ? ' field--invalid' : ''}`}>
        <legend className={hideLabel ? 'visually-hidden' : 'field__label'}>{label}</legend>
        {control}
        {errorText}
      </fieldset>
    );
  }

  return (
    <div className={`field${invalid ? ' field--invalid' : ''}`}>
      {caption}
      {control}
      {errorText ?? (hint ? <p className="field__hint">{hint}</p> : null)}
    </div>
  );
};
