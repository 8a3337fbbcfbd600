// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { RouterProvider, createMemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';

import type { FakeBackend, Handlers } from '../../../backend/fake/fakeBackend';
import { callsOf, crmSeed, fakeWith, renderWith } from '../../../test/fixtures';
import { FORM_ID, formRow } from '../test/formRows';
import { FormsScreen } from './FormsScreen';

afterEach(() => {
  cleanup();
});

type Row = Record<string, unknown>;

const seed = (handlers: Partial<Handlers> = {}, form: Row = formRow()) => crmSeed({ handlers, rows: { forms: [form] } });

const renderScreen = (backend: FakeBackend, path = `/forms?form=${FORM_ID}`) => {
  const router = createMemoryRouter([{ path: '/forms', element: <FormsScreen table="forms" onTableChange={() => undefined} /> }], { initialEntries: [path] });
  renderWith(backend, <RouterProvider router={router} />);
  return router;
};

const fieldList = () => screen.getByRole('list', { name: 'Fields' });
const cardIds = () => [...fieldList().querySelectorAll('[data-field-id]')].map((card) => card.getAttribute('data-field-id'));
const editor = () => screen.getByRole('complementary', { name: 'Field settings' });
const card = (id: string) => fieldList().querySelector(`[data-field-id="${id}"]`) as HTMLElement;
const savedFields = (backend: FakeBackend) => {
  const updates = callsOf(backend, 'records_update') as Array<{ table: string; patch: Row }>;
  return updates.at(-1)?.patch.fields;
};

