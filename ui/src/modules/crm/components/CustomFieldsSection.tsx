import { useRef, useState, type FormEvent } from 'react';
import { Pencil } from 'lucide-react';

import type { CustomFieldDefinition, ErrorPayload } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { Spinner } from '../../../ui/Spinner';
import { customFieldsFromDrafts, formatCustomValue, initialCustomDrafts, isHttpUrl, type CustomFieldDrafts } from '../utils/customFields';
import { CustomFieldInput } from './CustomFieldInput';
import { DetailSection } from './DetailSection';
import { ExternalAnchor } from './DetailValue';

export type CustomFieldsSectionProps = {
  definitions: ReadonlyArray<CustomFieldDefinition>;
  loading: boolean;
  /** The record's `custom_fields`. */
  values: unknown;
  readOnly: boolean;
  /** Where custom fields are defined, for the empty state's link. */
  manageHref: string;
  onSave: (patch: Record<string, unknown>) => Promise<ErrorPayload | null>;
};

type SectionError = { message: string; key: string | null };

const CustomValue = ({ definition, value }: { definition: CustomFieldDefinition; value: unknown }) => {
  if (definition.field_type === 'url' && typeof value === 'string' && isHttpUrl(value)) return <ExternalAnchor href={value} />;
  if (definition.field_type === 'multi_select' && Array.isArray(value) && value.length > 0) {
    return (
      <span className="chips">
        {value.map((item) => (
          <span key={String(item)} className="chip">
            {String(item)}
          </span>
        ))}
      </span>
    );
  }
  const text = formatCustomValue(definition.field_type, value);
  return text ? <span>{text}</span> : <span className="muted">—</span>;
};

/** The record's custom fields, as the organisation defined them, with typed editors. */
export const CustomFieldsSection = ({ definitions, loading, values, readOnly, manageHref, onSave }: CustomFieldsSectionProps) => {
  const formRef = useRef<HTMLFormElement>(null);
  const [drafts, setDrafts] = useState<CustomFieldDrafts | null>(null);
  const [error, setError] = useState<SectionError | null>(null);
  const [saving, setSaving] = useState(false);
  const stored = typeof values === 'object' && values !== null ? (values as Record<string, unknown>) : {};

  const handleEdit = () => {
    setDrafts(initialCustomDrafts(definitions, values));
    setError(null);
  };

  const handleCancel = () => {
    setDrafts(null);
    setError(null);
  };

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!drafts || saving) return;
    const result = customFieldsFromDrafts(definitions, values, drafts);
    if (!result.ok) {
      setError({ message: result.message, key: result.key });
      formRef.current?.querySelector<HTMLElement>(`[name="custom_fields.${result.key}"]`)?.focus();
      return;
    }
    if (!result.changed) {
      handleCancel();
      return;
    }
    setSaving(true);
    const failure = await onSave({ custom_fields: result.value });
    setSaving(false);
    if (failure) {
      setError({ message: failure.message, key: null });
      return;
    }
    handleCancel();
  };

  const renderBody = () => {
    if (loading && definitions.length === 0) return <Spinner label="Loading custom fields…" />;
    if (definitions.length === 0) {
      // Defining fields is a change: a read-only view only says there are none.
      return readOnly ? (
        <p className="detail-empty">No custom fields yet.</p>
      ) : (
        <p className="detail-empty">
          No custom fields yet. <a href={manageHref}>Define fields</a> to keep your own data here.
        </p>
      );
    }
    if (drafts) {
      return (
        <form
          ref={formRef}
          className="detail-form"
          noValidate
          onSubmit={handleSubmit}
          data-local-escape
          onKeyDown={(event) => {
            // Escape leaves the form, not the whole panel.
            if (event.key === 'Escape') {
              event.stopPropagation();
              handleCancel();
            }
          }}
        >
          {error && error.key === null ? (
            <div className="form-error" role="alert">
              {error.message}
            </div>
          ) : null}
          {definitions.map((definition) => (
            <CustomFieldInput
              key={definition.id}
              definition={definition}
              draft={drafts[definition.key] ?? ''}
              error={error?.key === definition.key ? error.message : null}
              onChange={(key, draft) => setDrafts((current) => (current ? { ...current, [key]: draft } : current))}
            />
          ))}
          <div className="detail-form__actions">
            <Button onClick={handleCancel} disabled={saving}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" disabled={saving}>
              {saving ? 'Saving…' : 'Save'}
            </Button>
          </div>
        </form>
      );
    }
    return (
      <dl className="detail-fields">
        {definitions.map((definition) => (
          <div key={definition.id} className="detail-fields__row" data-field={`custom_fields.${definition.key}`}>
            <dt>{definition.label}</dt>
            <dd>
              <CustomValue definition={definition} value={stored[definition.key]} />
            </dd>
          </div>
        ))}
      </dl>
    );
  };

  return (
    <DetailSection
      title="Custom fields"
      action={
        readOnly || drafts || definitions.length === 0 ? null : (
          <Button variant="ghost" className="button--small" icon={<Pencil size={13} />} aria-label="Edit custom fields" onClick={handleEdit}>
            Edit
          </Button>
        )
      }
    >
      {renderBody()}
    </DetailSection>
  );
};
