import type { AvailabilityRule, BookingType, JsonValue } from '../../../bindings';

/**
 * One custom question, in the shape the public booking page reads (`crates/server/src/
 * booking.html`): a `label` (answers are keyed by it), a `type` (`textarea` gives a
 * multi-line box, anything else one line) and `required`.
 */
export type QuestionType = 'text' | 'textarea';
export type Question = { id: string; label: string; type: QuestionType; required: boolean };

export const QUESTION_TYPES: ReadonlyArray<{ value: QuestionType; label: string }> = [
  { value: 'text', label: 'Short answer' },
  { value: 'textarea', label: 'Long answer' },
];

let questionCounter = 0;
export const newQuestionId = (): string => {
  questionCounter += 1;
  return `q${Date.now().toString(36)}${questionCounter}`;
};

export const parseQuestions = (value: ReadonlyArray<JsonValue>): Question[] =>
  value.flatMap((item, index) => {
    if (typeof item === 'string') return [{ id: `q${index + 1}`, label: item, type: 'text' as const, required: false }];
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return [];
    const label = [item.label, item.question, item.name].find((v) => typeof v === 'string');
    return [
      {
        id: typeof item.id === 'string' ? item.id : `q${index + 1}`,
        label: typeof label === 'string' ? label : '',
        type: item.type === 'textarea' || item.type === 'long_text' ? ('textarea' as const) : ('text' as const),
        required: item.required === true,
      },
    ];
  });

/** The booking type's fields as typed in the editor. */
export type BookingForm = {
  name: string;
  slug: string;
  description: string;
  duration_minutes: string;
  buffer_before_minutes: string;
  buffer_after_minutes: string;
  color: string;
  price: string;
  location: string;
  meeting_url: string;
  is_active: boolean;
  minimum_notice_minutes: string;
  booking_window_days: string;
  slot_interval_minutes: string;
  daily_limit: string;
  questions: Question[];
};

export const emptyBookingForm = (): BookingForm => ({
  name: '',
  slug: '',
  description: '',
  duration_minutes: '30',
  buffer_before_minutes: '0',
  buffer_after_minutes: '0',
  color: '#2563eb',
  price: '',
  location: '',
  meeting_url: '',
  is_active: true,
  minimum_notice_minutes: '240',
  booking_window_days: '60',
  slot_interval_minutes: '',
  daily_limit: '',
  questions: [],
});

const numberText = (value: number | null): string => (value === null ? '' : String(value));

export const bookingToForm = (row: BookingType): BookingForm => ({
  name: row.name,
  slug: row.slug,
  description: row.description,
  duration_minutes: String(row.duration_minutes),
  buffer_before_minutes: String(row.buffer_before_minutes),
  buffer_after_minutes: String(row.buffer_after_minutes),
  color: row.color,
  price: row.price ?? '',
  location: row.location ?? '',
  meeting_url: row.meeting_url ?? '',
  is_active: row.is_active,
  minimum_notice_minutes: String(row.minimum_notice_minutes),
  booking_window_days: String(row.booking_window_days),
  slot_interval_minutes: numberText(row.slot_interval_minutes),
  daily_limit: numberText(row.daily_limit),
  questions: parseQuestions(row.questions),
});

export type FieldErrors = Partial<Record<string, string>>;

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * The fields to save, or the errors by field name. The core checks everything again (and
 * its messages name the field too); this catches numbers that are not numbers.
 */
