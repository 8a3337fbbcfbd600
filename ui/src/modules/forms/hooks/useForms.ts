import { useQuery } from '@tanstack/react-query';

import type { Backend } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { Form, ListQuery } from '../../../bindings';

/** A form in the list, with how many submissions it has and when the last came. */
export type FormSummary = { form: Form; submissions: number; lastSubmission: string | null };

const ALL_FORMS: ListQuery = { filters: [], sort: { field: 'updated_at', desc: true }, limit: 1000, deleted: 'exclude' };

const summaries = async (backend: Backend): Promise<FormSummary[]> => {
  const page = await backend.invoke('records_list', { table: 'forms', query: ALL_FORMS });
  const forms = page.items as Form[];
  return Promise.all(
    forms.map(async (form) => {
      const ofForm: ListQuery = { filters: [{ field: 'form_id', op: 'eq', value: form.id }], deleted: 'exclude' };
      const [count, last] = await Promise.all([
        backend.invoke('records_count', { table: 'form_submissions', query: ofForm }),
        backend.invoke('records_list', { table: 'form_submissions', query: { ...ofForm, sort: { field: 'created_at', desc: true }, limit: 1 } }),
      ]);
      const newest = last.items[0];
      return { form, submissions: count, lastSubmission: newest ? String(newest.created_at) : null };
    }),
  );
};

/** Every form of the organisation, most recently edited first, with its submission counts. */
export const useFormSummaries = () => {
  const backend = useBackend();
  return useQuery({ queryKey: ['records_list', 'forms', 'summaries'], queryFn: () => summaries(backend) });
};

/** One form, by id. */
export const useForm = (id: string | null) => {
  const backend = useBackend();
  return useQuery({
    queryKey: ['records_get', 'forms', id],
    queryFn: async () => (await backend.invoke('records_get', { table: 'forms', id: id as string })) as Form,
    enabled: id !== null,
  });
};
