import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { TableDef, TableName } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { tableSpec } from '../states/registry';
import type { FormEditor } from '../types/manifest';
import { errorField, errorReason } from '../utils/errorField';
import { formColumns, formToData, initialFormValues, type FormMode, type FormValue } from '../utils/formValues';
import { FieldInput } from './FieldInput';

type Row = Record<string, unknown>;

export type RecordFormProps = {
  def: TableDef;
  mode: FormMode;
  /** The record being edited. */
  record?: Row;
  /** Only these columns, in this order (a screen that edits the rest its own way). */
  only?: ReadonlyArray<string>;
  onSaved: (row: Row) => void;
  onCancel: () => void;
};

type FormError = { message: string; field: string | null };

const NO_EDITOR: FormEditor = { element: null, collect: () => ({ ok: true, value: null }) };
const useNoEditor = (): FormEditor => NO_EDITOR;

/** Create or edit a record of any table, with inputs generated from its columns. */
export const RecordForm = ({ def, mode, record, only, onSaved, onCancel }: RecordFormProps) => {
  const backend = useBackend();
  const formRef = useRef<HTMLFormElement>(null);
  const columns = useMemo(() => {
    const all = formColumns(def, mode);
    return only ? only.flatMap((name) => all.filter((column) => column.name === name)) : all;
  }, [def, mode, only]);
  const initial = useMemo(() => initialFormValues(def, mode, record), [def, mode, record]);
  const [values, setValues] = useState(initial);
  const [error, setError] = useState<FormError | null>(null);
  const [saving, setSaving] = useState(false);
  const table = def.name as TableName;
  // A column the table's module edits with an editor of its own (typed custom fields).
  const spec = tableSpec(table);
  const useEditor = spec.formEditor?.useEditor ?? useNoEditor;
  const editor = useEditor(mode === 'edit' ? record : undefined);
  const editedColumn = spec.formEditor?.column ?? null;
  const { CreateNotice } = spec;

  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, []);

  const showError = (message: string, field: string | null) => {
    setError({ message, field });
    const element = field ? formRef.current?.elements.namedItem(field) : null;
    if (element instanceof HTMLElement) element.focus();
  };

  const handleChange = (name: string, value: FormValue) => {
    setValues((current) => ({ ...current, [name]: value }));
  };

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (saving) return;
    const converted = formToData(columns, values, mode, initial);
    if (!converted.ok) {
      showError(converted.message, converted.field);
      return;
    }
    const edited = editor.collect();
    if (!edited.ok) {
      setError({ message: edited.message, field: null });
      return;
    }
    if (editedColumn && edited.value) converted.data[editedColumn] = edited.value;
    if (mode === 'edit' && record && Object.keys(converted.data).length === 0) {
      onSaved(record);
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const row =
        mode === 'edit' && record
          ? await backend.invoke('records_update', { table, id: String(record.id), patch: converted.data })
          : await backend.invoke('records_create', { table, data: converted.data });
      setSaving(false);
      onSaved(row);
    } catch (reason) {
      setSaving(false);
      const payload = toErrorPayload(reason);
      showError(payload.message, errorField(payload.message, columns.map((column) => column.name)));
    }
  };

  return (
    <form ref={formRef} className="record-form" noValidate onSubmit={handleSubmit}>
      <div className="record-form__fields">
        {error ? (
          <div className="form-error" role="alert">
            {error.message}
          </div>
        ) : null}
        {CreateNotice && mode === 'create' ? <CreateNotice values={values} /> : null}
        {columns.map((column) =>
          column.name === editedColumn ? (
            editor.element
          ) : (
            <FieldInput
              key={column.name}
              column={column}
              value={values[column.name] ?? ''}
              error={error?.field === column.name ? errorReason(error.message, column.name) : null}
              onChange={handleChange}
            />
          ),
        )}
      </div>
      <footer className="record-form__footer">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={saving}>
          Save
        </Button>
      </footer>
    </form>
  );
};
