import type { Form, JsonValue } from '../../../bindings';
import type { Condition, ConditionOp, ConsentTo, ContactAction, FieldType, FormDraft, FormField, FormSettings } from '../types';

type Json = { [key: string]: JsonValue | undefined };

/** Every field type, in the palette's order, with its name and the label a new field gets. */
export const FIELD_TYPES: ReadonlyArray<{ type: FieldType; name: string; label: string; group: 'basic' | 'choice' | 'special' }> = [
  { type: 'text', name: 'Short text', label: 'Short answer', group: 'basic' },
  { type: 'textarea', name: 'Long text', label: 'Long answer', group: 'basic' },
  { type: 'email', name: 'Email', label: 'Email', group: 'basic' },
  { type: 'phone', name: 'Phone', label: 'Phone number', group: 'basic' },
  { type: 'number', name: 'Number', label: 'Number', group: 'basic' },
  { type: 'date', name: 'Date', label: 'Date', group: 'basic' },
  { type: 'select', name: 'Single choice', label: 'Choose one', group: 'choice' },
  { type: 'multi_select', name: 'Multiple choice', label: 'Choose any', group: 'choice' },
  { type: 'checkbox', name: 'Checkbox', label: 'Yes or no', group: 'choice' },
  { type: 'rating', name: 'Rating', label: 'How would you rate us?', group: 'choice' },
  { type: 'consent', name: 'Consent', label: 'I agree to receive emails', group: 'special' },
  { type: 'hidden', name: 'Hidden', label: 'Hidden value', group: 'special' },
  { type: 'file', name: 'File upload', label: 'Attach a file', group: 'special' },
];

export const typeName = (type: FieldType): string => FIELD_TYPES.find((entry) => entry.type === type)?.name ?? type;

export const isChoice = (type: FieldType): boolean => type === 'select' || type === 'multi_select';

/** The contact columns a field's answer can fill (`map_to`). */
export const CONTACT_TARGETS: ReadonlyArray<{ value: string; label: string }> = [
  { value: 'first_name', label: 'First name' },
  { value: 'last_name', label: 'Last name' },
  { value: 'email', label: 'Email' },
  { value: 'phone', label: 'Phone' },
  { value: 'company', label: 'Company' },
  { value: 'title', label: 'Job title' },
  { value: 'website', label: 'Website' },
  { value: 'source', label: 'Source' },
  { value: 'dob', label: 'Date of birth' },
  { value: 'tags', label: 'Tags' },
];

/** The map_to a new field of the type starts with. */
const DEFAULT_MAP: Partial<Record<FieldType, string>> = { email: 'email', phone: 'phone' };

export const CONSENT_TARGETS: ReadonlyArray<{ value: ConsentTo; label: string }> = [
  { value: 'email', label: 'Email marketing' },
  { value: 'sms', label: 'Text messages' },
  { value: 'calls', label: 'Phone calls' },
  { value: 'automations', label: 'Automations' },
];

export const CONDITION_OPS: ReadonlyArray<{ op: ConditionOp; label: string; needsValue: boolean }> = [
  { op: 'equals', label: 'is', needsValue: true },
  { op: 'not_equals', label: 'is not', needsValue: true },
  { op: 'contains', label: 'contains', needsValue: true },
  { op: 'is_empty', label: 'is empty', needsValue: false },
  { op: 'is_not_empty', label: 'is filled in', needsValue: false },
  { op: 'greater_than', label: 'is more than', needsValue: true },
  { op: 'less_than', label: 'is less than', needsValue: true },
];

export const opNeedsValue = (op: ConditionOp): boolean => CONDITION_OPS.find((entry) => entry.op === op)?.needsValue ?? true;

export const CONTACT_ACTIONS: ReadonlyArray<{ value: ContactAction; label: string; hint: string }> = [
  { value: 'create_or_update', label: 'Create or update the contact', hint: 'Matched by email, then phone; a new contact otherwise.' },
  { value: 'update_only', label: 'Update existing contacts only', hint: 'A submission from someone unknown is stored without a contact.' },
  { value: 'none', label: 'Do not touch contacts', hint: 'Submissions are only stored.' },
];

export const DEFAULT_ACCENT = '#2563eb';

export const defaultSettings = (): FormSettings => ({
  contact_action: 'create_or_update',
  overwrite: false,
  tags: [],
  owner_id: null,
  notify_user_ids: [],
  double_opt_in: false,
  submission_limit: null,
  closes_at: null,
  min_fill_seconds: 3,
  accent_color: DEFAULT_ACCENT,
  submit_label: 'Submit',
});

const ID = /^[a-z0-9_]+$/;

export const isFieldId = (id: string): boolean => ID.test(id);

/** A field id from a label: lowercase ASCII letters, digits and underscores. */
export const idFromLabel = (label: string): string =>
  label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40) || 'field';

