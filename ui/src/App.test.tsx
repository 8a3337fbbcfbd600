// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { App } from './App';
import { demoSeed } from './backend/fake/demoSeed';
import { createFakeBackend, type FakeBackend } from './backend/fake/fakeBackend';

const renderApp = (backend: FakeBackend) => render(<App backend={backend} />);

const rows = (container: HTMLElement) => Array.from(container.querySelectorAll('tbody tr[data-id]'));

beforeEach(() => {
  window.location.hash = '';
});

afterEach(() => {
  cleanup();
});

describe('App', () => {
  it('starts on Contacts with the sidebar, the count and one row per contact', async () => {
    const backend = createFakeBackend(demoSeed(3));
    const { container } = renderApp(backend);
    expect(await screen.findByRole('heading', { level: 1, name: 'Contacts' })).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Modules' });
    for (const label of ['Contacts', 'Companies', 'Calendar', 'AI Agents', 'Audit log', 'Team & settings']) {
      expect(within(nav).getByText(label)).toBeTruthy();
    }
    expect(screen.getByText('AIO Agency CRM')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('record-count').textContent).toBe('3 contacts'));
    expect(rows(container)).toHaveLength(3);
    const tabs = screen.getByRole('tablist');
    expect(within(tabs).getAllByRole('tab').map((tab) => tab.textContent)).toEqual(['Contacts', 'Notes', 'Activities']);
  });

  it('creates a contact, showing and marking the field the backend refuses', async () => {
    const backend = createFakeBackend(demoSeed(0));
    const { container } = renderApp(backend);
    expect(await screen.findByText('No contacts yet')).toBeTruthy();
    fireEvent.click(screen.getAllByRole('button', { name: 'New contact' })[0]!);
    const form = container.ownerDocument.querySelector('form.record-form') as HTMLFormElement;
    expect((form.elements.namedItem('status') as HTMLSelectElement).value).toBe('lead');
    expect(form.elements.namedItem('owner_id')).toBeNull();
    expect(screen.getByLabelText(/First name/)).toBe(form.elements.namedItem('first_name'));
    fireEvent.change(form.elements.namedItem('first_name') as HTMLInputElement, { target: { value: 'Ada' } });
    fireEvent.change(form.elements.namedItem('last_name') as HTMLInputElement, { target: { value: 'Lovelace' } });
    fireEvent.change(form.elements.namedItem('email') as HTMLInputElement, { target: { value: 'not-an-email' } });
    fireEvent.change(form.elements.namedItem('tags') as HTMLInputElement, { target: { value: 'vip, math' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const alert = await screen.findByText('email: "not-an-email" is not an email address');
    expect(alert.getAttribute('role')).toBe('alert');
    expect((form.elements.namedItem('email') as HTMLInputElement).getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(form.elements.namedItem('email') as HTMLInputElement, { target: { value: 'ada@example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(rows(container)).toHaveLength(1));
    const stored = backend.rows('contacts')[0]!;
    expect(stored).toMatchObject({ first_name: 'Ada', email: 'ada@example.com', tags: ['vip', 'math'], status: 'lead' });
    expect(rows(container)[0]!.getAttribute('data-id')).toBe(stored.id);
    expect(screen.getByTestId('record-count').textContent).toBe('1 contact');
  });

  it('moves a record to the trash and restores it', async () => {
    const backend = createFakeBackend(demoSeed(2));
    const { container } = renderApp(backend);
    await waitFor(() => expect(rows(container)).toHaveLength(2));
    const first = rows(container)[0]!;
    const id = first.getAttribute('data-id');
    fireEvent.click(first);
    const drawer = await screen.findByRole('dialog');
    expect(within(drawer).getByText('Email')).toBeTruthy();
    fireEvent.click(within(drawer).getByRole('button', { name: 'Move to trash' }));
    await waitFor(() => expect(rows(container)).toHaveLength(1));
    expect(screen.queryByRole('dialog')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Trash' }));
    await waitFor(() => expect(rows(container).map((row) => row.getAttribute('data-id'))).toEqual([id]));
    expect(screen.getByTestId('record-count').textContent).toBe('1 contact in trash');
    fireEvent.click(rows(container)[0]!);
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Restore' }));
    await waitFor(() => expect(backend.rows('contacts').every((row) => row.deleted_at === null)).toBe(true));
  });

  it('closes the drawer with Escape', async () => {
    const backend = createFakeBackend(demoSeed(1));
    const { container } = renderApp(backend);
    await waitFor(() => expect(rows(container)).toHaveLength(1));
    fireEvent.click(rows(container)[0]!);
    expect(await screen.findByRole('dialog')).toBeTruthy();
    act(() => {
      fireEvent.keyDown(document, { key: 'Escape' });
    });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('searches other tables with a contains filter', async () => {
    window.location.hash = '#/orders/products';
    const backend = createFakeBackend(demoSeed(3));
    const { container } = renderApp(backend);
    await waitFor(() => expect(rows(container)).toHaveLength(3));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search products' }), { target: { value: 'audit' } });
    await waitFor(() => expect(rows(container)).toHaveLength(1));
    const list = backend.calls.filter((call) => call.cmd === 'records_list').at(-1);
    expect(list?.args).toMatchObject({ table: 'products', query: { filters: [{ field: 'name', op: 'contains', value: 'audit' }] } });
    expect(backend.calls.some((call) => call.cmd === 'search')).toBe(false);
  });

  it('sorts through the query', async () => {
    const backend = createFakeBackend(demoSeed(12));
    const { container } = renderApp(backend);
    await waitFor(() => expect(rows(container)).toHaveLength(12));
    fireEvent.click(screen.getByRole('button', { name: 'Lead score' }));
    await waitFor(() => {
      const sorted = backend.calls.filter((call) => call.cmd === 'records_list').at(-1);
      expect(sorted?.args).toMatchObject({ query: { sort: { field: 'lead_score', desc: false } } });
    });
  });

  it('loads the next page through the cursor when the list is scrolled', async () => {
    const backend = createFakeBackend(demoSeed(160));
    const { container } = renderApp(backend);
    await waitFor(() => expect(screen.getByTestId('record-count').textContent).toBe('160 contacts'));
    await waitFor(() => expect(rows(container).length).toBeGreaterThan(0));
    const pages = () => backend.calls.filter((call) => call.cmd === 'records_list' && (call.args as { table: string }).table === 'contacts');
    expect(pages().map((call) => (call.args as { query: { cursor?: string } }).query.cursor)).toEqual([undefined]);
    const scroller = container.querySelector('.table-scroll') as HTMLElement;
    act(() => {
      scroller.scrollTo({ top: 80 * 36 });
    });
    await waitFor(() => expect(pages().at(-1)?.args).toMatchObject({ query: { cursor: '100', limit: 100 } }));
    // The oldest contact is the last row of the second page; it is drawn once scrolled to.
    const oldest = backend.rows('contacts')[159]?.id;
    act(() => {
      scroller.scrollTo({ top: 160 * 36 });
    });
    await waitFor(() => expect(rows(container).map((row) => row.getAttribute('data-id'))).toContain(oldest));
  });

  it('switches organisation from the sidebar menu', async () => {
    const backend = createFakeBackend(demoSeed(2));
    const { container } = renderApp(backend);
    await waitFor(() => expect(rows(container)).toHaveLength(2));
    // Radix opens its menu on a pointer press or a key; jsdom has no pointer events.
    fireEvent.keyDown(screen.getByRole('button', { name: 'Organization: Brightside Agency' }), { key: 'Enter' });
    const items = screen.getAllByRole('menuitemradio');
    expect(items.map((item) => [item.textContent, item.getAttribute('aria-checked')])).toEqual([
      ['BBrightside Agency', 'true'],
      ['SSide Project', 'false'],
    ]);
    expect(screen.getByRole('menuitem', { name: 'New organization…' })).toBeTruthy();
    fireEvent.click(items[1]!);
    expect(await screen.findByText('No contacts yet')).toBeTruthy();
  });

  it('shows a full-page message when the database cannot be opened', async () => {
    const message = 'crm.sqlite3 was written by a newer AIO CRM (schema version 9; this build knows up to 2)';
    const backend = createFakeBackend({ ...demoSeed(0), failWith: { code: 'database', message } });
    renderApp(backend);
    expect(await screen.findByRole('heading', { name: 'Your data could not be opened' })).toBeTruthy();
    expect(screen.getByText(message)).toBeTruthy();
  });

  it('has no New button on the read-only audit log', async () => {
    window.location.hash = '#/audit-log';
    const backend = createFakeBackend(demoSeed(3));
    renderApp(backend);
    expect(await screen.findByRole('heading', { level: 1, name: 'Audit log' })).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('record-count').textContent).toBe('3 audit entries'));
    expect(screen.queryByRole('button', { name: /^New / })).toBeNull();
  });
});
