import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { useBackend } from '../../../backend/BackendContext';
import type { DuplicateMatch } from '../../../bindings';
import { useDebouncedValue } from '../../object-record/hooks/useDebouncedValue';
import { draftOf, type DuplicateDraft } from '../utils/duplicates';

/** Pause in typing before a draft is checked. */
export const CHECK_DELAY_MS = 400;

const NONE: DuplicateMatch[] = [];

/**
 * Existing contacts a contact form's values look like, checked once typing pauses. The
 * last answer stays until the next one arrives, so the warning does not flicker. A failed
 * check finds nothing: the warning is advice, and saving still refuses a taken email.
 */
export const useDuplicateCheck = (values: Record<string, unknown>, exclude: string | null = null): DuplicateMatch[] => {
  const backend = useBackend();
  const draft = draftOf(values);
  const key = draft ? JSON.stringify(draft) : '';
  const settled = useDebouncedValue(key, CHECK_DELAY_MS);
  const check = useQuery({
    queryKey: ['duplicates_check', settled, exclude],
    queryFn: async () => {
      try {
        return await backend.invoke('duplicates_check', { draft: JSON.parse(settled) as DuplicateDraft, exclude });
      } catch {
        return NONE;
      }
    },
    enabled: settled !== '',
    placeholderData: keepPreviousData,
  });
  const matches = check.data ?? NONE;

  return key ? matches : NONE;
};
