import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Plus, Settings2 } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { ListQuery, Profile } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { Spinner } from '../../../ui/Spinner';
import { useToast } from '../../../ui/Toasts';
import { useProfile } from '../../object-record/hooks/useProfile';
import { rowsKey } from '../../object-record/hooks/useRows';
import { listAll } from '../utils/listAll';
import { BookingSettingsForm } from './BookingSettingsForm';
import { BookingTypeEditor } from './BookingTypeEditor';

type Selection = { kind: 'type'; id: string } | { kind: 'new' } | { kind: 'settings' };

const ALL_TYPES: ListQuery = { filters: [], sort: { field: 'name', desc: false }, deleted: 'exclude' };

/** `https://server/book/{org slug}` when this profile syncs with a server, else null. */
const usePublicBase = (profile: Profile | null): string | null => {
  const backend = useBackend();
  // No sync (or not in this preview): no public link to show.
  const status = useQuery({ queryKey: ['sync_status'], queryFn: () => backend.invoke('sync_status', {}) });
  const server = status.data?.connected ? status.data.server : null;
  const organization = profile?.organizations.find((org) => org.id === profile.active_organization_id);
  return server && organization ? `${server.replace(/\/+$/, '')}/book/${organization.slug}` : null;
};

/** The booking types in a list, the selected one's editor, and the booking page's settings. */
export const BookingTypesPage = () => {
  const backend = useBackend();
  const toast = useToast();
  const typesQuery = useQuery({ queryKey: rowsKey('booking_types', ALL_TYPES), queryFn: () => listAll(backend, 'booking_types', ALL_TYPES) });
  const profileQuery = useProfile();
  const types = typesQuery.data ?? null;
  const profile = profileQuery.data ?? null;
  const failure = typesQuery.error ?? profileQuery.error;
  const error = failure ? toErrorPayload(failure) : null;
  const [chosen, setSelection] = useState<Selection | null>(null);
  // Until one is chosen: the first type, or a new one when there is none.
  const selection: Selection | null =
    chosen ?? (types ? (types[0] ? { kind: 'type', id: types[0].id } : { kind: 'new' }) : null);
  const publicBase = usePublicBase(profile);
  const reload = () => void typesQuery.refetch();

  const selected = selection?.kind === 'type' ? (types?.find((row) => row.id === selection.id) ?? null) : null;

  return (
    <div className="booking-page">
      <aside className="booking-list" aria-label="Booking types">
        <div className="calendar-sidebar__header">
          <h2>Booking types</h2>
          <button type="button" className="icon-button" aria-label="New booking type" title="New booking type" onClick={() => setSelection({ kind: 'new' })}>
            <Plus size={15} />
          </button>
        </div>
        {error ? (
          <div className="form-error" role="alert">
            {error.message}
          </div>
        ) : null}
        {types === null && !error ? <Spinner /> : null}
        <ul className="booking-list__items">
          {(types ?? []).map((row) => (
            <li key={row.id}>
              <button
                type="button"
                className={`booking-list__item${selection?.kind === 'type' && selection.id === row.id ? ' is-selected' : ''}`}
                aria-current={selection?.kind === 'type' && selection.id === row.id ? 'true' : undefined}
                onClick={() => setSelection({ kind: 'type', id: row.id })}
              >
                <span className="calendar-list__swatch" style={{ backgroundColor: row.color }} aria-hidden="true" />
                <span className="booking-list__name">{row.name}</span>
                <span className="booking-list__meta">{row.is_active ? `${row.duration_minutes} min` : 'Off'}</span>
              </button>
            </li>
          ))}
        </ul>
        {types && types.length === 0 ? <p className="muted">No booking types yet.</p> : null}
        <div className="booking-list__footer">
          <Button variant="ghost" icon={<Settings2 size={14} />} className={selection?.kind === 'settings' ? 'is-active' : undefined} onClick={() => setSelection({ kind: 'settings' })}>
            Booking page settings
          </Button>
        </div>
      </aside>
      <section className="booking-main">
        {selection?.kind === 'settings' && profile ? (
          <BookingSettingsForm userId={profile.user.id} />
        ) : selection?.kind === 'new' ? (
          <BookingTypeEditor
            key="new"
            bookingType={null}
            publicBase={publicBase}
            onSaved={(row) => {
              setSelection({ kind: 'type', id: row.id });
              reload();
            }}
            onDeleted={reload}
          />
        ) : selected ? (
          <BookingTypeEditor
            key={selected.id}
            bookingType={selected}
            publicBase={publicBase}
            onSaved={reload}
            onDeleted={(row) => {
              setSelection(null);
              reload();
              toast.showSuccess(`“${row.name}” moved to the trash`, {
                label: 'Restore',
                onAction: () => {
                  backend.invoke('records_restore', { table: 'booking_types', id: row.id }).then(
                    () => {
                      setSelection({ kind: 'type', id: row.id });
                      reload();
                    },
                    (reason: unknown) => toast.showError('Could not restore the booking type', toErrorPayload(reason).message),
                  );
                },
              });
            }}
          />
        ) : types === null ? null : (
          <p className="muted booking-main__empty">Choose a booking type or create one.</p>
        )}
      </section>
    </div>
  );
};
