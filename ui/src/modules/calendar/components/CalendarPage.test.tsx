// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { DEMO_USER } from '../../../backend/fake/demoSeed';
import type { Handlers } from '../../../backend/fake/fakeBackend';
import { ADA_ID, callsOf, contactRow, crmSeed, fakeWith, renderWith, stored } from '../../../test/fixtures';
import { CalendarPage } from './CalendarPage';

afterEach(() => {
  cleanup();
});

const WORK = '00000000-0000-4000-8000-0000000ca101';
const HOME = '00000000-0000-4000-8000-0000000ca102';

const calendarRow = (id: string, name: string, color: string, extra: Record<string, unknown> = {}) => ({
  id,
  user_id: DEMO_USER.id,
  name,
  color,
  is_default: id === WORK,
  is_visible: true,
  google_calendar_id: null,
  sync_enabled: false,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  deleted_at: null,
  ...extra,
});

const eventRow = (n: number, title: string, start: string, end: string, extra: Record<string, unknown> = {}) => ({
  id: `00000000-0000-4000-8000-0000000e${String(n).padStart(4, '0')}`,
  calendar_id: WORK,
  user_id: DEMO_USER.id,
  contact_id: null,
  booking_type_id: null,
  title,
  description: null,
  start_time: start,
  end_time: end,
  all_day: false,
  location: null,
  meeting_url: null,
  attendees: [],
  status: 'scheduled',
  google_event_id: null,
  guest_email: null,
  guest_name: null,
  guest_phone: null,
  notes: null,
  reminder_sent: false,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  deleted_at: null,
  ...extra,
});

const seed = (handlers: Partial<Handlers> = {}, hidden = false) =>
  crmSeed({
    handlers,
    rows: {
      contacts: [contactRow(ADA_ID, 'Ada', 'Lovelace')],
      calendars: [calendarRow(WORK, 'Work', '#2563eb'), calendarRow(HOME, 'Home', '#16a34a', { is_visible: !hidden })],
      events: [
        // 09:00 UTC is 10:00 in Berlin (winter time, UTC+1).
        eventRow(1, 'Kick-off', '2026-03-04T09:00:00.000Z', '2026-03-04T10:00:00.000Z'),
        eventRow(2, 'Dentist', '2026-03-05T15:00:00.000Z', '2026-03-05T16:00:00.000Z', { calendar_id: HOME }),
        eventRow(3, 'Offsite', '2026-03-06T00:00:00.000Z', '2026-03-07T00:00:00.000Z', { all_day: true }),
        eventRow(4, 'Called off', '2026-03-03T12:00:00.000Z', '2026-03-03T13:00:00.000Z', { status: 'cancelled' }),
        // After the change to summer time on 29 March: 08:00 UTC is 10:00 in Berlin.
        eventRow(5, 'Summer sync', '2026-03-31T08:00:00.000Z', '2026-03-31T09:00:00.000Z'),
      ],
    },
  });

const eventIn = (date: string, title: string) => {
  const cells = document.querySelectorAll(`[data-date="${date}"]`);
  for (const cell of cells) {
    const found = within(cell as HTMLElement).queryByText(title);
    if (found) return found.closest('.fc-event') as HTMLElement;
  }
  return null;
};

