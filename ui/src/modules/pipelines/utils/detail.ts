import type { JourneyStep, JsonValue, TimelineItem } from '../../../bindings';

/**
 * What a card's detail shows and edits beside the board: its custom fields (free keys on
 * the card, kept with their JSON type) and its activity (the stage journey with the
 * contact's notes, activities and meetings, newest first).
 */

/** "contract_length" → "Contract length". */
export const fieldLabel = (key: string): string => {
  const words = key.replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** How a value is entered: its JSON type decides, so a number stays a number. */
export type FieldKind = 'text' | 'number' | 'checkbox' | 'list' | 'other';

export type FieldDraft = { key: string; kind: FieldKind; text: string; checked: boolean; original: JsonValue };

export const kindOf = (value: JsonValue): FieldKind => {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'checkbox';
  if (typeof value === 'string' || value === null) return 'text';
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return 'list';
  return 'other';
};

/** A value as one line of text. */
export const showValue = (value: JsonValue | undefined): string => {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join(', ');
  return typeof value === 'string' ? value : JSON.stringify(value);
};

export const draftsOf = (fields: Readonly<Record<string, JsonValue | undefined>>): FieldDraft[] =>
  Object.entries(fields).map(([key, value]) => {
    const original = value ?? null;
    const kind = kindOf(original);
    return {
      key,
      kind,
      text: kind === 'list' ? (original as string[]).join(', ') : kind === 'checkbox' ? '' : original === null ? '' : String(original),
      checked: original === true,
      original,
    };
  });

export type FieldsResult = { ok: true; value: Record<string, JsonValue> } | { ok: false; key: string; message: string };

/** The drafts as the card's `custom_fields`, or what is wrong and where. */
export const fieldsOf = (drafts: ReadonlyArray<FieldDraft>): FieldsResult => {
  const value: Record<string, JsonValue> = {};
  for (const draft of drafts) {
    if (!draft.key) return { ok: false, key: draft.key, message: 'A field needs a name.' };
    if (draft.key in value) return { ok: false, key: draft.key, message: `“${fieldLabel(draft.key)}” is there twice.` };
    switch (draft.kind) {
      case 'number': {
        const text = draft.text.trim();
        const number = Number(text);
        if (text === '') value[draft.key] = null;
        else if (!Number.isFinite(number)) return { ok: false, key: draft.key, message: `${fieldLabel(draft.key)} must be a number.` };
        else value[draft.key] = number;
        break;
      }
      case 'checkbox':
        value[draft.key] = draft.checked;
        break;
      case 'list':
        value[draft.key] = draft.text.split(',').map((item) => item.trim()).filter(Boolean);
        break;
      case 'other':
        value[draft.key] = draft.original;
        break;
      default:
        value[draft.key] = draft.text.trim();
    }
  }
  return { ok: true, value };
};

/** One line of a card's activity. */
export type ActivityLine = {
  id: string;
  at: string;
  kind: 'stage' | 'note' | 'call' | 'meeting' | 'email' | 'other';
  title: string;
  detail: string | null;
};

/** "3 d 4 h", "5 h", "12 min": how long a card stayed somewhere. */
export const duration = (seconds: number): string => {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return `${hours} h`;
  return `${Math.max(1, Math.floor(seconds / 60))} min`;
};

const clip = (text: string, length = 160): string => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

const fromStep = (step: JourneyStep, index: number, last: boolean): ActivityLine => ({
  id: `stage:${step.changed_at}:${index}`,
  at: step.changed_at,
  kind: 'stage',
  title: step.from_stage ? `Moved to ${step.to_stage}` : `Created in ${step.to_stage}`,
  detail: [
    step.from_stage ? `from ${step.from_stage}` : null,
    `${duration(step.seconds)} ${last ? 'so far' : 'there'}`,
    step.changed_by_name ? `by ${step.changed_by_name}` : null,
  ]
    .filter(Boolean)
    .join(' · '),
});

const fromTimeline = (item: TimelineItem, contact: string): ActivityLine => {
  switch (item.kind) {
    case 'note':
      return { id: item.id, at: item.at, kind: 'note', title: `Note on ${contact}`, detail: clip(item.note.content) };
    case 'activity': {
      const type = item.activity.activity_type;
      const kind = type === 'call' || type === 'meeting' || type === 'email' ? type : 'other';
      const label = type.charAt(0).toUpperCase() + type.slice(1);
      return { id: item.id, at: item.at, kind, title: `${label}: ${item.activity.title}`, detail: item.activity.description ? clip(item.activity.description) : null };
    }
    case 'event':
      return { id: item.id, at: item.at, kind: 'meeting', title: `Meeting: ${item.event.title}`, detail: item.event.location ?? null };
    default:
      return { id: item.id, at: item.at, kind: 'other', title: `Automation run ${item.run.status}`, detail: item.run.error_message };
  }
};

/** The journey and the contact's timeline as one list, newest first. */
export const activityOf = (journey: ReadonlyArray<JourneyStep>, timeline: ReadonlyArray<TimelineItem>, contact: string | null): ActivityLine[] => {
  const lines = [
    ...journey.map((step, index) => fromStep(step, index, index === journey.length - 1)),
    ...timeline.map((item) => fromTimeline(item, contact ?? 'the contact')),
  ];
  return lines.sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || (a.id < b.id ? 1 : -1));
};
