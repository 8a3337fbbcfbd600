// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { RouterProvider, createMemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';

import type { Board, CardMove } from '../../../bindings';
import { ADA_ID, COLLEAGUE, activityRow, callsOf, crmSeed, fakeWith, noteRow, renderWith, stored } from '../../../test/fixtures';
import { DEMO_USER } from '../../../backend/fake/demoSeed';
import { applyMove } from '../utils/board';
import { PIPELINE_ID, pipelineRow, sampleBoard } from '../test/boardRows';
import { PipelinesScreen } from './PipelinesScreen';

afterEach(cleanup);

/** Alpha as the card table stores it: Ada's deal, assigned to the demo user, with a custom field. */
const alphaRow = () => ({
  id: 'a',
  pipeline_id: PIPELINE_ID,
  stage_id: 'lead',
  contact_id: ADA_ID,
  company_id: null,
  owner_id: DEMO_USER.id,
  title: 'Alpha',
  description: 'First call went well',
  value: '1200.50',
  priority: 'high',
  due_date: '2020-01-01',
  tags: ['inbound'],
  assignees: [DEMO_USER.id],
  custom_fields: { seats: 12 },
  position: 0,
  created_at: '2026-12-01T09:00:00.000Z',
  updated_at: '2026-12-01T09:00:00.000Z',
  deleted_at: null,
  rank: 'V',
  probability: null,
  lost_reason: null,
});

/** A backend whose moves wait until the test lets them through. */
const setup = ({ role = 'member' }: { role?: string } = {}) => {
  let board: Board = sampleBoard();
  // Alpha is Ada's deal.
  board.stages[0]!.cards[0] = { ...board.stages[0]!.cards[0]!, contact_id: ADA_ID, contact_name: 'Ada Lovelace' };
  const pending: Array<() => void> = [];
  const moves: CardMove[] = [];
  const backend = fakeWith(
    crmSeed({
      role,
      rows: {
        pipelines: [pipelineRow()],
        pipeline_cards: [alphaRow()],
        contact_notes: [noteRow(1, 'Asked for a case study', 2)],
        contact_activities: [activityRow(1, 'call', 'Pricing call', 1)],
      },
      handlers: {
        pipeline_board: () => board,
        pipeline_card_journey: () => [
          { from_stage_id: null, from_stage: null, to_stage_id: 'lead', to_stage: 'Lead', changed_by: DEMO_USER.id, changed_by_name: 'Dana Demo', changed_at: new Date(Date.now() - 3 * 86_400_000).toISOString(), seconds: 3 * 86_400 },
        ],
        pipeline_card_move: ({ movement }) => {
          moves.push(movement);
          board = applyMove(board, movement);
          return { id: movement.card_id };
        },
      },
    }),
  );
  // Holds every move's answer until `release`, as a slow disk would.
  const invoke = backend.invoke.bind(backend);
  backend.invoke = ((cmd, args) =>
    cmd === 'pipeline_card_move'
      ? new Promise((resolve, reject) => pending.push(() => invoke(cmd, args).then(resolve, reject)))
      : invoke(cmd, args)) as typeof backend.invoke;
  const router = createMemoryRouter([{ path: '/pipelines', element: <PipelinesScreen /> }], { initialEntries: [`/pipelines?pipeline=${PIPELINE_ID}`] });
  renderWith(backend, <RouterProvider router={router} />);
  const release = async () => {
    await waitFor(() => expect(pending.length).toBeGreaterThan(0));
    pending.splice(0).forEach((go) => go());
  };
  return { backend, moves, release };
};

const column = (name: string) => screen.getByRole('region', { name: new RegExp(`^${name}:`), hidden: true });
const titlesIn = (name: string) => within(column(name)).queryAllByRole('button', { name: /^(Alpha|Bravo|Charlie)$/, hidden: true }).map((el) => el.getAttribute('aria-label'));

