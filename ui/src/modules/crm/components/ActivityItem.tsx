import { Bot, FileText, Mail, MessageSquare, Phone, StickyNote, Users, type LucideIcon } from 'lucide-react';

import type { ActivityType, ContactActivity } from '../../../bindings';
import { enumLabel } from '../../object-record/utils/format';
import { activityFacts } from '../utils/timeline';
import { RelativeTime } from './RelativeTime';

const ICONS: Record<ActivityType, LucideIcon> = {
  note: StickyNote,
  email: Mail,
  call: Phone,
  meeting: Users,
  sms: MessageSquare,
  form: FileText,
  automation: Bot,
};

const TYPE_LABELS: Partial<Record<ActivityType, string>> = { sms: 'SMS' };

export type ActivityItemProps = { activity: ContactActivity };

/** One activity of the timeline: its type's icon, title, facts (duration, outcome, …) and time. */
export const ActivityItem = ({ activity }: ActivityItemProps) => {
  const Icon = ICONS[activity.activity_type] ?? FileText;
  const facts = activityFacts(activity.metadata);
  const type = TYPE_LABELS[activity.activity_type] ?? enumLabel(activity.activity_type);
  return (
    <article className="activity-item" data-activity={activity.id} aria-label={`${type}: ${activity.title}`}>
      <span className={`timeline-icon timeline-icon--${activity.activity_type}`} aria-hidden="true">
        <Icon size={13} />
      </span>
      <div className="activity-item__body">
        <div className="activity-item__line">
          <span className="activity-item__title">{activity.title}</span>
          <span className="activity-item__meta">
            {type} · <RelativeTime instant={activity.created_at} />
          </span>
        </div>
        {facts.length > 0 ? (
          <dl className="activity-facts">
            {facts.map((fact) => (
              <div key={fact.key} className="activity-facts__item" data-fact={fact.key}>
                <dt>{fact.label}</dt>
                <dd>{fact.value}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        {activity.description ? <p className="activity-item__description">{activity.description}</p> : null}
      </div>
    </article>
  );
};
