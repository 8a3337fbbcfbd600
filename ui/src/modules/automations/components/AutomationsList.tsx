import { Plus, Workflow } from 'lucide-react';

import { useBackend } from '../../../backend/BackendContext';
import { toErrorPayload } from '../../../backend/backend';
import { Badge } from '../../../ui/Badge';
import { Button } from '../../../ui/Button';
import { EmptyState } from '../../../ui/EmptyState';
import { Spinner } from '../../../ui/Spinner';
import { useAutomationList, useFailedRuns } from '../hooks/useAutomations';
import { TRIGGER_LABELS } from '../utils/flow';

/** The organisation's automations; "New automation" starts one and opens the builder. */
export const AutomationsList = ({ onOpen }: { onOpen: (id: string) => void }) => {
  const backend = useBackend();
  const list = useAutomationList();
  const failed = useFailedRuns();
  const handleNew = async () => {
    const row = await backend.invoke('records_create', {
      table: 'automations',
      data: { name: 'New automation', trigger_type: 'contact_created', trigger_config: {}, actions: [], is_active: false },
    });
    onOpen(String(row.id));
  };
  const newButton = (
    <Button variant="primary" icon={<Plus size={14} />} onClick={handleNew}>
      New automation
    </Button>
  );
  return (
    <div className="module-page automations-page">
      <header className="page-header">
        <h1>Automations</h1>
        {newButton}
      </header>
      {list.error ? <div className="form-error" role="alert">{toErrorPayload(list.error).message}</div> : null}
      {list.isPending ? <Spinner /> : null}
      {list.data && list.data.length === 0 ? (
        <EmptyState icon={<Workflow size={20} />} title="No automations yet" description="A trigger and a few steps: tag, wait, email, branch. Runs happen once, on the server for a synced agency." action={newButton} />
      ) : null}
      {list.data && list.data.length > 0 ? (
        <div className="table-scroll">
          <table className="records automations-table" aria-label="Automations">
            <thead>
              <tr>
                <th>Name</th>
                <th>Trigger</th>
                <th>Steps</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((a) => (
                <tr key={a.id} data-id={a.id} onClick={() => onOpen(a.id)}>
                  <td>
                    <button type="button" className="link-button" onClick={() => onOpen(a.id)}>
                      {a.name}
                    </button>
                  </td>
                  <td>{TRIGGER_LABELS[a.trigger_type] ?? a.trigger_type}</td>
                  <td>{a.actions.length}</td>
                  <td>
                    {a.is_active ? <Badge tone="green">Active</Badge> : <Badge>Off</Badge>}{' '}
                    {failed.data?.get(a.id) ? <Badge tone="red">{`${failed.data.get(a.id)} failed`}</Badge> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
};
