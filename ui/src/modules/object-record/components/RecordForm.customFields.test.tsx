// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { callsOf, defOf, fakeWith, renderWith } from '../../../test/fixtures';
import { RecordForm } from './RecordForm';

afterEach(() => {
  cleanup();
});

describe('contact form', () => {
  it('creates a contact with typed custom fields and a structured address', async () => {
    const backend = fakeWith();
    const onSaved = vi.fn();
    const { container } = renderWith(backend, <RecordForm def={defOf('contacts')} mode="create" onSaved={onSaved} onCancel={() => {}} />);
    await screen.findByLabelText('Seats');
    // The custom_fields JSON box is replaced by the typed editors.
    expect(container.querySelector('textarea[name="custom_fields"]')).toBeNull();
    fireEvent.change(screen.getByRole('textbox', { name: /First name/ }), { target: { value: 'Grace' } });
    fireEvent.change(screen.getByRole('textbox', { name: /Last name/ }), { target: { value: 'Hopper' } });
    fireEvent.change(screen.getByRole('textbox', { name: /^Email/ }), { target: { value: 'grace@navy.example' } });
    fireEvent.change(screen.getByLabelText('City'), { target: { value: 'Arlington' } });
    fireEvent.change(screen.getByLabelText('Seats'), { target: { value: '3' } });
    fireEvent.click(screen.getByLabelText('VIP support'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const created = callsOf(backend, 'records_create')[0] as { data: Record<string, unknown> };
    expect(created.data).toMatchObject({
      first_name: 'Grace',
      address: { city: 'Arlington' },
      custom_fields: { seats: 3, vip_support: true },
    });
  });

  it('refuses a bad custom value before calling the backend', async () => {
    const backend = fakeWith();
    renderWith(backend, <RecordForm def={defOf('contacts')} mode="create" onSaved={() => {}} onCancel={() => {}} />);
    fireEvent.change(await screen.findByLabelText('Portal'), { target: { value: 'ftp://files' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Portal must be an http(s) address such as https://example.com');
    expect(callsOf(backend, 'records_create')).toEqual([]);
  });
});
