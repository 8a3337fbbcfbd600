/**
 * The automation flow as the builder edits it: the same JSON the core checks and runs
 * (README.md, "Automations"). A step's place is its path, as the core writes it in a
 * run's log: "2" at the top, "3/then/0" inside an `if` step's branch.
 */

export type StepType =
  | 'add_tag'
  | 'remove_tag'
  | 'update_field'
  | 'assign_owner'
  | 'create_note'
  | 'create_activity'
  | 'create_card'
  | 'move_card'
  | 'send_email'
  | 'notify'
  | 'webhook'
  | 'wait'
  | 'if'
  | 'stop';

export type Step = { type: StepType } & Record<string, unknown>;

export type Condition = { field: string; op: string; value?: unknown };

export type Branch = 'then' | 'else';

/** Where a list of steps lives: the top (`''`) or an `if` step's branch (`'1/then'`). */
export type ListPath = string;

export const STEP_LABELS: Record<StepType, string> = {
  add_tag: 'Add tag',
  remove_tag: 'Remove tag',
  update_field: 'Update field',
  assign_owner: 'Assign owner',
  create_note: 'Create note',
  create_activity: 'Log activity',
  create_card: 'Create pipeline card',
  move_card: 'Move pipeline card',
  send_email: 'Send email',
  notify: 'Notify users',
  webhook: 'Call webhook',
  wait: 'Wait',
  if: 'If / else',
  stop: 'Stop',
};

export const TRIGGER_LABELS: Record<string, string> = {
  contact_created: 'Contact created',
  tag_added: 'Tag added',
  form_submit: 'Form submitted',
  stage_changed: 'Pipeline stage changed',
  booking_made: 'Booking made',
  invoice_overdue: 'Invoice overdue',
  payment_received: 'Payment received',
  email_opened: 'Email opened',
  schedule: 'On a schedule',
  webhook: 'Inbound webhook',
};

export const CONDITION_OPS: ReadonlyArray<{ id: string; label: string }> = [
  { id: 'contains', label: 'contains' },
  { id: 'not_contains', label: 'does not contain' },
  { id: 'equals', label: 'is' },
  { id: 'not_equals', label: 'is not' },
  { id: 'is_empty', label: 'is empty' },
  { id: 'is_not_empty', label: 'is not empty' },
  { id: 'greater_than', label: 'is more than' },
  { id: 'less_than', label: 'is less than' },
];

/** A new step of `type` with its fields empty. */
export const newStep = (type: StepType): Step => {
  switch (type) {
    case 'add_tag':
    case 'remove_tag':
      return { type, tag: '' };
    case 'update_field':
      return { type, field: 'status', value: '' };
    case 'assign_owner':
      return { type, user_id: '' };
    case 'create_note':
      return { type, content: '' };
    case 'create_activity':
      return { type, activity_type: 'automation', title: '' };
    case 'create_card':
      return { type, pipeline_id: '', stage_id: '', title: '{{contact.first_name}} {{contact.last_name}}' };
    case 'move_card':
      return { type, stage_id: '' };
    case 'send_email':
      return { type, template_id: '' };
    case 'notify':
      return { type, title: '', message: '' };
    case 'webhook':
      return { type, url: '' };
    case 'wait':
      return { type, days: 1 };
    case 'if':
      return { type, conditions: [{ field: 'contact.tags', op: 'contains', value: '' }], then: [], else: [] };
    case 'stop':
      return { type };
  }
};

const branchOf = (step: Step | undefined, branch: string): Step[] | null => {
  if (!step || step.type !== 'if') return null;
  const list = step[branch];
  return Array.isArray(list) ? (list as Step[]) : [];
};

/** The step at `path`, or undefined. */
export const stepAt = (actions: ReadonlyArray<Step>, path: string): Step | undefined => {
  const parts = path.split('/');
  let list: ReadonlyArray<Step> = actions;
  for (let i = 0; i < parts.length; i += 2) {
    const step = list[Number(parts[i])];
    if (i + 1 >= parts.length) return step;
    const next = branchOf(step, parts[i + 1] ?? '');
    if (!next) return undefined;
    list = next;
  }
  return undefined;
};

