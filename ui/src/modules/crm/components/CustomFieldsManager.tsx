import { useState } from 'react';
import { ArrowDown, ArrowUp, ListPlus, Pencil, Plus, Trash2 } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { CrmEntity, CustomFieldDefinition } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { EmptyState } from '../../../ui/EmptyState';
import { Spinner } from '../../../ui/Spinner';
import { Tabs } from '../../../ui/Tabs';
import { useToast } from '../../../ui/Toasts';
import { useCustomFieldDefinitions } from '../hooks/useCrmLookups';
import { CUSTOM_FIELD_TYPE_LABELS } from '../utils/customFields';
import { CustomFieldDialog } from './CustomFieldDialog';

const ENTITIES: ReadonlyArray<{ id: CrmEntity; label: string }> = [
  { id: 'contacts', label: 'Contact fields' },
  { id: 'companies', label: 'Company fields' },
];

type Editing = { field: CustomFieldDefinition | null } | null;

/** `fields` in their order with the one at `from` moved to `to`. */
export const moveField = <T,>(fields: ReadonlyArray<T>, from: number, to: number): T[] => {
  const next = [...fields];
  const [moved] = next.splice(from, 1);
  if (moved !== undefined) next.splice(to, 0, moved);
  return next;
};

/** The custom fields of contacts and companies: define, edit, reorder, delete. */
export const CustomFieldsManager = () => {
  const backend = useBackend();
  const toast = useToast();
  const [entity, setEntity] = useState<CrmEntity>('contacts');
  const definitions = useCustomFieldDefinitions(entity);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<CustomFieldDefinition | null>(null);
  const [moving, setMoving] = useState(false);
  const fields = definitions.rows;
  const { reload } = definitions;

  const handleMove = async (from: number, to: number) => {
    if (to < 0 || to >= fields.length || moving) return;
    setMoving(true);
    // Positions become 0, 1, 2, … in the new order; only fields whose position changes are saved.
    const order = moveField(fields, from, to);
    try {
      for (const [position, field] of order.entries()) {
        if (field.position !== position) {
          await backend.invoke('records_update', { table: 'custom_field_definitions', id: field.id, patch: { position } });
        }
      }
    } catch (reason) {
      toast.showError('Could not reorder the fields', toErrorPayload(reason).message);
    } finally {
      setMoving(false);
      reload();
    }
  };

  const handleDelete = async (field: CustomFieldDefinition) => {
    try {
      await backend.invoke('records_delete', { table: 'custom_field_definitions', id: field.id });
      setDeleting(null);
      reload();
      toast.showSuccess(`Field “${field.label}” deleted`, {
        label: 'Undo',
        onAction: () => {
          backend.invoke('records_restore', { table: 'custom_field_definitions', id: field.id }).then(reload, (reason: unknown) =>
            toast.showError('Could not restore the field', toErrorPayload(reason).message),
          );
        },
      });
    } catch (reason) {
      toast.showError(`Could not delete “${field.label}”`, toErrorPayload(reason).message);
    }
  };

  const renderBody = () => {
    if (definitions.loading && fields.length === 0) {
      return (
        <div className="table-placeholder">
          <Spinner label="Loading fields…" />
        </div>
      );
    }
    if (definitions.error) {
      return <EmptyState icon={<ListPlus size={20} />} title="Could not load the fields" description={definitions.error.message} action={<Button onClick={reload}>Try again</Button>} />;
    }
    if (fields.length === 0) {
      return (
        <EmptyState
          icon={<ListPlus size={20} />}
          title={`No ${entity === 'contacts' ? 'contact' : 'company'} fields yet`}
          description="Custom fields keep what your agency tracks beyond the built-in fields: budget, preferred channel, account tier."
          action={
            <Button variant="primary" icon={<Plus size={14} />} onClick={() => setEditing({ field: null })}>
              New field
            </Button>
          }
        />
      );
    }
    return (
      <table className="records settings-table" aria-label={ENTITIES.find((item) => item.id === entity)?.label}>
        <thead>
          <tr>
            <th>Label</th>
            <th>Key</th>
            <th>Type</th>
            <th>Options</th>
            <th className="settings-table__actions">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {fields.map((field, index) => (
            <tr key={field.id} data-id={field.id} onClick={() => setEditing({ field })}>
              <td className="settings-table__name">{field.label}</td>
              <td className="mono">{field.key}</td>
              <td>{CUSTOM_FIELD_TYPE_LABELS[field.field_type]}</td>
              <td className="settings-table__options">{field.options.length > 0 ? field.options.join(', ') : <span className="muted">—</span>}</td>
              <td className="settings-table__actions" onClick={(event) => event.stopPropagation()}>
                <button type="button" className="icon-button" aria-label={`Move ${field.label} up`} title="Move up" disabled={moving || index === 0} onClick={() => void handleMove(index, index - 1)}>
                  <ArrowUp size={14} />
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Move ${field.label} down`}
                  title="Move down"
                  disabled={moving || index === fields.length - 1}
                  onClick={() => void handleMove(index, index + 1)}
                >
                  <ArrowDown size={14} />
                </button>
                <button type="button" className="icon-button" aria-label={`Edit ${field.label}`} title="Edit" onClick={() => setEditing({ field })}>
                  <Pencil size={14} />
                </button>
                <button type="button" className="icon-button icon-button--danger" aria-label={`Delete ${field.label}`} title="Delete" onClick={() => setDeleting(field)}>
                  <Trash2 size={14} />
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  };

  return (
    <section className="records-view" aria-label="Custom fields">
      <div className="toolbar">
        <div className="segmented">
          <Tabs label="Records the fields belong to" items={ENTITIES} selected={entity} onSelect={setEntity} />
        </div>
        <div className="toolbar__spacer" />
        <Button variant="primary" icon={<Plus size={14} />} onClick={() => setEditing({ field: null })}>
          New field
        </Button>
      </div>
      <div className="table-scroll">{renderBody()}</div>
      {editing ? (
        <CustomFieldDialog entity={entity} field={editing.field} fields={fields} onClose={() => setEditing(null)} onSaved={reload} />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={`Delete the field “${deleting.label}”?`}
          confirmLabel="Delete field"
          danger
          onConfirm={() => handleDelete(deleting)}
          onClose={() => setDeleting(null)}
        >
          <p>
            It disappears from every {entity === 'contacts' ? 'contact' : 'company'} page. The values already saved under <code>{deleting.key}</code> stay on the
            records, and come back if you define a field with the same key.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
};
