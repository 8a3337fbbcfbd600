// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { FakeBackend } from '../../../backend/fake/fakeBackend';
import { RecordDrawer } from '../../object-record/components/RecordDrawer';
import {
  ACME_ID,
  ADA_ID,
  COLLEAGUE,
  GLOBEX_ID,
  activityRow,
  callsOf,
  contactRow,
  crmSeed,
  defOf,
  fakeWith,
  noteRow,
  renderWith,
  stored,
} from '../../../test/fixtures';

afterEach(() => {
  cleanup();
});

type Row = Record<string, unknown>;

type Handlers = { onUpdated?: (row: Row) => void; onChanged?: (row: Row) => void; onClose?: () => void };

const open = async (backend: FakeBackend, id = ADA_ID, handlers: Handlers = {}) => {
  const row = stored(backend, 'contacts', id);
  renderWith(
    backend,
    <RecordDrawer
      def={defOf('contacts')}
      row={{ ...row }}
      onClose={handlers.onClose ?? (() => {})}
      onEdit={() => {}}
      onChanged={handlers.onChanged ?? (() => {})}
      onUpdated={handlers.onUpdated}
    />,
  );
  const drawer = await screen.findByRole('dialog', { name: String(row.first_name) + ' ' + String(row.last_name) });
  return drawer;
};

const section = (name: string) => screen.getByRole('region', { name });

const updates = (backend: FakeBackend, table = 'contacts') =>
  (callsOf(backend, 'records_update') as Array<{ table: string; id: string; patch: Row }>).filter((call) => call.table === table);