/** `actions` with the list at `where` replaced by `change(list)`. */
const withList = (actions: ReadonlyArray<Step>, where: ListPath, change: (list: Step[]) => Step[]): Step[] => {
  if (where === '') return change([...actions]);
  const parts = where.split('/');
  const branch = parts.pop() as string;
  const ifPath = parts.join('/');
  return updateAt(actions, ifPath, (step) => ({ ...step, [branch]: change([...(branchOf(step, branch) ?? [])]) }));
};

/** The list a path's step is in, and its index there. */
export const placeOf = (path: string): { list: ListPath; index: number } => {
  const cut = path.lastIndexOf('/');
  return cut < 0 ? { list: '', index: Number(path) } : { list: path.slice(0, cut), index: Number(path.slice(cut + 1)) };
};

export const pathIn = (list: ListPath, index: number): string => (list === '' ? String(index) : `${list}/${index}`);

/** `actions` with the step at `path` replaced by `change(step)`. */
export const updateAt = (actions: ReadonlyArray<Step>, path: string, change: (step: Step) => Step): Step[] => {
  const { list, index } = placeOf(path);
  return withList(actions, list, (items) => items.map((step, i) => (i === index ? change(step) : step)));
};

/** `actions` with `step` inserted at `index` of the list at `where`. */
export const insertAt = (actions: ReadonlyArray<Step>, where: ListPath, index: number, step: Step): Step[] =>
  withList(actions, where, (items) => [...items.slice(0, index), step, ...items.slice(index)]);

/** `actions` without the step at `path` (an `if` goes with its branches). */
export const removeAt = (actions: ReadonlyArray<Step>, path: string): Step[] => {
  const { list, index } = placeOf(path);
  return withList(actions, list, (items) => items.filter((_, i) => i !== index));
};

/**
 * The step path and setting an error of the core names: `actions[1].then[0].minutes`
 * is step "1/then/0", setting "minutes"; null when the error is not about a step.
 */
export const errorPlace = (field: string): { path: string; setting: string | null } | null => {
  const match = /^actions((?:\[\d+\](?:\.(?:then|else))?)+)(?:\.([a-z_]+))?/.exec(field.replace(/^step /, ''));
  if (!match) return null;
  const path = [...(match[1] ?? '').matchAll(/\[(\d+)\](?:\.(then|else))?/g)].flatMap((m) => (m[2] ? [m[1] ?? '', m[2]] : [m[1] ?? ''])).join('/');
  return { path, setting: match[2] ?? null };
};

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

const waitText = (step: Step): string => {
  if (typeof step.until === 'string') return `Wait until ${step.until.replace('T', ' ').replace(/:00(\.000)?Z$/, ' UTC')}`;
  if (step.condition) return 'Wait until a condition holds';
  const parts: string[] = [];
  for (const [key, one] of [
    ['days', 'day'],
    ['hours', 'hour'],
    ['minutes', 'minute'],
  ] as const) {
    const n = Number(step[key]);
    if (n > 0) parts.push(`${n} ${one}${n === 1 ? '' : 's'}`);
  }
  return parts.length ? `Wait ${parts.join(' ')}` : 'Wait';
};

const conditionText = (c: Condition): string => {
  const op = CONDITION_OPS.find((o) => o.id === c.op)?.label ?? c.op;
  const field = c.field.replace(/^contact\./, '').replace(/^trigger\./, 'trigger ').replace(/_/g, ' ');
  return c.op === 'is_empty' || c.op === 'is_not_empty' ? `${field} ${op}` : `${field} ${op} ${text(c.value) || String(c.value ?? '')}`;
};

