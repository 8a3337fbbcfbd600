// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { BackendProvider } from '../../../backend/BackendContext';
import { DEMO_USER, demoSeed } from '../../../backend/fake/demoSeed';
import { createFakeBackend, type FakeBackend } from '../../../backend/fake/fakeBackend';
import type { DuplicateGroup } from '../../../bindings';
import { ToastProvider } from '../../../ui/Toasts';
import { DuplicatesPage } from './DuplicatesPage';

const contact = (id: string, first: string, last: string, created: string, extra: Record<string, unknown> = {}) => ({
  id,
  first_name: first,
  last_name: last,
  email: 'ana@x.com',
  phone: null,
  company: 'Acme',
  owner_id: DEMO_USER.id,
  created_at: created,
  ...extra,
});

const OLD = contact('c-old', 'Ana', 'Lima', '2025-02-01T09:00:00.000Z');
const NEW = contact('c-new', 'Ana', 'L.', '2026-03-01T09:00:00.000Z', { phone: '+1 555 0100', company: null });
const THIRD = contact('c-third', 'Anna', 'Lima', '2026-04-01T09:00:00.000Z', { email: 'anna@x.com' });

const setup = (groups: DuplicateGroup[]): FakeBackend => {
  let merged = false;
  let batch = 0;
  const fake = createFakeBackend({
    ...demoSeed(0),
    handlers: {
      duplicates_find: () => (merged ? [] : groups),
      contacts_merge: () => {
        merged = true;
        batch += 1;
        return { batch_id: `merge-${batch}`, changed: 1, unchanged: 0 };
      },
      batch_undo: () => {
        merged = false;
        return { reverted: 1, kept: 0 };
      },
    },
  });
  render(
    <BackendProvider backend={fake}>
      <ToastProvider>
        <DuplicatesPage />
      </ToastProvider>
    </BackendProvider>,
  );
  return fake;
};

const argsOf = (fake: FakeBackend, cmd: string) => fake.calls.filter((call) => call.cmd === cmd).map((call) => call.args);

afterEach(() => {
  cleanup();
});

describe('DuplicatesPage', () => {
  it('shows each group side by side with its reasons, keeping the oldest contact by default', async () => {
    const fake = setup([{ reasons: ['same_email', 'same_phone'], contacts: [NEW, OLD] }]);
    const group = await screen.findByRole('article', { name: 'Duplicates: Ana L., Ana Lima' });
    expect(argsOf(fake, 'duplicates_find')).toEqual([{ limit: 100 }]);
    expect(within(group).getByText('Same email')).toBeTruthy();
    expect(within(group).getByText('Same phone')).toBeTruthy();
    expect((within(group).getByRole('radio', { name: 'Keep Ana Lima <ana@x.com>' }) as HTMLInputElement).checked).toBe(true);
    expect((within(group).getByRole('radio', { name: 'Keep Ana L. <ana@x.com>' }) as HTMLInputElement).checked).toBe(false);
    await waitFor(() => expect(within(group).getAllByText('Jamie Rivera')).toHaveLength(2));
    // The kept contact has no phone: it will take the merged one's.
    expect(within(group).getByTitle('Filled from Ana L. when merged').textContent).toBe('+1 555 0100 (from merge)');
    expect(within(group).getByRole('link', { name: 'Ana Lima' }).getAttribute('href')).toBe('#/contacts?open=c-old');
    expect(screen.getByText(/notes, activities, tags and every record/)).toBeTruthy();
  });

  it('merges into the chosen contact, then undoes from the toast', async () => {
    const fake = setup([{ reasons: ['same_email'], contacts: [OLD, NEW] }]);
    const group = await screen.findByRole('article');
    fireEvent.click(within(group).getByRole('radio', { name: 'Keep Ana L. <ana@x.com>' }));
    fireEvent.click(within(group).getByRole('button', { name: 'Merge' }));

    const toast = await screen.findByText('Merged Ana Lima into Ana L.');
    expect(argsOf(fake, 'contacts_merge')).toEqual([{ keepId: 'c-new', otherId: 'c-old' }]);
    expect(await screen.findByText('No duplicates found')).toBeTruthy();
    expect(argsOf(fake, 'duplicates_find')).toHaveLength(2);

    fireEvent.click(within(toast.closest('.toast') as HTMLElement).getByRole('button', { name: 'Undo' }));
    expect(await screen.findByText('Merge undone')).toBeTruthy();
    expect(argsOf(fake, 'batch_undo')).toEqual([{ batchId: 'merge-1' }]);
    expect(await screen.findByRole('article')).toBeTruthy();
    expect(argsOf(fake, 'duplicates_find')).toHaveLength(3);
  });

  it('merges a group of three one by one into the kept contact, and undoes newest first', async () => {
    const fake = setup([{ reasons: ['same_email', 'similar_name'], contacts: [NEW, THIRD, OLD] }]);
    const group = await screen.findByRole('article');
    fireEvent.click(within(group).getByRole('button', { name: 'Merge' }));
    const toast = await screen.findByText('Merged Ana L. and Anna Lima into Ana Lima');
    expect(argsOf(fake, 'contacts_merge')).toEqual([
      { keepId: 'c-old', otherId: 'c-new' },
      { keepId: 'c-old', otherId: 'c-third' },
    ]);
    fireEvent.click(within(toast.closest('.toast') as HTMLElement).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(argsOf(fake, 'batch_undo')).toEqual([{ batchId: 'merge-2' }, { batchId: 'merge-1' }]));
  });

  it('says when there are no duplicates, and shows a failure’s message', async () => {
    setup([]);
    expect(await screen.findByText('No duplicates found')).toBeTruthy();
    cleanup();
    const fake = createFakeBackend({
      ...demoSeed(0),
      handlers: {
        duplicates_find: () => {
          throw { code: 'database', message: 'database disk image is malformed' };
        },
      },
    });
    render(
      <BackendProvider backend={fake}>
        <ToastProvider>
          <DuplicatesPage />
        </ToastProvider>
      </BackendProvider>,
    );
    expect(await screen.findByText('database disk image is malformed')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