describe('contact detail', () => {
  it('shows the header: name, role, status, owner and quick actions', async () => {
    const backend = fakeWith();
    const drawer = await open(backend);
    expect(within(drawer).getByText('CTO at Acme')).toBeTruthy();
    const subtitle = drawer.querySelector('.drawer__subtitle') as HTMLElement;
    expect(within(subtitle).getByText('Lead')).toBeTruthy();
    expect(await within(drawer).findByText('Owner: Jamie Rivera')).toBeTruthy();
    const toolbar = within(drawer).getByRole('toolbar', { name: 'Quick actions' });
    expect(within(toolbar).getAllByRole('button').map((button) => button.textContent)).toEqual(['Log call', 'Log meeting', 'Add note']);
    expect(within(toolbar).getByRole('link', { name: 'Send email' }).getAttribute('href')).toBe('mailto:ada.lovelace@example.com');
    expect(within(drawer).getByRole('link', { name: 'Acme' }).getAttribute('href')).toBe(`#/companies?open=${ACME_ID}`);
  });

  it('saves an edited field with records_update, sending only what changed', async () => {
    const backend = fakeWith();
    const onUpdated = vi.fn();
    await open(backend, ADA_ID, { onUpdated });
    fireEvent.click(within(section('Contact details')).getByRole('button', { name: 'Edit contact details' }));
    const phone = screen.getByLabelText('Phone') as HTMLInputElement;
    fireEvent.change(phone, { target: { value: '+44 20 7946 0000' } });
    fireEvent.change(screen.getByLabelText('Title') as HTMLInputElement, { target: { value: 'Chief Engineer' } });
    fireEvent.click(within(section('Contact details')).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(updates(backend)).toHaveLength(1));
    expect(updates(backend)[0]).toEqual({ table: 'contacts', id: ADA_ID, patch: { phone: '+44 20 7946 0000', title: 'Chief Engineer' } });
    expect(await within(section('Contact details')).findByText('+44 20 7946 0000')).toBeTruthy();
    expect(screen.getByText('Chief Engineer at Acme')).toBeTruthy();
    expect(onUpdated).toHaveBeenCalledWith(expect.objectContaining({ phone: '+44 20 7946 0000' }));
  });

  it('shows the backend’s error next to the field it names and keeps the form open', async () => {
    const backend = fakeWith();
    await open(backend);
    fireEvent.click(within(section('Contact details')).getByRole('button', { name: 'Edit contact details' }));
    const email = screen.getByRole('textbox', { name: /^Email/ }) as HTMLInputElement;
    fireEvent.change(email, { target: { value: 'not-an-email' } });
    fireEvent.click(within(section('Contact details')).getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toBe('email: "not-an-email" is not an email address');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(within(section('Contact details')).getByText('"not-an-email" is not an email address')).toBeTruthy();
    expect(stored(backend, 'contacts', ADA_ID).email).toBe('ada.lovelace@example.com');
  });

  it('edits the address as separate inputs, stored as one object', async () => {
    const backend = fakeWith();
    await open(backend);
    fireEvent.click(within(section('Address')).getByRole('button', { name: 'Edit address' }));
    fireEvent.change(screen.getByLabelText('Street'), { target: { value: '12 St James Sq' } });
    fireEvent.change(screen.getByLabelText('City'), { target: { value: 'London' } });
    fireEvent.change(screen.getByLabelText('Postal code'), { target: { value: 'SW1Y 4JH' } });
    fireEvent.change(screen.getByLabelText('Country'), { target: { value: 'UK' } });
    fireEvent.click(within(section('Address')).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(updates(backend)).toHaveLength(1));
    expect(updates(backend)[0]?.patch).toEqual({ address: { street: '12 St James Sq', city: 'London', postal_code: 'SW1Y 4JH', country: 'UK' } });
    expect(await within(section('Address')).findByText('SW1Y 4JH London')).toBeTruthy();
  });

  it('changes the owner among the organisation’s users', async () => {
    const backend = fakeWith();
    await open(backend);
    fireEvent.click(within(section('Status and owner')).getByRole('button', { name: 'Edit status and owner' }));
    const owner = screen.getByLabelText(/Owner/) as HTMLSelectElement;
    await waitFor(() => expect(within(owner).getByRole('option', { name: 'Sam Okafor' })).toBeTruthy());
    fireEvent.change(owner, { target: { value: COLLEAGUE.id } });
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'customer' } });
    fireEvent.click(within(section('Status and owner')).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(updates(backend)[0]?.patch).toEqual({ owner_id: COLLEAGUE.id, status: 'customer' }));
    expect(await screen.findByText('Owner: Sam Okafor')).toBeTruthy();
  });

  it('links the contact to another company record, setting its id and name', async () => {
    const backend = fakeWith();
    await open(backend);
    fireEvent.click(within(section('Company')).getByRole('button', { name: 'Change' }));
    const box = screen.getByRole('combobox', { name: 'Find a company' });
    fireEvent.change(box, { target: { value: 'glob' } });
    const option = await screen.findByRole('option', { name: /Globex/ });
    fireEvent.click(option);
    await waitFor(() => expect(updates(backend)[0]?.patch).toEqual({ company_id: GLOBEX_ID, company: 'Globex' }));
    const link = await within(section('Company')).findByRole('link', { name: 'Globex' });
    expect(link.getAttribute('href')).toBe(`#/companies?open=${GLOBEX_ID}`);
  });

  it('switches an opt-in at once', async () => {
    const backend = fakeWith();
    await open(backend);
    const sms = within(section('Communication')).getByRole('switch', { name: 'SMS opt-in' }) as HTMLInputElement;
    expect(sms.checked).toBe(false);
    fireEvent.click(sms);
    await waitFor(() => expect(updates(backend)[0]?.patch).toEqual({ opt_in_sms: true }));
    await waitFor(() => expect(sms.checked).toBe(true));
  });
});

