import { fromLocalDateTime, toLocalDateTime } from '../../object-record/utils/formValues';

export type LogKind = 'call' | 'meeting';

/** The hand-logged call or meeting, as its dialog holds it. */
export type LogDraft = {
  kind: LogKind;
  title: string;
  /** A `datetime-local` value in the user's time zone. */
  when: string;
  durationMinutes: string;
  outcome: string;
  location: string;
  description: string;
};

export const CALL_OUTCOMES: ReadonlyArray<{ value: string; label: string }> = [
  { value: 'connected', label: 'Connected' },
  { value: 'left_voicemail', label: 'Left voicemail' },
  { value: 'no_answer', label: 'No answer' },
  { value: 'busy', label: 'Busy' },
];

export const newLogDraft = (kind: LogKind, contactName: string, now: Date = new Date()): LogDraft => ({
  kind,
  title: `${kind === 'call' ? 'Call' : 'Meeting'} with ${contactName}`,
  when: toLocalDateTime(now.toISOString()),
  durationMinutes: '',
  outcome: kind === 'call' ? 'connected' : '',
  location: '',
  description: '',
});

export type LogData =
  | { ok: true; data: Record<string, unknown>; at: string }
  | { ok: false; field: keyof LogDraft; message: string };

/** The `contact_activities` record a logged call or meeting creates. */
export const logActivityData = (contactId: string, draft: LogDraft): LogData => {
  const title = draft.title.trim();
  if (!title) return { ok: false, field: 'title', message: 'title: is required' };
  const at = fromLocalDateTime(draft.when);
  if (!at) return { ok: false, field: 'when', message: 'when: must be a date and time' };
  const metadata: Record<string, unknown> = {};
  const minutes = draft.durationMinutes.trim();
  if (minutes) {
    const number = Number(minutes);
    if (!/^\d+(\.\d+)?$/.test(minutes) || !Number.isFinite(number)) {
      return { ok: false, field: 'durationMinutes', message: 'duration: must be a number of minutes' };
    }
    metadata.duration_seconds = Math.round(number * 60);
  }
  if (draft.kind === 'call' && draft.outcome) metadata.outcome = draft.outcome;
  if (draft.kind === 'meeting' && draft.location.trim()) metadata.location = draft.location.trim();
  const description = draft.description.trim();
  return {
    ok: true,
    at,
    data: {
      contact_id: contactId,
      activity_type: draft.kind,
      title,
      description: description || null,
      metadata,
      created_at: at,
    },
  };
};

/** Whether `instant` is later than the contact's `last_contacted_at` (or it has none). */
export const isLater = (instant: string, current: unknown): boolean => {
  if (typeof current !== 'string' || current === '') return true;
  const before = Date.parse(current);
  return Number.isNaN(before) || Date.parse(instant) > before;
};
