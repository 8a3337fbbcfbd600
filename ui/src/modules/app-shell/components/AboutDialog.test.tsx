// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { crmSeed, fakeWith, renderWith } from '../../../test/fixtures';
import { AboutDialog } from './AboutDialog';

afterEach(cleanup);

describe('AboutDialog', () => {
  let notices = true;

  it('shows the version and where the database and logs are', async () => {
    const backend = fakeWith(
      crmSeed({
        handlers: {
          app_about: () => ({
            name: 'AIO Agency CRM',
            version: '0.1.0',
            database: '/home/ada/.local/share/com.aio-agency.crm/aio-crm.sqlite3',
            data_directory: '/home/ada/.local/share/com.aio-agency.crm',
            log_directory: '/home/ada/.local/share/com.aio-agency.crm/logs',
          }),
          desktop_notifications_get: () => notices,
          desktop_notifications_set: ({ on }: { on: boolean }) => {
            notices = on;
            return on;
          },
        },
      }),
    );
    const onClose = vi.fn();
    renderWith(
      backend,
      <QueryClientProvider client={new QueryClient()}>
        <AboutDialog onClose={onClose} />
      </QueryClientProvider>,
    );
    expect(await screen.findByRole('dialog', { name: 'About AIO Agency CRM' })).toBeTruthy();
    const facts = screen.getByLabelText('About this app');
    expect(within(facts).getByText('0.1.0')).toBeTruthy();
    expect(within(facts).getByText('/home/ada/.local/share/com.aio-agency.crm/aio-crm.sqlite3')).toBeTruthy();
    expect(within(facts).getByText('/home/ada/.local/share/com.aio-agency.crm/logs')).toBeTruthy();
  });

  it('turns desktop notifications off and on', async () => {
    notices = true;
    const backend = fakeWith(
      crmSeed({
        handlers: {
          app_about: () => ({ name: 'AIO Agency CRM', version: '0.1.0', database: 'd', data_directory: 'e', log_directory: 'l' }),
          desktop_notifications_get: () => notices,
          desktop_notifications_set: ({ on }: { on: boolean }) => {
            notices = on;
            return on;
          },
        },
      }),
    );
    renderWith(
      backend,
      <QueryClientProvider client={new QueryClient()}>
        <AboutDialog onClose={vi.fn()} />
      </QueryClientProvider>,
    );
    const toggle = await screen.findByRole('switch', { name: /Show new notifications on the desktop/ });
    await waitFor(() => expect((toggle as HTMLInputElement).checked).toBe(true));
    fireEvent.click(toggle);
    await waitFor(() => expect((toggle as HTMLInputElement).checked).toBe(false));
    expect(notices).toBe(false);
    fireEvent.click(toggle);
    await waitFor(() => expect((toggle as HTMLInputElement).checked).toBe(true));
    expect(notices).toBe(true);
  });
});
