// @vitest-environment jsdom
import { act, cleanup, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { BackendProvider } from '../../../backend/BackendContext';
import type { FakeBackend } from '../../../backend/fake/fakeBackend';
import type { Handlers } from '../../../backend/fake/fakeBackend';
import { ToastProvider } from '../../../ui/Toasts';
import { callsOf, crmSeed, fakeWith } from '../../../test/fixtures';
import { useEventMoves, type EventChange } from './useEventMoves';

afterEach(() => {
  cleanup();
});

const EVENT = {
  id: '00000000-0000-4000-8000-0000000e0001',
  title: 'Kick-off',
  start_time: '2026-03-04T09:00:00.000Z',
  end_time: '2026-03-04T09:45:00.000Z',
  all_day: false,
};

const wrapper = (backend: FakeBackend) =>
  function Wrapper({ children }: { children: ReactNode }) {
    return (
      <BackendProvider backend={backend}>
        <ToastProvider>{children}</ToastProvider>
      </BackendProvider>
    );
  };

/** A FullCalendar change: the event now at `start`..`end` (local wall clock, Europe/Berlin in tests). */
const change = (start: Date, end: Date | null, allDay = false) => ({
  event: { start, end, allDay, extendedProps: { event: EVENT }, setExtendedProp: vi.fn<(name: string, value: unknown) => void>() },
  revert: vi.fn<() => void>(),
}) satisfies EventChange;

const updateHandler = (): Partial<Handlers> => ({
  records_update: ({ id, patch }) => ({ ...EVENT, id, ...patch }),
});

describe('moving events by drag', () => {
  it('saves a timed move as UTC instants, across the change to summer time', async () => {
    const backend = fakeWith(crmSeed({ handlers: updateHandler() }));
    const { result } = renderHook(() => useEventMoves(), { wrapper: wrapper(backend) });
    // Dropped on Tuesday 31 March at 10:00 Berlin time (UTC+2 by then), without an end.
    const moved = change(new Date(2026, 2, 31, 10, 0), null);
    await act(() => result.current(moved));
    expect(callsOf(backend, 'records_update')).toEqual([
      {
        table: 'events',
        id: EVENT.id,
        patch: { start_time: '2026-03-31T08:00:00.000Z', end_time: '2026-03-31T08:45:00.000Z', all_day: false },
      },
    ]);
    expect(moved.revert).not.toHaveBeenCalled();
  });

  it('saves a resize to the new end and a drop on the all-day row as dates', async () => {
    const backend = fakeWith(crmSeed({ handlers: updateHandler() }));
    const { result } = renderHook(() => useEventMoves(), { wrapper: wrapper(backend) });
    await act(() => result.current(change(new Date(2026, 2, 4, 10, 0), new Date(2026, 2, 4, 12, 30))));
    await act(() => result.current(change(new Date(2026, 2, 6), new Date(2026, 2, 8), true)));
    expect(callsOf(backend, 'records_update').map((call) => (call as { patch: unknown }).patch)).toEqual([
      { start_time: '2026-03-04T09:00:00.000Z', end_time: '2026-03-04T11:30:00.000Z', all_day: false },
      { start_time: '2026-03-06T00:00:00.000Z', end_time: '2026-03-08T00:00:00.000Z', all_day: true },
    ]);
  });

  it('puts the event back when the save is refused', async () => {
    const backend = fakeWith(
      crmSeed({
        handlers: {
          records_update: () => {
            throw { code: 'invalid', message: 'events: record is in the trash; restore it first' };
          },
        },
      }),
    );
    const { result } = renderHook(() => useEventMoves(), { wrapper: wrapper(backend) });
    const moved = change(new Date(2026, 2, 5, 9, 0), new Date(2026, 2, 5, 10, 0));
    await act(() => result.current(moved));
    expect(moved.revert).toHaveBeenCalledTimes(1);
    expect(moved.event.setExtendedProp).not.toHaveBeenCalled();
  });
});
