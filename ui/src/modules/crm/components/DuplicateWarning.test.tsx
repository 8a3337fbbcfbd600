// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { BackendProvider } from '../../../backend/BackendContext';
import { demoSeed } from '../../../backend/fake/demoSeed';
import { createFakeBackend, type FakeBackend } from '../../../backend/fake/fakeBackend';
import { TABLE_DEFS, type DuplicateMatch } from '../../../bindings';
import { RecordForm } from '../../object-record/components/RecordForm';

const ANA = { id: 'contact-ana', first_name: 'Ana', last_name: 'Lima', email: 'ana@x.com', phone: '+1 555 0100' };

const contactsDef = TABLE_DEFS.find((def) => def.name === 'contacts')!;

/** The fake answers like the core: a match when the draft's email or phone is Ana's. */
const setup = (): FakeBackend => {
  const fake = createFakeBackend({
    ...demoSeed(0),
    handlers: {
      duplicates_check: ({ draft }): DuplicateMatch[] => {
        if (String(draft.email).toLowerCase() === ANA.email) return [{ reason: 'same_email', contact: ANA }];
        if (draft.phone === ANA.phone) return [{ reason: 'same_phone', contact: ANA }];
        return [];
      },
    },
  });
  render(
    <BackendProvider backend={fake}>
      <RecordForm def={contactsDef} mode="create" onSaved={() => undefined} onCancel={() => undefined} />
    </BackendProvider>,
  );
  return fake;
};

const field = (name: string) => document.querySelector(`form [name="${name}"]`) as HTMLInputElement;

const checks = (fake: FakeBackend) => fake.calls.filter((call) => call.cmd === 'duplicates_check').map((call) => call.args);

afterEach(() => {
  cleanup();
});

describe('DuplicateWarning in the new-contact form', () => {
  it('warns, once typing pauses, that the email belongs to an existing contact, linking to it', async () => {
    const fake = setup();
    fireEvent.change(field('first_name'), { target: { value: 'Ana' } });
    fireEvent.change(field('email'), { target: { value: 'ANA@x.com' } });
    const warning = await screen.findByRole('status');
    expect(warning.textContent).toBe('Looks like an existing contact:Ana Lima <ana@x.com> — same email');
    const link = screen.getByRole('link', { name: 'Ana Lima' });
    expect(link.getAttribute('href')).toBe('#/contacts?open=contact-ana');
    // Debounced: one check for the settled draft, not one per keystroke.
    expect(checks(fake)).toEqual([
      {
        draft: { email: 'ANA@x.com', phone: '', first_name: 'Ana', last_name: '', company: '' },
        exclude: null,
      },
    ]);
  });

  it('says which field matched, and goes away when nothing matches', async () => {
    const fake = setup();
    fireEvent.change(field('phone'), { target: { value: '+1 555 0100' } });
    expect((await screen.findByRole('status')).textContent).toContain('— same phone');
    fireEvent.change(field('phone'), { target: { value: '+1 555 0199' } });
    await waitFor(() => expect(screen.queryByRole('status')).toBeNull());
    expect(checks(fake)).toHaveLength(2);
  });

  it('does not check a draft with nothing to match on', async () => {
    const fake = setup();
    fireEvent.change(field('first_name'), { target: { value: 'Ana' } });
    fireEvent.change(field('company'), { target: { value: 'Acme' } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(checks(fake)).toEqual([]);
  });
});
