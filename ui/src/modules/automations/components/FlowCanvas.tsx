import { useState } from 'react';
import { AlertCircle, Clock, GitBranch, Mail, Plus, Square, Tag, Webhook, Zap, type LucideIcon } from 'lucide-react';
import { ArrowRightLeft, Bell, FileText, Kanban, ListChecks, PenLine, UserCheck } from 'lucide-react';

import { Popover } from '../../../ui/Popover';
import { STEP_LABELS, TRIGGER_LABELS, pathIn, summary, type ListPath, type Step, type StepType } from '../utils/flow';

export const STEP_ICONS: Record<StepType, LucideIcon> = {
  add_tag: Tag,
  remove_tag: Tag,
  update_field: PenLine,
  assign_owner: UserCheck,
  create_note: FileText,
  create_activity: ListChecks,
  create_card: Kanban,
  move_card: ArrowRightLeft,
  send_email: Mail,
  notify: Bell,
  webhook: Webhook,
  wait: Clock,
  if: GitBranch,
  stop: Square,
};

const MENU: ReadonlyArray<StepType> = [
  'send_email',
  'wait',
  'if',
  'add_tag',
  'remove_tag',
  'update_field',
  'assign_owner',
  'create_note',
  'create_activity',
  'create_card',
  'move_card',
  'notify',
  'webhook',
  'stop',
];

export type FlowCanvasProps = {
  triggerType: string;
  triggerSummary: string;
  actions: ReadonlyArray<Step>;
  selected: string | null;
  /** Problems by step path (missing settings, or what the core refused). */
  errors: Record<string, string>;
  names: Record<string, string>;
  onSelect: (path: string) => void;
  onInsert: (list: ListPath, index: number, type: StepType) => void;
};

type AddProps = { list: ListPath; index: number; onInsert: FlowCanvasProps['onInsert']; label: string };

/** The "+" between steps: a menu of step kinds. */
const AddStep = ({ list, index, onInsert, label }: AddProps) => {
  const [open, setOpen] = useState(false);
  return (
    <div className="flow__add">
      <span className="popover-anchor">
        <button type="button" className="flow__add-button" aria-label={label} aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          <Plus size={14} />
        </button>
        {open ? (
          <Popover label="Step kinds" onClose={() => setOpen(false)}>
            <div className="flow__menu">
              {MENU.map((type) => {
                const Icon = STEP_ICONS[type];
                return (
                  <button
                    key={type}
                    type="button"
                    className="flow__menu-item"
                    onClick={() => {
                      onInsert(list, index, type);
                      setOpen(false);
                    }}
                  >
                    <Icon size={14} /> {STEP_LABELS[type]}
                  </button>
                );
              })}
            </div>
          </Popover>
        ) : null}
      </span>
    </div>
  );
};

type ListProps = Omit<FlowCanvasProps, 'triggerType' | 'triggerSummary' | 'actions'> & { steps: ReadonlyArray<Step>; list: ListPath };

const StepList = ({ steps, list, ...props }: ListProps) => (
  <ol className="flow__list" aria-label={list === '' ? 'Steps' : `Steps ${list.endsWith('then') ? 'if yes' : 'if no'}`}>
    {steps.map((step, i) => {
      const path = pathIn(list, i);
      return (
        <li key={path} className="flow__item">
          <AddStep list={list} index={i} onInsert={props.onInsert} label={`Add a step before step ${path}`} />
          <StepCard step={step} path={path} {...props} />
        </li>
      );
    })}
    <li className="flow__item flow__item--end">
      <AddStep list={list} index={steps.length} onInsert={props.onInsert} label={list === '' ? 'Add a step' : `Add a step to ${list.endsWith('then') ? 'yes' : 'no'}`} />
    </li>
  </ol>
);

const StepCard = ({ step, path, selected, errors, names, onSelect, ...rest }: Omit<ListProps, 'steps' | 'list'> & { step: Step; path: string }) => {
  const Icon = STEP_ICONS[step.type] ?? Zap;
  const error = errors[path];
  const card = (
    <button
      type="button"
      className={`flow__card flow__card--${step.type}${selected === path ? ' flow__card--selected' : ''}${error ? ' flow__card--error' : ''}`}
      data-step-path={path}
      aria-pressed={selected === path}
      onClick={() => onSelect(path)}
    >
      <span className="flow__icon">
        <Icon size={15} />
      </span>
      <span className="flow__text">
        <span className="flow__kind">{STEP_LABELS[step.type] ?? step.type}</span>
        <span className="flow__summary">{summary(step, names)}</span>
        {error ? (
          <span className="flow__error" role="alert">
            <AlertCircle size={12} /> {error}
          </span>
        ) : null}
      </span>
    </button>
  );
  if (step.type !== 'if') return card;
  const branch = (key: 'then' | 'else') => (Array.isArray(step[key]) ? (step[key] as Step[]) : []);
  return (
    <div className="flow__if">
      {card}
      <div className="flow__branches">
        {(['then', 'else'] as const).map((key) => (
          <div key={key} className={`flow__branch flow__branch--${key}`}>
            <span className="flow__branch-label">{key === 'then' ? 'Yes' : 'No'}</span>
            <StepList steps={branch(key)} list={`${path}/${key}`} selected={selected} errors={errors} names={names} onSelect={onSelect} {...rest} />
          </div>
        ))}
      </div>
    </div>
  );
};

/** The flow, top to bottom: the trigger, then each step, `if` steps splitting into Yes and No. */
export const FlowCanvas = ({ triggerType, triggerSummary, actions, ...props }: FlowCanvasProps) => (
  <div className="flow" aria-label="Flow">
    <button
      type="button"
      className={`flow__card flow__card--trigger${props.selected === 'trigger' ? ' flow__card--selected' : ''}${props.errors.trigger ? ' flow__card--error' : ''}`}
      aria-pressed={props.selected === 'trigger'}
      onClick={() => props.onSelect('trigger')}
    >
      <span className="flow__icon">
        <Zap size={15} />
      </span>
      <span className="flow__text">
        <span className="flow__kind">When · {TRIGGER_LABELS[triggerType] ?? triggerType}</span>
        <span className="flow__summary">{triggerSummary}</span>
        {props.errors.trigger ? (
          <span className="flow__error" role="alert">
            <AlertCircle size={12} /> {props.errors.trigger}
          </span>
        ) : null}
      </span>
    </button>
    <StepList steps={actions} list="" {...props} />
  </div>
);
