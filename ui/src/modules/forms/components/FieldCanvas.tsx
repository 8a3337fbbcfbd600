import type { KeyboardEvent } from 'react';
import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  useSensor,
  useSensors,
  type DragEndEvent,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Copy, GitBranch, GripVertical, Link2, Trash2 } from 'lucide-react';

import type { FormField } from '../types';
import { CONTACT_TARGETS, typeName } from '../utils/definition';
import { FieldIcon } from './fieldIcons';

export type FieldCanvasProps = {
  fields: ReadonlyArray<FormField>;
  selectedId: string | null;
  errors: Record<string, string>;
  /** The form's title and submit button, drawn around the fields. */
  title: string;
  submitLabel: string;
  accent: string;
  onSelect: (id: string) => void;
  onMove: (from: number, to: number) => void;
  onDuplicate: (id: string) => void;
  onRemove: (id: string) => void;
};

/** Where a drag ends: the dragged field's index and the index of the field it was dropped on. */
export const dropMove = (fields: ReadonlyArray<FormField>, active: UniqueIdentifier, over: UniqueIdentifier | null): { from: number; to: number } | null => {
  if (over === null || active === over) return null;
  const from = fields.findIndex((field) => field.id === active);
  const to = fields.findIndex((field) => field.id === over);
  return from < 0 || to < 0 ? null : { from, to };
};

const mappedLabel = (mapTo: string): string =>
  mapTo.startsWith('custom_fields.') ? mapTo.slice('custom_fields.'.length) : (CONTACT_TARGETS.find((target) => target.value === mapTo)?.label ?? mapTo);

/** How the field looks to a visitor, drawn small (not interactive). */
const FieldSample = ({ field }: { field: FormField }) => {
  switch (field.type) {
    case 'textarea':
      return <div className="field-sample field-sample--area">{field.placeholder}</div>;
    case 'select':
    case 'multi_select':
      return (
        <ul className="field-sample__options">
          {(field.options ?? []).slice(0, 4).map((option, index) => (
            <li key={`${option}-${index}`}>
              <span className={`field-sample__mark${field.type === 'multi_select' ? ' field-sample__mark--square' : ''}`} aria-hidden="true" />
              {option || <span className="muted">Empty option</span>}
            </li>
          ))}
          {(field.options ?? []).length > 4 ? <li className="muted">+{(field.options ?? []).length - 4} more</li> : null}
        </ul>
      );
    case 'checkbox':
    case 'consent':
      return null;
    case 'rating':
      return (
        <div className="field-sample__stars" aria-hidden="true">
          {'★'.repeat(Math.min(field.max ?? 5, 10))}
        </div>
      );
    case 'hidden':
      return <div className="field-sample field-sample--hidden">Filled from the page address: ?{field.id}=…</div>;
    case 'file':
      return <div className="field-sample field-sample--file">Choose a file</div>;
    default:
      return <div className="field-sample">{field.placeholder}</div>;
  }
};

type FieldCardProps = {
  field: FormField;
  index: number;
  count: number;
  selected: boolean;
  error?: string;
  onSelect: () => void;
  onMove: (by: number) => void;
  onDuplicate: () => void;
  onRemove: () => void;
};

