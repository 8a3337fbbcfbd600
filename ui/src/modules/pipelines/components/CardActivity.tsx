import { ArrowRightLeft, CalendarDays, Mail, MessageSquareText, Phone, Zap } from 'lucide-react';

import type { BoardCard, TimelineItem } from '../../../bindings';
import { useContactTimeline, useJourney } from '../hooks/usePipelines';
import { type ActivityLine, activityOf } from '../utils/detail';

const ICONS: Record<ActivityLine['kind'], typeof Zap> = {
  stage: ArrowRightLeft,
  note: MessageSquareText,
  call: Phone,
  meeting: CalendarDays,
  email: Mail,
  other: Zap,
};

const when = (stamp: string): string => new Date(stamp).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * What happened to a card, newest first: its journey through the stages (who moved it,
 * when, and how long it stayed) with its contact's notes, calls, emails and meetings.
 */
export const CardActivity = ({ card }: { card: BoardCard }) => {
  const journey = useJourney(card.id);
  const timeline = useContactTimeline(card.contact_id);
  // Pinned notes come apart from the timeline's items; here they are notes like the others.
  const pinned = (timeline.data?.pinned ?? []).map((note): TimelineItem => ({ kind: 'note', id: note.id, at: note.created_at, note }));
  const lines = activityOf(journey.data ?? [], [...pinned, ...(timeline.data?.items ?? [])], card.contact_name);
  return (
    <section className="card-detail__section" aria-label="Activity">
      <h3 className="card-detail__heading">Activity</h3>
      {card.contact_id ? null : <p className="card-detail__hint">Link a contact to see its notes, calls and meetings here as well.</p>}
      {lines.length > 0 ? (
        <ol className="card-activity">
          {lines.map((line) => {
            const Icon = ICONS[line.kind];
            return (
              <li key={line.id} className={`card-activity__line card-activity__line--${line.kind}`}>
                <span className="card-activity__icon" aria-hidden="true">
                  <Icon size={13} />
                </span>
                <span className="card-activity__title">{line.title}</span>
                <time className="card-activity__when" dateTime={line.at}>
                  {when(line.at)}
                </time>
                {line.detail ? <span className="card-activity__detail">{line.detail}</span> : null}
              </li>
            );
          })}
        </ol>
      ) : (
        <p className="card-detail__empty">{journey.isPending ? 'Loading…' : 'Nothing recorded yet.'}</p>
      )}
    </section>
  );
};
