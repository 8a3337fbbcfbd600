// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Backend } from '../../../backend/backend';
import { BackendProvider } from '../../../backend/BackendContext';
import type { SyncState } from '../../../bindings';
import { ToastProvider } from '../../../ui/Toasts';
import { EndedMemberships } from './EndedMemberships';

afterEach(cleanup);

const ENDED: SyncState = {
  connected: true,
  server: 'https://crm.example.com',
  email: 'sam@agency.test',
  role: 'member',
  organizations: [{ id: 'o-1', name: 'Agency', role: 'member' }],
  ended: [
    {
      id: 'o-2',
      name: 'Bright Dental',
      at: '2026-12-07T01:00:00.000Z',
      kept: true,
      notice: 'you are no longer a member of Bright Dental: this device stopped syncing it and keeps its copy read-only',
    },
  ],
  when_ended: 'keep_read_only',
  online: true,
  pending_changes: 0,
  last_sync: null,
  last_error: null,
  remote_rows: 0,
  undone_unseen: 0,
};

const backendWith = (invoke: (command: string, args: unknown) => Promise<SyncState>) =>
  ({ invoke }) as unknown as Backend;

describe('EndedMemberships', () => {
  it('tells what happened, removes a kept copy, sets the choice and is dismissed', async () => {
    const after = { ...ENDED, ended: [] };
    const invoke = vi.fn((command: string) => Promise.resolve(command === 'sync_set_when_ended' ? { ...ENDED, when_ended: 'remove' as const } : after));
    const onChanged = vi.fn();
    render(
      <BackendProvider backend={backendWith(invoke)}>
        <ToastProvider>
          <EndedMemberships status={ENDED} onChanged={onChanged} />
        </ToastProvider>
      </BackendProvider>,
    );
    expect(screen.getByText(/no longer a member of Bright Dental/)).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox'), { target: { value: 'remove' } });
    await waitFor(() => expect(invoke).toHaveBeenCalledWith('sync_set_when_ended', { choice: 'remove' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove copy' }));
    await waitFor(() => expect(invoke).toHaveBeenCalledWith('sync_remove_ended', { organization: 'o-2' }));
    fireEvent.click(screen.getByRole('button', { name: 'Got it' }));
    await waitFor(() => expect(invoke).toHaveBeenCalledWith('sync_dismiss_ended', {}));
    expect(onChanged).toHaveBeenLastCalledWith(after);
  });

  it('shows nothing when no membership ended', () => {
    const { container } = render(
      <BackendProvider backend={backendWith(() => Promise.resolve(ENDED))}>
        <ToastProvider>
          <EndedMemberships status={{ ...ENDED, ended: [] }} onChanged={() => {}} />
        </ToastProvider>
      </BackendProvider>,
    );
    expect(container.textContent).toBe('');
  });
});