const FieldCard = ({ field, index, count, selected, error, onSelect, onMove, onDuplicate, onRemove }: FieldCardProps) => {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: field.id });
  const inline = field.type === 'checkbox' || field.type === 'consent';

  // Alt+↑/↓ on the card moves it; Delete removes it (the handle's Space/arrows drag it).
  const handleKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    if (event.altKey && event.key === 'ArrowUp' && index > 0) {
      event.preventDefault();
      onMove(-1);
    } else if (event.altKey && event.key === 'ArrowDown' && index < count - 1) {
      event.preventDefault();
      onMove(1);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect();
    }
  };

  return (
    <div
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={`field-card${selected ? ' is-selected' : ''}${isDragging ? ' is-dragging' : ''}${error ? ' is-invalid' : ''}`}
      role="listitem"
      tabIndex={0}
      aria-label={`${field.label || 'Untitled'}, ${typeName(field.type)}, field ${index + 1} of ${count}`}
      aria-current={selected ? 'true' : undefined}
      data-field-id={field.id}
      onClick={onSelect}
      onKeyDown={handleKeyDown}
    >
      <button
        ref={setActivatorNodeRef}
        type="button"
        className="field-card__handle"
        aria-label={`Reorder ${field.label || 'field'}`}
        title="Drag to reorder (or Alt+↑/↓)"
        {...attributes}
        {...listeners}
        onClick={(event) => event.stopPropagation()}
      >
        <GripVertical size={15} />
      </button>
      <div className="field-card__body">
        <div className="field-card__top">
          <span className="field-card__type">
            <FieldIcon type={field.type} size={13} />
            {typeName(field.type)}
          </span>
          {field.map_to ? (
            <span className="field-card__tag" title="Saved to the contact">
              <Link2 size={12} aria-hidden="true" />
              {mappedLabel(field.map_to)}
            </span>
          ) : null}
          {field.show_if ? (
            <span className="field-card__tag field-card__tag--logic" title="Shown only when its condition holds">
              <GitBranch size={12} aria-hidden="true" />
              Conditional
            </span>
          ) : null}
          <span className="field-card__actions">
            <button
              type="button"
              className="icon-button"
              aria-label={`Duplicate ${field.label || 'field'}`}
              title="Duplicate"
              onClick={(event) => {
                event.stopPropagation();
                onDuplicate();
              }}
            >
              <Copy size={14} />
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove ${field.label || 'field'}`}
              title="Remove"
              onClick={(event) => {
                event.stopPropagation();
                onRemove();
              }}
            >
              <Trash2 size={14} />
            </button>
          </span>
        </div>
        <div className={`field-card__label${inline ? ' field-card__label--inline' : ''}`}>
          {inline ? <span className="field-sample__mark field-sample__mark--square" aria-hidden="true" /> : null}
          {field.label || <span className="muted">Untitled field</span>}
          {field.required ? (
            <span className="field-card__required" aria-label="required">
              *
            </span>
          ) : null}
        </div>
        {field.help ? <div className="field-card__help">{field.help}</div> : null}
        <FieldSample field={field} />
        {error ? (
          <p className="field-card__error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
    </div>
  );
};

/** The form as a column of field cards, reordered by dragging their handles or from the keyboard. */
export const FieldCanvas = ({ fields, selectedId, errors, title, submitLabel, accent, onSelect, onMove, onDuplicate, onRemove }: FieldCanvasProps) => {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const handleDragEnd = ({ active, over }: DragEndEvent) => {
    const move = dropMove(fields, active.id, over?.id ?? null);
    if (move) onMove(move.from, move.to);
  };

  return (
    <section className="field-canvas" aria-label="Form fields">
      <div className="field-canvas__page" style={{ ['--form-accent' as string]: accent }}>
        <h2 className="field-canvas__title">{title || 'Untitled form'}</h2>
        {fields.length === 0 ? (
          <div className="field-canvas__empty">
            <p>This form has no fields yet.</p>
            <p className="muted">Pick a field type on the left to add the first question.</p>
          </div>
        ) : (
          <DndContext
            sensors={sensors}
            collisionDetection={closestCenter}
            onDragEnd={handleDragEnd}
            accessibility={{
              screenReaderInstructions: { draggable: 'To reorder a field, press Space, use the arrow keys to move it, and Space again to drop it. Escape cancels.' },
            }}
          >
            <SortableContext items={fields.map((field) => field.id)} strategy={verticalListSortingStrategy}>
              <div className="field-canvas__list" role="list" aria-label="Fields">
                {fields.map((field, index) => (
                  <FieldCard
                    key={field.id}
                    field={field}
                    index={index}
                    count={fields.length}
                    selected={field.id === selectedId}
                    error={errors[field.id]}
                    onSelect={() => onSelect(field.id)}
                    onMove={(by) => onMove(index, index + by)}
                    onDuplicate={() => onDuplicate(field.id)}
                    onRemove={() => onRemove(field.id)}
                  />
                ))}
              </div>
            </SortableContext>
          </DndContext>
        )}
        <div className="field-canvas__submit">
          <span className="field-canvas__submit-button" style={{ backgroundColor: accent }}>
            {submitLabel || 'Submit'}
          </span>
        </div>
      </div>
    </section>
  );
};
