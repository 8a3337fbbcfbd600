// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { App } from './App';
import { demoSeed } from './backend/fake/demoSeed';
import { createFakeBackend } from './backend/fake/fakeBackend';

const EXPORTED = '/home/jamie/Downloads/contacts-2026-03-01-101500.csv';

const createBackend = () =>
  createFakeBackend({
    ...demoSeed(3),
    handlers: {
      contacts_export: () => EXPORTED,
      duplicates_find: () => [],
    },
  });

const heading = () => screen.findByRole('heading', { level: 1 });

beforeEach(() => {
  window.location.hash = '';
});

afterEach(() => {
  cleanup();
});

describe('contacts data tools', () => {
  it('opens the import from the Contacts header and comes back through the breadcrumb', async () => {
    render(<App backend={createBackend()} />);
    expect((await heading()).textContent).toBe('Contacts');
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect((await heading()).textContent).toBe('Import contacts');
    expect(window.location.hash).toBe('#/contacts/import');
    expect(screen.getByText('Drop a CSV file here')).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Modules' });
    expect(within(nav).getByRole('link', { name: 'Import' }).getAttribute('aria-current')).toBe('page');
    expect(within(nav).getByRole('link', { name: 'Contacts' }).getAttribute('aria-current')).toBeNull();

    fireEvent.click(within(screen.getByRole('navigation', { name: 'Breadcrumb' })).getByRole('link', { name: 'Contacts' }));
    expect((await heading()).textContent).toBe('Contacts');
    expect(window.location.hash).toBe('#/contacts');
  });

  it('opens the duplicates finder from the sidebar and from a link', async () => {
    window.location.hash = '#/contacts/duplicates';
    const backend = createBackend();
    render(<App backend={backend} />);
    expect((await heading()).textContent).toBe('Find duplicate contacts');
    expect(await screen.findByText('No duplicates found')).toBeTruthy();
    expect(backend.calls.some((call) => call.cmd === 'duplicates_find')).toBe(true);

    const nav = screen.getByRole('navigation', { name: 'Modules' });
    fireEvent.click(within(nav).getByRole('link', { name: 'Companies' }));
    expect((await heading()).textContent).toBe('Companies');
    expect(within(nav).queryByRole('link', { name: 'Duplicates' })).toBeNull();
    fireEvent.click(within(nav).getByRole('link', { name: 'Contacts' }));
    fireEvent.click(within(nav).getByRole('link', { name: 'Duplicates' }));
    expect((await heading()).textContent).toBe('Find duplicate contacts');
  });

  it('exports the live contacts as CSV and says where the file went', async () => {
    const backend = createBackend();
    render(<App backend={backend} />);
    await heading();
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(await screen.findByText(`Exported to ${EXPORTED}`)).toBeTruthy();
    expect(backend.calls.filter((call) => call.cmd === 'contacts_export').map((call) => call.args)).toEqual([
      { query: { filters: [], deleted: 'exclude' } },
    ]);
  });

  it('shows the export’s error message', async () => {
    const backend = createFakeBackend({
      ...demoSeed(1),
      handlers: {
        contacts_export: () => {
          throw { code: 'invalid', message: 'file: no Downloads folder' };
        },
      },
    });
    render(<App backend={backend} />);
    await heading();
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(await screen.findByText('file: no Downloads folder')).toBeTruthy();
    expect(screen.getByText('Could not export contacts')).toBeTruthy();
  });

  it('finds the tools in the command palette', async () => {
    render(<App backend={createBackend()} />);
    await heading();
    act(() => {
      fireEvent.keyDown(document, { key: 'k', ctrlKey: true });
    });
    const palette = screen.getByRole('dialog', { name: 'Search' });
    fireEvent.change(within(palette).getByRole('combobox'), { target: { value: 'dup' } });
    const option = await within(palette).findByRole('option', { name: 'Find duplicate contacts' });
    fireEvent.click(option);
    await waitFor(() => expect(window.location.hash).toBe('#/contacts/duplicates'));
    expect((await heading()).textContent).toBe('Find duplicate contacts');
  });
});
