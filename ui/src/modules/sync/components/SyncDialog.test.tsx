// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { BackendProvider } from '../../../backend/BackendContext';
import { demoSeed } from '../../../backend/fake/demoSeed';
import { createFakeBackend } from '../../../backend/fake/fakeBackend';
import type { DeviceInfo, SyncState, Undone } from '../../../bindings';
import { SyncDialog } from './SyncDialog';

const NOT_CONNECTED: SyncState = {
  connected: false,
  server: null,
  email: null,
  role: null,
  organizations: [],
  ended: [],
  when_ended: 'keep_read_only',
  online: false,
  pending_changes: 0,
  last_sync: null,
  last_error: null,
  remote_rows: 0,
  undone_unseen: 0,
};

// The message the desktop's sync_sign_in returns when aio-secrets finds no keyring.
const NO_KEYRING =
  'the OS keyring is not available (no D-Bus session); on Linux a Secret Service such as GNOME Keyring must be running and unlocked';

afterEach(cleanup);

describe('SyncDialog', () => {
  it('says so when there is no keyring to keep the session in, and stays signed out', async () => {
    const fake = createFakeBackend({
      ...demoSeed(0),
      handlers: {
        sync_sign_in: () => {
          throw { code: 'invalid', message: NO_KEYRING };
        },
      },
    });
    const onChanged = vi.fn();
    render(
      <BackendProvider backend={fake}>
        <SyncDialog status={NOT_CONNECTED} onChanged={onChanged} onClose={() => {}} />
      </BackendProvider>,
    );
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'olivia@agency.test' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'a long enough password' } });
    fireEvent.submit(screen.getByLabelText('Password').closest('form') as HTMLFormElement);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(NO_KEYRING);
    expect(onChanged).not.toHaveBeenCalled();
    // The form is still there to try again once the keyring is unlocked.
    expect((screen.getByLabelText('Email') as HTMLInputElement).value).toBe('olivia@agency.test');
  });
});

describe('SyncDialog, connected', () => {
  const CONNECTED: SyncState = {
    ...NOT_CONNECTED,
    connected: true,
    server: 'https://crm.agency.test',
    email: 'vera@agency.test',
    role: 'viewer',
    online: true,
    undone_unseen: 2,
  };
  const undone: Undone[] = [
    {
      id: 2,
      table: 'contacts',
      row_id: '0190a1b2-0000-7000-8000-000000000002',
      reason: 'viewers can read but not change an organization\'s data',
      before: { first_name: 'Hacked', last_name: 'Lovelace', email: 'ada@client.test' },
      after: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@client.test' },
      undone_at: new Date().toISOString(),
      seen: false,
    },
    {
      id: 1,
      table: 'contacts',
      row_id: '0190a1b2-0000-7000-8000-000000000001',
      reason: 'viewers can read but not change an organization\'s data',
      before: { first_name: 'New', last_name: 'Person', email: 'new@client.test' },
      after: null,
      undone_at: new Date().toISOString(),
      seen: false,
    },
  ];

  it('shows what the server refused, why, and each changed field before and after, and marks them seen', async () => {
    const seen = vi.fn(() => ({ ...CONNECTED, undone_unseen: 0 }));
    const fake = createFakeBackend({ ...demoSeed(0), handlers: { sync_undone: () => undone, sync_undone_seen: seen } });
    const onChanged = vi.fn();
    render(
      <BackendProvider backend={fake}>
        <SyncDialog status={CONNECTED} onChanged={onChanged} onClose={() => {}} />
      </BackendProvider>,
    );
    const section = await screen.findByTestId('sync-undone');
    const items = section.querySelectorAll('li');
    expect(items).toHaveLength(2);
    // Only the field that changed is listed, with the person's value and the server's.
    const rows = [...items.item(0).querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
    expect(rows).toEqual([['First name', 'Hacked', 'Ada']]);
    expect(items.item(0).textContent).toContain('viewers can read but not change');
    expect(items.item(1).textContent).toContain('the server never had it');
    expect(seen).toHaveBeenCalledTimes(1);
    expect(onChanged).toHaveBeenCalledWith(expect.objectContaining({ undone_unseen: 0 }));
  });

  it('lists the account\'s devices and signs out one of them, or all of them', async () => {
    const devices: DeviceInfo[] = [
      { id: 'd-laptop', name: 'Vera\'s laptop', created_at: new Date().toISOString(), last_used_at: new Date().toISOString(), signed_in: true, this_device: true },
      { id: 'd-phone', name: 'Vera\'s phone', created_at: new Date().toISOString(), last_used_at: new Date().toISOString(), signed_in: true, this_device: false },
      { id: 'd-old', name: 'Old desktop', created_at: new Date().toISOString(), last_used_at: null, signed_in: false, this_device: false },
    ];
    const signOut = vi.fn((args: { device: string | null }) => {
      for (const d of devices) if (args.device === null || d.id === args.device) d.signed_in = false;
      return args.device === null ? NOT_CONNECTED : CONNECTED;
    });
    const fake = createFakeBackend({ ...demoSeed(0), handlers: { sync_devices: () => devices.map((d) => ({ ...d })), sync_sign_out_devices: signOut } });
    const onChanged = vi.fn();
    render(
      <BackendProvider backend={fake}>
        <SyncDialog status={{ ...CONNECTED, undone_unseen: 0 }} onChanged={onChanged} onClose={() => {}} />
      </BackendProvider>,
    );
    const list = await screen.findByRole('list', { name: 'Devices' });
    await screen.findByText('Vera\'s phone');
    expect(list.textContent).toContain('This device');
    expect(list.textContent).toContain('Signed out');
    // Only a signed-in device other than this one has its own button.
    expect(screen.queryByRole('button', { name: 'Sign out Vera\'s laptop' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Sign out Old desktop' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Sign out Vera\'s phone' }));
    await vi.waitFor(() => expect(signOut).toHaveBeenCalledWith(expect.objectContaining({ device: 'd-phone' })));
    await vi.waitFor(() => expect(screen.queryByRole('button', { name: 'Sign out Vera\'s phone' })).toBeNull());
    fireEvent.click(screen.getByRole('button', { name: 'Sign out everywhere' }));
    await vi.waitFor(() => expect(signOut).toHaveBeenCalledWith(expect.objectContaining({ device: null })));
    await vi.waitFor(() => expect(onChanged).toHaveBeenLastCalledWith(expect.objectContaining({ connected: false })));
  });
});
