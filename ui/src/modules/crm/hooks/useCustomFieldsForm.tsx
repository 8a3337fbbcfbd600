import { useState, type ReactNode } from 'react';

import type { JsonValue } from '../../../bindings';
import { CustomFieldInput } from '../components/CustomFieldInput';
import {
  customFieldEntity,
  customFieldsFromDrafts,
  toCustomDraft,
  type CustomFieldDraft,
  type CustomFieldDrafts,
} from '../utils/customFields';
import { useCustomFieldDefinitions } from './useCrmLookups';

type Row = Record<string, unknown>;

export type CollectedCustomFields =
  | { ok: true; value: { [key: string]: JsonValue | undefined } | null }
  | { ok: false; message: string };

/**
 * Typed editors for the custom fields of a contact or company form, in place of the
 * `custom_fields` JSON. `collect` gives the new `custom_fields` (null when unchanged).
 */
export const useCustomFieldsForm = (table: string, record?: Row) => {
  const entity = customFieldEntity(table);
  const definitions = useCustomFieldDefinitions(entity);
  const [drafts, setDrafts] = useState<CustomFieldDrafts>({});
  const [error, setError] = useState<{ key: string; message: string } | null>(null);
  const stored = (record?.custom_fields ?? {}) as Record<string, unknown>;

  const draftOf = (key: string, type: Parameters<typeof toCustomDraft>[0]): CustomFieldDraft =>
    drafts[key] ?? toCustomDraft(type, stored[key]);

  const collect = (): CollectedCustomFields => {
    if (!entity || definitions.rows.length === 0) return { ok: true, value: null };
    const all = Object.fromEntries(definitions.rows.map((definition) => [definition.key, draftOf(definition.key, definition.field_type)]));
    const result = customFieldsFromDrafts(definitions.rows, stored, all);
    if (!result.ok) {
      setError({ key: result.key, message: result.message });
      return { ok: false, message: result.message };
    }
    setError(null);
    return { ok: true, value: result.changed ? result.value : null };
  };

  const element: ReactNode =
    entity && definitions.rows.length > 0 ? (
      <fieldset className="field field--group custom-fields-group" key="custom_fields">
        <legend className="field__label">Custom fields</legend>
        {definitions.rows.map((definition) => (
          <CustomFieldInput
            key={definition.id}
            definition={definition}
            draft={draftOf(definition.key, definition.field_type)}
            error={error?.key === definition.key ? error.message : null}
            onChange={(key, draft) => setDrafts((current) => ({ ...current, [key]: draft }))}
          />
        ))}
      </fieldset>
    ) : null;

  return { enabled: entity !== null, element, collect };
};