export const bookingFormToFields = (form: BookingForm): { fields: Record<string, unknown> } | { errors: FieldErrors } => {
  const errors: FieldErrors = {};
  const whole = (field: keyof BookingForm & string, min: number, optional = false): number | null => {
    const text = String(form[field]).trim();
    if (text === '' && optional) return null;
    if (!/^\d+$/.test(text)) {
      errors[field] = text === '' ? 'is required' : `"${text}" is not a whole number`;
      return null;
    }
    const value = Number(text);
    if (value < min) errors[field] = `must be at least ${min}`;
    return value;
  };
  if (!form.name.trim()) errors.name = 'is required';
  // The schema keeps a description on every booking type (the public page shows it).
  if (!form.description.trim()) errors.description = 'is required';
  if (!SLUG.test(form.slug.trim())) errors.slug = 'use lowercase letters, digits and dashes, such as intro-call';
  const fields: Record<string, unknown> = {
    name: form.name.trim(),
    slug: form.slug.trim(),
    description: form.description.trim(),
    duration_minutes: whole('duration_minutes', 1),
    buffer_before_minutes: whole('buffer_before_minutes', 0),
    buffer_after_minutes: whole('buffer_after_minutes', 0),
    color: form.color.trim(),
    price: form.price.trim() || null,
    location: form.location.trim() || null,
    meeting_url: form.meeting_url.trim() || null,
    is_active: form.is_active,
    minimum_notice_minutes: whole('minimum_notice_minutes', 0),
    booking_window_days: whole('booking_window_days', 1),
    slot_interval_minutes: whole('slot_interval_minutes', 5, true),
    daily_limit: whole('daily_limit', 1, true),
    questions: form.questions.map((q) => ({ id: q.id, label: q.label.trim(), type: q.type, required: q.required })),
  };
  form.questions.forEach((question, index) => {
    if (!question.label.trim()) errors[`questions.${index}`] = 'give the question a label';
  });
  if (form.price.trim() && !/^\d+(\.\d{1,2})?$/.test(form.price.trim())) errors.price = `"${form.price.trim()}" is not a price such as 49.00`;
  return Object.keys(errors).length > 0 ? { errors } : { fields };
};

/** One weekly interval being edited (`id` null until saved). */
export type RuleDraft = { id: string | null; day_of_week: number; start: string; end: string; is_available: boolean };

/** Monday first, as the calendar shows weeks; `day_of_week` is 0 = Sunday as stored. */
export const WEEKDAYS: ReadonlyArray<{ day: number; label: string }> = [
  { day: 1, label: 'Monday' },
  { day: 2, label: 'Tuesday' },
  { day: 3, label: 'Wednesday' },
  { day: 4, label: 'Thursday' },
  { day: 5, label: 'Friday' },
  { day: 6, label: 'Saturday' },
  { day: 0, label: 'Sunday' },
];

export const ruleToDraft = (rule: AvailabilityRule): RuleDraft => ({
  id: rule.id,
  day_of_week: rule.day_of_week,
  start: rule.start_time.slice(0, 5),
  end: rule.end_time.slice(0, 5),
  is_available: rule.is_available,
});

/** What a rule stores. An end of 00:00 is midnight at the end of the day, as the slot engine reads it. */
export const ruleFields = (draft: RuleDraft): Record<string, unknown> => ({
  day_of_week: draft.day_of_week,
  start_time: draft.start,
  end_time: draft.end,
  is_available: draft.is_available,
});

/** Errors of the weekly rules, keyed `rules.<index>`: an end not after its start. */
export const ruleErrors = (drafts: ReadonlyArray<RuleDraft>): FieldErrors => {
  const errors: FieldErrors = {};
  drafts.forEach((draft, index) => {
    if (!/^\d{2}:\d{2}$/.test(draft.start) || !/^\d{2}:\d{2}$/.test(draft.end)) errors[`rules.${index}`] = 'give a start and an end time';
    else if (draft.end !== '00:00' && draft.end <= draft.start) errors[`rules.${index}`] = 'must end after it starts';
  });
  return errors;
};

/**
 * The writes that turn the stored rules into the drafts: new ones created, changed ones
 * updated, removed ones deleted.
 */
export const ruleChanges = (stored: ReadonlyArray<AvailabilityRule>, drafts: ReadonlyArray<RuleDraft>) => {
  const byId = new Map(stored.map((rule) => [rule.id, rule]));
  const kept = new Set(drafts.flatMap((draft) => (draft.id ? [draft.id] : [])));
  const create = drafts.filter((draft) => draft.id === null);
  const update = drafts.filter((draft) => {
    if (!draft.id) return false;
    const rule = byId.get(draft.id);
    if (!rule) return false;
    const before = ruleToDraft(rule);
    return before.day_of_week !== draft.day_of_week || before.start !== draft.start || before.end !== draft.end || before.is_available !== draft.is_available;
  });
  const remove = stored.filter((rule) => !kept.has(rule.id));
  return { create, update, remove };
};
