// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Handlers } from '../../../backend/fake/fakeBackend';
import type { UpdateOffer } from '../../../bindings';
import { callsOf, crmSeed, fakeWith, renderWith } from '../../../test/fixtures';
import { AboutDialog } from './AboutDialog';

afterEach(cleanup);

const about = () => ({
  name: 'AIO Agency CRM',
  version: '0.1.0',
  database: '/data/aio-crm.sqlite3',
  data_directory: '/data',
  log_directory: '/data/logs',
});

const offer: UpdateOffer = {
  version: '0.2.0',
  current_version: '0.1.0',
  notes: 'Faster contact search.\nInvoices remember their last template.',
  date: '2026-12-01T09:00:00Z',
};

const open = (handlers: Partial<Handlers>) => {
  const backend = fakeWith(crmSeed({ handlers: { app_about: about, ...handlers } }));
  renderWith(
    backend,
    <QueryClientProvider client={new QueryClient()}>
      <AboutDialog onClose={vi.fn()} />
    </QueryClientProvider>,
  );
  return backend;
};

describe('checking for updates from About', () => {
  it('says so when this is the newest version', async () => {
    open({ update_check: () => null });
    fireEvent.click(await screen.findByRole('button', { name: 'Check for updates' }));
    expect(await screen.findByText('This is the newest version.')).toBeTruthy();
  });

  it('offers a newer version with its notes, and installs it on request', async () => {
    const backend = open({
      update_check: () => offer,
      update_install: () => null,
      update_progress: () => ({ downloaded: 0, total: null, installing: false }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Check for updates' }));
    const dialog = await screen.findByRole('dialog', { name: 'Update to version 0.2.0' });
    expect(within(dialog).getByText(/this is 0\.1\.0/)).toBeTruthy();
    const notes = within(dialog).getByRole('region', { name: 'What is new' });
    expect(notes.textContent).toContain('Invoices remember their last template.');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Install and restart' }));
    expect(await within(dialog).findByText('Installed. Restarting into version 0.2.0…')).toBeTruthy();
    expect(callsOf(backend, 'update_install')).toHaveLength(1);
  });

  it('shows why an update was refused and offers to keep this version', async () => {
    open({
      update_check: () => offer,
      update_install: () => {
        throw { code: 'invalid', message: "The update's signature does not match this app's signing key, so it was not installed and nothing was changed." };
      },
      update_progress: () => ({ downloaded: 1_000_000, total: 2_000_000, installing: false }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Check for updates' }));
    const dialog = await screen.findByRole('dialog', { name: 'Update to version 0.2.0' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Install and restart' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('signature does not match');
    expect(within(dialog).queryByRole('button', { name: 'Install and restart' })).toBeNull();
    expect(within(dialog).getByRole('button', { name: 'Keep this version' })).toBeTruthy();
  });

  it('shows an unreachable update server as an error in About', async () => {
    open({
      update_check: () => {
        throw { code: 'internal', message: 'The update server could not be reached: connection refused' };
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Check for updates' }));
    expect((await screen.findByRole('alert')).textContent).toContain('could not be reached');
  });
});
