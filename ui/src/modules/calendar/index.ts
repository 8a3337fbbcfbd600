import { CalendarDays } from 'lucide-react';

import type { ModuleManifest } from '../object-record/types/manifest';
import { dayOf, joinWords, shortTime, text } from '../object-record/utils/displayName';
import { capitalize } from '../object-record/utils/labels';
import { BookingTypesPage } from './components/BookingTypesPage';
import { CalendarPage } from './components/CalendarPage';
import { EventItem } from './components/EventItem';
import { GoogleCalendarPanel } from './components/GoogleCalendarPanel';

type Row = Record<string, unknown>;

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** "Monday 09:00–17:30". */
const ruleName = (row: Row): string => {
  const day = typeof row.day_of_week === 'number' ? (WEEKDAYS[row.day_of_week] ?? '') : '';
  const from = shortTime(row.start_time);
  const to = shortTime(row.end_time);
  return joinWords(day, from && to ? `${from}–${to}` : from || to);
};

/** "2025-12-24 · Holiday". */
const exceptionName = (row: Row): string => {
  const reason = text(row.reason);
  return reason ? `${dayOf(row.date)} · ${reason}` : dayOf(row.date);
};

/**
 * Calendar: events in a month/week/day/agenda view, calendars, booking types with their
 * hours and page settings, and the link to Google Calendar (a tool under Integrations).
 */
export const calendar: ModuleManifest = {
  id: 'calendar',
  sidebar: [
    {
      id: 'calendar',
      label: 'Calendar',
      icon: CalendarDays,
      tables: [
        'events',
        'calendars',
        'booking_types',
        'availability_rules',
        'availability_exceptions',
        'booking_settings',
        'google_calendar_tokens',
        'sync_logs',
      ],
    },
  ],
  tools: [
    { entry: 'integrations', id: 'google-calendar', label: 'Google Calendar', title: 'Google Calendar', icon: CalendarDays, Page: GoogleCalendarPanel },
  ],
  tables: {
    events: {
      Screen: CalendarPage,
      emptyText: 'Meetings and bookings you schedule appear here.',
      labels: { tab: 'Events', one: 'event', many: 'events' },
      listColumns: ['start_time', 'end_time', 'status', 'location', 'guest_name'],
    },
    calendars: { labels: { tab: 'Calendars', one: 'calendar', many: 'calendars' } },
    booking_types: { Screen: BookingTypesPage, labels: { tab: 'Booking types', one: 'booking type', many: 'booking types' } },
    availability_rules: {
      labels: { tab: 'Availability', one: 'availability rule', many: 'availability rules' },
      displayName: ruleName,
      nameFields: ['day_of_week', 'start_time', 'end_time'],
      nameLabel: 'Rule',
    },
    availability_exceptions: {
      labels: { tab: 'Exceptions', one: 'exception', many: 'exceptions' },
      displayName: exceptionName,
      nameFields: ['date', 'reason'],
      nameLabel: 'Exception',
    },
    booking_settings: { labels: { tab: 'Booking page', one: 'booking page', many: 'booking pages' } },
    google_calendar_tokens: {
      labels: { tab: 'Google tokens', one: 'Google token', many: 'Google tokens' },
      displayName: (row) => joinWords('Google token', dayOf(row.created_at)),
    },
    sync_logs: {
      labels: { tab: 'Sync log', one: 'sync entry', many: 'sync entries' },
      displayName: (row) => joinWords(capitalize(text(row.sync_type)), 'sync', dayOf(row.created_at)),
      nameLabel: 'Sync',
    },
  },
  // A contact's timeline lists its events at their start.
  timeline: [{ kind: 'event', on: 'contacts', table: 'events', field: 'contact_id', at: 'start_time', Item: EventItem }],
};
