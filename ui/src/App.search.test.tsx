// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { App } from './App';
import type { Backend } from './backend/backend';
import { demoSeed } from './backend/fake/demoSeed';
import { createFakeBackend, type FakeBackend } from './backend/fake/fakeBackend';

const rows = (container: HTMLElement) => Array.from(container.querySelectorAll('tbody tr[data-id]'));

const rowIds = (container: HTMLElement) => rows(container).map((row) => row.getAttribute('data-id'));

const pressCtrlK = (target: Element | Document = document) => {
  act(() => {
    fireEvent.keyDown(target, { key: 'k', ctrlKey: true });
  });
};

const palette = () => screen.getByRole('dialog', { name: 'Search' });

const paletteInput = () => within(palette()).getByRole('combobox') as HTMLInputElement;

const typeInPalette = (text: string) => fireEvent.change(paletteInput(), { target: { value: text } });

const press = (key: string) => fireEvent.keyDown(paletteInput(), { key });

/** An option as "title | detail" (its avatar's initials left out). */
const optionLabel = (option: Element) =>
  Array.from(option.querySelectorAll('.palette__title, .palette__detail'))
    .map((part) => part.textContent)
    .join(' | ');

const optionTexts = () => within(palette()).queryAllByRole('option').map(optionLabel);

const selectedText = () =>
  within(palette())
    .queryAllByRole('option')
    .filter((option) => option.getAttribute('aria-selected') === 'true')
    .map(optionLabel);

const searchCalls = (backend: FakeBackend) =>
  backend.calls.filter((call) => call.cmd === 'search').map((call) => call.args);

/** The stored record of `table` whose `field` is `value`. */
const stored = (backend: FakeBackend, table: 'contacts' | 'companies', field: string, value: string) => {
  const row = backend.rows(table).find((candidate) => candidate[field] === value);
  if (!row) throw new Error(`no ${table} row with ${field} = ${value}`);
  return row;
};

beforeEach(() => {
  window.location.hash = '';
});

afterEach(() => {
  cleanup();
});

