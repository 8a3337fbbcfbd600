import { useCallback, useEffect, useState } from 'react';
import { CalendarDays, RefreshCw } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { CalendarRun, GoogleCalendar, GoogleStatus } from '../../../bindings';
import { Badge, type BadgeTone } from '../../../ui/Badge';
import { Button } from '../../../ui/Button';
import { EmptyState } from '../../../ui/EmptyState';
import { Spinner } from '../../../ui/Spinner';
import { ago } from '../../object-record/utils/format';

const STATUS_TONES: Record<string, BadgeTone> = { success: 'green', partial: 'amber', failed: 'red' };

/** "Kick-off: pulled 3 (full), pushed 1" per calendar, and its error when it failed. */
export const runSummary = (runs: ReadonlyArray<CalendarRun>): string =>
  runs.length === 0
    ? 'No linked calendar has sync turned on.'
    : runs
        .map(
          (run) =>
            `${run.name}: pulled ${run.pulled}${run.full ? ' (full)' : ''}, pushed ${run.pushed}` +
            (run.error ? ` — failed: ${run.error}` : ''),
        )
        .join('; ');

/**
 * Settings → Integrations → Google Calendar: connect (the browser signs in; tokens go to
 * the OS keyring), the connection and its expiry, calendars with sync toggles, Sync now,
 * and the latest sync logs. Says why when there is no keyring to keep tokens in.
 */
export const GoogleCalendarPanel = () => {
  const backend = useBackend();
  const [status, setStatus] = useState<GoogleStatus | null>(null);
  const [choices, setChoices] = useState<GoogleCalendar[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(
    () =>
      backend.invoke('google_status', {}).then(setStatus, (reason: unknown) => setError(toErrorPayload(reason).message)),
    [backend],
  );

  useEffect(() => {
    void load();
  }, [load]);

  /** Runs one call with the panel busy, shows its error, then reloads the status. */
  const run = async (label: string, call: () => Promise<void>) => {
    setBusy(label);
    setError(null);
    setNotice(null);
    try {
      await call();
    } catch (reason) {
      setError(toErrorPayload(reason).message);
    } finally {
      setBusy(null);
      await load();
    }
  };

  if (!status) {
    return error ? (
      <div className="form-error" role="alert">
        {error}
      </div>
    ) : (
      <Spinner />
    );
  }

  const errorBox = error ? (
    <div className="form-error" role="alert">
      {error}
    </div>
  ) : null;
  const keyringBox = status.keyring_error ? (
    <div className="form-error" role="alert" data-testid="google-keyring-error">
      Google tokens are kept in the OS keyring, and it cannot be used: {status.keyring_error}
    </div>
  ) : null;

  if (!status.connected) {
    return (
      <div className="google-panel">
        {keyringBox}
        {errorBox}
        <EmptyState
          icon={<CalendarDays size={28} />}
          title="Google Calendar is not connected"
          description="Sign in with Google in your browser. Events of the calendars you pick sync both ways and count as busy time on your booking pages."
          action={
            <Button
              variant="primary"
              disabled={busy !== null || status.keyring_error !== null}
              onClick={() => void run('connect', async () => void (await backend.invoke('google_connect', {})))}
            >
              {busy === 'connect' ? 'Waiting for the browser…' : 'Connect Google Calendar'}
            </Button>
          }
        />
      </div>
    );
  }

  const linkedIds = new Set(status.calendars.map((calendar) => calendar.google_calendar_id));
  const unlinked = (choices ?? []).filter((calendar) => !linkedIds.has(calendar.id));

  return (
    <div className="google-panel">
      {keyringBox}
      {errorBox}
      {notice ? (
        <div className="google-panel__notice" role="status">
          {notice}
        </div>
      ) : null}
      <dl className="sync-facts">
        <dt>Connection</dt>
        <dd>Connected</dd>
        <dt>Access valid until</dt>
        <dd data-testid="google-expiry">{status.token_expiry ? new Date(status.token_expiry).toLocaleString() : '—'}</dd>
        <dt>Permission</dt>
        <dd className="mono">{status.scope}</dd>
      </dl>
      <div className="dialog-form__actions">
        <Button disabled={busy !== null} onClick={() => void run('disconnect', async () => void (await backend.invoke('google_disconnect', {})))}>
          Disconnect
        </Button>
        <Button
          variant="primary"
          icon={<RefreshCw size={14} />}
          disabled={busy !== null}
          onClick={() =>
            void run('sync', async () => {
              setNotice(runSummary(await backend.invoke('google_sync', {})));
            })
          }
        >
          {busy === 'sync' ? 'Syncing…' : 'Sync now'}
        </Button>
      </div>

      <h2 className="google-panel__heading">Calendars</h2>
      {status.calendars.length === 0 ? <p className="muted">No Google calendar is linked yet.</p> : null}
      <ul className="google-panel__calendars">
        {status.calendars.map((calendar) => (
          <li key={calendar.id}>
            <label>
              <input
                type="checkbox"
                checked={calendar.sync_enabled}
                disabled={busy !== null}
                onChange={(event) => {
                  const enabled = event.target.checked;
                  void run('toggle', async () => {
                    await backend.invoke('google_set_sync', { calendarId: calendar.id, enabled });
                  });
                }}
              />
              <span className="google-panel__swatch" style={{ background: calendar.color }} aria-hidden="true" />
              {calendar.name}
            </label>
            <span className="muted">{calendar.last_pull_at ? `synced ${ago(calendar.last_pull_at)}` : 'not synced yet'}</span>
          </li>
        ))}
      </ul>
      {choices === null ? (
        <Button
          disabled={busy !== null}
          onClick={() =>
            void run('calendars', async () => {
              setChoices(await backend.invoke('google_calendars', {}));
            })
          }
        >
          Add calendars from Google…
        </Button>
      ) : unlinked.length === 0 ? (
        <p className="muted">Every calendar of the account is linked.</p>
      ) : (
        <ul className="google-panel__calendars">
          {unlinked.map((calendar) => (
            <li key={calendar.id}>
              <span>
                <span className="google-panel__swatch" style={{ background: calendar.color ?? undefined }} aria-hidden="true" />
                {calendar.summary}
                {calendar.primary ? <Badge tone="blue">primary</Badge> : null}
              </span>
              <Button
                disabled={busy !== null}
                onClick={() =>
                  void run('link', async () => {
                    await backend.invoke('google_link', { googleCalendarId: calendar.id });
                  })
                }
              >
                Link
              </Button>
            </li>
          ))}
        </ul>
      )}

      <h2 className="google-panel__heading">Recent syncs</h2>
      {status.recent_logs.length === 0 ? (
        <p className="muted">No sync has run yet.</p>
      ) : (
        <table className="google-panel__logs">
          <thead>
            <tr>
              <th>When</th>
              <th>Calendar</th>
              <th>Kind</th>
              <th>Status</th>
              <th>Events</th>
              <th>Notes</th>
            </tr>
          </thead>
          <tbody>
            {status.recent_logs.map((log) => (
              <tr key={log.id}>
                <td title={log.created_at}>{ago(log.created_at)}</td>
                <td>{log.calendar_name ?? '—'}</td>
                <td>{log.sync_type}</td>
                <td>
                  <Badge tone={STATUS_TONES[log.status] ?? 'gray'}>{log.status}</Badge>
                </td>
                <td>{log.events_synced}</td>
                <td className="google-panel__message">{log.error_message ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
};
