import { useMemo, useState } from 'react';
import { Pencil, Plus, Tag as TagIcon, Trash2 } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { Tag, TagType } from '../../../bindings';
import { Badge } from '../../../ui/Badge';
import { Button } from '../../../ui/Button';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { EmptyState } from '../../../ui/EmptyState';
import { Spinner } from '../../../ui/Spinner';
import { useToast } from '../../../ui/Toasts';
import { TagChip } from './TagChip';
import { useTags } from '../hooks/useCrmLookups';
import { undoBatchAction } from '../utils/undo';
import { carriersText, sortTags, type TagSort } from '../utils/tagSort';
import { TagDialog, TAG_TYPES } from './TagDialog';

type Editing = { tag: Tag | null } | null;

const TYPE_TONES: Record<TagType, 'blue' | 'purple' | 'gray'> = { contact: 'blue', company: 'purple', general: 'gray' };

/** Every tag of the organisation: colour, type, how many records carry it; create, edit, delete. */
export const TagsManager = () => {
  const backend = useBackend();
  const toast = useToast();
  const tags = useTags();
  const [sort, setSort] = useState<TagSort>('name');
  const [typeFilter, setTypeFilter] = useState<TagType | 'all'>('all');
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Tag | null>(null);
  const { reload } = tags;

  const shown = useMemo(
    () => sortTags(typeFilter === 'all' ? tags.rows : tags.rows.filter((tag) => tag.type === typeFilter), sort),
    [tags.rows, sort, typeFilter],
  );

  const handleDelete = async (tag: Tag) => {
    try {
      const result = await backend.invoke('tag_remove', { id: tag.id });
      setDeleting(null);
      reload();
      toast.showSuccess(
        `Deleted “${tag.name}”${result.changed > 0 ? ` and took it off ${result.changed.toLocaleString()} ${result.changed === 1 ? 'record' : 'records'}` : ''}`,
        undoBatchAction(backend, toast, result.batch_id, reload),
      );
    } catch (reason) {
      toast.showError(`Could not delete “${tag.name}”`, toErrorPayload(reason).message);
    }
  };

  const renderBody = () => {
    if (tags.loading && tags.rows.length === 0) {
      return (
        <div className="table-placeholder">
          <Spinner label="Loading tags…" />
        </div>
      );
    }
    if (tags.error) {
      return (
        <EmptyState
          icon={<TagIcon size={20} />}
          title="Could not load tags"
          description={tags.error.message}
          action={<Button onClick={reload}>Try again</Button>}
        />
      );
    }
    if (tags.rows.length === 0) {
      return (
        <EmptyState
          icon={<TagIcon size={20} />}
          title="No tags yet"
          description="Tags group contacts and companies: vip, newsletter, partner. Add one here, or type a new tag on a contact."
          action={
            <Button variant="primary" icon={<Plus size={14} />} onClick={() => setEditing({ tag: null })}>
              New tag
            </Button>
          }
        />
      );
    }
    return (
      <table className="records settings-table" aria-label="Tags">
        <thead>
          <tr>
            <th>Tag</th>
            <th>Used for</th>
            <th className="align-right">Used on</th>
            <th className="settings-table__actions">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((tag) => (
            <tr key={tag.id} data-id={tag.id} onClick={() => setEditing({ tag })}>
              <td>
                <TagChip name={tag.name} colour={tag.color} />
              </td>
              <td>
                <Badge tone={TYPE_TONES[tag.type]}>{TAG_TYPES.find((option) => option.value === tag.type)?.label ?? tag.type}</Badge>
              </td>
              <td className="align-right num" data-testid="usage">
                {carriersText(tag)}
              </td>
              <td className="settings-table__actions" onClick={(event) => event.stopPropagation()}>
                <button type="button" className="icon-button" aria-label={`Edit ${tag.name}`} title="Edit" onClick={() => setEditing({ tag })}>
                  <Pencil size={14} />
                </button>
                <button type="button" className="icon-button icon-button--danger" aria-label={`Delete ${tag.name}`} title="Delete" onClick={() => setDeleting(tag)}>
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
    <section className="records-view" aria-label="Tags">
      <div className="toolbar">
        <span className="toolbar__count" data-testid="tag-count">
          {tags.rows.length > 0 ? `${shown.length.toLocaleString()} ${shown.length === 1 ? 'tag' : 'tags'}` : ''}
        </span>
        <div className="toolbar__spacer" />
        <label className="toolbar__select">
          <span>Type</span>
          <select className="input input--small" value={typeFilter} onChange={(event) => setTypeFilter(event.target.value as TagType | 'all')}>
            <option value="all">All</option>
            {TAG_TYPES.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <label className="toolbar__select">
          <span>Sort</span>
          <select className="input input--small" aria-label="Sort tags" value={sort} onChange={(event) => setSort(event.target.value as TagSort)}>
            <option value="name">Name</option>
            <option value="usage">Most used</option>
          </select>
        </label>
        <Button variant="primary" icon={<Plus size={14} />} onClick={() => setEditing({ tag: null })}>
          New tag
        </Button>
      </div>
      <div className="table-scroll">{renderBody()}</div>
      {editing ? <TagDialog tag={editing.tag} onClose={() => setEditing(null)} onSaved={reload} /> : null}
      {deleting ? (
        <ConfirmDialog
          title={`Delete the tag “${deleting.name}”?`}
          confirmLabel={deleting.usage_count > 0 ? `Delete from ${carriersText(deleting)}` : 'Delete tag'}
          danger
          onConfirm={() => handleDelete(deleting)}
          onClose={() => setDeleting(null)}
        >
          {deleting.usage_count > 0 ? (
            <p>
              “{deleting.name}” is on <strong>{carriersText(deleting)}</strong>. Deleting it takes it off all of them. You can undo this right after.
            </p>
          ) : (
            <p>No record carries “{deleting.name}”.</p>
          )}
        </ConfirmDialog>
      ) : null}
    </section>
  );
};
