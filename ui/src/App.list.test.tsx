// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { App } from './App';
import { demoSeed } from './backend/fake/demoSeed';
import { createFakeBackend, type FakeBackend, type FakeSeed } from './backend/fake/fakeBackend';
import type { BatchResult, ListQuery } from './bindings';

type Row = Record<string, unknown>;

const rows = (container: HTMLElement) => Array.from(container.querySelectorAll('tbody tr[data-id]'));
const rowIds = (container: HTMLElement) => rows(container).map((row) => row.getAttribute('data-id'));

/** The `records_list` calls for `table`, oldest first. */
const listCalls = (backend: FakeBackend, table = 'contacts') =>
  backend.calls
    .filter((call) => call.cmd === 'records_list' && (call.args as { table: string }).table === table)
    .map((call) => (call.args as { query: ListQuery }).query);

const lastList = (backend: FakeBackend, table = 'contacts') => listCalls(backend, table).at(-1);

const calls = (backend: FakeBackend, cmd: string) => backend.calls.filter((call) => call.cmd === cmd).map((call) => call.args);

const count = () => screen.getByTestId('record-count').textContent;

/** The contacts the list shows first: newest first. */
const newestFirst = (backend: FakeBackend): Row[] =>
  [...backend.rows('contacts')].filter((row) => row.deleted_at == null).sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));

const renderList = async (seed: FakeSeed, expectedCount: string) => {
  const backend = createFakeBackend(seed);
  const view = render(<App backend={backend} />);
  await waitFor(() => expect(count()).toBe(expectedCount));
  await waitFor(() => expect(rows(view.container).length).toBeGreaterThan(0));
  return { backend, ...view };
};

const press = (key: string, options: { shiftKey?: boolean } = {}) => {
  act(() => {
    fireEvent.keyDown(document.activeElement ?? document.body, { key, ...options });
  });
};

const openFilter = (label: string) => {
  fireEvent.click(screen.getByRole('button', { name: 'Filter' }));
  const menu = screen.getByRole('dialog', { name: 'Add a filter' });
  fireEvent.click(within(menu).getByRole('button', { name: label }));
  return screen.getByRole('dialog', { name: `Filter by ${label}` });
};

beforeEach(() => {
  window.location.hash = '';
  window.localStorage.clear();
});

afterEach(() => {
  cleanup();
});

describe('contacts list: virtual table', () => {
  it('draws a bounded number of rows out of 1,000 and pages through the cursor, 100 at a time', async () => {
    const { backend, container } = await renderList(demoSeed(1000), '1,000 contacts');
    expect(lastList(backend)).toMatchObject({ limit: 100, deleted: 'exclude' });
    expect(lastList(backend)?.cursor).toBeUndefined();
    // 720px of viewport at 36px a row, plus a few rows of overscan: far fewer than loaded.
    expect(rows(container).length).toBeGreaterThan(10);
    expect(rows(container).length).toBeLessThan(40);
    expect(rowIds(container)[0]).toBe(newestFirst(backend)[0]?.id);

    const scroller = container.querySelector('.table-scroll') as HTMLElement;
    act(() => {
      scroller.scrollTo({ top: 85 * 36 });
    });
    await waitFor(() => expect(lastList(backend)).toMatchObject({ cursor: '100', limit: 100 }));
    act(() => {
      scroller.scrollTo({ top: 185 * 36 });
    });
    await waitFor(() => expect(lastList(backend)).toMatchObject({ cursor: '200', limit: 100 }));
    await waitFor(() => expect(rowIds(container)).toContain(newestFirst(backend)[190]?.id));
    // Scrolled far down: the first rows have left the DOM, and it stays small.
    expect(rowIds(container)).not.toContain(newestFirst(backend)[0]?.id);
    expect(rows(container).length).toBeLessThan(40);
    expect(count()).toBe('1,000 contacts');
  });

  it('shows status as a badge, tags with their colours and the owner by name', async () => {
    const { backend, container } = await renderList(demoSeed(6), '6 contacts');
    const tagged = backend.rows('contacts').find((row) => Array.isArray(row.tags) && row.tags.includes('vip'))!;
    const row = container.querySelector(`tr[data-id="${String(tagged.id)}"]`) as HTMLElement;
    await waitFor(() => expect(within(row).getByText('Jamie Rivera')).toBeTruthy());
    const vip = within(row).getByText('vip');
    await waitFor(() => expect((vip.querySelector('.tag-chip__dot') as HTMLElement).style.background).toBe('rgb(37, 99, 235)'));
    expect(within(row).getByText('Lead').className).toContain('badge');
  });

  it('shows the backend’s message when the list cannot load', async () => {
    const backend = createFakeBackend({
      ...demoSeed(3),
      handlers: {
        records_list: () => {
          throw { code: 'database', message: 'database is locked' };
        },
      },
    });
    render(<App backend={backend} />);
    expect(await screen.findByRole('heading', { name: 'Could not load contacts' })).toBeTruthy();
    expect(screen.getAllByText('database is locked').length).toBeGreaterThan(0);
  });
});

