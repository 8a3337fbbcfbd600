import { useCallback, useEffect, useMemo, useState } from 'react';
import { CopyCheck, RotateCcw } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { DuplicateGroup, ErrorPayload } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { EmptyState } from '../../../ui/EmptyState';
import { Spinner } from '../../../ui/Spinner';
import { useToast } from '../../../ui/Toasts';
import { useReferenceOptions } from '../../object-record/hooks/useReferences';
import { contactId, contactName, joinNames } from '../utils/duplicates';
import { DuplicateGroupCard } from './DuplicateGroupCard';

/** Groups asked for at once; merging some brings the next ones. */
export const GROUP_LIMIT = 100;

type Loaded = { groups: DuplicateGroup[] | null; error: ErrorPayload | null };

const groupKey = (group: DuplicateGroup): string => group.contacts.map(contactId).join(':');

/**
 * Likely duplicate contacts, grouped, with a merge per group that keeps the chosen contact
 * and can be undone from its toast.
 */
export const DuplicatesPage = () => {
  const backend = useBackend();
  const toast = useToast();
  const [loaded, setLoaded] = useState<Loaded>({ groups: null, error: null });
  const [loading, setLoading] = useState(true);
  const [merging, setMerging] = useState<string | null>(null);
  const users = useReferenceOptions('users');
  const userNames = useMemo(
    () => new Map((users.options ?? []).map((option) => [option.value, option.label])),
    [users.options],
  );

  const load = useCallback(() => {
    setLoading(true);
    return backend.invoke('duplicates_find', { limit: GROUP_LIMIT }).then(
      (groups) => {
        setLoaded({ groups, error: null });
        setLoading(false);
      },
      (reason: unknown) => {
        setLoaded({ groups: null, error: toErrorPayload(reason) });
        setLoading(false);
      },
    );
  }, [backend]);

  useEffect(() => {
    void load();
  }, [load]);

  const handleUndo = async (batchIds: ReadonlyArray<string>) => {
    try {
      // Newest first, as each merge was made on top of the one before.
      for (const batchId of [...batchIds].reverse()) await backend.invoke('batch_undo', { batchId });
      toast.showSuccess('Merge undone');
    } catch (reason) {
      toast.showError('Could not undo the merge', toErrorPayload(reason).message);
    }
    await load();
  };

  const handleMerge = async (group: DuplicateGroup, keepId: string) => {
    const kept = group.contacts.find((contact) => contactId(contact) === keepId);
    if (!kept) return;
    const others = group.contacts.filter((contact) => contactId(contact) !== keepId);
    setMerging(groupKey(group));
    const batchIds: string[] = [];
    const merged: string[] = [];
    try {
      for (const other of others) {
        const result = await backend.invoke('contacts_merge', { keepId, otherId: contactId(other) });
        batchIds.push(result.batch_id);
        merged.push(contactName(other));
      }
    } catch (reason) {
      toast.showError(`Could not merge into ${contactName(kept)}`, toErrorPayload(reason).message);
    }
    if (batchIds.length > 0) {
      toast.showSuccess(`Merged ${joinNames(merged)} into ${contactName(kept)}`, {
        label: 'Undo',
        onAction: () => void handleUndo(batchIds),
      });
    }
    setMerging(null);
    await load();
  };

  const renderBody = () => {
    const { groups, error } = loaded;
    if (error) {
      return (
        <EmptyState
          icon={<CopyCheck size={20} />}
          title="Could not look for duplicates"
          description={error.message}
          action={<Button onClick={() => void load()}>Try again</Button>}
        />
      );
    }
    if (!groups) {
      return (
        <div className="table-placeholder">
          <Spinner label="Looking for duplicates…" />
        </div>
      );
    }
    if (groups.length === 0) {
      return (
        <EmptyState
          icon={<CopyCheck size={20} />}
          title="No duplicates found"
          description="No two contacts share an email address or a phone number, or have a similar name at the same company."
        />
      );
    }
    return (
      <div className="dup-groups">
        {groups.map((group) => {
          const key = groupKey(group);
          return (
            <DuplicateGroupCard
              key={key}
              group={group}
              users={userNames}
              merging={merging === key}
              busy={merging !== null && merging !== key}
              onMerge={(keepId) => void handleMerge(group, keepId)}
            />
          );
        })}
        {groups.length >= GROUP_LIMIT ? (
          <p className="muted">Showing the first {GROUP_LIMIT} groups; merge some to see the next ones.</p>
        ) : null}
      </div>
    );
  };

  const count = loaded.groups?.length ?? null;
  return (
    <div className="dup-page">
      <div className="dup-intro">
        <p>
          Contacts that share an email address or a phone number, or have a similar name at the same company. Pick the
          contact to keep (the oldest by default) and merge: notes, activities, tags and every record that refers to the
          other contact move to the kept one, and its empty fields are filled from the merged one. The merged contact
          goes to the trash, and the merge can be undone.
        </p>
        <div className="dup-intro__bar">
          <span className="toolbar__count" data-testid="duplicate-count">
            {count === null ? '' : `${count.toLocaleString()} ${count === 1 ? 'group' : 'groups'}`}
          </span>
          {loading && loaded.groups ? <Spinner label="Refreshing…" /> : null}
          <div className="toolbar__spacer" />
          <Button variant="ghost" icon={<RotateCcw size={14} />} disabled={loading} onClick={() => void load()}>
            Refresh
          </Button>
        </div>
      </div>
      {renderBody()}
    </div>
  );
};
