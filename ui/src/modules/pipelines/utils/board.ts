import type { Board, BoardCard, BoardStage, CardMove } from '../../../bindings';

/**
 * Pure board maths the screens share: applying a move to a board the way the core will
 * (so the cache shows it before the core answers and never snaps back), where a drop
 * lands (before or after which card), filters, and exact money sums.
 */

/** Cents of a decimal text ("1234.5" → 123450n), exact: money never goes through floats. */
export const cents = (value: string | null | undefined): bigint => {
  if (!value) return 0n;
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(value.trim());
  if (!match) return 0n;
  const [, sign, whole, fraction = ''] = match;
  const amount = BigInt(whole || '0') * 100n + BigInt((fraction + '00').slice(0, 2));
  return sign === '-' ? -amount : amount;
};

/** 123450n → "1,234.50", grouped by the locale, still exact. */
export const formatCents = (amount: bigint): string => {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const whole = (abs / 100n).toLocaleString('en-US');
  const fraction = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
};

export const formatMoney = (value: string | null | undefined): string => formatCents(cents(value));

/** The stage's count and exact total, from its cards. */
const totalled = (stage: BoardStage): BoardStage => ({
  ...stage,
  count: stage.cards.length,
  total_value: formatCents(stage.cards.reduce((sum, card) => sum + cents(card.value), 0n)).replace(/,/g, ''),
});

/** The board with `move` applied: the card leaves its column and lands before/after its anchor (else last). */
export const applyMove = (board: Board, move: CardMove): Board => {
  const card = board.stages.flatMap((stage) => stage.cards).find((c) => c.id === move.card_id);
  const target = board.stages.find((stage) => stage.id === move.stage_id);
  if (!card || !target) return board;
  const target_outcome = target.is_final ? target.outcome : null;
  const moved: BoardCard = {
    ...card,
    stage_id: move.stage_id,
    lost_reason: target_outcome === 'lost' ? (move.lost_reason ?? card.lost_reason) : card.stage_id === move.stage_id ? card.lost_reason : null,
    days_in_stage: card.stage_id === move.stage_id ? card.days_in_stage : 0,
    rotting: card.stage_id === move.stage_id ? card.rotting : false,
    probability: card.stage_id === move.stage_id ? card.probability : (target.probability ?? card.probability),
  };
  const stages = board.stages.map((stage) => {
    const without = stage.cards.filter((c) => c.id !== move.card_id);
    if (stage.id !== move.stage_id) return without.length === stage.cards.length ? stage : totalled({ ...stage, cards: without });
    const anchor = move.before ?? move.after;
    let index = anchor ? without.findIndex((c) => c.id === anchor) : -1;
    if (index === -1) index = without.length;
    else if (move.after) index += 1;
    return totalled({ ...stage, cards: [...without.slice(0, index), moved, ...without.slice(index)] });
  });
  return { ...board, stages };
};

/** The move a drop makes: onto `overCardId` (dropping below it when coming from above in the same column) or onto an empty spot of a column. */
export const dropMove = (board: Board, cardId: string, stageId: string, overCardId: string | null): CardMove | null => {
  const stage = board.stages.find((s) => s.id === stageId);
  if (!stage) return null;
  const base: CardMove = { card_id: cardId, stage_id: stageId, before: null, after: null, lost_reason: null };
  if (!overCardId || overCardId === cardId) {
    const from = stage.cards.findIndex((c) => c.id === cardId);
    if (overCardId === cardId && from !== -1) return null;
    const last = stage.cards.filter((c) => c.id !== cardId).at(-1);
    return last ? { ...base, after: last.id } : base;
  }
  const from = stage.cards.findIndex((c) => c.id === cardId);
  const to = stage.cards.findIndex((c) => c.id === overCardId);
  // Within a column, a card dragged down lands after the card it is over (as the sortable list shows it).
  if (from !== -1 && to !== -1 && from < to) return { ...base, after: overCardId };
  return { ...base, before: overCardId };
};

/** Whether a move changes nothing (the card already sits there). */
export const isNoop = (board: Board, move: CardMove): boolean => {
  const stage = board.stages.find((s) => s.id === move.stage_id);
  if (!stage) return true;
  const index = stage.cards.findIndex((c) => c.id === move.card_id);
  if (index === -1) return false;
  if (move.before) return stage.cards[index + 1]?.id === move.before;
  if (move.after) return stage.cards[index - 1]?.id === move.after;
  return index === stage.cards.length - 1;
};

export type DueFilter = 'any' | 'overdue' | 'week' | 'none';

export type CardFilters = {
  search: string;
  owner: string;
  priority: string;
  tag: string;
  due: DueFilter;
  minValue: string;
  maxValue: string;
};

export const NO_FILTERS: CardFilters = { search: '', owner: '', priority: '', tag: '', due: 'any', minValue: '', maxValue: '' };

export const isFiltered = (filters: CardFilters): boolean =>
  Object.entries(filters).some(([key, value]) => value !== NO_FILTERS[key as keyof CardFilters]);

/** Today as `YYYY-MM-DD` in the local zone. */
export const today = (now: Date = new Date()): string =>
  `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;

const addDays = (day: string, days: number): string => {
  const [y, m, d] = day.split('-').map(Number);
  return today(new Date(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days));
};

export const isOverdue = (card: BoardCard, stage: BoardStage | undefined, day: string): boolean =>
  !stage?.is_final && card.due_date !== null && card.due_date < day;

/** Whether a card passes the filters (its stage tells whether a due date still matters). */
export const matches = (card: BoardCard, stage: BoardStage | undefined, filters: CardFilters, day: string): boolean => {
  const search = filters.search.trim().toLowerCase();
  if (search) {
    const haystack = [card.title, card.contact_name, card.company_name, card.owner_name, ...card.tags].join(' ').toLowerCase();
    if (!haystack.includes(search)) return false;
  }
  if (filters.owner && card.owner_id !== filters.owner) return false;
  if (filters.priority && card.priority !== filters.priority) return false;
  if (filters.tag && !card.tags.includes(filters.tag)) return false;
  if (filters.due === 'overdue' && !isOverdue(card, stage, day)) return false;
  if (filters.due === 'week' && (card.due_date === null || card.due_date < day || card.due_date > addDays(day, 7))) return false;
  if (filters.due === 'none' && card.due_date !== null) return false;
  const value = cents(card.value);
  if (filters.minValue && value < cents(filters.minValue)) return false;
  if (filters.maxValue && value > cents(filters.maxValue)) return false;
  return true;
};

/** The board with only the cards that pass the filters (counts and totals of what is shown). */
export const filtered = (board: Board, filters: CardFilters, day: string): Board =>
  isFiltered(filters)
    ? { ...board, stages: board.stages.map((stage) => totalled({ ...stage, cards: stage.cards.filter((card) => matches(card, stage, filters, day)) })) }
    : board;

/** Initials for an avatar. */
export const initials = (name: string | null): string =>
  (name ?? '?')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join('') || '?';