describe('contact tags', () => {
  it('shows tags in their colour, adds an existing one from the suggestions and removes one', async () => {
    const backend = fakeWith();
    await open(backend);
    const tags = section('Tags');
    const vip = await waitFor(() => {
      const chip = tags.querySelector<HTMLElement>('[data-tag="vip"]');
      expect(chip?.style.backgroundColor).toBe('rgba(220, 38, 38, 0.12)');
      return chip;
    });
    expect(vip).toBeTruthy();
    const input = within(tags).getByRole('combobox', { name: 'Add tag' });
    fireEvent.focus(input);
    fireEvent.change(input, { target: { value: 'news' } });
    // Company tags are not offered on a contact.
    expect(within(tags).getAllByRole('option').map((option) => option.textContent)).toEqual(['newsletter', 'Create tag “news”']);
    fireEvent.mouseDown(within(tags).getByRole('option', { name: 'newsletter' }));
    await waitFor(() => expect(updates(backend)[0]?.patch).toEqual({ tags: ['vip', 'newsletter'] }));

    fireEvent.click(await within(tags).findByRole('button', { name: 'Remove tag vip' }));
    await waitFor(() => expect(updates(backend)[1]?.patch).toEqual({ tags: ['newsletter'] }));
    await waitFor(() => expect(within(tags).queryByRole('button', { name: 'Remove tag vip' })).toBeNull());
  });

  it('creates a tag from a new name typed with Enter, and shows it in the colour it was given', async () => {
    const backend = fakeWith();
    await open(backend);
    const tags = section('Tags');
    const input = within(tags).getByRole('combobox', { name: 'Add tag' });
    fireEvent.change(input, { target: { value: 'Conference 2026' } });
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(updates(backend)[0]?.patch).toEqual({ tags: ['vip', 'Conference 2026'] }));
    // The server made the tag; the editor reloads the tags for its colour.
    await waitFor(() => expect(tags.querySelector<HTMLElement>('[data-tag="Conference 2026"]')?.style.backgroundColor).toMatch(/^rgba/));
    expect(backend.rows('tags').some((tag) => tag.name === 'Conference 2026')).toBe(true);
    expect((input as HTMLInputElement).value).toBe('');
  });
});

