import { Trash2 } from 'lucide-react';
import type { ReactNode } from 'react';

import { Button } from '../../../ui/Button';
import { CONDITION_OPS, STEP_LABELS, TRIGGER_LABELS, problem, type Condition, type Step } from '../utils/flow';

export type Choice = { id: string; name: string; row?: Record<string, unknown> };

export type Choices = { templates: Choice[]; users: Choice[]; pipelines: Choice[]; stages: Choice[]; bookingTypes: Choice[]; campaigns: Choice[] };

type FieldProps = { label: string; children: ReactNode; hint?: string; error?: boolean };

const Field = ({ label, children, hint, error }: FieldProps) => (
  <div className={`step-panel__field${error ? ' step-panel__field--error' : ''}`}>
    <label className="step-panel__field">
      <span className="step-panel__label">{label}</span>
      {children}
    </label>
    {hint ? <span className="step-panel__hint">{hint}</span> : null}
  </div>
);

const str = (v: unknown): string => (typeof v === 'string' ? v : v == null ? '' : String(v));

/** Contact fields a step or condition can read or set, as the core knows them. */
const CONTACT_FIELDS = ['status', 'source', 'title', 'company', 'department', 'phone', 'website', 'lead_score', 'quality', 'engagement'];
const CONDITION_FIELDS = ['contact.tags', 'contact.status', 'contact.source', 'contact.email', 'contact.lead_score', 'contact.title', 'contact.company'];

type StepPanelProps = {
  path: string;
  step: Step;
  error: string | null;
  choices: Choices;
  /** Why mail cannot go out from here (a profile that does not sync), if it cannot. */
  mailNote?: string | null;
  onChange: (step: Step) => void;
  onDelete: () => void;
};

const Select = ({ value, options, onChange, empty }: { value: string; options: Choice[]; onChange: (v: string) => void; empty: string }) => (
  <select value={value} onChange={(e) => onChange(e.target.value)}>
    <option value="">{empty}</option>
    {options.map((o) => (
      <option key={o.id} value={o.id}>
        {o.name}
      </option>
    ))}
  </select>
);