/** `base`, or `base_2`, `base_3`… the first one not in `taken`. */
export const uniqueId = (base: string, taken: ReadonlyArray<string>): string => {
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n += 1) {
    const candidate = `${base}_${n}`;
    if (!taken.includes(candidate)) return candidate;
  }
};

/** A new field of `type`, its id unique among `fields`. */
export const newField = (type: FieldType, fields: ReadonlyArray<FormField>): FormField => {
  const meta = FIELD_TYPES.find((entry) => entry.type === type);
  const label = meta?.label ?? 'Question';
  const base = type === 'email' || type === 'phone' ? type : idFromLabel(label);
  const field: FormField = { id: uniqueId(base, fields.map((f) => f.id)), type, label, required: false };
  if (isChoice(type)) field.options = ['Option 1', 'Option 2'];
  if (type === 'rating') field.max = 5;
  if (type === 'consent') field.consent_to = 'email';
  const map = DEFAULT_MAP[type];
  if (map && !fields.some((other) => other.map_to === map)) field.map_to = map;
  return field;
};

const FIELD_TYPE_SET = new Set<string>(FIELD_TYPES.map((entry) => entry.type));
const OPS = new Set<string>(CONDITION_OPS.map((entry) => entry.op));

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

const readCondition = (value: unknown): Condition | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const raw = value as Json;
  if (typeof raw.field !== 'string' || typeof raw.op !== 'string' || !OPS.has(raw.op)) return undefined;
  const condition: Condition = { field: raw.field, op: raw.op as ConditionOp };
  if (typeof raw.value === 'string' || typeof raw.value === 'number') condition.value = raw.value;
  return condition;
};

/**
 * A stored field as the builder edits it. Rows written before the contract (the demo's
 * `name` for the id) are read as well as can be; unknown types become short text.
 */
export const readField = (value: JsonValue, index: number): FormField => {
  const raw = (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {}) as Json;
  const type = (typeof raw.type === 'string' && FIELD_TYPE_SET.has(raw.type) ? raw.type : 'text') as FieldType;
  const id = text(raw.id) ?? text(raw.name) ?? `field_${index + 1}`;
  const field: FormField = { id, type, label: typeof raw.label === 'string' ? raw.label : id, required: raw.required === true };
  const placeholder = text(raw.placeholder);
  if (placeholder) field.placeholder = placeholder;
  const help = text(raw.help);
  if (help) field.help = help;
  if (Array.isArray(raw.options)) field.options = raw.options.map((option) => String(option));
  else if (isChoice(type)) field.options = [];
  const mapTo = text(raw.map_to);
  if (mapTo) field.map_to = mapTo;
  const condition = readCondition(raw.show_if);
  if (condition) field.show_if = condition;
  if (typeof raw.max === 'number') field.max = raw.max;
  else if (type === 'rating') field.max = 5;
  if (typeof raw.consent_to === 'string') field.consent_to = raw.consent_to as ConsentTo;
  else if (type === 'consent') field.consent_to = 'email';
  return field;
};

/** A field as stored: only what its type uses, no empty optional texts. */
export const writeField = (field: FormField): Json => {
  const out: Json = { id: field.id, type: field.type, label: field.label, required: field.required };
  if (field.placeholder?.trim() && field.type !== 'hidden') out.placeholder = field.placeholder;
  if (field.help?.trim()) out.help = field.help;
  if (isChoice(field.type)) out.options = [...(field.options ?? [])];
  if (field.map_to) out.map_to = field.map_to;
  if (field.show_if) {
    const condition: Json = { field: field.show_if.field, op: field.show_if.op };
    if (opNeedsValue(field.show_if.op) && field.show_if.value !== undefined) condition.value = field.show_if.value;
    out.show_if = condition;
  }
  if (field.type === 'rating') out.max = field.max ?? 5;
  if (field.type === 'consent') out.consent_to = field.consent_to ?? 'email';
  return out;
};

const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

export const readSettings = (value: { [key: string]: JsonValue } | null | undefined): FormSettings => {
  const raw = (value ?? {}) as Json;
  const base = defaultSettings();
  const action = raw.contact_action;
  return {
    contact_action: action === 'update_only' || action === 'none' || action === 'create_or_update' ? action : base.contact_action,
    overwrite: raw.overwrite === true,
    tags: stringList(raw.tags),
    owner_id: typeof raw.owner_id === 'string' ? raw.owner_id : null,
    notify_user_ids: stringList(raw.notify_user_ids),
    double_opt_in: raw.double_opt_in === true,
    submission_limit: typeof raw.submission_limit === 'number' ? raw.submission_limit : null,
    closes_at: typeof raw.closes_at === 'string' ? raw.closes_at : null,
    min_fill_seconds: typeof raw.min_fill_seconds === 'number' ? raw.min_fill_seconds : base.min_fill_seconds,
    accent_color: typeof raw.accent_color === 'string' ? raw.accent_color : base.accent_color,
    submit_label: typeof raw.submit_label === 'string' && raw.submit_label ? raw.submit_label : base.submit_label,
  };
};