// FullCalendar lays out a whole week in jsdom: slow on a loaded 2-core machine.
describe('calendar page', { timeout: 20_000 }, () => {
  it('shows the week with events on their local day and hour, all-day ones as dates, cancelled ones struck through', async () => {
    const backend = fakeWith(seed());
    renderWith(backend, <CalendarPage initialDate="2026-03-04" />);
    await waitFor(() => expect(eventIn('2026-03-04', 'Kick-off')).not.toBeNull());
    const kickOff = eventIn('2026-03-04', 'Kick-off') as HTMLElement;
    expect(kickOff.querySelector('.fc-event-time')?.textContent).toBe('10:00 - 11:00');
    expect(eventIn('2026-03-05', 'Dentist')?.querySelector('.fc-event-time')?.textContent).toBe('16:00 - 17:00');
    // The all-day event sits in the all-day row of its own date.
    const offsite = eventIn('2026-03-06', 'Offsite') as HTMLElement;
    expect(offsite.closest('.fc-daygrid-day')).not.toBeNull();
    expect(eventIn('2026-03-03', 'Called off')?.classList.contains('calendar-event--cancelled')).toBe(true);
    // Only the shown week was asked for, for the visible calendars.
    const query = (callsOf(backend, 'records_list') as Array<{ table: string; query: { filters: unknown[] } }>).find((call) => call.table === 'events');
    expect(query?.query.filters).toEqual([
      { field: 'calendar_id', op: 'in', value: [WORK, HOME] },
      { field: 'start_time', op: 'lt', value: '2026-03-08T23:00:00.000Z' },
      { field: 'end_time', op: 'gt', value: '2026-03-01T23:00:00.000Z' },
    ]);
  });

  it('keeps the local hour across the change to summer time, in the day and month views', async () => {
    const backend = fakeWith(seed());
    renderWith(backend, <CalendarPage initialDate="2026-03-31" />);
    await waitFor(() => expect(eventIn('2026-03-31', 'Summer sync')).not.toBeNull());
    expect(eventIn('2026-03-31', 'Summer sync')?.querySelector('.fc-event-time')?.textContent).toBe('10:00 - 11:00');
    fireEvent.click(screen.getByRole('button', { name: 'Month' }));
    await waitFor(() => expect(eventIn('2026-03-04', 'Kick-off')).not.toBeNull());
    expect(eventIn('2026-03-31', 'Summer sync')).not.toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Agenda' }));
    await waitFor(() => expect(screen.getByText('Summer sync').closest('.fc-list-event')).not.toBeNull());
  });

  it('hides a calendar when its box is cleared and saves that on the calendar', async () => {
    const backend = fakeWith(seed());
    renderWith(backend, <CalendarPage initialDate="2026-03-04" />);
    await waitFor(() => expect(eventIn('2026-03-05', 'Dentist')).not.toBeNull());
    fireEvent.click(screen.getByRole('checkbox', { name: /Home/ }));
    await waitFor(() => expect(eventIn('2026-03-05', 'Dentist')).toBeNull());
    expect(eventIn('2026-03-04', 'Kick-off')).not.toBeNull();
    expect(stored(backend, 'calendars', HOME).is_visible).toBe(false);
  });

  it('creates an event linked to a contact from the New event button', async () => {
    const backend = fakeWith(seed());
    renderWith(backend, <CalendarPage initialDate="2026-03-04" />);
    await waitFor(() => expect(eventIn('2026-03-04', 'Kick-off')).not.toBeNull());
    fireEvent.click(screen.getByRole('button', { name: 'New event' }));
    const dialog = screen.getByRole('dialog', { name: 'New event' });
    fireEvent.change(within(dialog).getByLabelText('Title'), { target: { value: 'Strategy call' } });
    fireEvent.change(within(dialog).getByLabelText('Starts'), { target: { value: '2026-03-04T14:30' } });
    fireEvent.change(within(dialog).getByLabelText('Ends'), { target: { value: '2026-03-04T15:15' } });
    fireEvent.change(within(dialog).getByLabelText('Contact'), { target: { value: 'ada' } });
    fireEvent.click(await within(dialog).findByRole('option', { name: /Ada Lovelace/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add attendee' }));
    fireEvent.change(within(dialog).getByLabelText('Attendee 1 email'), { target: { value: 'grace@example.com' } });
    fireEvent.change(within(dialog).getByLabelText('Attendee 1 status'), { target: { value: 'accepted' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create event' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const created = callsOf(backend, 'records_create')[0] as { table: string; data: Record<string, unknown> };
    expect(created.table).toBe('events');
    expect(created.data).toMatchObject({
      title: 'Strategy call',
      calendar_id: WORK,
      contact_id: ADA_ID,
      all_day: false,
      start_time: '2026-03-04T13:30:00.000Z',
      end_time: '2026-03-04T14:15:00.000Z',
      status: 'scheduled',
      attendees: [{ email: 'grace@example.com', name: '', status: 'accepted' }],
    });
    await waitFor(() => expect(eventIn('2026-03-04', 'Strategy call')).not.toBeNull());
  });

  it('marks the end when it is before the start, and the field the core names', async () => {
    const backend = fakeWith(
      seed({
        records_update: () => {
          throw { code: 'invalid', message: 'meeting_url: "zoom" is not a URL' };
        },
      }),
    );
    renderWith(backend, <CalendarPage initialDate="2026-03-04" />);
    await waitFor(() => expect(eventIn('2026-03-04', 'Kick-off')).not.toBeNull());
    fireEvent.click(screen.getByText('Kick-off'));
    const dialog = await screen.findByRole('dialog', { name: 'Edit event' });
    expect((within(dialog).getByLabelText('Starts') as HTMLInputElement).value).toBe('2026-03-04T10:00');
    fireEvent.change(within(dialog).getByLabelText('Ends'), { target: { value: '2026-03-04T09:00' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByLabelText('Ends').getAttribute('aria-invalid')).toBe('true');
    expect(within(dialog).getByText('must be after the start')).toBeTruthy();
    expect(callsOf(backend, 'records_update')).toHaveLength(0);
    fireEvent.change(within(dialog).getByLabelText('Ends'), { target: { value: '2026-03-04T11:00' } });
    fireEvent.change(within(dialog).getByLabelText('Meeting link'), { target: { value: 'zoom' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(within(dialog).getByLabelText('Meeting link').getAttribute('aria-invalid')).toBe('true'));
    expect(within(dialog).getByText('"zoom" is not a URL')).toBeTruthy();
    expect(within(dialog).getByLabelText('Ends').getAttribute('aria-invalid')).toBeNull();
  });

  it('deletes an event and restores it from the toast', async () => {
    const backend = fakeWith(seed());
    renderWith(backend, <CalendarPage initialDate="2026-03-04" />);
    await waitFor(() => expect(eventIn('2026-03-04', 'Kick-off')).not.toBeNull());
    fireEvent.click(screen.getByText('Kick-off'));
    const dialog = await screen.findByRole('dialog', { name: 'Edit event' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(eventIn('2026-03-04', 'Kick-off')).toBeNull());
    fireEvent.click(screen.getByRole('button', { name: 'Restore' }));
    await waitFor(() => expect(eventIn('2026-03-04', 'Kick-off')).not.toBeNull());
    expect(stored(backend, 'events', '00000000-0000-4000-8000-0000000e0001').deleted_at).toBeNull();
  });
});
