import { useMemo, useRef, useState, type FormEvent } from 'react';
import { Pencil } from 'lucide-react';

import type { Column, ErrorPayload, TableDef } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { FieldInput } from '../../object-record/components/FieldInput';
import { errorField, errorReason } from '../../object-record/utils/errorField';
import { formToData, toFormValue, type FormValue, type FormValues } from '../../object-record/utils/formValues';
import { columnLabel } from '../../object-record/utils/labels';
import { DetailSection } from './DetailSection';
import { DetailValue } from './DetailValue';

type Row = Record<string, unknown>;

export type EditableFieldsSectionProps = {
  title: string;
  def: TableDef;
  row: Row;
  /** The columns shown, in order. */
  fields: ReadonlyArray<string>;
  /** Label overrides, by column. */
  labels?: Partial<Record<string, string>>;
  readOnly: boolean;
  /** Values without their labels (a section holding one field, such as the address). */
  bare?: boolean;
  /** Saves a patch; resolves with the backend's error, or null when saved. */
  onSave: (patch: Record<string, unknown>) => Promise<ErrorPayload | null>;
};

type SectionError = { message: string; field: string | null };

/** A block of fields shown as label and value, with Edit turning it into a small form. */
export const EditableFieldsSection = ({ title, def, row, fields, labels = {}, readOnly, bare = false, onSave }: EditableFieldsSectionProps) => {
  const formRef = useRef<HTMLFormElement>(null);
  const columns = useMemo(
    () => fields.flatMap((name) => def.columns.filter((column) => column.name === name)),
    [def, fields],
  );
  const [values, setValues] = useState<FormValues | null>(null);
  const [initial, setInitial] = useState<FormValues>({});
  const [error, setError] = useState<SectionError | null>(null);
  const [saving, setSaving] = useState(false);
  const editing = values !== null;
  const names = columns.map((column) => column.name);

  const handleEdit = () => {
    const start = Object.fromEntries(columns.map((column) => [column.name, toFormValue(column, row[column.name])]));
    setInitial(start);
    setValues(start);
    setError(null);
    // Focus the first input once the form is there.
    window.setTimeout(() => formRef.current?.querySelector<HTMLElement>('input, select, textarea')?.focus(), 0);
  };

  const handleCancel = () => {
    setValues(null);
    setError(null);
  };

  const showError = (message: string, field: string | null) => {
    setError({ message, field });
    const element = field ? formRef.current?.querySelector<HTMLElement>(`[name="${field}"], [name^="${field}."]`) : null;
    element?.focus();
  };

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!values || saving) return;
    const converted = formToData(columns, values, 'edit', initial);
    if (!converted.ok) {
      showError(converted.message, converted.field);
      return;
    }
    if (Object.keys(converted.data).length === 0) {
      handleCancel();
      return;
    }
    setSaving(true);
    const failure = await onSave(converted.data);
    setSaving(false);
    if (failure) {
      showError(failure.message, errorField(failure.message, names));
      return;
    }
    handleCancel();
  };

  const label = (column: Column) => labels[column.name] ?? columnLabel(column.name);

  return (
    <DetailSection
      title={title}
      action={
        readOnly || editing ? null : (
          <Button variant="ghost" className="button--small" icon={<Pencil size={13} />} aria-label={`Edit ${title.toLowerCase()}`} onClick={handleEdit}>
            Edit
          </Button>
        )
      }
    >
      {editing ? (
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
          {error ? (
            <div className="form-error" role="alert">
              {error.message}
            </div>
          ) : null}
          {columns.map((column) => (
            <FieldInput
              key={column.name}
              column={column}
              label={labels[column.name]}
              hideLabel={bare}
              value={values[column.name] ?? ''}
              error={error?.field === column.name ? errorReason(error.message, column.name) : null}
              onChange={(name: string, value: FormValue) => setValues((current) => (current ? { ...current, [name]: value } : current))}
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
      ) : (
        <dl className={`detail-fields${bare ? ' detail-fields--bare' : ''}`}>
          {columns.map((column) => (
            <div key={column.name} className="detail-fields__row" data-field={column.name}>
              <dt className={bare ? 'visually-hidden' : undefined}>{label(column)}</dt>
              <dd>
                <DetailValue column={column} value={row[column.name]} />
              </dd>
            </div>
          ))}
        </dl>
      )}
    </DetailSection>
  );
};
