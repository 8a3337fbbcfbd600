// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { DEMO_USER } from '../../../backend/fake/demoSeed';
import type { Handlers } from '../../../backend/fake/fakeBackend';
import { callsOf, crmSeed, fakeWith, renderWith, stored } from '../../../test/fixtures';
import { BookingTypesPage } from './BookingTypesPage';

afterEach(() => {
  cleanup();
});

const INTRO = '00000000-0000-4000-8000-0000000b0001';

const bookingType = {
  id: INTRO,
  user_id: DEMO_USER.id,
  name: 'Intro call',
  slug: 'intro-call',
  description: 'A first talk',
  duration_minutes: 30,
  buffer_before_minutes: 0,
  buffer_after_minutes: 10,
  color: '#2563eb',
  is_active: true,
  price: null,
  location: null,
  questions: [{ id: 'q1', label: 'Your website', type: 'text', required: true }],
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  deleted_at: null,
  minimum_notice_minutes: 240,
  booking_window_days: 60,
  slot_interval_minutes: null,
  daily_limit: null,
  meeting_url: null,
};

const seed = (handlers: Partial<Handlers> = {}) => crmSeed({ handlers, rows: { booking_types: [bookingType] } });

const editor = () => screen.getByRole('form', { name: 'Booking type' });

