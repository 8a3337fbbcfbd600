import { useEffect } from 'react';
import { useSearchParams } from 'react-router';

import { useBackend } from '../../../backend/BackendContext';
import type { EntryScreenProps } from '../../object-record/types/manifest';
import { FormBuilder, type BuilderTab } from './FormBuilder';
import { FormsList } from './FormsList';
import '../forms.css';

const TABS: ReadonlyArray<BuilderTab> = ['build', 'settings', 'preview', 'submissions'];

/**
 * The Forms entry: the list of forms, or one form's builder, settings, preview and
 * submissions (`#/forms?form=<id>&tab=<tab>`). A submission's link
 * (`#/forms/form_submissions?open=<id>`) opens its form's submissions.
 */
export const FormsScreen = ({ table }: EntryScreenProps) => {
  const [params, setParams] = useSearchParams();
  const backend = useBackend();
  const formId = params.get('form');
  const tabParam = params.get('tab') as BuilderTab | null;
  const tab: BuilderTab = tabParam && TABS.includes(tabParam) ? tabParam : 'build';
  const openSubmission = table === 'form_submissions' ? params.get('open') : null;

  useEffect(() => {
    if (!openSubmission) return;
    backend.invoke('records_get', { table: 'form_submissions', id: openSubmission }).then(
      (row) => setParams({ form: String(row.form_id), tab: 'submissions' }, { replace: true }),
      () => setParams({}, { replace: true }),
    );
  }, [backend, openSubmission, setParams]);

  const openForm = (id: string, next: BuilderTab = 'build') => setParams(next === 'build' ? { form: id } : { form: id, tab: next });

  if (formId) {
    return (
      <FormBuilder
        key={formId}
        formId={formId}
        tab={tab}
        onTabChange={(next) => openForm(formId, next)}
        onBack={() => setParams({})}
      />
    );
  }
  return <FormsList onOpen={openForm} />;
};
