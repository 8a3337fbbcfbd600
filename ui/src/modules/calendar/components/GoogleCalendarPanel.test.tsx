// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { BackendProvider } from '../../../backend/BackendContext';
import { demoSeed } from '../../../backend/fake/demoSeed';
import { createFakeBackend } from '../../../backend/fake/fakeBackend';
import type { GoogleCalendar, GoogleStatus, LinkedCalendar } from '../../../bindings';
import { GoogleCalendarPanel, runSummary } from './GoogleCalendarPanel';

// The message aio-secrets gives when there is no Secret Service to talk to.
const NO_KEYRING =
  'the OS keyring is not available (no D-Bus session); on Linux a Secret Service such as GNOME Keyring must be running and unlocked';

const DISCONNECTED: GoogleStatus = {
  connected: false,
  token_expiry: null,
  scope: null,
  keyring_error: null,
  calendars: [],
  recent_logs: [],
};

const WORK: LinkedCalendar = {
  id: '019a0000-0001-7000-8000-000000000001',
  name: 'Work',
  color: '#9fe1e7',
  google_calendar_id: 'primary',
  sync_enabled: true,
  last_pull_at: null,
  last_push_at: null,
};

const CONNECTED: GoogleStatus = {
  connected: true,
  token_expiry: '2026-12-04T17:00:00.000Z',
  scope: 'https://www.googleapis.com/auth/calendar',
  keyring_error: null,
  calendars: [WORK],
  recent_logs: [
    {
      id: '019a0000-0002-7000-8000-000000000001',
      calendar_id: WORK.id,
      calendar_name: 'Work',
      sync_type: 'pull',
      status: 'partial',
      events_synced: 3,
      error_message: 'conflict: the local edit of "Kick-off" was lost to Google\'s later edit',
      created_at: '2026-12-04T16:00:00.000Z',
    },
  ],
};

const TEAM: GoogleCalendar = {
  id: 'team@group.calendar.google.com',
  summary: 'Team',
  color: '#f83a22',
  primary: false,
  access_role: 'owner',
  linked_calendar_id: null,
};

const renderPanel = (fake: ReturnType<typeof createFakeBackend>) =>
  render(
    <BackendProvider backend={fake}>
      <GoogleCalendarPanel />
    </BackendProvider>,
  );

afterEach(cleanup);

describe('GoogleCalendarPanel', () => {
  it('says why when there is no keyring, and does not offer to connect', async () => {
    const fake = createFakeBackend({
      ...demoSeed(0),
      handlers: { google_status: () => ({ ...DISCONNECTED, keyring_error: NO_KEYRING }) },
    });
    renderPanel(fake);
    const alert = await screen.findByTestId('google-keyring-error');
    expect(alert.textContent).toContain(NO_KEYRING);
    expect((screen.getByRole('button', { name: 'Connect Google Calendar' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('connects, then shows the expiry, calendars, logs, and links and syncs', async () => {
    let status: GoogleStatus = DISCONNECTED;
    const fake = createFakeBackend({
      ...demoSeed(0),
      handlers: {
        google_status: () => status,
        google_connect: () => {
          status = CONNECTED;
          return status;
        },
        google_calendars: () => [{ ...TEAM, id: 'primary', summary: 'Work', linked_calendar_id: WORK.id }, TEAM],
        google_link: ({ googleCalendarId }) => {
          const linked = { ...WORK, id: '019a0000-0001-7000-8000-000000000002', name: 'Team', google_calendar_id: googleCalendarId };
          status = { ...status, calendars: [...status.calendars, linked] };
          return linked;
        },
        google_set_sync: ({ calendarId, enabled }) => {
          status = { ...status, calendars: status.calendars.map((c) => (c.id === calendarId ? { ...c, sync_enabled: enabled } : c)) };
          return status.calendars.find((c) => c.id === calendarId) as LinkedCalendar;
        },
        google_sync: () => [{ calendar_id: WORK.id, name: 'Work', full: true, pulled: 5, pushed: 1, notes: [], error: null }],
      },
    });
    renderPanel(fake);
    fireEvent.click(await screen.findByRole('button', { name: 'Connect Google Calendar' }));
    await screen.findByText('Connected');
    expect(screen.getByTestId('google-expiry').textContent).toBe(new Date(CONNECTED.token_expiry as string).toLocaleString());
    expect(screen.getByText(/lost to Google's later edit/)).toBeTruthy();
    expect(screen.getByText('partial')).toBeTruthy();

    // Pick another calendar: only the unlinked one is offered.
    fireEvent.click(screen.getByRole('button', { name: 'Add calendars from Google…' }));
    const offered = await screen.findByText('Team');
    const item = offered.closest('li') as HTMLElement;
    fireEvent.click(within(item).getByRole('button', { name: 'Link' }));
    await waitFor(() => expect(fake.calls.some((c) => c.cmd === 'google_link')).toBe(true));
    expect(fake.calls.find((c) => c.cmd === 'google_link')?.args).toEqual({ googleCalendarId: TEAM.id });
    await screen.findByLabelText('Team');

    // Turn the first one off.
    const work = screen.getByLabelText('Work') as HTMLInputElement;
    expect(work.checked).toBe(true);
    fireEvent.click(work);
    await waitFor(() => expect((screen.getByLabelText('Work') as HTMLInputElement).checked).toBe(false));
    expect(fake.calls.find((c) => c.cmd === 'google_set_sync')?.args).toEqual({ calendarId: WORK.id, enabled: false });

    fireEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    const notice = await screen.findByRole('status');
    expect(notice.textContent).toBe('Work: pulled 5 (full), pushed 1');
  });

  it('shows a failed connection and stays ready to try again', async () => {
    const fake = createFakeBackend({
      ...demoSeed(0),
      handlers: {
        google_status: () => DISCONNECTED,
        google_connect: () => {
          throw { code: 'invalid', message: 'Google sign-in: Google refused: access_denied' };
        },
      },
    });
    renderPanel(fake);
    fireEvent.click(await screen.findByRole('button', { name: 'Connect Google Calendar' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Google sign-in: Google refused: access_denied');
    expect((screen.getByRole('button', { name: 'Connect Google Calendar' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('summarises runs, failures included', () => {
    expect(runSummary([])).toBe('No linked calendar has sync turned on.');
    expect(
      runSummary([
        { calendar_id: WORK.id, name: 'Work', full: false, pulled: 2, pushed: 0, notes: [], error: 'cannot reach Google' },
      ]),
    ).toBe('Work: pulled 2, pushed 0 — failed: cannot reach Google');
  });
});
