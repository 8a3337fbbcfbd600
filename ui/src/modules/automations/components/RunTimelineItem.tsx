import { Workflow } from 'lucide-react';

import type { AutomationRun } from '../../../bindings';
import { Badge } from '../../../ui/Badge';
import { href } from '../../object-record/states/registry';
import { STEP_LABELS, type StepType } from '../utils/flow';
import { outcomeText, type LogEntry } from './RunHistory';

export type RunTimelineItemProps = { row: Record<string, unknown> };

const TONES = { running: 'blue', waiting: 'amber', completed: 'green', failed: 'red', stopped: 'gray' } as const;

/** An automation's run for a contact, in the contact's timeline: which automation, its status and its steps. */
export const RunTimelineItem = ({ row }: RunTimelineItemProps) => {
  const run = row as unknown as AutomationRun;
  const name = String((run.definition as { name?: unknown } | null)?.name ?? 'Automation');
  const steps = (run.steps ?? []) as LogEntry[];
  const taken = steps.filter((entry) => entry.outcome !== 'waiting');
  return (
    <article className="activity-item" data-run={run.id} aria-label={`Automation run: ${name}`}>
      <span className="timeline-icon timeline-icon--automation" aria-hidden="true">
        <Workflow size={13} />
      </span>
      <div className="activity-item__body">
        <div className="activity-item__line">
          <a href={href(`/automations?automation=${run.automation_id}&tab=runs`)} className="activity-item__title">
            {name}
          </a>
          <span className="activity-item__meta">
            Automation · <Badge tone={TONES[run.status] ?? 'gray'}>{run.status}</Badge>
          </span>
        </div>
        <p className="activity-item__when">{run.started_at.replace('T', ' ').slice(0, 16)}</p>
        {taken.length > 0 ? (
          <p className="activity-item__description">
            {taken.map((entry) => `${STEP_LABELS[entry.type as StepType] ?? entry.type ?? 'step'}: ${outcomeText(entry)}`).join(' · ')}
          </p>
        ) : null}
        {run.error_message ? <p className="activity-item__description runs__error">{run.error_message}</p> : null}
      </div>
    </article>
  );
};