describe('command palette', () => {
  it('opens with Ctrl+K, finds a contact, and Enter opens its drawer on Contacts', async () => {
    window.location.hash = '#/companies';
    const backend = createFakeBackend(demoSeed(12));
    render(<App backend={backend} />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Companies' })).toBeTruthy();
    expect(screen.queryByRole('dialog', { name: 'Search' })).toBeNull();

    pressCtrlK();
    expect(document.activeElement).toBe(paletteInput());
    expect(paletteInput().name).toBe('palette');
    expect(paletteInput().placeholder).toBe('Search contacts and companies…');

    typeInPalette('lovelace');
    await waitFor(() => expect(optionTexts()).toEqual(['Ada Lovelace | ada.lovelace0@example.com · Northwind']));
    expect(within(palette()).getByRole('group', { name: 'Contacts' })).toBeTruthy();
    expect(within(palette()).getByRole('option', { name: 'Ada Lovelace ada.lovelace0@example.com · Northwind' })).toBeTruthy();
    expect(selectedText()).toEqual(['Ada Lovelace | ada.lovelace0@example.com · Northwind']);
    expect(searchCalls(backend).at(-1)).toEqual({ text: 'lovelace', limit: 50 });

    press('Enter');
    expect(screen.queryByRole('dialog', { name: 'Search' })).toBeNull();
    expect(await screen.findByRole('heading', { level: 1, name: 'Contacts' })).toBeTruthy();
    const drawer = await screen.findByRole('dialog', { name: 'Ada Lovelace' });
    expect(within(drawer).getByText('ada.lovelace0@example.com')).toBeTruthy();
    const ada = stored(backend, 'contacts', 'email', 'ada.lovelace0@example.com');
    expect(window.location.hash).toBe(`#/contacts?open=${String(ada.id)}`);

    // Closing the drawer forgets the record, so the palette can open it again.
    act(() => {
      fireEvent.keyDown(document, { key: 'Escape' });
    });
    expect(screen.queryByRole('dialog', { name: 'Ada Lovelace' })).toBeNull();
    expect(window.location.hash).toBe('#/contacts');
  });

  it('moves the highlight with the arrow keys and opens a company', async () => {
    const backend = createFakeBackend(demoSeed(12));
    const { container } = render(<App backend={backend} />);
    await waitFor(() => expect(rows(container)).toHaveLength(12));

    // The shortcut works with the focus in another input.
    pressCtrlK(screen.getByRole('searchbox', { name: 'Search contacts' }));
    typeInPalette('hooli');
    await waitFor(() => expect(optionTexts()).toEqual(['Linus Torvalds | linus.torvalds4@example.com · Hooli · +1 555 0104', 'Hooli | hooli.example']));
    expect(within(palette()).getByRole('group', { name: 'Companies' })).toBeTruthy();
    expect(selectedText()).toEqual([optionTexts()[0]]);

    press('ArrowDown');
    expect(selectedText()).toEqual(['Hooli | hooli.example']);
    const selected = within(palette()).getByRole('option', { selected: true });
    expect(paletteInput().getAttribute('aria-activedescendant')).toBe(selected.id);
    press('ArrowDown');
    expect(selectedText()).toEqual([optionTexts()[0]]);
    press('ArrowUp');
    expect(selectedText()).toEqual(['Hooli | hooli.example']);

    press('Enter');
    expect(await screen.findByRole('heading', { level: 1, name: 'Companies' })).toBeTruthy();
    expect(await screen.findByRole('dialog', { name: 'Hooli' })).toBeTruthy();
    const hooli = stored(backend, 'companies', 'name', 'Hooli');
    expect(window.location.hash).toBe(`#/companies?open=${String(hooli.id)}`);
  });

  it('lists the modules, and "Go to Orders" navigates', async () => {
    const backend = createFakeBackend(demoSeed(3));
    render(<App backend={backend} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Search… Ctrl K' }));
    expect(optionTexts()).toHaveLength(15);
    expect(optionTexts()[0]).toBe('Go to Contacts');

    typeInPalette('ord');
    expect(optionTexts()).toEqual(['Go to Orders']);
    expect(within(palette()).getByRole('group', { name: 'Go to' })).toBeTruthy();
    press('Enter');
    expect(await screen.findByRole('heading', { level: 1, name: 'Orders' })).toBeTruthy();
    expect(window.location.hash).toBe('#/orders');
    expect(screen.queryByRole('dialog', { name: 'Search' })).toBeNull();
  });

  it('says when nothing matches, and closes with Escape or Ctrl+K', async () => {
    const backend = createFakeBackend(demoSeed(3));
    render(<App backend={backend} />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Contacts' })).toBeTruthy();
    pressCtrlK();
    typeInPalette('zzzz');
    expect(await within(palette()).findByText('No matches for “zzzz”')).toBeTruthy();
    expect(optionTexts()).toEqual([]);
    act(() => {
      fireEvent.keyDown(paletteInput(), { key: 'Escape' });
    });
    expect(screen.queryByRole('dialog', { name: 'Search' })).toBeNull();

    pressCtrlK();
    expect(paletteInput().value).toBe('');
    pressCtrlK();
    expect(screen.queryByRole('dialog', { name: 'Search' })).toBeNull();
  });

  it('ignores an answer that arrives after a newer one', async () => {
    const backend = createFakeBackend(demoSeed(12));
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The answer for "ada" is held back until after the one for "globex" has arrived.
    const slow: Backend = {
      invoke: ((cmd, args) => {
        const answer = backend.invoke(cmd, args);
        const text = (args as { text?: string }).text;
        return cmd === 'search' && text === 'ada' ? held.then(() => answer) : answer;
      }) as Backend['invoke'],
    };
    render(<App backend={slow} />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Contacts' })).toBeTruthy();
    pressCtrlK();
    typeInPalette('ada');
    await waitFor(() => expect(searchCalls(backend).map((args) => (args as { text: string }).text)).toContain('ada'));
    typeInPalette('globex');
    await waitFor(() => expect(optionTexts()).toContain('Globex | globex.example'));
    const globex = optionTexts();

    await act(async () => {
      release();
      await held;
    });
    expect(optionTexts()).toEqual(globex);
    expect(optionTexts().some((text) => text?.startsWith('Ada Lovelace'))).toBe(false);
  });
});

describe('contacts list search', () => {
  it('shows the full-text hits in their order, and clearing returns to the list', async () => {
    const backend = createFakeBackend(demoSeed(12));
    const { container } = render(<App backend={backend} />);
    await waitFor(() => expect(rows(container)).toHaveLength(12));
    const box = screen.getByRole('searchbox', { name: 'Search contacts' });

    // A phone number: the old last-name filter could never find it.
    fireEvent.change(box, { target: { value: '0102' } });
    await waitFor(() => expect(screen.getByTestId('record-count').textContent).toBe('1 match'));
    expect(rowIds(container)).toEqual([stored(backend, 'contacts', 'phone', '+1 555 0102').id]);
    expect(searchCalls(backend).at(-1)).toEqual({ text: '0102', limit: 200 });

    fireEvent.change(box, { target: { value: 'northwind' } });
    await waitFor(() => expect(screen.getByTestId('record-count').textContent).toBe('2 matches'));
    const expected = backend.rows('contacts').filter((row) => row.company === 'Northwind').map((row) => row.id);
    expect(rowIds(container)).toEqual(expected);
    // The hits keep the search's ranking: the headers do not sort them.
    expect(screen.queryByRole('button', { name: 'Lead score' })).toBeNull();
    const filtered = backend.calls.filter(
      (call) => call.cmd === 'records_list' && JSON.stringify(call.args).includes('northwind'),
    );
    expect(filtered).toEqual([]);

    fireEvent.change(box, { target: { value: '' } });
    await waitFor(() => expect(rows(container)).toHaveLength(12));
    expect(screen.getByTestId('record-count').textContent).toBe('12 contacts');
    expect(screen.getByRole('button', { name: 'Lead score' })).toBeTruthy();
  });

  it('drops a record moved to the trash from the hits', async () => {
    const backend = createFakeBackend(demoSeed(12));
    const { container } = render(<App backend={backend} />);
    await waitFor(() => expect(rows(container)).toHaveLength(12));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search contacts' }), { target: { value: 'northwind' } });
    await waitFor(() => expect(screen.getByTestId('record-count').textContent).toBe('2 matches'));
    const [first, second] = rowIds(container);
    fireEvent.click(rows(container)[0]!);
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Move to trash' }));
    await waitFor(() => expect(screen.getByTestId('record-count').textContent).toBe('1 match'));
    expect(rowIds(container)).toEqual([second]);
    expect(backend.rows('contacts').find((row) => row.id === first)?.deleted_at).not.toBeNull();
  });

  it('shows only companies on the Companies page, and opens one from the results', async () => {
    window.location.hash = '#/companies';
    const backend = createFakeBackend(demoSeed(12));
    const { container } = render(<App backend={backend} />);
    await waitFor(() => expect(rows(container)).toHaveLength(8));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search companies' }), { target: { value: 'glob' } });
    await waitFor(() => expect(screen.getByTestId('record-count').textContent).toBe('1 match'));
    // Contacts working at Globex are hits too, but not companies.
    expect(searchCalls(backend).at(-1)).toEqual({ text: 'glob', limit: 200 });
    expect(rowIds(container)).toEqual([stored(backend, 'companies', 'name', 'Globex').id]);
    fireEvent.click(rows(container)[0]!);
    expect(await screen.findByRole('dialog', { name: 'Globex' })).toBeTruthy();
  });

  it('says when nothing matches', async () => {
    const backend = createFakeBackend(demoSeed(12));
    const { container } = render(<App backend={backend} />);
    await waitFor(() => expect(rows(container)).toHaveLength(12));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search contacts' }), { target: { value: 'zzzz' } });
    expect(await screen.findByText('No contacts match “zzzz”')).toBeTruthy();
    expect(screen.getByTestId('record-count').textContent).toBe('0 matches');
  });
});
