import type { FieldType, FormDraft, FormField } from '../types';
import { idFromLabel, newField, uniqueId } from './definition';

/**
 * The builder's edits of a draft, each a pure function returning the next draft (the
 * builder keeps the previous ones for undo).
 */

/** Adds a new field of `type` at `index` (the end by default); returns the draft and its id. */
export const addField = (draft: FormDraft, type: FieldType, index = draft.fields.length): { draft: FormDraft; id: string } => {
  const field = newField(type, draft.fields);
  const fields = [...draft.fields];
  fields.splice(Math.max(0, Math.min(index, fields.length)), 0, field);
  return { draft: { ...draft, fields }, id: field.id };
};

/** Moves the field at `from` to `to`. */
export const moveField = (draft: FormDraft, from: number, to: number): FormDraft => {
  if (from === to || from < 0 || to < 0 || from >= draft.fields.length || to >= draft.fields.length) return draft;
  const fields = [...draft.fields];
  const [moved] = fields.splice(from, 1);
  if (!moved) return draft;
  fields.splice(to, 0, moved);
  return { ...draft, fields };
};

export const updateField = (draft: FormDraft, id: string, patch: Partial<FormField>): FormDraft => ({
  ...draft,
  fields: draft.fields.map((field) => (field.id === id ? { ...field, ...patch } : field)),
});

/** Gives a field a new id, and the conditions that named the old one name the new one. */
export const renameField = (draft: FormDraft, id: string, next: string): FormDraft => ({
  ...draft,
  fields: draft.fields.map((field) => {
    const renamed = field.id === id ? { ...field, id: next } : field;
    return renamed.show_if?.field === id ? { ...renamed, show_if: { ...renamed.show_if, field: next } } : renamed;
  }),
});

/** The id a field's label gives it, unique among the other fields. */
export const idForLabel = (draft: FormDraft, id: string, label: string): string =>
  uniqueId(
    idFromLabel(label),
    draft.fields.filter((field) => field.id !== id).map((field) => field.id),
  );

/** Removes a field, and the conditions of other fields that depended on it. */
export const removeField = (draft: FormDraft, id: string): FormDraft => ({
  ...draft,
  fields: draft.fields
    .filter((field) => field.id !== id)
    .map((field) => {
      if (field.show_if?.field !== id) return field;
      const rest = { ...field };
      delete rest.show_if;
      return rest;
    }),
});

/** A copy of the field right after it, with a fresh id. */
export const duplicateField = (draft: FormDraft, id: string): { draft: FormDraft; id: string } => {
  const index = draft.fields.findIndex((field) => field.id === id);
  const original = draft.fields[index];
  if (!original) return { draft, id };
  const copy: FormField = {
    ...structuredClone(original),
    id: uniqueId(`${original.id}_copy`, draft.fields.map((field) => field.id)),
    label: `${original.label} (copy)`,
  };
  const fields = [...draft.fields];
  fields.splice(index + 1, 0, copy);
  return { draft: { ...draft, fields }, id: copy.id };
};
