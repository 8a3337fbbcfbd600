import type { Event as CalendarEvent, EventStatus, JsonValue } from '../../../bindings';
import {
  allDayInstant,
  fromLocalInput,
  instantText,
  localDate,
  localInputValue,
  nextDate,
  storedDate,
} from './eventTimes';

export type AttendeeStatus = 'needs_action' | 'accepted' | 'declined' | 'tentative';

export const ATTENDEE_STATUSES: ReadonlyArray<{ value: AttendeeStatus; label: string }> = [
  { value: 'needs_action', label: 'Invited' },
  { value: 'accepted', label: 'Accepted' },
  { value: 'tentative', label: 'Maybe' },
  { value: 'declined', label: 'Declined' },
];

/** One attendee as stored in `events.attendees` (the booking page writes the same shape). */
export type Attendee = { email: string; name: string; status: AttendeeStatus };

/** The event dialog's fields, as typed. Times are the viewer's wall clock; all-day ones dates. */
export type EventForm = {
  title: string;
  calendar_id: string;
  all_day: boolean;
  /** `YYYY-MM-DDTHH:MM` (timed) or `YYYY-MM-DD` (all-day, the end inclusive). */
  start: string;
  end: string;
  location: string;
  meeting_url: string;
  status: EventStatus;
  contact_id: string | null;
  contact_label: string;
  attendees: Attendee[];
  description: string;
  notes: string;
};

const STATUSES = new Set(ATTENDEE_STATUSES.map((s) => s.value));

export const parseAttendees = (value: ReadonlyArray<JsonValue>): Attendee[] =>
  value.flatMap((item) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return [];
    const email = typeof item.email === 'string' ? item.email : '';
    const name = typeof item.name === 'string' ? item.name : '';
    const status = typeof item.status === 'string' && STATUSES.has(item.status as AttendeeStatus) ? (item.status as AttendeeStatus) : 'needs_action';
    return [{ email, name, status }];
  });

/** A new event's form from a selected range (or the next hour). */
export const newEventForm = (calendarId: string, start: Date, end: Date, allDay: boolean): EventForm => ({
  title: '',
  calendar_id: calendarId,
  all_day: allDay,
  start: allDay ? localDate(start) : localInputValue(instantText(start)),
  // A selection's end is exclusive; the form shows the last day.
  end: allDay ? nextDate(localDate(end), -1) : localInputValue(instantText(end)),
  location: '',
  meeting_url: '',
  status: 'scheduled',
  contact_id: null,
  contact_label: '',
  attendees: [],
  description: '',
  notes: '',
});

export const eventToForm = (event: CalendarEvent, contactLabel: string): EventForm => ({
  title: event.title,
  calendar_id: event.calendar_id,
  all_day: event.all_day,
  start: event.all_day ? storedDate(event.start_time) : localInputValue(event.start_time),
  end: event.all_day ? nextDate(storedDate(event.end_time), -1) : localInputValue(event.end_time),
  location: event.location ?? '',
  meeting_url: event.meeting_url ?? '',
  status: event.status,
  contact_id: event.contact_id,
  contact_label: contactLabel,
  attendees: parseAttendees(event.attendees),
  description: event.description ?? '',
  notes: event.notes ?? '',
});

/** Switches between timed and all-day, keeping the days. */
export const withAllDay = (form: EventForm, allDay: boolean): EventForm => {
  if (allDay === form.all_day) return form;
  if (allDay) return { ...form, all_day: true, start: form.start.slice(0, 10), end: (form.end || form.start).slice(0, 10) };
  return { ...form, all_day: false, start: `${form.start}T09:00`, end: `${form.end || form.start}T10:00` };
};

export type FormErrors = Partial<Record<string, string>>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The record fields to save, or the errors by field, shown before anything is sent. The
 * core checks the fields and the time range again (migration V10); attendees' addresses
 * are checked here only, as the core keeps `attendees` as free JSON.
 */
export const formToFields = (form: EventForm): { fields: Record<string, unknown> } | { errors: FormErrors } => {
  const errors: FormErrors = {};
  if (!form.title.trim()) errors.title = 'is required';
  if (!form.calendar_id) errors.calendar_id = 'choose a calendar';
  let start: string | null;
  let end: string | null;
  if (form.all_day) {
    const valid = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d);
    start = valid(form.start) ? allDayInstant(form.start) : null;
    end = valid(form.end) ? allDayInstant(nextDate(form.end)) : null;
  } else {
    start = fromLocalInput(form.start);
    end = fromLocalInput(form.end);
  }
  if (!start) errors.start_time = 'is not a valid date and time';
  if (!end) errors.end_time = 'is not a valid date and time';
  else if (start && end <= start) errors.end_time = form.all_day ? 'must be on or after the start' : 'must be after the start';
  form.attendees.forEach((attendee, index) => {
    if (!EMAIL.test(attendee.email.trim())) errors[`attendees.${index}`] = `"${attendee.email}" is not an email address`;
  });
  if (Object.keys(errors).length > 0) return { errors };
  const optional = (value: string) => (value.trim() ? value.trim() : null);
  return {
    fields: {
      title: form.title.trim(),
      calendar_id: form.calendar_id,
      all_day: form.all_day,
      start_time: start,
      end_time: end,
      location: optional(form.location),
      meeting_url: optional(form.meeting_url),
      status: form.status,
      contact_id: form.contact_id,
      attendees: form.attendees.map((a) => ({ email: a.email.trim(), name: a.name.trim(), status: a.status })),
      description: optional(form.description),
      notes: optional(form.notes),
    },
  };
};
