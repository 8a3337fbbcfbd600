import { useEffect, useMemo, useState } from 'react';
import { ArrowLeft, MailWarning, Save } from 'lucide-react';

import { useBackend } from '../../../backend/BackendContext';
import { toErrorPayload } from '../../../backend/backend';
import type { Automation } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { Spinner } from '../../../ui/Spinner';
import { Tabs } from '../../../ui/Tabs';
import { useAutomation, useMailNote, useNames } from '../hooks/useAutomations';
import { errorPlace, insertAt, newStep, problems, removeAt, stepAt, updateAt, type Step } from '../utils/flow';
import { DryRunPanel } from './DryRunPanel';
import { FlowCanvas } from './FlowCanvas';
import { RunHistory } from './RunHistory';
import { StepPanel, TriggerPanel, type Choices } from './StepPanel';

export type EditorTab = 'build' | 'runs' | 'dry-run';

const TABS = [
  { id: 'build', label: 'Build' },
  { id: 'runs', label: 'Runs' },
  { id: 'dry-run', label: 'Dry run' },
] as const;

const NO_CHOICES: Choices = { templates: [], users: [], pipelines: [], stages: [], bookingTypes: [], campaigns: [] };

type Draft = { name: string; trigger_type: string; trigger_config: Record<string, unknown>; actions: Step[] };

const draftOf = (a: Automation): Draft => ({
  name: a.name,
  trigger_type: a.trigger_type,
  trigger_config: (a.trigger_config ?? {}) as Record<string, unknown>,
  actions: (a.actions ?? []) as unknown as Step[],
});

const triggerSummary = (type: string, config: Record<string, unknown>, names: Record<string, string>): string => {
  const tags = Array.isArray(config.tags) ? (config.tags as string[]) : [];
  const name = (key: string) => names[String(config[key])] ?? 'a chosen one';
  if (type === 'contact_created') return tags.length ? `New contacts tagged ${tags.join(', ')}` : 'Every new contact';
  if (type === 'tag_added') return config.tag ? `Tag “${String(config.tag)}” added` : 'Any tag added';
  if (type === 'form_submit') return config.form ? `Form “${String(config.form)}”` : 'Any form';
  if (type === 'webhook') return 'A POST to this automation’s address';
  if (type === 'stage_changed') {
    if (config.stage_id) return `A card moved into “${name('stage_id')}”`;
    return config.pipeline_id ? `A card moved in “${name('pipeline_id')}”` : 'A card moved in any pipeline';
  }
  if (type === 'booking_made') return config.booking_type_id ? `A booking of “${name('booking_type_id')}”` : 'Any booking';
  if (type === 'email_opened') return config.campaign_id ? `An open of “${name('campaign_id')}”` : 'An open of any campaign';
  if (type === 'schedule') {
    if (typeof config.date_field === 'string') {
      const days = Number(config.offset_days ?? 0);
      const shift = days === 0 ? 'On' : days < 0 ? `${-days} days before` : `${days} days after`;
      return `${shift} each contact’s ${config.date_field.replace('custom_fields.', '')}${config.yearly ? ', every year' : ''}`;
    }
    return typeof config.cron === 'string' ? `Cron ${config.cron}${config.time_zone ? ` (${String(config.time_zone)})` : ''}` : 'No schedule yet';
  }
  return 'Whenever it happens';
};

type EditorProps = { automationId: string; tab: EditorTab; onTab: (tab: EditorTab) => void; onBack: () => void };

