import { useMemo, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import FullCalendar from '@fullcalendar/react';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin from '@fullcalendar/interaction';
import listPlugin from '@fullcalendar/list';
import timeGridPlugin from '@fullcalendar/timegrid';
import type { DatesSetArg, DateSelectArg, EventClickArg } from '@fullcalendar/core';
import { CalendarPlus } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { Event as CalendarEvent } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { useToast } from '../../../ui/Toasts';
import { useCalendars } from '../hooks/useCalendars';
import { useEventMoves } from '../hooks/useEventMoves';
import { eventToForm, newEventForm, type EventForm } from '../utils/eventForm';
import { rangeQuery, toCalendarInput } from '../utils/eventTimes';
import { listAll } from '../utils/listAll';
import { CalendarSidebar } from './CalendarSidebar';
import { contactLabel } from './ContactPicker';
import { EventDialog } from './EventDialog';

type OpenDialog = { event: CalendarEvent | null; form: EventForm };

const PLUGINS = [dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin];
const FALLBACK_COLOUR = '#2563eb';

/**
 * The calendar: month, week, day and agenda views of the visible calendars' events, in the
 * viewer's time zone. Only the shown range is loaded; drags and resizes save at once and
 * jump back if the save is refused.
 */
export type CalendarPageProps = {
  /** The day shown first (`YYYY-MM-DD`); today when absent. */
  initialDate?: string;
};

export const CalendarPage = ({ initialDate }: CalendarPageProps) => {
  const backend = useBackend();
  const toast = useToast();
  const { calendars, defaultCalendar, loading, error, reload, setVisible } = useCalendars();
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  // The dates on screen, as FullCalendar reports them; their events are one query.
  const [range, setRange] = useState<{ start: Date; end: Date } | null>(null);
  const handleMoved = useEventMoves();

  const visible = useMemo(() => calendars.filter((calendar) => calendar.is_visible), [calendars]);

  const ids = useMemo(() => visible.map((calendar) => calendar.id), [visible]);
  const events = useQuery({
    queryKey: ['records_list', 'events', { calendars: ids, from: range?.start.toISOString(), to: range?.end.toISOString() }],
    queryFn: async () => {
      try {
        return await listAll(backend, 'events', rangeQuery(ids, range!.start, range!.end));
      } catch (reason) {
        toast.showError('Could not load events', toErrorPayload(reason).message);
        throw reason;
      }
    },
    enabled: range !== null && ids.length > 0,
    // Moving to the next week keeps this week's events on screen until that week's arrive.
    placeholderData: keepPreviousData,
  });
  const inputs = useMemo(() => {
    if (ids.length === 0) return [];
    const colours = new Map(visible.map((calendar) => [calendar.id, calendar.color]));
    return (events.data ?? []).map((row) => toCalendarInput(row, colours.get(row.calendar_id) ?? FALLBACK_COLOUR));
  }, [events.data, ids, visible]);

  const handleDatesSet = (dates: DatesSetArg) => {
    setRange((current) =>
      current && current.start.getTime() === dates.start.getTime() && current.end.getTime() === dates.end.getTime()
        ? current
        : { start: dates.start, end: dates.end },
    );
  };

  const handleSelect = (selection: DateSelectArg) => {
    selection.view.calendar.unselect();
    if (!defaultCalendar) {
      toast.showError('No calendar yet', 'Create a calendar first.');
      return;
    }
    setDialog({ event: null, form: newEventForm(defaultCalendar.id, selection.start, selection.end, selection.allDay) });
  };

  const handleNewEvent = () => {
    if (!defaultCalendar) {
      toast.showError('No calendar yet', 'Create a calendar first.');
      return;
    }
    const start = new Date();
    start.setMinutes(0, 0, 0);
    start.setHours(start.getHours() + 1);
    setDialog({ event: null, form: newEventForm(defaultCalendar.id, start, new Date(start.getTime() + 3_600_000), false) });
  };

  const handleEventClick = async (click: EventClickArg) => {
    click.jsEvent.preventDefault();
    const event = click.event.extendedProps.event as CalendarEvent;
    let label = '';
    if (event.contact_id) {
      try {
        label = contactLabel(await backend.invoke('records_get', { table: 'contacts', id: event.contact_id }));
      } catch {
        label = 'Linked contact';
      }
    }
    setDialog({ event, form: eventToForm(event, label) });
  };

  const handleSaved = (event: CalendarEvent) => {
    setDialog(null);
    toast.showSuccess(dialog?.event ? 'Event saved' : `“${event.title}” created`);
  };

  const handleDelete = async (event: CalendarEvent) => {
    try {
      await backend.invoke('records_delete', { table: 'events', id: event.id });
      setDialog(null);
      toast.showSuccess(`“${event.title}” moved to the trash`, {
        label: 'Restore',
        onAction: () => {
          backend.invoke('records_restore', { table: 'events', id: event.id }).catch((reason: unknown) =>
            toast.showError('Could not restore the event', toErrorPayload(reason).message),
          );
        },
      });
    } catch (reason) {
      toast.showError('Could not delete the event', toErrorPayload(reason).message);
    }
  };

  return (
    <div className="calendar-page">
      <CalendarSidebar
        calendars={calendars}
        defaultId={defaultCalendar?.id ?? null}
        loading={loading}
        error={error}
        onRetry={reload}
        onToggle={(calendar, shown) =>
          void setVisible(calendar, shown).catch((reason: unknown) =>
            toast.showError(`Could not ${shown ? 'show' : 'hide'} “${calendar.name}”`, toErrorPayload(reason).message),
          )
        }
        onCreated={reload}
      />
      <section className="calendar-main" aria-label="Calendar">
        <div className="calendar-main__actions">
          <Button variant="primary" icon={<CalendarPlus size={14} />} onClick={handleNewEvent}>
            New event
          </Button>
        </div>
        <FullCalendar
          plugins={PLUGINS}
          initialView="timeGridWeek"
          initialDate={initialDate}
          headerToolbar={{ left: 'prev,next today', center: 'title', right: 'dayGridMonth,timeGridWeek,timeGridDay,listMonth' }}
          buttonText={{ today: 'Today', month: 'Month', week: 'Week', day: 'Day', list: 'Agenda' }}
          height="100%"
          firstDay={1}
          nowIndicator
          selectable
          selectMirror
          editable
          eventResizableFromStart
          dayMaxEvents
          scrollTime="08:00:00"
          slotLabelFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
          eventTimeFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
          events={inputs}
          datesSet={handleDatesSet}
          select={handleSelect}
          eventClick={(click) => void handleEventClick(click)}
          eventDrop={(drop) => void handleMoved(drop)}
          eventResize={(resize) => void handleMoved(resize)}
        />
      </section>
      {dialog ? (
        <EventDialog
          event={dialog.event}
          initial={dialog.form}
          calendars={calendars}
          onClose={() => setDialog(null)}
          onSaved={handleSaved}
          onDelete={(event) => void handleDelete(event)}
        />
      ) : null}
    </div>
  );
};