const ConditionRows = ({ conditions, onChange }: { conditions: Condition[]; onChange: (c: Condition[]) => void }) => (
  <div className="step-panel__conditions">
    {conditions.map((c, i) => {
      const set = (patch: Partial<Condition>) => onChange(conditions.map((x, j) => (j === i ? { ...x, ...patch } : x)));
      const valueless = c.op === 'is_empty' || c.op === 'is_not_empty';
      return (
        <div key={i} className="step-panel__condition">
          <select aria-label={`Condition ${i + 1} field`} value={c.field} onChange={(e) => set({ field: e.target.value })}>
            {[...new Set([...CONDITION_FIELDS, c.field])].map((f) => (
              <option key={f} value={f}>
                {f.replace('contact.', 'Contact ').replace(/_/g, ' ')}
              </option>
            ))}
          </select>
          <select aria-label={`Condition ${i + 1} test`} value={c.op} onChange={(e) => set({ op: e.target.value })}>
            {CONDITION_OPS.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
          {valueless ? null : <input aria-label={`Condition ${i + 1} value`} value={str(c.value)} onChange={(e) => set({ value: e.target.value })} />}
          {conditions.length > 1 ? (
            <button type="button" className="step-panel__remove" aria-label={`Remove condition ${i + 1}`} onClick={() => onChange(conditions.filter((_, j) => j !== i))}>
              ×
            </button>
          ) : null}
        </div>
      );
    })}
    <Button variant="ghost" onClick={() => onChange([...conditions, { field: 'contact.tags', op: 'contains', value: '' }])}>
      Add condition
    </Button>
  </div>
);

const WaitFields = ({ step, set }: { step: Step; set: (patch: Record<string, unknown>) => void }) => {
  const mode = typeof step.until === 'string' ? 'until' : 'duration';
  const unit = Number(step.days) > 0 ? 'days' : Number(step.hours) > 0 ? 'hours' : 'minutes';
  const amount = Number(step[unit]) || '';
  return (
    <>
      <Field label="Wait">
        <select value={mode} onChange={(e) => set(e.target.value === 'until' ? { days: undefined, hours: undefined, minutes: undefined, until: new Date(Date.now() + 864e5).toISOString().slice(0, 16) + ':00Z' } : { until: undefined, days: 1 })}>
          <option value="duration">for a while</option>
          <option value="until">until a date and time</option>
        </select>
      </Field>
      {mode === 'duration' ? (
        <div className="step-panel__row">
          <Field label="How long">
            <input type="number" min={1} value={amount} onChange={(e) => set({ days: undefined, hours: undefined, minutes: undefined, [unit]: e.target.value === '' ? undefined : Number(e.target.value) })} />
          </Field>
          <Field label="Unit">
            <select value={unit} onChange={(e) => set({ days: undefined, hours: undefined, minutes: undefined, [e.target.value]: Number(amount) || 1 })}>
              <option value="minutes">minutes</option>
              <option value="hours">hours</option>
              <option value="days">days</option>
            </select>
          </Field>
        </div>
      ) : (
        <Field label="Until (UTC)">
          <input type="datetime-local" value={str(step.until).slice(0, 16)} onChange={(e) => set({ until: `${e.target.value}:00Z` })} />
        </Field>
      )}
    </>
  );
};

/** The selected step's settings, checked as they are typed (the core checks again on save). */
export const StepPanel = ({ path, step, error, choices, mailNote, onChange, onDelete }: StepPanelProps) => {
  const set = (patch: Record<string, unknown>) => {
    const next: Step = { ...step };
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) delete next[k];
      else next[k] = v;
    }
    onChange(next);
  };
  const own = error ?? problem(step);
  const text = (key: string, label: string, hint?: string, multiline = false) => (
    <Field label={label} hint={hint} error={!!own && own.toLowerCase().includes(label.toLowerCase())}>
      {multiline ? <textarea rows={4} value={str(step[key])} onChange={(e) => set({ [key]: e.target.value })} /> : <input value={str(step[key])} onChange={(e) => set({ [key]: e.target.value })} />}
    </Field>
  );
  const merge = 'Merge tags: {{contact.first_name}}, {{contact.email}}…';
  let body: ReactNode = null;
  switch (step.type) {
    case 'add_tag':
    case 'remove_tag':
      body = text('tag', 'Tag');
      break;
    case 'update_field':
      body = (
        <>
          <Field label="Contact field">
            <select value={str(step.field)} onChange={(e) => set({ field: e.target.value })}>
              {[...new Set([...CONTACT_FIELDS, str(step.field)])].map((f) => (
                <option key={f} value={f}>
                  {f.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
          </Field>
          {text('value', 'Value', merge)}
        </>
      );
      break;
    case 'assign_owner':
      body = (
        <Field label="User">
          <Select value={str(step.user_id)} options={choices.users} onChange={(v) => set({ user_id: v })} empty="Choose a user" />
        </Field>
      );
      break;
    case 'create_note':
      body = text('content', 'Note', merge, true);
      break;
    case 'create_activity':
      body = (
        <>
          {text('title', 'Title', merge)}
          {text('description', 'Description', undefined, true)}
        </>
      );
      break;
    case 'create_card':
      body = (
        <>
          <Field label="Pipeline">
            <Select value={str(step.pipeline_id)} options={choices.pipelines} onChange={(v) => set({ pipeline_id: v, stage_id: '' })} empty="Choose a pipeline" />
          </Field>
          <Field label="Stage">
            <Select
              value={str(step.stage_id)}
              options={choices.stages.filter((s) => str(s.row?.pipeline_id) === str(step.pipeline_id))}
              onChange={(v) => set({ stage_id: v })}
              empty="Choose a stage"
            />
          </Field>
          {text('title', 'Title', merge)}
        </>
      );
      break;
    case 'move_card':
      body = (
        <>
          <Field label="Pipeline">
            <Select
              value={str(step.pipeline_id ?? choices.stages.find((s) => s.id === str(step.stage_id))?.row?.pipeline_id)}
              options={choices.pipelines}
              onChange={(v) => set({ pipeline_id: undefined, stage_id: choices.stages.find((s) => str(s.row?.pipeline_id) === v)?.id ?? '' })}
              empty="Choose a pipeline"
            />
          </Field>
          <Field label="To stage" hint="Moves the trigger’s card, else the contact’s newest card in this pipeline.">
            <Select
              value={str(step.stage_id)}
              options={choices.stages.filter((s) => str(s.row?.pipeline_id) === str(choices.stages.find((x) => x.id === str(step.stage_id))?.row?.pipeline_id))}
              onChange={(v) => set({ stage_id: v })}
              empty="Choose a stage"
            />
          </Field>
          <Field label="Lost reason (for a lost stage)" hint={merge}>
            <input value={str(step.lost_reason)} onChange={(e) => set({ lost_reason: e.target.value || undefined })} />
          </Field>
        </>
      );
      break;
    case 'send_email':
      body = (
        <>
          {mailNote ? (
            <p className="step-panel__problem" role="note">
              {mailNote}
            </p>
          ) : null}
          <Field label="Email template" hint="Its name is the subject; its HTML the message, with merge tags.">
            <Select value={str(step.template_id)} options={choices.templates} onChange={(v) => set({ template_id: v })} empty="Choose a template" />
          </Field>
          <Field label="Subject (optional)" hint={merge}>
            <input value={str(step.subject)} onChange={(e) => set({ subject: e.target.value || undefined })} />
          </Field>
        </>
      );
      break;
    case 'notify':
      body = (
        <>
          {text('title', 'Title', merge)}
          {text('message', 'Message', 'Goes to the contact’s owner.', true)}
        </>
      );
      break;
    case 'webhook':
      body = (
        <>
          {text('url', 'URL', 'A JSON POST with the contact and the trigger.')}
          <Field label="Signing secret (optional)" hint="Signs the body: X-AIO-Signature: sha256=…">
            <input value={str(step.secret)} onChange={(e) => set({ secret: e.target.value || undefined })} />
          </Field>
        </>
      );
      break;
    case 'wait':
      body = <WaitFields step={step} set={set} />;
      break;
    case 'if':
      body = (
        <>
          <Field label="Match">
            <select value={step.match === 'any' ? 'any' : 'all'} onChange={(e) => set({ match: e.target.value })}>
              <option value="all">all of these</option>
              <option value="any">any of these</option>
            </select>
          </Field>
          <ConditionRows conditions={(Array.isArray(step.conditions) ? step.conditions : []) as Condition[]} onChange={(conditions) => set({ conditions })} />
        </>
      );
      break;
    case 'stop':
      body = <p className="step-panel__hint">The run ends here.</p>;
      break;
  }
  return (
    <aside className="step-panel" aria-label="Step settings">
      <header className="step-panel__header">
        <h2>{STEP_LABELS[step.type] ?? step.type}</h2>
        <Button variant="ghost" icon={<Trash2 size={14} />} onClick={onDelete} aria-label={`Delete step ${path}`}>
          Delete
        </Button>
      </header>
      {own ? (
        <div className="step-panel__problem" role="alert">
          {own}
        </div>
      ) : null}
      {body}
    </aside>
  );
};

type ScheduleFieldsProps = {
  config: Record<string, unknown>;
  set: (key: string, value: unknown) => void;
  replace: (config: Record<string, unknown>) => void;
};

const ScheduleFields = ({ config, set, replace }: ScheduleFieldsProps) => {
  const byDate = typeof config.date_field === 'string';
  return (
    <>
      <Field label="Repeat">
        <select
          aria-label="Schedule kind"
          value={byDate ? 'date' : 'cron'}
          onChange={(e) => {
            const zone = typeof config.time_zone === 'string' ? { time_zone: config.time_zone } : {};
            replace(e.target.value === 'date' ? { ...zone, date_field: 'dob', yearly: true } : { ...zone, cron: '0 9 * * 1' });
          }}
        >
          <option value="cron">on a cron schedule</option>
          <option value="date">on a date of each contact</option>
        </select>
      </Field>
      {byDate ? (
        <>
          <Field label="Date field" hint="dob (birthday) or custom_fields.KEY holding YYYY-MM-DD.">
            <input value={str(config.date_field)} onChange={(e) => set('date_field', e.target.value)} />
          </Field>
          <div className="step-panel__row">
            <Field label="Days from the date" hint="-7: a week before.">
              <input type="number" value={str(config.offset_days)} onChange={(e) => set('offset_days', e.target.value === '' ? undefined : Number(e.target.value))} />
            </Field>
            <Field label="At (HH:MM)">
              <input value={str(config.at)} placeholder="09:00" onChange={(e) => set('at', e.target.value)} />
            </Field>
          </div>
          <label className="step-panel__check">
            <input type="checkbox" checked={config.yearly === true} onChange={(e) => set('yearly', e.target.checked ? true : undefined)} /> Every year (a birthday)
          </label>
        </>
      ) : (
        <Field label="Cron" hint="minute hour day month weekday, e.g. 0 9 * * 1 (Mondays 09:00)">
          <input value={str(config.cron)} onChange={(e) => set('cron', e.target.value)} />
        </Field>
      )}
      <Field label="Time zone" hint="e.g. Europe/Berlin; empty: UTC">
        <input value={str(config.time_zone)} onChange={(e) => set('time_zone', e.target.value)} />
      </Field>
    </>
  );
};

type TriggerPanelProps = {
  triggerType: string;
  config: Record<string, unknown>;
  error: string | null;
  choices: Choices;
  onChange: (triggerType: string, config: Record<string, unknown>) => void;
};

/** The trigger's kind and filters. */
export const TriggerPanel = ({ triggerType, config, error, choices, onChange }: TriggerPanelProps) => {
  const set = (key: string, value: unknown) => {
    const next = { ...config };
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) delete next[key];
    else next[key] = value;
    onChange(triggerType, next);
  };
  const tags = Array.isArray(config.tags) ? (config.tags as string[]) : [];
  return (
    <aside className="step-panel" aria-label="Trigger settings">
      <header className="step-panel__header">
        <h2>Trigger</h2>
      </header>
      {error ? (
        <div className="step-panel__problem" role="alert">
          {error}
        </div>
      ) : null}
      <Field label="When">
        <select value={triggerType} onChange={(e) => onChange(e.target.value, {})}>
          {Object.entries(TRIGGER_LABELS).map(([id, label]) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      {triggerType === 'contact_created' ? (
        <>
          <Field label="Only contacts with the tags" hint="Comma separated; all must be on the contact.">
            <input value={tags.join(', ')} onChange={(e) => set('tags', e.target.value.split(',').map((t) => t.trim()).filter(Boolean))} />
          </Field>
          <Field label="Only with status">
            <select value={str(config.status)} onChange={(e) => set('status', e.target.value)}>
              <option value="">any</option>
              {['lead', 'contact', 'customer', 'inactive'].map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Only from the source" hint="Such as import, form or webhook; empty: any.">
            <input value={str(config.source)} onChange={(e) => set('source', e.target.value)} />
          </Field>
        </>
      ) : null}
      {triggerType === 'stage_changed' ? (
        <>
          <Field label="Pipeline">
            <Select value={str(config.pipeline_id)} options={choices.pipelines} onChange={(v) => onChange(triggerType, v ? { pipeline_id: v } : {})} empty="Any pipeline" />
          </Field>
          <Field label="Moved into the stage">
            <Select
              value={str(config.stage_id)}
              options={choices.stages.filter((s) => !config.pipeline_id || str(s.row?.pipeline_id) === str(config.pipeline_id))}
              onChange={(v) => set('stage_id', v)}
              empty="Any stage"
            />
          </Field>
        </>
      ) : null}
      {triggerType === 'booking_made' ? (
        <Field label="Booking type">
          <Select value={str(config.booking_type_id)} options={choices.bookingTypes} onChange={(v) => set('booking_type_id', v)} empty="Any booking type" />
        </Field>
      ) : null}
      {triggerType === 'email_opened' ? (
        <Field label="Campaign" hint="Campaigns do not send or track opens yet: this trigger fires once they do.">
          <Select value={str(config.campaign_id)} options={choices.campaigns} onChange={(v) => set('campaign_id', v)} empty="Any campaign" />
        </Field>
      ) : null}
      {triggerType === 'invoice_overdue' || triggerType === 'payment_received' ? (
        <p className="step-panel__hint">
          {triggerType === 'invoice_overdue'
            ? 'Once per invoice, when it passes its due date unpaid. Steps read {{trigger.invoice_number}} and {{trigger.due_date}}.'
            : 'Once per completed payment. Steps read {{trigger.amount}} and {{trigger.currency}}.'}
        </p>
      ) : null}
      {triggerType === 'tag_added' ? (
        <Field label="Tag" hint="Empty: any tag.">
          <input value={str(config.tag)} onChange={(e) => set('tag', e.target.value)} />
        </Field>
      ) : null}
      {triggerType === 'form_submit' ? (
        <Field label="Form (slug)" hint="Empty: any form.">
          <input value={str(config.form)} onChange={(e) => set('form', e.target.value)} />
        </Field>
      ) : null}
      {triggerType === 'webhook' ? (
        <Field label="Secret" hint="Callers send it in X-AIO-Secret to POST /hooks/ORG/AUTOMATION-ID on the server (16+ characters).">
          <input value={str(config.secret)} onChange={(e) => set('secret', e.target.value)} />
        </Field>
      ) : null}
      {triggerType === 'schedule' ? <ScheduleFields config={config} set={set} replace={(next) => onChange(triggerType, next)} /> : null}
    </aside>
  );
};
