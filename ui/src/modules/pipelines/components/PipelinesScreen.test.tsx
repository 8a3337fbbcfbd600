// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { RouterProvider, createMemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';

import type { Board, CardMove } from '../../../bindings';
import { crmSeed, fakeWith, renderWith } from '../../../test/fixtures';
import { applyMove } from '../utils/board';
import { PIPELINE_ID, pipelineRow, sampleBoard } from '../test/boardRows';
import { PipelinesScreen } from './PipelinesScreen';

afterEach(cleanup);

/** A backend whose moves wait until the test lets them through. */
const setup = () => {
  let board: Board = sampleBoard();
  const pending: Array<() => void> = [];
  const moves: CardMove[] = [];
  const backend = fakeWith(
    crmSeed({
      rows: { pipelines: [pipelineRow()] },
      handlers: {
        pipeline_board: () => board,
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
  return { moves, release };
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
