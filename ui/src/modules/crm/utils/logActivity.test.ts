import { describe, expect, it } from 'vitest';

import { isLater, logActivityData, newLogDraft } from './logActivity';

describe('logActivityData', () => {
  it('builds a call with its duration in seconds and its outcome, at the chosen local time', () => {
    const draft = { ...newLogDraft('call', 'Ada Lovelace'), when: '2026-03-01T09:30', durationMinutes: '12', outcome: 'no_answer', description: ' tried twice ' };
    expect(draft.title).toBe('Call with Ada Lovelace');
    // Tests run in Europe/Berlin (UTC+1 in March).
    expect(logActivityData('c1', draft)).toEqual({
      ok: true,
      at: '2026-03-01T08:30:00.000Z',
      data: {
        contact_id: 'c1',
        activity_type: 'call',
        title: 'Call with Ada Lovelace',
        description: 'tried twice',
        metadata: { duration_seconds: 720, outcome: 'no_answer' },
        created_at: '2026-03-01T08:30:00.000Z',
      },
    });
  });

  it('builds a meeting with its location and no outcome', () => {
    const draft = { ...newLogDraft('meeting', 'Ada'), when: '2026-03-01T09:30', location: 'Zoom', outcome: 'busy' };
    const built = logActivityData('c1', draft);
    expect(built.ok && built.data).toMatchObject({ activity_type: 'meeting', metadata: { location: 'Zoom' }, description: null });
  });

  it('refuses an empty title, a bad time or duration', () => {
    const draft = newLogDraft('call', 'Ada');
    expect(logActivityData('c1', { ...draft, title: ' ' })).toMatchObject({ ok: false, field: 'title' });
    expect(logActivityData('c1', { ...draft, when: '' })).toMatchObject({ ok: false, field: 'when' });
    expect(logActivityData('c1', { ...draft, durationMinutes: 'ten' })).toMatchObject({ ok: false, field: 'durationMinutes' });
  });
});

describe('isLater', () => {
  it('compares with the contact’s last contact time', () => {
    expect(isLater('2026-03-01T00:00:00.000Z', null)).toBe(true);
    expect(isLater('2026-03-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z')).toBe(true);
    expect(isLater('2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z')).toBe(false);
  });
});
