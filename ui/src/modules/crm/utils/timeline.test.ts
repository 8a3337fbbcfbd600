import { describe, expect, it } from 'vitest';

import type { ContactActivity, ContactNote, Event as CalendarEvent, TimelineItem } from '../../../bindings';
import type { TimelineSource } from '../../object-record/types/manifest';
import { activityFacts, entryKind, formatDuration, relativeTime, toEntries } from './timeline';

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

describe('toEntries', () => {
  const eventSource = (Item: TimelineSource['Item'] = () => null): TimelineSource => ({
    kind: 'event',
    on: 'contacts',
    table: 'events',
    field: 'contact_id',
    at: 'start_time',
    Item,
  });

  it('keeps the core order and hands events to the module that draws them', () => {
    const items: TimelineItem[] = [
      { kind: 'event', id: 'e1', at: '2026-03-01T09:00:00.000Z', event: { id: 'e1', title: 'Call' } as unknown as CalendarEvent },
      { kind: 'note', id: 'n1', at: '2026-02-01T00:00:00.000Z', note: note('n1', '2026-02-01T00:00:00.000Z') },
      { kind: 'activity', id: 'a1', at: '2026-01-01T00:00:00.000Z', activity: activity('a1', '2026-01-01T00:00:00.000Z') },
    ];
    const source = eventSource();
    const entries = toEntries(items, [source]);
    expect(entries.map((entry) => [entryKind(entry), entry.id])).toEqual([
      ['event', 'e1'],
      ['note', 'n1'],
      ['activity', 'a1'],
    ]);
    const linked = entries[0];
    if (linked?.kind !== 'linked') throw new Error('the event is a linked entry');
    expect(linked.source).toBe(source);
    expect(linked.row.title).toBe('Call');
  });

  it('leaves out a kind no module draws', () => {
    const items: TimelineItem[] = [
      { kind: 'event', id: 'e1', at: '2026-03-01T09:00:00.000Z', event: { id: 'e1' } as unknown as CalendarEvent },
      { kind: 'note', id: 'n1', at: '2026-02-01T00:00:00.000Z', note: note('n1', '2026-02-01T00:00:00.000Z') },
    ];
    expect(toEntries(items, []).map((entry) => entry.id)).toEqual(['n1']);
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
