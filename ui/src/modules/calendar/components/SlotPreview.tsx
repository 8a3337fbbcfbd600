import { useQuery } from '@tanstack/react-query';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import { Spinner } from '../../../ui/Spinner';
import { localDate } from '../utils/eventTimes';

export type SlotPreviewProps = {
  slug: string;
  /** Grows when something the slots depend on was saved. */
  version: number;
  days?: number;
};

type State = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; slots: string[] };

/** `2026-03-02T09:30:00+01:00` slots grouped by their local date, in order. */
export const groupSlots = (slots: ReadonlyArray<string>): Array<{ date: string; times: string[] }> => {
  const groups: Array<{ date: string; times: string[] }> = [];
  for (const slot of slots) {
    const date = slot.slice(0, 10);
    const time = slot.slice(11, 16);
    const last = groups[groups.length - 1];
    if (last && last.date === date) last.times.push(time);
    else groups.push({ date, times: [time] });
  }
  return groups;
};

const dayLabel = (date: string): string =>
  new Date(`${date}T12:00:00Z`).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });

/** The free slots of the next days in the viewer's zone, from the core's slot engine. */
export const SlotPreview = ({ slug, version, days = 7 }: SlotPreviewProps) => {
  const backend = useBackend();
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const preview = useQuery({
    queryKey: ['booking_slots_preview', slug, days, tz, version],
    queryFn: () => backend.invoke('booking_slots_preview', { slug, from: localDate(new Date()), days, tz }),
  });
  const state: State = preview.error
    ? { status: 'failed', message: toErrorPayload(preview.error).message }
    : preview.data && !preview.isFetching
      ? { status: 'ready', slots: preview.data }
      : { status: 'loading' };

  if (state.status === 'loading') return <Spinner label="Finding free slots…" />;
  if (state.status === 'failed') {
    return (
      <div className="form-error" role="alert">
        {state.message}
      </div>
    );
  }
  const groups = groupSlots(state.slots);
  return (
    <div className="slot-preview" aria-label="Free slots">
      <p className="muted">
        {state.slots.length === 0 ? `No free slots in the next ${days} days.` : `${state.slots.length} free slots in the next ${days} days`} · times in {tz}
      </p>
      {groups.map((group) => (
        <div key={group.date} className="slot-preview__day" data-date={group.date}>
          <span className="slot-preview__date">{dayLabel(group.date)}</span>
          <div className="slot-preview__times">
            {group.times.map((time) => (
              <span key={time} className="slot-chip">
                {time}
              </span>
            ))}
          </div>
        </div>
      ))}
    </div>
  );
};
