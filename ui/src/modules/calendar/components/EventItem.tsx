import { CalendarDays } from 'lucide-react';

import type { Event as CalendarEvent } from '../../../bindings';
import { href, tablePath } from '../../object-record/states/registry';
import { EVENT_STATUSES, eventWhen } from '../utils/eventTimes';

export type EventItemProps = { row: Record<string, unknown> };

/** A calendar event linked to a contact, in the contact's timeline: its title, when it is and its status. */
export const EventItem = ({ row }: EventItemProps) => {
  const event = row as CalendarEvent;
  const status = EVENT_STATUSES.find((option) => option.value === event.status)?.label ?? event.status;
  const cancelled = event.status === 'cancelled';
  return (
    <article className="activity-item" data-event={event.id} aria-label={`Event: ${event.title}`}>
      <span className="timeline-icon timeline-icon--meeting" aria-hidden="true">
        <CalendarDays size={13} />
      </span>
      <div className="activity-item__body">
        <div className="activity-item__line">
          <a href={href(tablePath('events'))} className={`activity-item__title${cancelled ? ' is-cancelled' : ''}`}>
            {event.title}
          </a>
          <span className="activity-item__meta">Event · {status}</span>
        </div>
        <p className="activity-item__when">{eventWhen(event)}</p>
        {event.location ? <p className="activity-item__description">{event.location}</p> : null}
      </div>
    </article>
  );
};