/** The builder's draft of a stored form. */
export const formToDraft = (form: Form): FormDraft => ({
  name: form.name,
  slug: form.slug,
  description: form.description ?? '',
  fields: form.fields.map(readField),
  settings: readSettings(form.settings),
  after_submit: form.redirect_url ? 'redirect' : 'message',
  thank_you_message: form.thank_you_message ?? '',
  redirect_url: form.redirect_url ?? '',
});

/** The columns a save writes (one `records_update`): the definition, not the publication. */
export const draftToPatch = (draft: FormDraft): Record<string, unknown> => ({
  name: draft.name.trim(),
  slug: draft.slug.trim(),
  description: draft.description.trim() || null,
  fields: draft.fields.map(writeField),
  settings: { ...draft.settings },
  redirect_url: draft.after_submit === 'redirect' ? draft.redirect_url.trim() || null : null,
  thank_you_message: draft.after_submit === 'message' ? draft.thank_you_message.trim() || null : null,
});

/** The form as `form_preview` renders it: the stored row with the draft's columns over it. */
export const previewForm = (form: Form, draft: FormDraft): Record<string, unknown> => ({ ...form, ...draftToPatch(draft) });

/** The fields before `index` that a condition of the field at `index` may name. */
export const earlierFields = (fields: ReadonlyArray<FormField>, index: number): FormField[] => fields.slice(0, Math.max(0, index));

/** Problems the builder finds before saving, by field id (the core checks again on save). */
export const checkDraft = (draft: FormDraft): { form: Partial<Record<'name' | 'slug' | 'redirect_url', string>>; fields: Record<string, string> } => {
  const form: Partial<Record<'name' | 'slug' | 'redirect_url', string>> = {};
  const fields: Record<string, string> = {};
  if (!draft.name.trim()) form.name = 'A form needs a name.';
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(draft.slug.trim())) form.slug = 'Lowercase letters, digits and dashes.';
  if (draft.after_submit === 'redirect' && !/^https?:\/\/\S+$/i.test(draft.redirect_url.trim())) form.redirect_url = 'A web address such as https://example.com/thanks.';
  const seen = new Set<string>();
  draft.fields.forEach((field, index) => {
    const problem = (message: string) => {
      if (!fields[field.id]) fields[field.id] = message;
    };
    if (!isFieldId(field.id)) problem('The field id may hold only lowercase letters, digits and underscores.');
    else if (seen.has(field.id)) problem(`Another field already has the id “${field.id}”.`);
    seen.add(field.id);
    if (!field.label.trim()) problem('A field needs a label.');
    if (isChoice(field.type) && (field.options ?? []).filter((option) => option.trim()).length === 0) problem('Add at least one option.');
    if (isChoice(field.type) && new Set(field.options).size !== (field.options ?? []).length) problem('Two options are the same.');
    if (field.show_if) {
      const earlier = earlierFields(draft.fields, index).map((other) => other.id);
      if (!earlier.includes(field.show_if.field)) problem('Its condition must use a field above it: move it or change the condition.');
    }
  });
  return { form, fields };
};

/**
 * The field a save error of the core names, among the draft's fields: `fields.<index>…`,
 * `fields[<index>]…`, `fields.<id>…`, or a quoted id after `fields:` (`fields: field
 * "email": …`). Null when the message names none.
 */
export const errorFieldId = (message: string, fields: ReadonlyArray<FormField>): string | null => {
  const trimmed = message.trim();
  if (!/^fields\b/.test(trimmed)) return null;
  // An id first: ids may be digits too ("fields.1" is the field with id "1" if there is one).
  const dotted = /^fields\.([a-z0-9_]+)/.exec(trimmed);
  if (dotted && fields.some((field) => field.id === dotted[1])) return dotted[1] ?? null;
  const indexed = /^fields(?:\.|\[)(\d+)\]?/.exec(trimmed);
  if (indexed) return fields[Number(indexed[1])]?.id ?? null;
  const quoted = [...trimmed.matchAll(/["“'`]([a-z0-9_]+)["”'`]/g)].map((match) => match[1]);
  for (const id of quoted) if (fields.some((field) => field.id === id)) return id ?? null;
  return null;
};

/** The error without its `fields…:` prefix, for showing on the field. */
export const errorFieldReason = (message: string): string => {
  const parts = message.split(/:\s+/);
  return parts.length > 1 ? parts.slice(parts[0]?.startsWith('fields') ? 1 : 0).join(': ').replace(/^field\s+["“'`][a-z0-9_]+["”'`]\s*:?\s*/, '') : message;
};