describe('contacts list: sort', () => {
  it('sorts ascending, then descending, then back to the default order', async () => {
    const { backend } = await renderList(demoSeed(12), '12 contacts');
    const header = () => screen.getByRole('button', { name: /^Lead score/ });
    fireEvent.click(header());
    await waitFor(() => expect(lastList(backend)?.sort).toEqual({ field: 'lead_score', desc: false }));
    expect(header().closest('th')?.getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(header());
    await waitFor(() => expect(lastList(backend)?.sort).toEqual({ field: 'lead_score', desc: true }));
    fireEvent.click(header());
    await waitFor(() => expect(lastList(backend)?.sort).toBeUndefined());
    expect(header().closest('th')?.getAttribute('aria-sort')).toBeNull();
  });
});

describe('contacts list: filters', () => {
  it('adds a multi-choice chip as an in filter, and removing it lists everyone again', async () => {
    const { backend, container } = await renderList(demoSeed(12), '12 contacts');
    const editor = openFilter('Status');
    fireEvent.click(within(editor).getByRole('checkbox', { name: 'Customer' }));
    fireEvent.click(within(editor).getByRole('checkbox', { name: 'Lead' }));
    fireEvent.click(within(editor).getByRole('button', { name: 'Apply' }));

    const expected = [{ field: 'status', op: 'in', value: ['customer', 'lead'] }];
    await waitFor(() => expect(lastList(backend)?.filters).toEqual(expected));
    expect(calls(backend, 'records_count').at(-1)).toMatchObject({ table: 'contacts', query: { filters: expected } });
    await waitFor(() => expect(count()).toBe('6 contacts'));
    const shown = backend.rows('contacts').filter((row) => rowIds(container).includes(String(row.id)));
    expect(shown.every((row) => row.status === 'customer' || row.status === 'lead')).toBe(true);
    expect(screen.getByRole('group', { name: 'Filters' }).textContent).toContain('Status: Customer, Lead');

    fireEvent.click(screen.getByRole('button', { name: 'Remove filter Status: Customer, Lead' }));
    await waitFor(() => expect(count()).toBe('12 contacts'));
    expect(lastList(backend)?.filters).toEqual([]);
  });

  it('filters on tags, date ranges and custom fields with their operators', async () => {
    const seed = demoSeed(10);
    const contacts = seed.rows?.contacts ?? [];
    contacts.forEach((row, index) => {
      row.custom_fields = { budget: index < 3 ? '> $20k' : '< $1k' };
    });
    const { backend } = await renderList(seed, '10 contacts');

    fireEvent.click(within(openFilter('Tags')).getByRole('checkbox', { name: 'vip' }));
    fireEvent.click(within(screen.getByRole('dialog', { name: 'Filter by Tags' })).getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(lastList(backend)?.filters).toEqual([{ field: 'tags', op: 'has', value: 'vip' }]));
    await waitFor(() => expect(count()).toBe('2 contacts'));

    const dates = openFilter('Created');
    fireEvent.change(within(dates).getByLabelText('From'), { target: { value: '2026-11-20' } });
    fireEvent.click(within(dates).getByRole('button', { name: 'Apply' }));
    await waitFor(() =>
      expect(lastList(backend)?.filters).toEqual([
        { field: 'tags', op: 'has', value: 'vip' },
        { field: 'created_at', op: 'gte', value: '2026-11-20T00:00:00.000Z' },
      ]),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(count()).toBe('10 contacts'));

    const budget = openFilter('Budget');
    fireEvent.click(within(budget).getByRole('checkbox', { name: '> $20k' }));
    fireEvent.click(within(budget).getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(lastList(backend)?.filters).toEqual([{ field: 'custom_fields.budget', op: 'eq', value: '> $20k' }]));
    await waitFor(() => expect(count()).toBe('3 contacts'));
  });
});

describe('contacts list: saved views', () => {
  it('applies a view, updates it when changed, and saves a new one', async () => {
    const { backend } = await renderList(demoSeed(40), '40 contacts');
    const views = screen.getByRole('group', { name: 'Saved views' });
    expect(within(views).getAllByRole('button', { pressed: false }).map((button) => button.textContent)).toEqual(['Hot leads', 'Customers']);
    expect(within(views).getByRole('button', { name: 'All contacts' }).getAttribute('aria-pressed')).toBe('true');

    fireEvent.click(within(views).getByRole('button', { name: 'Customers' }));
    await waitFor(() =>
      expect(lastList(backend)).toMatchObject({ filters: [{ field: 'status', op: 'eq', value: 'customer' }], sort: { field: 'last_name', desc: false } }),
    );
    await waitFor(() => expect(count()).toBe('10 contacts'));
    // The view's columns: tags and owner are shown, last contacted (a default column) is not.
    const headers = screen.getAllByRole('columnheader').map((header) => header.textContent);
    expect(headers).toEqual(expect.arrayContaining(['Name', 'Email', 'Company', 'Status', 'Lead score', 'Tags', 'Owner']));
    expect(headers).not.toContain('Last contacted');
    expect(screen.queryByRole('button', { name: 'Update view' })).toBeNull();

    const quality = openFilter('Quality');
    fireEvent.click(within(quality).getByRole('checkbox', { name: 'Hot' }));
    fireEvent.click(within(quality).getByRole('button', { name: 'Apply' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Update view' }));
    await waitFor(() => expect(calls(backend, 'records_update')).toHaveLength(1));
    const customers = backend.rows('saved_views').find((row) => row.name === 'Customers')!;
    expect(calls(backend, 'records_update')[0]).toEqual({
      table: 'saved_views',
      id: customers.id,
      patch: {
        filters: [
          { field: 'status', op: 'eq', value: 'customer' },
          { field: 'quality', op: 'eq', value: 'hot' },
        ],
        sort: { field: 'last_name', desc: false },
        columns: ['first_name', 'last_name', 'email', 'company', 'status', 'lead_score', 'tags', 'owner_id'],
      },
    });
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Update view' })).toBeNull());

    fireEvent.click(screen.getByRole('button', { name: /^Lead score/ }));
    fireEvent.click(await screen.findByRole('button', { name: 'Save as new view' }));
    const dialog = screen.getByRole('dialog', { name: 'Save view' });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Hot customers' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save view' }));
    await waitFor(() => expect(within(views).getByRole('button', { name: 'Hot customers' }).getAttribute('aria-pressed')).toBe('true'));
    expect(calls(backend, 'records_create').at(-1)).toMatchObject({
      table: 'saved_views',
      data: {
        entity: 'contacts',
        name: 'Hot customers',
        position: 2,
        sort: { field: 'lead_score', desc: false },
        columns: ['first_name', 'last_name', 'email', 'company', 'status', 'lead_score', 'tags', 'owner_id'],
      },
    });

    // Delete it: the list goes back to "All contacts".
    fireEvent.click(within(views).getByRole('button', { name: 'Options for Hot customers' }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete view' }));
    await waitFor(() => expect(within(views).queryByRole('button', { name: 'Hot customers' })).toBeNull());
    expect(within(views).getByRole('button', { name: 'All contacts' }).getAttribute('aria-pressed')).toBe('true');
    await waitFor(() => expect(count()).toBe('40 contacts'));
  });
});

describe('contacts list: columns', () => {
  it('adds a custom field column, sorts by it, and remembers the choice', async () => {
    const { backend, unmount } = await renderList(demoSeed(5), '5 contacts');
    fireEvent.click(screen.getByRole('button', { name: 'Columns' }));
    const menu = screen.getByRole('dialog', { name: 'Columns' });
    fireEvent.click(within(menu).getByRole('checkbox', { name: 'Budget' }));
    fireEvent.click(within(menu).getByRole('checkbox', { name: 'Email' }));
    fireEvent.click(screen.getByRole('button', { name: /^Budget/ }));
    await waitFor(() => expect(lastList(backend)?.sort).toEqual({ field: 'custom_fields.budget', desc: false }));
    expect(screen.queryByRole('columnheader', { name: /Email/ })).toBeNull();
    unmount();

    render(<App backend={createFakeBackend(demoSeed(5))} />);
    expect(await screen.findByRole('columnheader', { name: /Budget/ })).toBeTruthy();
    expect(screen.queryByRole('columnheader', { name: /Email/ })).toBeNull();
  });
});

describe('contacts list: keyboard', () => {
  it('moves the active row with j/k and the arrows, ticks with x, and opens with Enter', async () => {
    const { backend, container } = await renderList(demoSeed(12), '12 contacts');
    const active = () => container.querySelector('tr[aria-current="true"]')?.getAttribute('data-id');
    const order = newestFirst(backend).map((row) => String(row.id));

    press('j');
    expect(active()).toBe(order[0]);
    press('j');
    press('ArrowDown');
    expect(active()).toBe(order[2]);
    press('k');
    expect(active()).toBe(order[1]);

    press('x');
    expect(screen.getByTestId('selection-count').textContent).toBe('1 selected');
    press('ArrowDown', { shiftKey: true });
    expect(screen.getByTestId('selection-count').textContent).toBe('2 selected');
    press('Escape');
    expect(screen.queryByTestId('selection-count')).toBeNull();

    press('/');
    expect(document.activeElement).toBe(screen.getByRole('searchbox', { name: 'Search contacts' }));
    // Typing in the search box is text, not shortcuts.
    press('j');
    expect(active()).toBe(order[2]);
    act(() => {
      (document.activeElement as HTMLElement).blur();
    });

    press('Enter');
    const opened = backend.rows('contacts').find((row) => row.id === order[2])!;
    expect(await screen.findByRole('dialog', { name: `${String(opened.first_name)} ${String(opened.last_name)}` })).toBeTruthy();
    expect(window.location.hash).toBe(`#/contacts?open=${order[2]}`);
  });
});

describe('contacts list: bulk actions', () => {
  it('tags the selected contacts, then Undo reverts the batch', async () => {
    const result: BatchResult = { batch_id: 'batch-1', changed: 2, unchanged: 0 };
    const seed = demoSeed(12);
    let tagged: string[] = [];
    const backend = createFakeBackend({
      ...seed,
      handlers: {
        records_bulk: (args) => {
          if (args.target.kind === 'ids' && args.action.kind === 'add_tags') tagged = args.target.ids;
          return result;
        },
        batch_undo: () => ({ reverted: 2, kept: 0 }),
      },
    });
    const { container } = render(<App backend={backend} />);
    await waitFor(() => expect(rows(container)).toHaveLength(12));
    const [first, second] = newestFirst(backend);
    const name = (row: Row | undefined) => `Select contact ${String(row?.first_name)} ${String(row?.last_name)}`;
    fireEvent.click(screen.getByRole('checkbox', { name: name(first) }));
    fireEvent.click(screen.getByRole('checkbox', { name: name(second) }));
    expect(screen.getByTestId('selection-count').textContent).toBe('2 selected');

    const loads = listCalls(backend).length;
    fireEvent.click(screen.getByRole('button', { name: 'Add tag' }));
    fireEvent.click(within(screen.getByRole('menu', { name: 'Add tag' })).getByRole('menuitem', { name: 'partner' }));
    await waitFor(() => expect(calls(backend, 'records_bulk')).toHaveLength(1));
    expect(calls(backend, 'records_bulk')[0]).toEqual({
      table: 'contacts',
      target: { kind: 'ids', ids: [first?.id, second?.id] },
      action: { kind: 'add_tags', tags: ['partner'] },
    });
    expect(tagged).toEqual([first?.id, second?.id]);
    expect(await screen.findByText('Tagged 2 contacts')).toBeTruthy();
    await waitFor(() => expect(listCalls(backend).length).toBeGreaterThan(loads));
    expect(screen.queryByTestId('selection-count')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(calls(backend, 'batch_undo')).toEqual([{ batchId: 'batch-1' }]));
    expect(await screen.findByText('Undone: 2 contacts put back')).toBeTruthy();
  });

  it('selects every contact the filter matches and sends the filter as the target', async () => {
    const seed = demoSeed(1000);
    const backend = createFakeBackend({
      ...seed,
      handlers: { records_bulk: () => ({ batch_id: 'batch-2', changed: 250, unchanged: 0 }) },
    });
    render(<App backend={backend} />);
    await waitFor(() => expect(count()).toBe('1,000 contacts'));
    const editor = openFilter('Status');
    fireEvent.click(within(editor).getByRole('checkbox', { name: 'Lead' }));
    fireEvent.click(within(editor).getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(count()).toBe('250 contacts'));

    fireEvent.click(screen.getByRole('checkbox', { name: 'Select all loaded contacts' }));
    expect(screen.getByTestId('selection-count').textContent).toBe('100 selected');
    fireEvent.click(screen.getByRole('button', { name: 'Select all 250 matching contacts' }));
    expect(screen.getByTestId('selection-count').textContent).toBe('All 250 contacts selected');

    fireEvent.click(screen.getByRole('button', { name: 'Change status' }));
    fireEvent.click(within(screen.getByRole('menu', { name: 'Change status' })).getByRole('menuitem', { name: 'Customer' }));
    await waitFor(() => expect(calls(backend, 'records_bulk')).toHaveLength(1));
    expect(calls(backend, 'records_bulk')[0]).toEqual({
      table: 'contacts',
      target: { kind: 'query', query: { filters: [{ field: 'status', op: 'eq', value: 'lead' }], deleted: 'exclude' } },
      action: { kind: 'set', fields: { status: 'customer' } },
    });
    expect(await screen.findByText('Set 250 contacts to Customer')).toBeTruthy();
  });

  it('asks before deleting a whole filter result and deletes only once confirmed', async () => {
    const seed = demoSeed(1000);
    const backend = createFakeBackend({
      ...seed,
      handlers: { records_bulk: () => ({ batch_id: 'batch-3', changed: 250, unchanged: 0 }) },
    });
    render(<App backend={backend} />);
    await waitFor(() => expect(count()).toBe('1,000 contacts'));
    const editor = openFilter('Status');
    fireEvent.click(within(editor).getByRole('checkbox', { name: 'Lead' }));
    fireEvent.click(within(editor).getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(count()).toBe('250 contacts'));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select all loaded contacts' }));
    fireEvent.click(screen.getByRole('button', { name: 'Select all 250 matching contacts' }));

    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete 250 contacts?' });
    expect(calls(backend, 'records_bulk')).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Move to trash' }));
    await waitFor(() => expect(calls(backend, 'records_bulk')).toHaveLength(1));
    expect(calls(backend, 'records_bulk')[0]).toMatchObject({ action: { kind: 'delete' }, target: { kind: 'query' } });
  });
});

describe('contacts list: trash', () => {
  it('lists deleted contacts, restores one from its row and the rest in bulk', async () => {
    const seed = demoSeed(8);
    const contacts = seed.rows?.contacts ?? [];
    const deleted = contacts.slice(0, 3);
    deleted.forEach((row) => {
      row.deleted_at = '2026-11-20T10:00:00.000Z';
    });
    const backend = createFakeBackend({
      ...seed,
      handlers: { records_bulk: () => ({ batch_id: 'batch-3', changed: 2, unchanged: 0 }) },
    });
    const { container } = render(<App backend={backend} />);
    await waitFor(() => expect(count()).toBe('5 contacts'));

    fireEvent.click(screen.getByRole('button', { name: 'Trash' }));
    await waitFor(() => expect(count()).toBe('3 contacts in trash'));
    expect(lastList(backend)?.deleted).toBe('only');
    expect(screen.getByRole('note').textContent).toContain('Restoring a contact brings back its notes and activities with it.');
    expect(screen.queryByRole('group', { name: 'Saved views' })).toBeNull();

    const [first] = deleted;
    fireEvent.click(screen.getByRole('button', { name: `Restore ${String(first?.first_name)} ${String(first?.last_name)}` }));
    await waitFor(() => expect(calls(backend, 'records_restore')).toEqual([{ table: 'contacts', id: first?.id }]));
    await waitFor(() => expect(count()).toBe('2 contacts in trash'));
    expect(rowIds(container)).not.toContain(first?.id);

    fireEvent.click(screen.getByRole('checkbox', { name: 'Select all loaded contacts' }));
    fireEvent.click(within(screen.getByRole('toolbar', { name: 'Bulk actions' })).getByRole('button', { name: 'Restore' }));
    await waitFor(() => expect(calls(backend, 'records_bulk')).toHaveLength(1));
    expect(calls(backend, 'records_bulk')[0]).toMatchObject({
      table: 'contacts',
      target: { kind: 'ids' },
      action: { kind: 'restore' },
    });
    const ids = (calls(backend, 'records_bulk')[0] as { target: { ids: string[] } }).target.ids;
    expect([...ids].sort()).toEqual([deleted[1]?.id, deleted[2]?.id].sort());
    expect(await screen.findByText('Restored 2 contacts')).toBeTruthy();
  });
});