// Many inputs per screen: slow in jsdom on a loaded 2-core machine.
describe('booking types page', { timeout: 20_000 }, () => {
  it('saves weekly hours for the booking type and shows the slots they give', async () => {
    const backend = fakeWith(seed());
    renderWith(backend, <BookingTypesPage />);
    await waitFor(() => expect(within(editor()).getByLabelText('Name')).toBeTruthy());
    expect(await screen.findByText(/No free slots in the next 7 days/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Add hours on Monday' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add hours on Monday' }));
    const froms = screen.getAllByLabelText('Monday from');
    const tos = screen.getAllByLabelText('Monday to');
    fireEvent.change(froms[0] as HTMLElement, { target: { value: '09:00' } });
    fireEvent.change(tos[0] as HTMLElement, { target: { value: '10:00' } });
    fireEvent.change(froms[1] as HTMLElement, { target: { value: '14:00' } });
    fireEvent.change(tos[1] as HTMLElement, { target: { value: '15:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save weekly hours' }));
    // The week is saved as one set of changes (one transaction in the core).
    await waitFor(() => expect(callsOf(backend, 'records_write_all')).toHaveLength(1));
    expect(callsOf(backend, 'records_write_all')).toEqual([
      {
        table: 'availability_rules',
        changes: [
          { kind: 'create', data: { day_of_week: 1, start_time: '09:00', end_time: '10:00', is_available: true, booking_type_id: INTRO } },
          { kind: 'create', data: { day_of_week: 1, start_time: '14:00', end_time: '15:00', is_available: true, booking_type_id: INTRO } },
        ],
      },
    ]);
    expect(backend.rows('availability_rules').filter((rule) => rule.booking_type_id === INTRO)).toHaveLength(2);
    // Each hour holds two 30-minute slots; the preview asks the slot engine again.
    await waitFor(() => expect(screen.getAllByText('09:30', { selector: '.slot-chip' }).length).toBeGreaterThan(0));
    const preview = callsOf(backend, 'booking_slots_preview') as Array<{ slug: string; days: number; tz: string }>;
    expect(preview.at(-1)).toMatchObject({ slug: 'intro-call', days: 7, tz: 'Europe/Berlin' });
    expect(screen.getAllByText('14:30', { selector: '.slot-chip' }).length).toBeGreaterThan(0);
  });

  it('refuses an end before the start without saving', async () => {
    const backend = fakeWith(seed());
    renderWith(backend, <BookingTypesPage />);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Add hours on Friday' })).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: 'Add hours on Friday' }));
    fireEvent.change(screen.getByLabelText('Friday to'), { target: { value: '08:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save weekly hours' }));
    expect(screen.getByLabelText('Friday to').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('must end after it starts')).toBeTruthy();
    expect(callsOf(backend, 'records_write_all')).toHaveLength(0);
  });

  it('saves the booking type with its limits and reordered questions', async () => {
    const backend = fakeWith(seed());
    renderWith(backend, <BookingTypesPage />);
    await waitFor(() => expect(within(editor()).getByLabelText('Name')).toBeTruthy());
    const form = editor();
    fireEvent.change(within(form).getByLabelText('Duration'), { target: { value: '45' } });
    fireEvent.change(within(form).getByLabelText('Per day at most'), { target: { value: '4' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add question' }));
    fireEvent.change(within(form).getByLabelText('Question 2'), { target: { value: 'Budget' } });
    fireEvent.change(within(form).getByLabelText('Question 2 kind'), { target: { value: 'textarea' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Move question 2 up' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(callsOf(backend, 'records_update')).toHaveLength(1));
    const row = stored(backend, 'booking_types', INTRO);
    expect(row.duration_minutes).toBe(45);
    expect(row.daily_limit).toBe(4);
    expect(row.slot_interval_minutes).toBeNull();
    expect((row.questions as Array<{ label: string; type: string; required: boolean }>).map((q) => [q.label, q.type, q.required])).toEqual([
      ['Budget', 'textarea', false],
      ['Your website', 'text', true],
    ]);
  });

  it('marks a field that is not a number, and the field the core names', async () => {
    const backend = fakeWith(
      seed({
        records_update: () => {
          throw { code: 'conflict', message: 'slug: "intro-call" is already taken' };
        },
      }),
    );
    renderWith(backend, <BookingTypesPage />);
    await waitFor(() => expect(within(editor()).getByLabelText('Name')).toBeTruthy());
    const form = editor();
    fireEvent.change(within(form).getByLabelText('Buffer before'), { target: { value: 'ten' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    expect(within(form).getByLabelText('Buffer before').getAttribute('aria-invalid')).toBe('true');
    expect(within(form).getByText('"ten" is not a whole number')).toBeTruthy();
    expect(callsOf(backend, 'records_update')).toHaveLength(0);
    fireEvent.change(within(form).getByLabelText('Buffer before'), { target: { value: '5' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(within(form).getByLabelText('Link name').getAttribute('aria-invalid')).toBe('true'));
    expect(within(form).getByText('"intro-call" is already taken')).toBeTruthy();
  });

  it('creates a booking type with a slug made from its name', async () => {
    const backend = fakeWith(seed());
    renderWith(backend, <BookingTypesPage />);
    await waitFor(() => expect(within(editor()).getByLabelText('Name')).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: 'New booking type' }));
    await waitFor(() => expect(screen.getByRole('heading', { name: 'New booking type' })).toBeTruthy());
    fireEvent.change(within(editor()).getByLabelText('Name'), { target: { value: 'Strategy Session' } });
    expect((within(editor()).getByLabelText('Link name') as HTMLInputElement).value).toBe('strategy-session');
    // The schema wants a description: asked for before anything is sent.
    fireEvent.click(within(editor()).getByRole('button', { name: 'Create booking type' }));
    expect(within(editor()).getByLabelText('Description').getAttribute('aria-invalid')).toBe('true');
    expect(callsOf(backend, 'records_create')).toHaveLength(0);
    fireEvent.change(within(editor()).getByLabelText('Description'), { target: { value: 'Plan the next quarter' } });
    fireEvent.click(within(editor()).getByRole('button', { name: 'Create booking type' }));
    await waitFor(() => expect(callsOf(backend, 'records_create')).toHaveLength(1));
    expect(callsOf(backend, 'records_create')[0]).toMatchObject({
      table: 'booking_types',
      data: { name: 'Strategy Session', slug: 'strategy-session', description: 'Plan the next quarter', duration_minutes: 30, minimum_notice_minutes: 240, daily_limit: null },
    });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Save weekly hours' })).toBeTruthy());
  });
});
