// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { crmSeed, fakeWith, renderWith } from '../../../test/fixtures';
import { AboutDialog } from './AboutDialog';

afterEach(cleanup);

describe('AboutDialog', () => {
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
});
