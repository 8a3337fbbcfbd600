// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { App } from './App';
import { demoSeed } from './backend/fake/demoSeed';
import { createFakeBackend } from './backend/fake/fakeBackend';

beforeEach(() => {
  window.location.hash = '';
});

afterEach(cleanup);

describe('App for a viewer', () => {
  it('shows read-only lists and records and says why', async () => {
    const backend = createFakeBackend({ ...demoSeed(3), role: 'viewer' });
    const { container } = render(<App backend={backend} />);
    await waitFor(() => expect(screen.getByTestId('record-count').textContent).toBe('3 contacts'));
    expect((await screen.findByTestId('viewer-notice')).textContent).toContain('only members can change it');
    expect(screen.queryByRole('button', { name: 'New contact' })).toBeNull();
    // No import or merging either: the sidebar and the header offer export only.
    expect(screen.queryByRole('link', { name: 'Import' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Import' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Find duplicates' })).toBeNull();
    expect(screen.getByRole('button', { name: /Export CSV/ })).toBeTruthy();
    // Rows cannot be selected for bulk actions.
    expect(container.querySelector('tbody input[type="checkbox"]')).toBeNull();
    // A record opens to read, without Edit or Delete.
    fireEvent.click(container.querySelector('tbody tr[data-id] td:nth-child(2)') as HTMLElement);
    await screen.findByRole('dialog');
    expect(screen.queryByRole('button', { name: /Delete|Move to trash/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
  });

  it('shows a member everything as before', async () => {
    const backend = createFakeBackend({ ...demoSeed(3), role: 'member' });
    render(<App backend={backend} />);
    await waitFor(() => expect(screen.getByTestId('record-count').textContent).toBe('3 contacts'));
    expect(screen.getAllByRole('button', { name: 'New contact' }).length).toBeGreaterThan(0);
    expect(screen.queryByTestId('viewer-notice')).toBeNull();
    expect(screen.getByRole('link', { name: 'Import' })).toBeTruthy();
  });

  it("shows an agency's client only the entries with their bookings, invoices and forms", async () => {
    const backend = createFakeBackend({ ...demoSeed(3), role: 'client' });
    render(<App backend={backend} />);
    const modules = await screen.findByRole('navigation', { name: 'Modules' });
    // Sent to the contacts list at start, they land on the first entry they may see.
    await waitFor(() => expect(window.location.hash).toBe('#/calendar'));
    const entries = Array.from(modules.querySelectorAll('a')).map((a) => a.textContent);
    for (const shown of ['Calendar', 'Orders', 'Forms']) expect(entries).toContain(shown);
    for (const hidden of ['Contacts', 'Companies', 'Pipelines', 'Automations', 'Team & settings']) expect(entries).not.toContain(hidden);
    // A list tells them what a client may do.
    window.location.hash = '#/calendar/calendars';
    expect((await screen.findByTestId('viewer-notice')).textContent).toContain('You are a client of this organization');
  });
});
