import { useState } from 'react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { Organization } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { Dialog } from '../../../ui/Dialog';
import { useToast } from '../../../ui/Toasts';
import { copiedSummary } from '../utils/snapshot';

export type CopySetupDialogProps = {
  /** The workspace to copy into (empty of setup). */
  target: Organization;
  /** The workspaces to copy from. */
  sources: ReadonlyArray<Organization>;
  onClose: () => void;
};

/**
 * "Copy setup from…": a template workspace's pipelines, forms, templates and automations
 * (switched off) copied into this one; no contacts or other data.
 */
export const CopySetupDialog = ({ target, sources, onClose }: CopySetupDialogProps) => {
  const backend = useBackend();
  const toast = useToast();
  const [from, setFrom] = useState(sources[0]?.id ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const handleCopy = async () => {
    setSaving(true);
    setError(null);
    try {
      const result = await backend.invoke('organization_snapshot', { from, to: target.id });
      toast.showSuccess(`Setup copied: ${copiedSummary(result)}`);
      onClose();
    } catch (reason) {
      setError(toErrorPayload(reason).message);
      setSaving(false);
    }
  };

  return (
    <Dialog title={`Copy setup into ${target.name}`} onClose={onClose}>
      <div className="dialog-form">
        {error ? (
          <div className="form-error" role="alert">
            {error}
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="copy-from" className="field__label">
            Copy from workspace
          </label>
          <select id="copy-from" className="input" value={from} onChange={(event) => setFrom(event.target.value)}>
            {sources.map((org) => (
              <option key={org.id} value={org.id}>
                {org.name}
              </option>
            ))}
          </select>
          <p className="field__hint">Pipelines, forms, templates and automations (switched off). No contacts, deals, bookings or invoices.</p>
        </div>
        <div className="dialog-form__actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={saving || !from} onClick={() => void handleCopy()}>
            Copy setup
          </Button>
        </div>
      </div>
    </Dialog>
  );
};