/** One automation: its flow (a visual builder with step settings), runs and dry runs. */
export const AutomationEditor = ({ automationId, tab, onTab, onBack }: EditorProps) => {
  const backend = useBackend();
  const saved = useAutomation(automationId);
  const names = useNames();
  const mailNote = useMailNote();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [selected, setSelected] = useState<string | null>('trigger');
  const [serverError, setServerError] = useState<{ place: string; message: string } | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (saved.data && draft === null) setDraft(draftOf(saved.data));
  }, [saved.data, draft]);

  const choices: Choices = names.data ?? NO_CHOICES;
  const nameMap = useMemo(() => Object.fromEntries([...choices.templates, ...choices.users, ...choices.pipelines, ...choices.stages, ...choices.bookingTypes, ...choices.campaigns].map((c) => [c.id, c.name])), [choices]);

  if (saved.error) return <div className="form-error" role="alert">{toErrorPayload(saved.error).message}</div>;
  if (!saved.data || !draft) return <Spinner />;
  const automation = saved.data;
  const dirty = JSON.stringify(draftOf(automation)) !== JSON.stringify(draft);
  const errors: Record<string, string> = Object.fromEntries(problems(draft.actions).map((p) => [p.path, p.message]));
  if (serverError) errors[serverError.place] = serverError.message;

  const change = (next: Draft) => {
    setDraft(next);
    setServerError(null);
  };
  const handleSave = async () => {
    setSaving(true);
    try {
      const stored = await backend.invoke('records_update', {
        table: 'automations',
        id: automationId,
        patch: { name: draft.name, trigger_type: draft.trigger_type, trigger_config: draft.trigger_config, actions: draft.actions } as Record<string, unknown>,
      });
      // The stored row (the cache refetches after the write, but may answer with the
      // old one first): the draft becomes what was saved.
      setDraft(draftOf(stored as unknown as Automation));
    } catch (e) {
      const error = toErrorPayload(e);
      const cut = error.message.indexOf(': ');
      const field = cut > 0 ? error.message.slice(0, cut) : '';
      const place = errorPlace(field);
      const message = cut > 0 ? error.message.slice(cut + 2) : error.message;
      const at = place ? place.path : field.startsWith('trigger') ? 'trigger' : 'form';
      setServerError({ place: at, message: place?.setting ? `${place.setting.replace(/_/g, ' ')}: ${message}` : message });
      if (at !== 'form') setSelected(at);
    } finally {
      setSaving(false);
    }
  };
  const handleActive = async () => {
    await backend.invoke('records_update', { table: 'automations', id: automationId, patch: { is_active: !automation.is_active } });
  };
  const step = selected && selected !== 'trigger' ? stepAt(draft.actions, selected) : undefined;

  return (
    <div className="module-page automation-editor">
      <header className="page-header automation-editor__header">
        <Button variant="ghost" icon={<ArrowLeft size={14} />} onClick={onBack} aria-label="All automations" />
        <input className="automation-editor__name" aria-label="Name" value={draft.name} onChange={(e) => change({ ...draft, name: e.target.value })} />
        <label className="switch">
          <input className="switch__input" type="checkbox" checked={automation.is_active} onChange={handleActive} />
          <span className="switch__track" aria-hidden="true" />
          <span>{automation.is_active ? 'Active' : 'Off'}</span>
        </label>
        {dirty ? <span className="automation-editor__dirty">Unsaved changes</span> : null}
        <Button variant="primary" icon={<Save size={14} />} disabled={!dirty || saving} onClick={handleSave}>
          Save
        </Button>
      </header>
      <Tabs label="Automation" items={TABS} selected={tab} onSelect={onTab} />
      {serverError?.place === 'form' ? <div className="form-error" role="alert">{serverError.message}</div> : null}
      {mailNote && JSON.stringify(draft.actions).includes('"send_email"') ? (
        <div className="automation-editor__mail-note" role="note">
          <MailWarning size={16} aria-hidden="true" />
          <span>{mailNote}</span>
        </div>
      ) : null}
      {tab === 'build' ? (
        <div className="automation-editor__body">
          <div className="automation-editor__canvas">
            <FlowCanvas
              triggerType={draft.trigger_type}
              triggerSummary={triggerSummary(draft.trigger_type, draft.trigger_config, nameMap)}
              actions={draft.actions}
              selected={selected}
              errors={errors}
              names={nameMap}
              onSelect={setSelected}
              onInsert={(list, index, type) => {
                change({ ...draft, actions: insertAt(draft.actions, list, index, newStep(type)) });
                setSelected(list === '' ? String(index) : `${list}/${index}`);
              }}
            />
          </div>
          {selected === 'trigger' ? (
            <TriggerPanel
              triggerType={draft.trigger_type}
              config={draft.trigger_config}
              error={errors.trigger ?? null}
              choices={choices}
              onChange={(trigger_type, trigger_config) => change({ ...draft, trigger_type, trigger_config })}
            />
          ) : step && selected ? (
            <StepPanel
              key={selected}
              path={selected}
              step={step}
              error={serverError?.place === selected ? serverError.message : null}
              choices={choices}
              mailNote={mailNote}
              onChange={(next) => change({ ...draft, actions: updateAt(draft.actions, selected, () => next) })}
              onDelete={() => {
                change({ ...draft, actions: removeAt(draft.actions, selected) });
                setSelected('trigger');
              }}
            />
          ) : (
            <aside className="step-panel step-panel--empty">Select a step to change it.</aside>
          )}
        </div>
      ) : null}
      {tab === 'runs' ? <RunHistory automationId={automationId} /> : null}
      {tab === 'dry-run' ? <DryRunPanel automationId={automationId} dirty={dirty} /> : null}
    </div>
  );
};
