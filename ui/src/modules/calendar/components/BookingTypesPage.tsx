import { useEffect, useState } from 'react';
import { Plus, Settings2 } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { BookingType, ErrorPayload, Profile } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { Spinner } from '../../../ui/Spinner';
import { useToast } from '../../../ui/Toasts';
import { listAll } from '../utils/listAll';
import { useDataVersion } from '../../sync/hooks/DataVersion';
import { BookingSettingsForm } from './BookingSettingsForm';
import { BookingTypeEditor } from './BookingTypeEditor';

type Selection = { kind: 'type'; id: string } | { kind: 'new' } | { kind: 'settings' };

/** `https://server/book/{org slug}` when this profile syncs with a server, else null. */
const usePublicBase = (profile: Profile | null): string | null => {
  const backend = useBackend();
  const [server, setServer] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    backend.invoke('sync_status', {}).then(
      (status) => {
        if (!cancelled) setServer(status.connected ? status.server : null);
      },
      // No sync (or not in this preview): no public link to show.
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [backend]);
  const organization = profile?.organizations.find((org) => org.id === profile.active_organization_id);
  return server && organization ? `${server.replace(/\/+$/, '')}/book/${organization.slug}` : null;
};

/** The booking types in a list, the selected one's editor, and the booking page's settings. */
export const BookingTypesPage = () => {
  const backend = useBackend();
  const toast = useToast();
  const dataVersion = useDataVersion();
  const [types, setTypes] = useState<BookingType[] | null>(null);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const [profile, setProfile] = useState<Profile | null>(null);
  const [selection, setSelection] = useState<Selection | null>(null);
  const [version, setVersion] = useState(0);
  const publicBase = usePublicBase(profile);

  useEffect(() => {
    let cancelled = false;
    Promise.all([
      listAll(backend, 'booking_types', { filters: [], sort: { field: 'name', desc: false }, deleted: 'exclude' }),
      backend.invoke('profile_get', {}),
    ]).then(
      ([rows, current]) => {
        if (cancelled) return;
        setTypes(rows);
        setProfile(current);
        setError(null);
        setSelection((chosen) => chosen ?? (rows[0] ? { kind: 'type', id: rows[0].id } : { kind: 'new' }));
      },
      (reason: unknown) => {
        if (!cancelled) setError(toErrorPayload(reason));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [backend, version, dataVersion]);

  const reload = () => setVersion((value) => value + 1);

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
