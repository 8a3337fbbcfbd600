import { CalendarDays } from 'lucide-react';

import type { ModuleManifest } from '../object-record/types/manifest';
import { BookingTypesPage } from './components/BookingTypesPage';
import { CalendarPage } from './components/CalendarPage';
import { EventItem } from './components/EventItem';
import { GoogleCalendarPanel } from './components/GoogleCalendarPanel';

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
    events: { Screen: CalendarPage, emptyText: 'Meetings and bookings you schedule appear here.' },
    booking_types: { Screen: BookingTypesPage },
  },
  // A contact's timeline lists its events at their start.
  timeline: [{ kind: 'event', on: 'contacts', table: 'events', field: 'contact_id', at: 'start_time', Item: EventItem }],
};