describe('contact custom fields', () => {
  it('saves typed values: a number as a number, choices as an array, a checkbox as a boolean', async () => {
    const backend = fakeWith(
      crmSeed({ rows: { contacts: [contactRow(ADA_ID, 'Ada', 'Lovelace', { custom_fields: { budget: 'low', legacy: 'x' } })] } }),
    );
    await open(backend);
    const fields = section('Custom fields');
    expect(within(fields).getByText('low')).toBeTruthy();
    fireEvent.click(within(fields).getByRole('button', { name: 'Edit custom fields' }));
    fireEvent.change(screen.getByLabelText('Budget'), { target: { value: 'high' } });
    fireEvent.change(screen.getByLabelText('Seats'), { target: { value: '25' } });
    fireEvent.click(screen.getByRole('button', { name: 'sms' }));
    fireEvent.click(screen.getByRole('button', { name: 'email' }));
    expect(screen.getByRole('button', { name: 'sms' }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByLabelText('VIP support'));
    fireEvent.change(screen.getByLabelText('Portal'), { target: { value: 'https://portal.example.com/ada' } });
    expect(screen.getByRole('link', { name: 'Open Portal' }).getAttribute('href')).toBe('https://portal.example.com/ada');
    fireEvent.click(within(fields).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(updates(backend)).toHaveLength(1));
    expect(updates(backend)[0]?.patch).toEqual({
      custom_fields: { budget: 'high', legacy: 'x', seats: 25, channels: ['sms', 'email'], vip_support: true, portal: 'https://portal.example.com/ada' },
    });
    expect(stored(backend, 'contacts', ADA_ID).custom_fields).toMatchObject({ seats: 25, vip_support: true });
    expect(await within(fields).findByText('25')).toBeTruthy();
  });

  it('refuses an invalid URL without calling the backend', async () => {
    const backend = fakeWith();
    await open(backend);
    const fields = section('Custom fields');
    fireEvent.click(within(fields).getByRole('button', { name: 'Edit custom fields' }));
    const portal = screen.getByLabelText('Portal');
    fireEvent.change(portal, { target: { value: 'portal.example.com' } });
    expect(screen.queryByRole('link', { name: 'Open Portal' })).toBeNull();
    fireEvent.click(within(fields).getByRole('button', { name: 'Save' }));
    expect(await within(fields).findByText('Portal must be an http(s) address such as https://example.com')).toBeTruthy();
    expect(portal.getAttribute('aria-invalid')).toBe('true');
    expect(updates(backend)).toHaveLength(0);
  });
});

describe('contact timeline', () => {
  const seed = () =>
    crmSeed({
      rows: {
        contact_notes: [
          noteRow(1, 'Old note', 10),
          noteRow(2, 'Pinned: decision maker is the co-owner', 20, true),
          noteRow(3, 'Recent note', 1),
          noteRow(4, 'Someone else’s note', 0, false, 'other-contact'),
        ],
        contact_activities: [
          activityRow(1, 'call', 'Discovery call', 3, { duration_seconds: 750, outcome: 'connected' }),
          activityRow(2, 'meeting', 'Strategy meeting', 5, { location: 'Zoom', duration_seconds: 3600 }),
          activityRow(3, 'email', 'Sent proposal', 15, { subject: 'Your proposal' }),
        ],
      },
    });

  const entries = () =>
    Array.from(screen.getByRole('list', { name: 'Notes and activities' }).querySelectorAll('.note-card__content, .activity-item__title')).map(
      (node) => node.textContent,
    );

  it('merges notes and activities newest first, pinned notes on top, with facts and times', async () => {
    const backend = fakeWith(seed());
    await open(backend);
    await waitFor(() => expect(entries()).toEqual(['Recent note', 'Discovery call', 'Strategy meeting', 'Old note', 'Sent proposal']));
    const pinned = screen.getByRole('list', { name: 'Pinned notes' });
    expect(within(pinned).getByText('Pinned: decision maker is the co-owner')).toBeTruthy();
    const call = screen.getByRole('article', { name: 'Call: Discovery call' });
    expect(within(call).getByText('12 min')).toBeTruthy();
    expect(within(call).getByText('Connected')).toBeTruthy();
    const time = within(call).getByText('3 days ago');
    expect(time.getAttribute('title')).toBeTruthy();
    expect(time.getAttribute('datetime')).toBe(stored(backend, 'contact_activities', '00000000-0000-4000-8000-00000000e001').created_at);
    const meeting = screen.getByRole('article', { name: 'Meeting: Strategy meeting' });
    expect(within(meeting).getByText('Zoom')).toBeTruthy();
    expect(within(meeting).getByText('1 h')).toBeTruthy();
    // One merged query, not one list per kind.
    expect(callsOf(backend, 'contact_timeline')).toEqual([{ contactId: ADA_ID, query: { limit: 50 } }]);
    const list = callsOf(backend, 'records_list') as Array<{ table: string }>;
    expect(list.filter((call) => ['contact_notes', 'contact_activities', 'events'].includes(call.table))).toEqual([]);
  });

  it('shows older items page by page, continuing the merged order from the cursor', async () => {
    const notes = Array.from({ length: 60 }, (_, i) => noteRow(i + 1, `Note ${i + 1}`, i + 1));
    const backend = fakeWith(crmSeed({ rows: { contact_notes: notes, contact_activities: [activityRow(1, 'call', 'First call', 100)] } }));
    await open(backend);
    await waitFor(() => expect(entries()).toHaveLength(50));
    expect(entries()[0]).toBe('Note 1');
    expect(entries()[49]).toBe('Note 50');
    fireEvent.click(screen.getByRole('button', { name: 'Show older' }));
    await waitFor(() => expect(entries()).toHaveLength(61));
    expect(entries().slice(48)).toEqual([...Array.from({ length: 12 }, (_, i) => `Note ${i + 49}`), 'First call']);
    expect(screen.queryByRole('button', { name: 'Show older' })).toBeNull();
    const pages = callsOf(backend, 'contact_timeline') as Array<{ query: { before?: string } }>;
    expect(pages).toHaveLength(2);
    expect(pages[1]?.query.before).toContain('/note/');
    // Sixty rendered notes take a while in jsdom on a busy machine.
  }, 30_000);

  it('pins and unpins a note through is_pinned', async () => {
    const backend = fakeWith(seed());
    await open(backend);
    await waitFor(() => expect(entries()).toContain('Old note'));
    const old = screen.getByText('Old note').closest('article') as HTMLElement;
    fireEvent.click(within(old).getByRole('button', { name: 'Pin note' }));
    await waitFor(() => expect(updates(backend, 'contact_notes')[0]).toMatchObject({ patch: { is_pinned: true } }));
    const pinned = screen.getByRole('list', { name: 'Pinned notes' });
    await waitFor(() => expect(within(pinned).getByText('Old note')).toBeTruthy());
    expect(entries()).not.toContain('Old note');
    fireEvent.click(within(within(pinned).getByText('Old note').closest('article') as HTMLElement).getByRole('button', { name: 'Unpin note' }));
    await waitFor(() => expect(updates(backend, 'contact_notes')[1]).toMatchObject({ patch: { is_pinned: false } }));
    await waitFor(() => expect(entries()).toContain('Old note'));
  });

  it('adds, edits and deletes a note, with Undo restoring it', async () => {
    const backend = fakeWith();
    const drawer = await open(backend);
    expect(await screen.findByText('No notes yet')).toBeTruthy();
    fireEvent.click(within(drawer).getByRole('button', { name: 'Add note' }));
    const box = screen.getByRole('textbox', { name: 'New note' });
    expect(document.activeElement).toBe(box);
    fireEvent.change(box, { target: { value: 'Wants a quote for the rebrand' } });
    fireEvent.keyDown(box, { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(entries()).toEqual(['Wants a quote for the rebrand']));
    expect(callsOf(backend, 'records_create')[0]).toEqual({ table: 'contact_notes', data: { contact_id: ADA_ID, content: 'Wants a quote for the rebrand' } });

    const card = () => screen.getByText(/rebrand/).closest('article') as HTMLElement;
    fireEvent.click(within(card()).getByRole('button', { name: 'Edit note' }));
    fireEvent.change(within(card()).getByRole('textbox', { name: 'Note text' }), { target: { value: 'Wants a quote for the full rebrand' } });
    fireEvent.click(within(card()).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(entries()).toEqual(['Wants a quote for the full rebrand']));

    fireEvent.click(within(card()).getByRole('button', { name: 'Delete note' }));
    expect(await screen.findByText('No notes yet')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(entries()).toEqual(['Wants a quote for the full rebrand']));
    expect(callsOf(backend, 'records_restore')).toHaveLength(1);
  });
});

describe('logging a call or meeting', () => {
  it('creates the call with its metadata and moves last contacted forward', async () => {
    const backend = fakeWith(crmSeed({ rows: { contacts: [contactRow(ADA_ID, 'Ada', 'Lovelace', { last_contacted_at: '2026-01-01T10:00:00.000Z' })] } }));
    const drawer = await open(backend);
    fireEvent.click(within(drawer).getByRole('button', { name: 'Log call' }));
    const dialog = screen.getByRole('dialog', { name: 'Log call' });
    expect((within(dialog).getByLabelText('Title') as HTMLInputElement).value).toBe('Call with Ada Lovelace');
    fireEvent.change(within(dialog).getByLabelText('Date and time'), { target: { value: '2026-03-02T14:15' } });
    fireEvent.change(within(dialog).getByLabelText('Duration (minutes)'), { target: { value: '20' } });
    fireEvent.change(within(dialog).getByLabelText('Outcome'), { target: { value: 'left_voicemail' } });
    fireEvent.change(within(dialog).getByLabelText('Notes'), { target: { value: 'Will call back Friday' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Log call' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Log call' })).toBeNull());
    expect(callsOf(backend, 'records_create')[0]).toEqual({
      table: 'contact_activities',
      data: {
        contact_id: ADA_ID,
        activity_type: 'call',
        title: 'Call with Ada Lovelace',
        description: 'Will call back Friday',
        metadata: { duration_seconds: 1200, outcome: 'left_voicemail' },
        created_at: '2026-03-02T13:15:00.000Z',
      },
    });
    expect(updates(backend)).toEqual([{ table: 'contacts', id: ADA_ID, patch: { last_contacted_at: '2026-03-02T13:15:00.000Z' } }]);
    const call = await screen.findByRole('article', { name: 'Call: Call with Ada Lovelace' });
    expect(within(call).getByText('Left voicemail')).toBeTruthy();
    expect(within(call).getByText('20 min')).toBeTruthy();
    expect(screen.getByText('Call logged')).toBeTruthy();
  });

  it('logs a meeting with its location, leaving a later last contacted alone', async () => {
    const backend = fakeWith(crmSeed({ rows: { contacts: [contactRow(ADA_ID, 'Ada', 'Lovelace', { last_contacted_at: '2026-06-01T10:00:00.000Z' })] } }));
    const drawer = await open(backend);
    fireEvent.click(within(drawer).getByRole('button', { name: 'Log meeting' }));
    const dialog = screen.getByRole('dialog', { name: 'Log meeting' });
    expect(within(dialog).queryByLabelText('Outcome')).toBeNull();
    fireEvent.change(within(dialog).getByLabelText('Date and time'), { target: { value: '2026-03-02T14:15' } });
    fireEvent.change(within(dialog).getByLabelText('Location'), { target: { value: 'Their office' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Log meeting' }));
    await waitFor(() => expect(callsOf(backend, 'records_create')).toHaveLength(1));
    expect(callsOf(backend, 'records_create')[0]).toMatchObject({ data: { activity_type: 'meeting', metadata: { location: 'Their office' } } });
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Log meeting' })).toBeNull());
    expect(updates(backend)).toEqual([]);
  });

  it('keeps the dialog open and says why when the title is empty', async () => {
    const backend = fakeWith();
    const drawer = await open(backend);
    fireEvent.click(within(drawer).getByRole('button', { name: 'Log call' }));
    const dialog = screen.getByRole('dialog', { name: 'Log call' });
    fireEvent.change(within(dialog).getByLabelText('Title'), { target: { value: '  ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Log call' }));
    expect(within(dialog).getByText('is required')).toBeTruthy();
    expect(callsOf(backend, 'records_create')).toHaveLength(0);
  });
});

describe('a contact in the trash', () => {
  it('is read-only and offers Restore', async () => {
    const backend = fakeWith(crmSeed({ rows: { contacts: [contactRow(ADA_ID, 'Ada', 'Lovelace', { deleted_at: '2026-03-01T00:00:00.000Z' })] } }));
    const onChanged = vi.fn();
    const drawer = await open(backend, ADA_ID, { onChanged });
    expect(within(drawer).queryByRole('toolbar', { name: 'Quick actions' })).toBeNull();
    expect(within(drawer).queryByRole('button', { name: 'Edit contact details' })).toBeNull();
    expect(within(drawer).queryByRole('combobox', { name: 'Add tag' })).toBeNull();
    fireEvent.click(within(drawer).getByRole('button', { name: 'Restore' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(expect.objectContaining({ id: ADA_ID, deleted_at: null })));
  });
});

describe('section editing and Escape', () => {
  it('leaves an edited section with Escape without closing the panel', async () => {
    const backend = fakeWith();
    const onClose = vi.fn();
    await open(backend, ADA_ID, { onClose });
    fireEvent.click(within(section('Contact details')).getByRole('button', { name: 'Edit contact details' }));
    fireEvent.keyDown(screen.getByLabelText('Phone'), { key: 'Escape' });
    expect(within(section('Contact details')).queryByLabelText('Phone')).toBeNull();
    expect(onClose).not.toHaveBeenCalled();
    // Out of the form, Escape closes the panel as usual.
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(updates(backend)).toEqual([]);
  });
});
