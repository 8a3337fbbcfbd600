import type { Event as CalendarEvent, EventStatus, ListQuery } from '../../../bindings';

/**
 * Instants are stored as UTC text `YYYY-MM-DDTHH:MM:SS.mmmZ` (what `toISOString` writes).
 * All-day events are dates, as the core's `slots.rs` and `ics.rs` read them: the start is
 * UTC midnight of the first day and the end UTC midnight after the last day (exclusive),
 * so an all-day event stays on the same dates whatever the viewer's zone.
 */

const pad = (value: number): string => String(value).padStart(2, '0');

/** The stored text of an instant. */
export const instantText = (date: Date): string => date.toISOString();

/** `YYYY-MM-DD` of a date in the viewer's zone (how FullCalendar hands out all-day dates). */
export const localDate = (date: Date): string => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

/** `YYYY-MM-DD` → the stored instant of its start as an all-day date. */
export const allDayInstant = (date: string): string => `${date}T00:00:00.000Z`;

/** The date after `date` (`YYYY-MM-DD`), on the calendar, with no zone involved. */
export const nextDate = (date: string, days = 1): string => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + days));
  return next.toISOString().slice(0, 10);
};

/** The stored all-day date of an instant: its UTC date. */
export const storedDate = (instant: string): string => instant.slice(0, 10);

/** `YYYY-MM-DDTHH:MM` for a `datetime-local` input, in the viewer's zone. */
export const localInputValue = (instant: string): string => {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return '';
  return `${localDate(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
};

/** A `datetime-local` value (the viewer's wall clock) → the stored UTC instant, or null. */
export const fromLocalInput = (value: string): string | null => {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : instantText(date);
};

/** What FullCalendar needs of one stored event. */
export type CalendarInput = {
  id: string;
  title: string;
  start: string;
  end: string;
  allDay: boolean;
  backgroundColor: string;
  borderColor: string;
  classNames: string[];
  extendedProps: { event: CalendarEvent };
};

/** A stored event as FullCalendar shows it: timed events as instants, all-day ones as dates. */
export const toCalendarInput = (event: CalendarEvent, colour: string): CalendarInput => {
  const start = event.all_day ? storedDate(event.start_time) : event.start_time;
  const end = event.all_day
    ? // An end on the start date (a zero-length all-day event) still covers that day.
      storedDate(event.end_time) > start
      ? storedDate(event.end_time)
      : nextDate(start)
    : event.end_time;
  return {
    id: event.id,
    title: event.title,
    start,
    end,
    allDay: event.all_day,
    backgroundColor: colour,
    borderColor: colour,
    classNames: [`calendar-event--${event.status}`],
    extendedProps: { event },
  };
};

/** The times to store after FullCalendar moved or resized an event. */
export type MovedTimes = { start_time: string; end_time: string; all_day: boolean };

/**
 * FullCalendar's new start/end → stored fields. All-day dates come as local midnights;
 * a timed event dragged without an end keeps `fallbackMinutes` (its old length).
 */
export const movedTimes = (start: Date, end: Date | null, allDay: boolean, fallbackMinutes: number): MovedTimes => {
  if (allDay) {
    const first = localDate(start);
    const last = end ? localDate(end) : nextDate(first);
    return { start_time: allDayInstant(first), end_time: allDayInstant(last > first ? last : nextDate(first)), all_day: true };
  }
  const finish = end ?? new Date(start.getTime() + fallbackMinutes * 60_000);
  return { start_time: instantText(start), end_time: instantText(finish), all_day: false };
};

/** Length of a stored event in minutes (an hour when its times are broken or all-day). */
export const durationMinutes = (event: Pick<CalendarEvent, 'start_time' | 'end_time' | 'all_day'>): number => {
  const minutes = (Date.parse(event.end_time) - Date.parse(event.start_time)) / 60_000;
  return event.all_day || !Number.isFinite(minutes) || minutes <= 0 ? 60 : minutes;
};

/** Events of `calendarIds` overlapping `[from, to)`: the query for one page of the visible range. */
export const rangeQuery = (calendarIds: ReadonlyArray<string>, from: Date, to: Date): ListQuery => ({
  filters: [
    { field: 'calendar_id', op: 'in', value: [...calendarIds] },
    { field: 'start_time', op: 'lt', value: instantText(to) },
    { field: 'end_time', op: 'gt', value: instantText(from) },
  ],
  sort: { field: 'start_time', desc: false },
  deleted: 'exclude',
});

export const EVENT_STATUSES: ReadonlyArray<{ value: EventStatus; label: string }> = [
  { value: 'scheduled', label: 'Scheduled' },
  { value: 'confirmed', label: 'Confirmed' },
  { value: 'cancelled', label: 'Cancelled' },
  { value: 'completed', label: 'Completed' },
  { value: 'no_show', label: 'No show' },
];

/** "Tue 3 Mar, 09:30 – 10:00" or "3 Mar – 5 Mar (all day)" in the viewer's zone. */
export const eventWhen = (event: Pick<CalendarEvent, 'start_time' | 'end_time' | 'all_day'>): string => {
  if (event.all_day) {
    const first = storedDate(event.start_time);
    const last = nextDate(storedDate(event.end_time), -1);
    const day = (date: string) =>
      new Date(`${date}T12:00:00Z`).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
    return last > first ? `${day(first)} – ${day(last)} (all day)` : `${day(first)} (all day)`;
  }
  const start = new Date(event.start_time);
  const end = new Date(event.end_time);
  const day = start.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
  const time = (date: Date) => date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return `${day}, ${time(start)} – ${time(end)}`;
};
