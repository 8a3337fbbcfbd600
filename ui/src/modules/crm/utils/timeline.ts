import type { ContactActivity, ContactNote, JsonValue, TimelineItem } from '../../../bindings';
import type { TimelineSource } from '../../object-record/types/manifest';
import { enumLabel } from '../../object-record/utils/format';

type Row = Record<string, unknown>;

/**
 * One line of a contact's timeline: a note, an activity, or a row another module links to the
 * contact (a calendar event), which that module's source draws.
 */
export type TimelineEntry =
  | { kind: 'note'; id: string; at: string; note: ContactNote }
  | { kind: 'activity'; id: string; at: string; activity: ContactActivity }
  | { kind: 'linked'; id: string; at: string; source: TimelineSource; row: Row };

/** What an entry is: `note`, `activity`, or its source's kind (`event`). */
export const entryKind = (entry: TimelineEntry): string => (entry.kind === 'linked' ? entry.source.kind : entry.kind);

/**
 * The core's timeline items (`contact_timeline`: one merged, paged query) as entries: notes
 * and activities as they are, other kinds drawn by the module that registered a source for
 * them (calendar events). An item of a kind no module draws is left out.
 */
export const toEntries = (items: ReadonlyArray<TimelineItem>, sources: ReadonlyArray<TimelineSource>): TimelineEntry[] =>
  items.flatMap((item): TimelineEntry[] => {
    switch (item.kind) {
      case 'note':
        return [{ kind: 'note', id: item.id, at: item.at, note: item.note }];
      case 'activity':
        return [{ kind: 'activity', id: item.id, at: item.at, activity: item.activity }];
      default: {
        const source = sources.find((candidate) => candidate.kind === item.kind);
        // The item's one record field (`event`, `run`) is the row the source draws.
        const row = Object.entries(item).find(([key]) => !['kind', 'id', 'at'].includes(key))?.[1] as Row | undefined;
        return source && row ? [{ kind: 'linked', id: item.id, at: item.at, source, row }] : [];
      }
    }
  });

const UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 days ago", "in 2 hours", "just now": how long ago `instant` was, seen from `now`. */
export const relativeTime = (instant: string, now: number = Date.now()): string => {
  const then = Date.parse(instant);
  if (Number.isNaN(then)) return instant;
  const seconds = Math.round((then - now) / 1000);
  if (Math.abs(seconds) < 45) return 'just now';
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size * (unit === 'minute' ? 1 : 0.95)) {
      return format.format(Math.round(seconds / size), unit);
    }
  }
  return format.format(Math.round(seconds / 60), 'minute');
};

/** 95 → "1 min 35 s", 3900 → "1 h 5 min". */
export const formatDuration = (seconds: number): string => {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  if (minutes > 0) return rest > 0 && minutes < 10 ? `${minutes} min ${rest} s` : `${minutes} min`;
  return `${rest} s`;
};

const OUTCOME_LABELS: Record<string, string> = {
  connected: 'Connected',
  left_voicemail: 'Left voicemail',
  no_answer: 'No answer',
  busy: 'Busy',
};

export const outcomeLabel = (outcome: string): string => OUTCOME_LABELS[outcome] ?? enumLabel(outcome);

/** One fact of an activity's metadata, as a label and a value to show. */
export type ActivityFact = { key: string; label: string; value: string };

const text = (value: JsonValue | undefined): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
};

const KNOWN: Record<string, string> = {
  duration_seconds: 'Duration',
  outcome: 'Outcome',
  location: 'Location',
  subject: 'Subject',
  opened: 'Opened',
  delivered: 'Delivered',
  form: 'Form',
  step: 'Step',
};

/** The facts of an activity's metadata worth showing: duration, outcome, location, … */
export const activityFacts = (metadata: { [key in string]?: JsonValue }): ActivityFact[] => {
  const facts: ActivityFact[] = [];
  for (const [key, value] of Object.entries(metadata)) {
    if (value === null || value === undefined || value === '') continue;
    if (key === 'duration_seconds' && typeof value === 'number') {
      facts.push({ key, label: 'Duration', value: formatDuration(value) });
    } else if (key === 'outcome' && typeof value === 'string') {
      facts.push({ key, label: 'Outcome', value: outcomeLabel(value) });
    } else {
      facts.push({ key, label: KNOWN[key] ?? enumLabel(key), value: text(value) });
    }
  }
  return facts;
};
