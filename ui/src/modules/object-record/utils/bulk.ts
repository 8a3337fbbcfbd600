import type { BatchResult, BulkAction, BulkTarget, Filter, ListQuery, UndoResult } from '../../../bindings';
import type { TableLabel } from './labels';

/** What the selection stands for: records picked by hand, or everything the filters match. */
export type SelectionTarget = { kind: 'ids'; ids: string[] } | { kind: 'query'; filters: Filter[]; deleted: ListQuery['deleted'] };

export const bulkTarget = (target: SelectionTarget): BulkTarget =>
  target.kind === 'ids'
    ? { kind: 'ids', ids: target.ids }
    : { kind: 'query', query: { filters: target.filters, deleted: target.deleted } };

const count = (n: number, labels: TableLabel): string => `${n.toLocaleString()} ${n === 1 ? labels.one : labels.many}`;

/**
 * The confirmation after a bulk action, e.g. "Tagged 1,204 contacts". `detail` names what was
 * set (an owner's name, a status label).
 */
export const bulkMessage = (action: BulkAction, result: BatchResult, labels: TableLabel, detail = ''): string => {
  const n = count(result.changed, labels);
  const main = (() => {
    switch (action.kind) {
      case 'add_tags':
        return `Tagged ${n}`;
      case 'remove_tags':
        return `Untagged ${n}`;
      case 'set':
        return 'owner_id' in action.fields ? `Assigned ${n} to ${detail}` : `Set ${n} to ${detail}`;
      case 'delete':
        return `Moved ${n} to the trash`;
      case 'restore':
        return `Restored ${n}`;
    }
  })();
  return result.unchanged > 0 ? `${main} (${result.unchanged.toLocaleString()} already were)` : main;
};

export const undoMessage = (result: UndoResult, labels: TableLabel): string => {
  const main = `Undone: ${count(result.reverted, labels)} put back`;
  return result.kept > 0 ? `${main}; ${result.kept.toLocaleString()} later edits kept` : main;
};
