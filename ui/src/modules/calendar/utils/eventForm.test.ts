import { describe, expect, it } from 'vitest';

import type { Event as CalendarEvent } from '../../../bindings';
import { eventToForm, formToFields, newEventForm, withAllDay } from './eventForm';
import { toCalendarInput } from './eventTimes';

// Tests run in Europe/Berlin (vite.config.ts).
const allDay = {
  id: 'e1',
  title: 'Offsite',
  start_time: '2026-03-06T00:00:00.000Z',
  end_time: '2026-03-08T00:00:00.000Z',
  all_day: true,
  calendar_id: 'cal',
  contact_id: null,
  location: null,
  meeting_url: null,
  attendees: [],
  status: 'scheduled',
  description: null,
  notes: null,
} as Partial<CalendarEvent> as CalendarEvent;

describe('all-day events', () => {
  it('are dates with an exclusive end, as slots.rs and ics.rs read them', () => {
    const input = toCalendarInput(allDay, '#2563eb');
    expect([input.start, input.end, input.allDay]).toEqual(['2026-03-06', '2026-03-08', true]);
    const form = eventToForm(allDay, '');
    // The form shows the last day, inclusive.
    expect([form.start, form.end]).toEqual(['2026-03-06', '2026-03-07']);
    const saved = formToFields(form);
    expect('fields' in saved && saved.fields).toMatchObject({ start_time: '2026-03-06T00:00:00.000Z', end_time: '2026-03-08T00:00:00.000Z', all_day: true });
  });

  it('a day selected in the month view is one all-day date, whatever the zone', () => {
    const form = newEventForm('cal', new Date(2026, 2, 29), new Date(2026, 2, 30), true);
    expect([form.start, form.end]).toEqual(['2026-03-29', '2026-03-29']);
    const saved = formToFields({ ...form, title: 'DST day' });
    expect('fields' in saved && saved.fields).toMatchObject({ start_time: '2026-03-29T00:00:00.000Z', end_time: '2026-03-30T00:00:00.000Z' });
  });

  it('switching a timed event to all day keeps its days', () => {
    const timed = newEventForm('cal', new Date(2026, 2, 4, 10), new Date(2026, 2, 4, 11), false);
    expect(timed.start).toBe('2026-03-04T10:00');
    const day = withAllDay(timed, true);
    expect([day.start, day.end, day.all_day]).toEqual(['2026-03-04', '2026-03-04', true]);
  });

  it('refuses an attendee without a valid email, naming the row', () => {
    const form = { ...newEventForm('cal', new Date(2026, 2, 4, 10), new Date(2026, 2, 4, 11), false), title: 'Call' };
    const checked = formToFields({ ...form, attendees: [{ email: 'not-an-email', name: 'X', status: 'accepted' }] });
    expect('errors' in checked && checked.errors).toEqual({ 'attendees.0': '"not-an-email" is not an email address' });
  });
});
