import { describe, expect, it } from 'vitest';

import { sampleBoard } from '../test/boardRows';
import { NO_FILTERS, applyMove, cents, dropMove, filtered, formatMoney, isNoop } from './board';

const titles = (b: ReturnType<typeof sampleBoard>) => b.stages.map((s) => s.cards.map((c) => c.title));

describe('board maths', () => {
  it('keeps money exact', () => {
    expect(cents('0.1')).toBe(10n);
    expect(cents('1200.50') + cents('800.00') + cents('99.99')).toBe(210049n);
    expect(formatMoney('1234567.8')).toBe('1,234,567.80');
    expect(formatMoney('-5')).toBe('-5.00');
  });

  it('applies a move as the core does: before, after, or at the end, with totals', () => {
    const board = sampleBoard();
    const before = applyMove(board, { card_id: 'c', stage_id: 'lead', before: 'a', after: null, lost_reason: null });
    expect(titles(before)[0]).toEqual(['Charlie', 'Alpha', 'Bravo']);
    const across = applyMove(board, { card_id: 'a', stage_id: 'won', before: null, after: null, lost_reason: null });
    expect(titles(across)).toEqual([['Bravo', 'Charlie'], ['Alpha'], []]);
    expect(across.stages[0]?.total_value).toBe('899.99');
    expect(across.stages[1]?.count).toBe(1);
    const lost = applyMove(board, { card_id: 'b', stage_id: 'lost', before: null, after: null, lost_reason: 'No budget' });
    expect(lost.stages[2]?.cards[0]?.lost_reason).toBe('No budget');
  });

  it('turns a drop into a move: down in a column lands after, up lands before, an empty column takes it last', () => {
    const board = sampleBoard();
    expect(dropMove(board, 'a', 'lead', 'c')).toMatchObject({ after: 'c', before: null });
    expect(dropMove(board, 'c', 'lead', 'a')).toMatchObject({ before: 'a', after: null });
    expect(dropMove(board, 'a', 'won', null)).toMatchObject({ stage_id: 'won', before: null, after: null });
    expect(isNoop(board, { card_id: 'b', stage_id: 'lead', before: 'c', after: null, lost_reason: null })).toBe(true);
  });

  it('filters by search, owner, priority, tag, due date and value range', () => {
    const board = sampleBoard();
    const day = '2026-12-06';
    expect(titles(filtered(board, { ...NO_FILTERS, search: 'char' }, day))[0]).toEqual(['Charlie']);
    expect(titles(filtered(board, { ...NO_FILTERS, owner: 'u2' }, day))[0]).toEqual(['Alpha']);
    expect(titles(filtered(board, { ...NO_FILTERS, priority: 'low' }, day))[0]).toEqual(['Charlie']);
    expect(titles(filtered(board, { ...NO_FILTERS, tag: 'inbound' }, day))[0]).toEqual(['Alpha']);
    expect(titles(filtered(board, { ...NO_FILTERS, due: 'overdue' }, day))[0]).toEqual(['Alpha']);
    expect(titles(filtered(board, { ...NO_FILTERS, minValue: '100', maxValue: '1000' }, day))[0]).toEqual(['Bravo']);
    expect(filtered(board, { ...NO_FILTERS, minValue: '100' }, day).stages[0]?.total_value).toBe('2000.50');
  });
});
