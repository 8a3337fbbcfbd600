// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { BackendProvider } from '../../../backend/BackendContext';
import { demoSeed } from '../../../backend/fake/demoSeed';
import { createFakeBackend } from '../../../backend/fake/fakeBackend';
import type { SyncState } from '../../../bindings';
import { SyncDialog } from './SyncDialog';

const NOT_CONNECTED: SyncState = {
  connected: false,
  server: null,
  email: null,
  role: null,
  online: false,
  pending_changes: 0,
  last_sync: null,
  last_error: null,
  remote_rows: 0,
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
