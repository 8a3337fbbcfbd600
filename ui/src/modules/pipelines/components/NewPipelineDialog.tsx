import { useState, type FormEvent } from 'react';

import { useBackend } from '../../../backend/BackendContext';
import { toErrorPayload } from '../../../backend/backend';
import type { PipelineTemplate } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { Dialog } from '../../../ui/Dialog';

export type NewPipelineDialogProps = {
  onClose: () => void;
  onCreated: (id: string) => void;
};

const TEMPLATES: ReadonlyArray<{ id: PipelineTemplate; name: string; description: string }> = [
  { id: 'sales', name: 'Sales', description: 'Lead, Qualified, Proposal, Negotiation, then Won or Lost.' },
  { id: 'project', name: 'Project', description: 'Backlog, Planned, In progress, Review, then Done or Cancelled.' },
  { id: 'hiring', name: 'Hiring', description: 'Applied, Screening, Interview, Offer, then Hired or Rejected.' },
];

/** A new pipeline from a template: its stages come with colours, probabilities and rot limits. */
export const NewPipelineDialog = ({ onClose, onCreated }: NewPipelineDialogProps) => {
  const backend = useBackend();
  const [name, setName] = useState('');
  const [template, setTemplate] = useState<PipelineTemplate>('sales');
  const [error, setError] = useState<string | null>(null);
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setError('Give the pipeline a name.');
      return;
    }
    backend.invoke('pipeline_create', { name: name.trim(), template }).then(
      (row) => onCreated(String(row.id)),
      (e: unknown) => setError(toErrorPayload(e).message),
    );
  };
  return (
    <Dialog title="New pipeline" onClose={onClose}>
      <form className="dialog-form" noValidate onSubmit={handleSubmit} aria-label="New pipeline">
        <div className={`field${error ? ' field--invalid' : ''}`}>
          <label className="field__label" htmlFor="new-pipeline-name">
            Name
          </label>
          <input id="new-pipeline-name" className="input" autoFocus value={name} onChange={(e) => setName(e.target.value)} aria-invalid={error !== null} />
          {error ? <p className="field__hint field__hint--error">{error}</p> : null}
        </div>
        <fieldset className="template-picker">
          <legend className="field__label">Start with</legend>
          <div className="template-picker__grid">
            {TEMPLATES.map((candidate) => (
              <label key={candidate.id} className={`template-card${candidate.id === template ? ' is-selected' : ''}`}>
                <input type="radio" name="template" className="visually-hidden" value={candidate.id} checked={candidate.id === template} onChange={() => setTemplate(candidate.id)} />
                <span className="template-card__name">{candidate.name}</span>
                <span className="template-card__description">{candidate.description}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="dialog-form__actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary">
            Create pipeline
          </Button>
        </div>
      </form>
    </Dialog>
  );
};