describe('pipelines board', { timeout: 30_000 }, () => {
  it('shows columns with counts and exact totals, and cards with their value, owner and overdue date', async () => {
    setup();
    await screen.findByRole('button', { name: 'Alpha' });
    expect(column('Lead').getAttribute('aria-label')).toBe('Lead: 3 cards, 2,100.49');
    const alpha = screen.getByRole('button', { name: 'Alpha' });
    expect(within(alpha).getByText('1,200.50')).toBeTruthy();
    expect(within(alpha).getByText('SO')).toBeTruthy();
    expect(within(alpha).getByText('(overdue)')).toBeTruthy();
  });

  it('moves a card with Alt + arrows at once, before the core answers, and keeps it there', async () => {
    const { moves, release } = setup();
    const charlie = await screen.findByRole('button', { name: 'Charlie' });
    fireEvent.keyDown(charlie, { key: 'ArrowUp', altKey: true });
    // Shown moved while the command has not answered yet.
    await waitFor(() => expect(titlesIn('Lead')).toEqual(['Alpha', 'Charlie', 'Bravo']));
    expect(moves).toHaveLength(0);
    await release();
    await waitFor(() => expect(moves).toEqual([{ card_id: 'c', stage_id: 'lead', before: 'b', after: null, lost_reason: null }]));
    expect(titlesIn('Lead')).toEqual(['Alpha', 'Charlie', 'Bravo']);
    fireEvent.keyDown(screen.getByRole('button', { name: 'Alpha' }), { key: 'ArrowRight', altKey: true });
    await waitFor(() => expect(titlesIn('Won')).toEqual(['Alpha']));
    expect(column('Won').getAttribute('aria-label')).toBe('Won: 1 cards, 1,200.50');
  });

  it('asks why before a card is lost, and sends the reason with the move', async () => {
    const { moves, release } = setup();
    const bravo = await screen.findByRole('button', { name: 'Bravo' });
    fireEvent.keyDown(bravo, { key: 'ArrowRight', altKey: true }); // to Won
    await release();
    await waitFor(() => expect(moves).toHaveLength(1));
    fireEvent.keyDown(screen.getByRole('button', { name: 'Bravo' }), { key: 'ArrowRight', altKey: true }); // to Lost
    const dialog = await screen.findByRole('dialog');
    // Shown on the lost stage while the reason is asked.
    await waitFor(() => expect(titlesIn('Lost')).toEqual(['Bravo']));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Mark as lost' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('Say why it was lost.');
    fireEvent.click(within(dialog).getByRole('button', { name: 'No budget' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Mark as lost' }));
    await release();
    await waitFor(() => expect(moves.at(-1)).toMatchObject({ card_id: 'b', stage_id: 'lost', lost_reason: 'No budget' }));
  });

  it('filters the board and shows the same cards as a list', async () => {
    setup();
    await screen.findByRole('button', { name: 'Alpha' });
    fireEvent.change(screen.getByLabelText('Priority'), { target: { value: 'low' } });
    expect(titlesIn('Lead')).toEqual(['Charlie']);
    expect(column('Lead').getAttribute('aria-label')).toBe('Lead: 1 cards, 99.99');
    fireEvent.click(screen.getByRole('tab', { name: 'List' }));
    const table = await screen.findByRole('table', { name: 'Cards' });
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    expect(within(table).getByText('Charlie')).toBeTruthy();
  });
});

describe('a card detail', { timeout: 30_000 }, () => {
  it('adds and removes assignees and edits custom fields through the record path', async () => {
    const { backend } = setup();
    fireEvent.click(await screen.findByRole('button', { name: 'Alpha' }));
    const drawer = await screen.findByRole('dialog');
    const assignees = within(drawer).getByRole('list', { name: 'Assignees' });
    await waitFor(() => expect(within(assignees).getAllByRole('listitem')).toHaveLength(1));
    fireEvent.change(within(drawer).getByLabelText('Add an assignee'), { target: { value: COLLEAGUE.id } });
    await waitFor(() => expect(stored(backend, 'pipeline_cards', 'a').assignees).toEqual([DEMO_USER.id, COLLEAGUE.id]));
    await waitFor(() => expect(within(assignees).getByText('Sam Okafor')).toBeTruthy());
    fireEvent.click(within(drawer).getByRole('button', { name: 'Remove Jamie Rivera' }));
    await waitFor(() => expect(stored(backend, 'pipeline_cards', 'a').assignees).toEqual([COLLEAGUE.id]));

    const fields = within(drawer).getByRole('region', { name: 'Custom fields' });
    expect(within(fields).getByText('Seats').nextSibling?.textContent).toBe('12');
    fireEvent.click(within(fields).getByRole('button', { name: 'Edit fields' }));
    fireEvent.change(within(fields).getByLabelText('Seats'), { target: { value: 'a dozen' } });
    fireEvent.change(within(fields).getByLabelText('New field name'), { target: { value: 'Lead source' } });
    fireEvent.click(within(fields).getByRole('button', { name: 'Add field' }));
    fireEvent.change(within(fields).getByLabelText('Lead source'), { target: { value: 'Referral' } });
    fireEvent.click(within(fields).getByRole('button', { name: 'Save fields' }));
    expect(within(fields).getByRole('alert').textContent).toBe('Seats must be a number.');
    fireEvent.change(within(fields).getByLabelText('Seats'), { target: { value: '15' } });
    fireEvent.click(within(fields).getByRole('button', { name: 'Save fields' }));
    await waitFor(() => expect(stored(backend, 'pipeline_cards', 'a').custom_fields).toEqual({ seats: 15, lead_source: 'Referral' }));
    const updates = callsOf(backend, 'records_update') as Array<{ table: string; patch: Record<string, unknown> }>;
    expect(updates.map((u) => [u.table, Object.keys(u.patch)])).toEqual([
      ['pipeline_cards', ['assignees']],
      ['pipeline_cards', ['assignees']],
      ['pipeline_cards', ['custom_fields']],
    ]);
    await waitFor(() => expect(within(fields).getByText('Lead source').nextSibling?.textContent).toBe('Referral'));
  });

  it('lists the stage journey with the contact\'s notes and calls, newest first', async () => {
    setup();
    fireEvent.click(await screen.findByRole('button', { name: 'Alpha' }));
    const activity = within(await screen.findByRole('dialog')).getByRole('region', { name: 'Activity' });
    await waitFor(() =>
      expect(within(activity).getAllByRole('listitem').map((li) => li.querySelector('.card-activity__title')?.textContent)).toEqual([
        'Call: Pricing call',
        'Note on Ada Lovelace',
        'Created in Lead',
      ]),
    );
    expect(within(activity).getByText('3 d so far · by Dana Demo')).toBeTruthy();
  });

  it('edits the card\'s facts with the record form', async () => {
    const { backend } = setup();
    fireEvent.click(await screen.findByRole('button', { name: 'Alpha' }));
    const drawer = await screen.findByRole('dialog');
    fireEvent.click(await within(drawer).findByRole('button', { name: 'Edit' }));
    const value = await within(drawer).findByRole('textbox', { name: /^Value/ });
    // Only the facts: stage, place and the sections edited in place are not in the form.
    expect(within(drawer).queryByRole('textbox', { name: /^Rank/ })).toBeNull();
    expect(within(drawer).queryByLabelText(/^Custom fields/)).toBeNull();
    fireEvent.change(value, { target: { value: '1500' } });
    fireEvent.click(within(drawer).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(stored(backend, 'pipeline_cards', 'a').value).toBe('1500'));
    expect(callsOf(backend, 'records_update').at(-1)).toEqual({ table: 'pipeline_cards', id: 'a', patch: { value: '1500' } });
  });
});

describe('the board for a viewer', { timeout: 30_000 }, () => {
  it('says why, and offers no drag, keyboard move, quick add or editing', async () => {
    const { backend, moves } = setup({ role: 'viewer' });
    const charlie = await screen.findByRole('button', { name: 'Charlie' });
    expect((await screen.findAllByTestId('viewer-notice')).length).toBeGreaterThan(0);
    expect(screen.queryByRole('button', { name: 'New pipeline' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Add a card to/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Drag stage/ })).toBeNull();
    fireEvent.keyDown(charlie, { key: 'ArrowUp', altKey: true });
    fireEvent.keyDown(charlie, { key: 'ArrowRight', altKey: true });
    expect(titlesIn('Lead')).toEqual(['Alpha', 'Bravo', 'Charlie']);
    expect(moves).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Alpha' }));
    const drawer = await screen.findByRole('dialog');
    await within(drawer).findByText('Seats');
    expect(within(drawer).getByTestId('viewer-notice')).toBeTruthy();
    expect(within(drawer).queryByRole('button', { name: 'Edit' })).toBeNull();
    expect(within(drawer).queryByRole('button', { name: 'Edit fields' })).toBeNull();
    expect(within(drawer).queryByLabelText('Add an assignee')).toBeNull();
    expect(within(drawer).queryByRole('button', { name: /^Remove / })).toBeNull();
    expect((within(drawer).getByLabelText('Description') as HTMLTextAreaElement).readOnly).toBe(true);
    fireEvent.keyDown(drawer, { key: 'Escape' });

    fireEvent.click(screen.getByRole('tab', { name: 'Settings' }));
    const name = await screen.findByLabelText('Pipeline name');
    expect(name.matches(':disabled')).toBe(true);
    expect(screen.queryByRole('button', { name: 'Add stage' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Delete stage/ })).toBeNull();
    expect(callsOf(backend, 'records_update')).toEqual([]);
  });
});
