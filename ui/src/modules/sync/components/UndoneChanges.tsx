import { useQuery } from '@tanstack/react-query';

import { useBackend } from '../../../backend/BackendContext';
import type { Undone } from '../../../bindings';
import { displayName } from '../../object-record/utils/displayName';
import { ago } from '../../object-record/utils/format';
import { columnLabel, tableLabel } from '../../object-record/utils/labels';

type Row = Record<string, unknown>;

/** A field's value as a person reads it in a before/after list. */
const shown = (value: unknown): string => {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map(String).join(', ');
  return JSON.stringify(value);
};

/** The fields whose values differ between the two rows, in the order the rows hold them. */
export const changedFields = (before: Row | null, after: Row | null): string[] => {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return fields.filter((field) => JSON.stringify(before?.[field] ?? null) !== JSON.stringify(after?.[field] ?? null));
};

const Change = ({ undone }: { undone: Undone }) => {
  const { before, after } = undone as { before: Row | null; after: Row | null };
  const row = before ?? after ?? {};
  const fields = changedFields(before, after);
  return (
    <li className="sync-undone__item">
      <div className="sync-undone__what">
        <span className="sync-undone__kind">{tableLabel(undone.table).one}</span>{' '}
        <strong>{displayName(undone.table, row) || undone.row_id}</strong>
        <span className="sync-undone__when">{ago(undone.undone_at)}</span>
      </div>
      <p className="sync-undone__why">{undone.reason}</p>
      {after === null ? (
        <p className="sync-undone__gone">Removed from this device: the server never had it.</p>
      ) : (
        <table className="sync-undone__fields">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Your change</th>
              <th scope="col">Now, as on the server</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((field) => (
              <tr key={field}>
                <th scope="row">{columnLabel(field)}</th>
                <td className="sync-undone__before">{shown(before?.[field])}</td>
                <td>{shown(after[field])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  );
};

/**
 * The changes the server refused (a viewer's edit, a member demoted while offline, a value its
 * checks turned down), which this device undid back to the server's state: what, why, and the
 * values before and after, so nothing is undone silently.
 */
export const UndoneChanges = () => {
  const backend = useBackend();
  const { data } = useQuery({ queryKey: ['sync_undone'], queryFn: () => backend.invoke('sync_undone', {}) });
  if (!data || data.length === 0) return null;
  return (
    <section className="sync-undone" aria-labelledby="sync-undone-title" data-testid="sync-undone">
      <h3 id="sync-undone-title" className="sync-undone__title">
        Changes the server refused
      </h3>
      <p className="sync-undone__hint">They were undone on this device, back to what everyone else has.</p>
      <ul className="sync-undone__list">
        {data.map((undone) => (
          <Change key={undone.id} undone={undone} />
        ))}
      </ul>
    </section>
  );
};
