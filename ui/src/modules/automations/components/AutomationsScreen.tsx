import { useSearchParams } from 'react-router';

import type { EntryScreenProps } from '../../object-record/types/manifest';
import { AutomationEditor, type EditorTab } from './AutomationEditor';
import { AutomationsList } from './AutomationsList';
import '../automations.css';

const TABS: ReadonlyArray<EditorTab> = ['build', 'runs', 'dry-run'];

/** The Automations entry: the list, or one automation (`#/automations?automation=<id>&tab=<tab>`). */
export const AutomationsScreen = (_props: EntryScreenProps) => {
  const [params, setParams] = useSearchParams();
  const id = params.get('automation');
  const tabParam = params.get('tab') as EditorTab | null;
  const tab: EditorTab = tabParam && TABS.includes(tabParam) ? tabParam : 'build';
  if (id) {
    return (
      <AutomationEditor
        key={id}
        automationId={id}
        tab={tab}
        onTab={(next) => setParams(next === 'build' ? { automation: id } : { automation: id, tab: next })}
        onBack={() => setParams({})}
      />
    );
  }
  return <AutomationsList onOpen={(next) => setParams({ automation: next })} />;
};
