import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { useBackend } from '../../../backend/BackendContext';
import type { Board, CardMove, ListQuery, Pipeline, User } from '../../../bindings';
import { applyMove } from '../utils/board';

const ALL: ListQuery = { filters: [], sort: { field: 'name', desc: false }, limit: 1000, deleted: 'exclude' };

export const boardKey = (pipelineId: string) => ['pipeline_board', pipelineId] as const;

/** The organisation's pipelines, by name. */
export const usePipelines = () => {
  const backend = useBackend();
  return useQuery({
    queryKey: ['records_list', 'pipelines', 'all'],
    queryFn: async () => (await backend.invoke('records_list', { table: 'pipelines', query: ALL })).items as Pipeline[],
  });
};

/** One pipeline's board, as the core orders it. */
export const useBoard = (pipelineId: string | null) => {
  const backend = useBackend();
  return useQuery({
    queryKey: boardKey(pipelineId ?? ''),
    queryFn: () => backend.invoke('pipeline_board', { pipelineId: pipelineId as string }),
    enabled: pipelineId !== null,
  });
};

export const useDashboard = (pipelineId: string) => {
  const backend = useBackend();
  return useQuery({ queryKey: ['pipeline_dashboard', pipelineId], queryFn: () => backend.invoke('pipeline_dashboard', { pipelineId }) });
};

export const useJourney = (cardId: string) => {
  const backend = useBackend();
  return useQuery({ queryKey: ['pipeline_card_journey', cardId], queryFn: () => backend.invoke('pipeline_card_journey', { cardId }) });
};

/** The first page of a contact's timeline (notes, activities, meetings), for a card's activity. */
export const useContactTimeline = (contactId: string | null) => {
  const backend = useBackend();
  return useQuery({
    queryKey: ['contact_timeline', contactId, 'card'],
    queryFn: () => backend.invoke('contact_timeline', { contactId: contactId as string, query: { limit: 20 } }),
    enabled: contactId !== null,
  });
};

/** The organisation's people, for owners and assignees. */
export const usePeople = () => {
  const backend = useBackend();
  return useQuery({
    queryKey: ['records_list', 'users', 'people'],
    queryFn: async () => (await backend.invoke('records_list', { table: 'users', query: { filters: [], limit: 1000, deleted: 'exclude' } })).items as User[],
  });
};

/**
 * Moves a card: the board in the cache changes at once, in the same turn as the drop (the
 * card is where it was dropped before the command is even sent, and stays there: the core
 * puts it in the same place), and goes back only if the core refuses the move.
 */
export const useMoveCard = (pipelineId: string, onError: (message: string) => void) => {
  const backend = useBackend();
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: (movement: CardMove) => backend.invoke('pipeline_card_move', { movement }),
  });
  return (movement: CardMove) => {
    const key = boardKey(pipelineId);
    const before = client.getQueryData<Board>(key);
    if (before) client.setQueryData<Board>(key, applyMove(before, movement));
    // A refetch already under way would bring the old board back over the move; the
    // cache keeps what was just set (no revert).
    void client.cancelQueries({ queryKey: key }, { revert: false, silent: true });
    mutation.mutate(movement, {
      onError: (error: unknown) => {
        if (before) client.setQueryData(key, before);
        void client.invalidateQueries({ queryKey: key });
        onError(typeof error === 'object' && error && 'message' in error ? String((error as { message: unknown }).message) : String(error));
      },
    });
  };
};
