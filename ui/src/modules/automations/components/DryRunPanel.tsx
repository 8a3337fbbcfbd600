import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { FlaskConical } from 'lucide-react';

import { useBackend } from '../../../backend/BackendContext';
import { toErrorPayload } from '../../../backend/backend';
import type { DryRun } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { dryRun } from '../api';
import { STEP_LABELS, type StepType } from '../utils/flow';
import { outcomeText, type LogEntry } from './RunHistory';


/** Runs the saved automation on a chosen contact without side effects and shows the result. */
export const DryRunPanel = ({ automationId, dirty }: { automationId: string; dirty: boolean }) => {
  const backend = useBackend();
  const contacts = useQuery({
    queryKey: ['records_list', 'contacts', 'dry-run-picker'],
    queryFn: async () =>
      (await backend.invoke('records_list', { table: 'contacts', query: { filters: [], sort: { field: 'created_at', desc: true }, limit: 50, deleted: 'exclude' } })).items,
  });
  const [contact, setContact] = useState('');
  const [result, setResult] = useState<DryRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  const chosen = (contacts.data ?? []).find((c) => String(c.id) === result?.contact_id);
  const handleRun = () => {
    setError(null);
    dryRun(backend, automationId, contact || null).then(setResult, (e: unknown) => setError(toErrorPayload(e).message));
  };
  return (
    <div className="dry-run">
      <div className="dry-run__controls">
        <label className="step-panel__field">
          <span className="step-panel__label">Contact</span>
          <select value={contact} onChange={(e) => setContact(e.target.value)}>
            <option value="">The newest event (or contact)</option>
            {(contacts.data ?? []).map((c) => (
              <option key={String(c.id)} value={String(c.id)}>
                {[c.first_name, c.last_name].filter(Boolean).join(' ')} · {String(c.email ?? '')}
              </option>
            ))}
          </select>
        </label>
        <Button variant="primary" icon={<FlaskConical size={14} />} onClick={handleRun}>
          Dry run
        </Button>
      </div>
      {dirty ? <p className="step-panel__hint">The dry run uses the saved automation: save your changes first.</p> : null}
      {error ? <div className="form-error" role="alert">{error}</div> : null}
      {result ? (
        <div className="dry-run__result" aria-label="Dry run result">
          <p>
            On {chosen ? `${[chosen.first_name, chosen.last_name].filter(Boolean).join(' ')} (${String(chosen.email ?? '')})` : result.trigger}: <strong>{result.status}</strong>, {result.contacts.length} contact{result.contacts.length === 1 ? '' : 's'} touched. Nothing was kept.
          </p>
          <ol className="runs__steps">
            {(result.steps as LogEntry[]).map((s, i) => (
              <li key={i} className="runs__step">
                <span className="runs__step-name">{STEP_LABELS[s.type as StepType] ?? s.type ?? 'step'}</span>
                <span className="runs__step-outcome">{outcomeText(s)}</span>
              </li>
            ))}
          </ol>
          {result.emails.map((m) => (
            <section key={m.key} className="dry-run__email" aria-label="Email">
              <h3>
                Email to {m.to}: {m.subject}
              </h3>
              <p>{m.text}</p>
            </section>
          ))}
          {result.webhooks.map((w) => (
            <section key={w.delivery} className="dry-run__email" aria-label="Webhook">
              <h3>POST {w.url}</h3>
              <pre>{JSON.stringify(w.body, null, 2)}</pre>
              <p className="step-panel__hint">{w.signature ? `X-AIO-Signature: ${w.signature}` : 'Unsigned'}</p>
            </section>
          ))}
        </div>
      ) : null}
    </div>
  );
};
