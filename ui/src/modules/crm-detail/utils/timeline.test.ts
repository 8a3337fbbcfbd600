import { describe, expect, it } from 'vitest';

import { activityFacts, formatDuration, relativeTime } from './timeline';

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
