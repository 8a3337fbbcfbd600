import { describe, expect, it } from 'vitest';

import type { ContactActivity, ContactNote, Event as CalendarEvent } from '../../../bindings';
import type { TimelineSource } from '../../object-record/types/manifest';
import { activityFacts, buildTimeline, entryKind, formatDuration, relativeTime } from './timeline';

const note = (id: string, created_at: string, is_pinned = false): ContactNote => ({
  id,
  contact_id: 'c1',
  user_id: 'u1',
  content: `note ${id}`,
  is_pinned,
  created_at,
  updated_at: created_at,
  deleted_at: null,
});

const activity = (id: string, created_at: string, activity_type: ContactActivity['activity_type'] = 'call'): ContactActivity => ({
  id,
  contact_id: 'c1',
  user_id: 'u1',
  activity_type,
  title: `activity ${id}`,
  description: null,
  metadata: {},
  created_at,
  deleted_at: null,
});

describe('buildTimeline', () => {
  it('merges notes and activities newest first, with pinned notes apart', () => {
    const timeline = buildTimeline(
      [note('n1', '2026-03-01T10:00:00.000Z'), note('n2', '2026-03-05T10:00:00.000Z', true), note('n3', '2026-03-03T10:00:00.000Z')],
      [activity('a1', '2026-03-04T10:00:00.000Z'), activity('a2', '2026-02-01T10:00:00.000Z', 'email')],
    );
    expect(timeline.pinned.map((item) => item.id)).toEqual(['n2']);
    expect(timeline.entries.map((entry) => `${entry.kind}:${entry.id}`)).toEqual(['activity:a1', 'note:n3', 'note:n1', 'activity:a2']);
  });

  it('orders several pinned notes newest first and leaves out deleted ones', () => {
    const deleted = { ...note('n9', '2026-04-01T00:00:00.000Z', true), deleted_at: '2026-04-02T00:00:00.000Z' };
    const timeline = buildTimeline([note('n1', '2026-01-01T00:00:00.000Z', true), note('n2', '2026-02-01T00:00:00.000Z', true), deleted], []);
    expect(timeline.pinned.map((item) => item.id)).toEqual(['n2', 'n1']);
    expect(timeline.entries).toEqual([]);
  });
});

const event = (id: string, start_time: string, deleted_at: string | null = null): CalendarEvent => ({
  id,
  calendar_id: 'cal1',
  user_id: 'u1',
  contact_id: 'c1',
  booking_type_id: null,
  title: `event ${id}`,
  description: null,
  start_time,
  end_time: start_time,
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
  deleted_at,
});

const EVENTS: TimelineSource = { kind: 'event', on: 'contacts', table: 'events', field: 'contact_id', at: 'start_time', Item: () => null };

describe('buildTimeline with calendar events', () => {
  it('places each live event at its start, upcoming ones first', () => {
    const timeline = buildTimeline(
      [note('n1', '2026-03-03T10:00:00.000Z')],
      [activity('a1', '2026-03-01T10:00:00.000Z', 'meeting')],
      [{ source: EVENTS, rows: [event('e1', '2026-03-20T09:00:00.000Z'), event('e2', '2026-03-02T09:00:00.000Z'), event('e3', '2026-03-25T09:00:00.000Z', '2026-03-04T00:00:00.000Z')] }],
    );
    expect(timeline.entries.map((entry) => `${entryKind(entry)}:${entry.id}`)).toEqual(['event:e1', 'note:n1', 'event:e2', 'activity:a1']);
  });
});

describe('relativeTime', () => {
  const now = Date.parse('2026-03-10T12:00:00.000Z');
  it('says how long ago in words', () => {
    expect(relativeTime('2026-03-07T12:00:00.000Z', now)).toBe('3 days ago');
    expect(relativeTime('2026-03-09T12:00:00.000Z', now)).toBe('yesterday');
    expect(relativeTime('2026-03-10T09:00:00.000Z', now)).toBe('3 hours ago');
    expect(relativeTime('2026-03-10T11:59:50.000Z', now)).toBe('just now');
    expect(relativeTime('2026-03-10T11:55:00.000Z', now)).toBe('5 minutes ago');
    expect(relativeTime('2025-12-10T12:00:00.000Z', now)).toBe('3 months ago');
    expect(relativeTime('2026-03-12T12:00:00.000Z', now)).toBe('in 2 days');
  });
});

describe('activity facts', () => {
  it('shows duration, outcome and location readably', () => {
    expect(formatDuration(95)).toBe('1 min 35 s');
    expect(formatDuration(1800)).toBe('30 min');
    expect(formatDuration(3900)).toBe('1 h 5 min');
    expect(activityFacts({ duration_seconds: 600, outcome: 'left_voicemail', location: 'Zoom' })).toEqual([
      { key: 'duration_seconds', label: 'Duration', value: '10 min' },
      { key: 'outcome', label: 'Outcome', value: 'Left voicemail' },
      { key: 'location', label: 'Location', value: 'Zoom' },
    ]);
    expect(activityFacts({ opened: true, empty: null })).toEqual([{ key: 'opened', label: 'Opened', value: 'Yes' }]);
  });
});
