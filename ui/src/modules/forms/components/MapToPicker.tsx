import { useMemo } from 'react';

import type { ListQuery } from '../../../bindings';
import { useRows } from '../../object-record/hooks/useRows';
import type { FormField } from '../types';
import { CONTACT_TARGETS } from '../utils/definition';

/** The contacts' custom fields, in their order, through the generic records API. */
const CONTACT_CUSTOM_FIELDS: ListQuery = {
  filters: [{ field: 'entity', op: 'eq', value: 'contacts' }],
  sort: { field: 'position', desc: false },
  limit: 1000,
  deleted: 'exclude',
};

export type MapToPickerProps = {
  id: string;
  field: FormField;
  /** The other fields of the form: a target another field fills is marked. */
  others: ReadonlyArray<FormField>;
  onChange: (mapTo: string | undefined) => void;
};

/** Which contact column (or custom field) the answer fills. */
export const MapToPicker = ({ id, field, others, onChange }: MapToPickerProps) => {
  const custom = useRows('custom_field_definitions', CONTACT_CUSTOM_FIELDS);
  const usedBy = useMemo(() => {
    const map = new Map<string, string>();
    for (const other of others) if (other.map_to) map.set(other.map_to, other.label || other.id);
    return map;
  }, [others]);
  const label = (value: string, text: string) => (usedBy.has(value) ? `${text} (also “${usedBy.get(value)}”)` : text);

  return (
    <select id={id} className="input" value={field.map_to ?? ''} onChange={(event) => onChange(event.target.value || undefined)}>
      <option value="">Not saved to the contact</option>
      <optgroup label="Contact">
        {CONTACT_TARGETS.map((target) => (
          <option key={target.value} value={target.value}>
            {label(target.value, target.label)}
          </option>
        ))}
      </optgroup>
      {custom.rows.length > 0 ? (
        <optgroup label="Custom fields">
          {custom.rows.map((definition) => (
            <option key={definition.id} value={`custom_fields.${definition.key}`}>
              {label(`custom_fields.${definition.key}`, definition.label)}
            </option>
          ))}
        </optgroup>
      ) : null}
      {field.map_to && !CONTACT_TARGETS.some((target) => target.value === field.map_to) && !custom.rows.some((row) => `custom_fields.${row.key}` === field.map_to) ? (
        <option value={field.map_to}>{field.map_to}</option>
      ) : null}
    </select>
  );
};