// Many inputs per screen: slow in jsdom on a loaded 2-core machine.
describe('form builder', { timeout: 30_000 }, () => {
  it('adds fields from the palette below the selected one and saves the fields as the contract says', async () => {
    const backend = fakeWith(seed());
    renderScreen(backend);
    await waitFor(() => expect(cardIds()).toEqual(['first_name', 'email', 'topic', 'campaign']));
    fireEvent.click(card('email'));
    fireEvent.click(screen.getByRole('button', { name: 'Add Rating field' }));
    expect(cardIds()).toEqual(['first_name', 'email', 'how_would_you_rate_us', 'topic', 'campaign']);
    // A new field's id follows its label until it is saved.
    fireEvent.change(within(editor()).getByLabelText('Question'), { target: { value: 'Your score' } });
    expect(cardIds()).toContain('your_score');
    fireEvent.change(within(editor()).getByLabelText('Scale'), { target: { value: '10' } });
    fireEvent.click(within(editor()).getByLabelText('Required'));
    expect(screen.getByText('Unsaved changes')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(callsOf(backend, 'records_update')).toHaveLength(1));
    expect(savedFields(backend)).toEqual([
      { id: 'first_name', type: 'text', label: 'First name', required: true, map_to: 'first_name' },
      { id: 'email', type: 'email', label: 'Email', required: true, map_to: 'email' },
      { id: 'your_score', type: 'rating', label: 'Your score', required: true, max: 10 },
      { id: 'topic', type: 'select', label: 'Topic', required: false, options: ['Sales', 'Support'] },
      { id: 'campaign', type: 'hidden', label: 'Campaign', required: false },
    ]);
    await waitFor(() => expect(screen.queryByText('Unsaved changes')).toBeNull());
  });

  it('reorders fields from the keyboard and through the sortable handler, and undoes', async () => {
    const backend = fakeWith(seed());
    renderScreen(backend);
    await waitFor(() => expect(cardIds()).toHaveLength(4));
    fireEvent.keyDown(card('first_name'), { key: 'ArrowDown', altKey: true });
    expect(cardIds()).toEqual(['email', 'first_name', 'topic', 'campaign']);
    fireEvent.keyDown(card('campaign'), { key: 'ArrowUp', altKey: true });
    expect(cardIds()).toEqual(['email', 'first_name', 'campaign', 'topic']);
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(cardIds()).toEqual(['email', 'first_name', 'topic', 'campaign']);
    fireEvent.click(screen.getByRole('button', { name: 'Redo' }));
    expect(cardIds()).toEqual(['email', 'first_name', 'campaign', 'topic']);
    // A removed field comes back in its place from the toast, after other changes too.
    fireEvent.click(within(card('first_name')).getByRole('button', { name: 'Remove First name' }));
    fireEvent.keyDown(card('topic'), { key: 'ArrowUp', altKey: true });
    expect(cardIds()).toEqual(['email', 'topic', 'campaign']);
    const toast = (await screen.findByText('Removed “First name”')).closest('.toast') as HTMLElement;
    fireEvent.click(within(toast).getByRole('button', { name: 'Undo' }));
    expect(cardIds()).toEqual(['email', 'first_name', 'topic', 'campaign']);
    // The drag handle is dnd-kit's sortable activator, reachable by keyboard.
    const handle = within(card('topic')).getByRole('button', { name: 'Reorder Topic' });
    expect(handle.getAttribute('aria-roledescription')).toBe('sortable');
  });

  it('edits the options of a choice field: add, rename, reorder, remove', async () => {
    const backend = fakeWith(seed());
    renderScreen(backend);
    await waitFor(() => expect(cardIds()).toHaveLength(4));
    fireEvent.click(card('topic'));
    fireEvent.click(within(editor()).getByRole('button', { name: 'Add option' }));
    fireEvent.change(within(editor()).getByLabelText('Option 3'), { target: { value: 'Billing' } });
    fireEvent.click(within(editor()).getByRole('button', { name: 'Move option 3 up' }));
    fireEvent.click(within(editor()).getByRole('button', { name: 'Remove option 1' }));
    expect(within(card('topic')).getByText('Billing')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(callsOf(backend, 'records_update')).toHaveLength(1));
    expect((savedFields(backend) as Row[])[2]).toEqual({ id: 'topic', type: 'select', label: 'Topic', required: false, options: ['Billing', 'Support'] });
  });

  it('offers only earlier fields to a condition, and refuses one left below its field', async () => {
    const backend = fakeWith(seed());
    renderScreen(backend);
    await waitFor(() => expect(cardIds()).toHaveLength(4));
    fireEvent.click(card('topic'));
    fireEvent.click(within(editor()).getByLabelText('Show only when an earlier answer matches'));
    const source = within(editor()).getByLabelText('Condition field') as HTMLSelectElement;
    expect([...source.options].map((option) => option.value)).toEqual(['first_name', 'email']);
    fireEvent.change(source, { target: { value: 'email' } });
    fireEvent.change(within(editor()).getByLabelText('Condition operator'), { target: { value: 'contains' } });
    fireEvent.change(within(editor()).getByLabelText('Condition value'), { target: { value: '@acme.example' } });
    expect(within(card('topic')).getByText('Conditional')).toBeTruthy();
    // The first field has nothing above it to depend on.
    fireEvent.click(card('first_name'));
    expect(within(editor()).getByText(/Add a question above this one/)).toBeTruthy();
    // Moving the condition's source below it is caught before saving.
    fireEvent.keyDown(card('email'), { key: 'ArrowDown', altKey: true });
    expect(cardIds()).toEqual(['first_name', 'topic', 'email', 'campaign']);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await within(card('topic')).findByText(/must use a field above it/)).toBeTruthy();
    expect(callsOf(backend, 'records_update')).toHaveLength(0);
    fireEvent.keyDown(card('email'), { key: 'ArrowUp', altKey: true });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(callsOf(backend, 'records_update')).toHaveLength(1));
    expect((savedFields(backend) as Row[])[2]).toMatchObject({ id: 'topic', show_if: { field: 'email', op: 'contains', value: '@acme.example' } });
  });

  it('shows the core’s error on the field it names', async () => {
    const backend = fakeWith(
      seed({
        records_update: () => {
          throw { code: 'invalid', message: 'fields: field "topic": a select field needs at least one option' };
        },
      }),
    );
    renderScreen(backend);
    await waitFor(() => expect(cardIds()).toHaveLength(4));
    fireEvent.click(card('email'));
    fireEvent.change(within(editor()).getByLabelText('Help text'), { target: { value: 'Work address' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await within(card('topic')).findByText('a select field needs at least one option')).toBeTruthy();
    // The field is selected, its editor says why.
    expect(within(editor()).getByRole('alert').textContent).toBe('a select field needs at least one option');
    expect(screen.getByText('Unsaved changes')).toBeTruthy();
  });

  it('publishes with the draft in one update, and says where the link will be when not connected', async () => {
    const backend = fakeWith(seed({ sync_status: () => ({ connected: false, server: null, email: null, role: null, organizations: [], ended: [], when_ended: 'keep_read_only', online: false, pending_changes: 0, last_sync: null, last_error: null, remote_rows: 0, undone_unseen: 0 }) }));
    renderScreen(backend);
    await waitFor(() => expect(cardIds()).toHaveLength(4));
    fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    await waitFor(() => expect(callsOf(backend, 'records_update')).toHaveLength(1));
    expect((callsOf(backend, 'records_update')[0] as { patch: Row }).patch).toMatchObject({ is_active: true, is_public: true, slug: 'contact-us' });
    expect(await screen.findByText(/goes live, with its public link and embed code, once this organisation syncs to a server/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Unpublish' })).toBeTruthy();
  });

  it('gives the public link and embed code of a published form on a connected profile', async () => {
    const backend = fakeWith(
      seed(
        { sync_status: () => ({ connected: true, server: 'https://crm.example.com/', email: 'me@x', role: 'owner', organizations: [], ended: [], when_ended: 'keep_read_only', online: true, pending_changes: 0, last_sync: null, last_error: null, remote_rows: 0, undone_unseen: 0 }) },
        formRow({ is_active: true, is_public: true }),
      ),
    );
    renderScreen(backend);
    expect(await screen.findByText('https://crm.example.com/form/brightside/contact-us')).toBeTruthy();
    const written: string[] = [];
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: (text: string) => (written.push(text), Promise.resolve()) } });
    fireEvent.click(screen.getByRole('button', { name: 'Copy embed code' }));
    expect(written).toEqual(['<script src="https://crm.example.com/form/brightside/contact-us/embed.js" async></script>']);
  });

  it('previews the draft through form_preview, or says plainly that this build lacks it', async () => {
    const previews: Row[] = [];
    const backend = fakeWith(
      seed({
        form_preview: ({ form }: { form: Row }) => {
          previews.push(form);
          return `<html><body><h1>${String(form.name)}</h1></body></html>`;
        },
      } as unknown as Partial<Handlers>),
    );
    renderScreen(backend, `/forms?form=${FORM_ID}&tab=preview`);
    const frame = (await screen.findByTitle('Form preview')) as HTMLIFrameElement;
    expect(frame.getAttribute('srcdoc')).toContain('<h1>Contact us</h1>');
    expect(frame.getAttribute('sandbox')).toBe('allow-scripts');
    expect(previews[0]).toMatchObject({ id: FORM_ID, slug: 'contact-us', settings: { submit_label: 'Send' } });
    cleanup();

    renderScreen(fakeWith(seed()), `/forms?form=${FORM_ID}&tab=preview`);
    expect(await screen.findByText('The live preview needs a newer build of the app')).toBeTruthy();
  });

  it('lists forms with their status and counts, and creates one from a template', async () => {
    const backend = fakeWith(seed());
    const router = renderScreen(backend, '/forms');
    const table = await screen.findByRole('table', { name: 'Forms' });
    expect(within(table).getByText('Contact us')).toBeTruthy();
    expect(within(table).getByText('Draft')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'New form' }));
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Contact us' } });
    fireEvent.click(screen.getByLabelText(/Newsletter/));
    fireEvent.click(screen.getByRole('button', { name: 'Create form' }));
    await waitFor(() => expect(callsOf(backend, 'records_create')).toHaveLength(1));
    expect((callsOf(backend, 'records_create')[0] as { data: Row }).data).toMatchObject({
      name: 'Contact us',
      slug: 'contact-us-2',
      is_active: false,
      fields: [
        { id: 'email', type: 'email', label: 'Email', required: true, map_to: 'email', placeholder: 'you@example.com' },
        { id: 'consent', type: 'consent', label: 'Send me the newsletter', required: true, consent_to: 'email' },
      ],
    });
    await waitFor(() => expect(router.state.location.search).toMatch(/^\?form=/));
  });
});
