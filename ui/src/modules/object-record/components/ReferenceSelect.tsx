import type { ChangeEvent } from 'react';

import type { TableName } from '../../../bindings';
import { useReferenceOptions } from '../hooks/useReferences';

export type ReferenceSelectProps = {
  id: string;
  name: string;
  table: TableName;
  value: string;
  nullable: boolean;
  invalid: boolean;
  required: boolean;
  onChange: (value: string) => void;
};

/** A foreign key as a choice among the first records of the table it points at. */
export const ReferenceSelect = ({ id, name, table, value, nullable, invalid, required, onChange }: ReferenceSelectProps) => {
  const { options, error } = useReferenceOptions(table);
  const known = options?.some((option) => option.value === value) ?? false;
  const handleChange = (event: ChangeEvent<HTMLSelectElement>) => onChange(event.target.value);
  return (
    <>
      <select
        id={id}
        name={name}
        className="input"
        value={value}
        aria-invalid={invalid || undefined}
        aria-required={required || undefined}
        onChange={handleChange}
      >
        <option value="">{nullable ? '— none —' : options === null && !error ? 'Loading…' : 'Select…'}</option>
        {value && !known ? <option value={value}>{value}</option> : null}
        {(options ?? []).map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {error ? <p className="field__hint field__hint--error">Could not load choices: {error}</p> : null}
    </>
  );
};