/** One line saying what a step does, as its card shows it. */
export const summary = (step: Step, names: Record<string, string> = {}): string => {
  switch (step.type) {
    case 'add_tag':
      return text(step.tag) ? `Add tag “${text(step.tag)}”` : 'Add a tag';
    case 'remove_tag':
      return text(step.tag) ? `Remove tag “${text(step.tag)}”` : 'Remove a tag';
    case 'update_field':
      return `Set ${text(step.field).replace(/_/g, ' ')} to “${String(step.value ?? '')}”`;
    case 'assign_owner':
      return `Assign to ${names[text(step.user_id)] ?? 'a user'}`;
    case 'create_note':
      return text(step.content) ? `Note: ${text(step.content)}` : 'Create a note';
    case 'create_activity':
      return text(step.title) ? `Log: ${text(step.title)}` : 'Log an activity';
    case 'create_card':
      return `Card in ${names[text(step.pipeline_id)] ?? 'a pipeline'}`;
    case 'move_card':
      return names[text(step.stage_id)] ? `Move the card to ${names[text(step.stage_id)]}` : 'Move a card';
    case 'send_email':
      return names[text(step.template_id)] ? `Send “${names[text(step.template_id)]}”` : 'Send an email';
    case 'notify':
      return text(step.title) ? `Notify: ${text(step.title)}` : 'Notify users';
    case 'webhook':
      return text(step.url) ? `POST ${text(step.url)}` : 'Call a webhook';
    case 'wait':
      return waitText(step);
    case 'if': {
      const conditions = (Array.isArray(step.conditions) ? step.conditions : []) as Condition[];
      const joiner = step.match === 'any' ? ' or ' : ' and ';
      return conditions.length ? `If ${conditions.map(conditionText).join(joiner)}` : 'If';
    }
    case 'stop':
      return 'Stop the run';
  }
};

/** What is missing from a step before the core would take it (shown on the card at once). */
export const problem = (step: Step): string | null => {
  const need = (key: string, what: string) => (text(step[key]).trim() === '' ? `${what} is required` : null);
  switch (step.type) {
    case 'add_tag':
    case 'remove_tag':
      return need('tag', 'A tag');
    case 'assign_owner':
      return need('user_id', 'A user');
    case 'create_note':
      return need('content', 'The note');
    case 'create_activity':
      return need('title', 'A title');
    case 'create_card':
      return need('pipeline_id', 'A pipeline') ?? need('stage_id', 'A stage') ?? need('title', 'A title');
    case 'move_card':
      return need('stage_id', 'A stage');
    case 'send_email':
      return need('template_id', 'An email template');
    case 'notify':
      return need('title', 'A title');
    case 'webhook':
      return /^https?:\/\//.test(text(step.url)) ? null : 'A URL starting with http:// or https:// is required';
    case 'wait': {
      const amount = ['minutes', 'hours', 'days'].some((k) => Number(step[k]) > 0);
      return amount || typeof step.until === 'string' || step.condition ? null : 'How long to wait is required';
    }
    case 'if': {
      const conditions = (Array.isArray(step.conditions) ? step.conditions : []) as Condition[];
      if (conditions.length === 0) return 'At least one condition is required';
      const open = conditions.find((c) => !['is_empty', 'is_not_empty'].includes(c.op) && String(c.value ?? '').trim() === '');
      return open ? 'Each condition needs a value' : null;
    }
    default:
      return null;
  }
};

/** Every step's path with its problem, depth first. */
export const problems = (actions: ReadonlyArray<Step>, list: ListPath = ''): Array<{ path: string; message: string }> =>
  actions.flatMap((step, i) => {
    const path = pathIn(list, i);
    const own = problem(step);
    const here = own ? [{ path, message: own }] : [];
    if (step.type !== 'if') return here;
    return [...here, ...problems(branchOf(step, 'then') ?? [], `${path}/then`), ...problems(branchOf(step, 'else') ?? [], `${path}/else`)];
  });
