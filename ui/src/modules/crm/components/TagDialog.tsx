import { useState, type FormEvent } from 'react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { Tag, TagType } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { Dialog } from '../../../ui/Dialog';
import { useToast } from '../../../ui/Toasts';
import { TAG_PALETTE, isHexColour } from '../../../ui/colours';
import { undoBatchAction } from '../utils/undo';
import { errorField, errorReason } from '../../object-record/utils/errorField';
import { carriersText } from '../utils/tagSort';
import { ColourPicker } from '../../../ui/ColourPicker';

export const TAG_TYPES: ReadonlyArray<{ value: TagType; label: string; hint: string }> = [
  { value: 'contact', label: 'Contact', hint: 'for contacts' },
  { value: 'company', label: 'Company', hint: 'for companies' },
  { value: 'general', label: 'General', hint: 'for contacts and companies' },
];

export type TagDialogProps = {
  /** The tag to edit; null creates one. */
  tag: Tag | null;
  onClose: () => void;
  /** After a change was saved (or undone): reload the tags. */
  onSaved: () => void;
};

type DialogError = { message: string; field: string | null };

/**
 * Create a tag, or change one: colour and type are saved on the tag; a new name goes through
 * `tag_rename`, which renames it on every record that carries it (undoable).
 */
export const TagDialog = ({ tag, onClose, onSaved }: TagDialogProps) => {
  const backend = useBackend();
  const toast = useToast();
  const [name, setName] = useState(tag?.name ?? '');
  const [colour, setColour] = useState(tag?.color ?? TAG_PALETTE[0] ?? '#2563eb');
  const [type, setType] = useState<TagType>(tag?.type ?? 'contact');
  const [error, setError] = useState<DialogError | null>(null);
  const [saving, setSaving] = useState(false);

  const trimmed = name.trim();
  const renaming = tag !== null && trimmed !== '' && trimmed !== tag.name;
  const carried = tag !== null && tag.usage_count > 0;

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (saving) return;
    if (!trimmed) {
      setError({ message: 'name: is required', field: 'name' });
      return;
    }
    if (!isHexColour(colour)) {
      setError({ message: `color: must be a hex colour such as #2563eb, got "${colour}"`, field: 'color' });
      return;
    }
    setSaving(true);
    setError(null);
    try {
      if (!tag) {
        await backend.invoke('records_create', { table: 'tags', data: { name: trimmed, color: colour.trim(), type } });
        toast.showSuccess(`Tag “${trimmed}” created`);
      } else {
        const patch: Record<string, unknown> = {};
        if (colour.trim().toLowerCase() !== (tag.color ?? '').toLowerCase()) patch.color = colour.trim();
        if (type !== tag.type) patch.type = type;
        if (Object.keys(patch).length > 0) await backend.invoke('records_update', { table: 'tags', id: tag.id, patch });
        if (renaming) {
          const result = await backend.invoke('tag_rename', { id: tag.id, name: trimmed });
          toast.showSuccess(
            `Renamed “${tag.name}” to “${trimmed}” on ${result.changed.toLocaleString()} ${result.changed === 1 ? 'record' : 'records'}`,
            undoBatchAction(backend, toast, result.batch_id, onSaved),
          );
        } else if (Object.keys(patch).length > 0) {
          toast.showSuccess('Tag saved');
        }
      }
      setSaving(false);
      onSaved();
      onClose();
    } catch (reason) {
      setSaving(false);
      const payload = toErrorPayload(reason);
      setError({ message: payload.message, field: errorField(payload.message, ['name', 'color', 'type']) });
      // Colour or type may have been saved before the rename failed.
      if (tag) onSaved();
    }
  };

  const fieldError = (field: string) =>
    error?.field === field ? <p className="field__hint field__hint--error">{errorReason(error.message, field)}</p> : null;

  return (
    <Dialog title={tag ? `Edit tag “${tag.name}”` : 'New tag'} onClose={onClose}>
      <form className="dialog-form" noValidate onSubmit={handleSubmit}>
        {error && error.field === null ? (
          <div className="form-error" role="alert">
            {error.message}
          </div>
        ) : null}
        <div className={`field${error?.field === 'name' ? ' field--invalid' : ''}`}>
          <label className="field__label" htmlFor="tag-name">
            Name
          </label>
          <input
            id="tag-name"
            name="name"
            className="input"
            type="text"
            autoFocus
            autoComplete="off"
            value={name}
            aria-invalid={error?.field === 'name' || undefined}
            onChange={(event) => setName(event.target.value)}
          />
          {fieldError('name')}
        </div>
        {renaming && carried ? (
          <p className="notice" role="note">
            “{tag.name}” is on {carriersText(tag)}. Renaming it changes it on all of them; you can undo it right after.
          </p>
        ) : null}
        <div className={`field${error?.field === 'color' ? ' field--invalid' : ''}`}>
          <span className="field__label">Colour</span>
          <ColourPicker value={colour} onChange={setColour} />
          {fieldError('color')}
        </div>
        <div className={`field${error?.field === 'type' ? ' field--invalid' : ''}`}>
          <label className="field__label" htmlFor="tag-type">
            Used for
          </label>
          <select id="tag-type" name="type" className="input" value={type} onChange={(event) => setType(event.target.value as TagType)}>
            {TAG_TYPES.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label} — {option.hint}
              </option>
            ))}
          </select>
          {fieldError('type')}
        </div>
        <div className="dialog-form__actions">
          <Button onClick={onClose} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" disabled={saving}>
            {!tag ? 'Create tag' : renaming && carried ? `Rename on ${carriersText(tag)}` : 'Save'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
};
