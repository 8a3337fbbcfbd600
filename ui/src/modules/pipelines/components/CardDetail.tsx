import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { RotateCcw } from 'lucide-react';

import { useBackend } from '../../../backend/BackendContext';
import { toErrorPayload } from '../../../backend/backend';
import type { BoardCard, BoardStage, PipelineCard, User } from '../../../bindings';
import { Badge } from '../../../ui/Badge';
import { Button } from '../../../ui/Button';
import { Drawer } from '../../../ui/Drawer';
import { useToast } from '../../../ui/Toasts';
import { useJourney } from '../hooks/usePipelines';
import { formatMoney } from '../utils/board';

export type CardDetailProps = {
  card: BoardCard;
  stage: BoardStage | undefined;
  onClose: () => void;
};

/** "3 d 4 h", "5 h", "12 min": how long a card stayed somewhere. */
export const duration = (seconds: number): string => {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return `${hours} h`;
  return `${Math.max(1, Math.floor(seconds / 60))} min`;
};

const when = (stamp: string): string => new Date(stamp).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * A card's detail: its description (saved when the field is left; merged character by
 * character with other devices' edits by sync), contact and company, assignees, custom
 * fields, its journey through the stages with the time in each, and Reopen for a won or
 * lost card.
 */
export const CardDetail = ({ card, stage, onClose }: CardDetailProps) => {
  const backend = useBackend();
  const toast = useToast();
  const record = useQuery({
    queryKey: ['records_get', 'pipeline_cards', card.id],
    queryFn: async () => (await backend.invoke('records_get', { table: 'pipeline_cards', id: card.id })) as PipelineCard,
  });
  const users = useQuery({
    queryKey: ['records_list', 'users', 'people'],
    queryFn: async () => (await backend.invoke('records_list', { table: 'users', query: { filters: [], limit: 1000, deleted: 'exclude' } })).items as User[],
  });
  const journey = useJourney(card.id);
  const [description, setDescription] = useState<string | null>(null);
  useEffect(() => {
    if (record.data && description === null) setDescription(record.data.description ?? '');
  }, [record.data, description]);

  const saveDescription = () => {
    if (description === null || description === (record.data?.description ?? '')) return;
    backend.invoke('records_update', { table: 'pipeline_cards', id: card.id, patch: { description } }).catch((error: unknown) => toast.showError('Description not saved', toErrorPayload(error).message));
  };
  const reopen = () => {
    backend.invoke('pipeline_card_reopen', { cardId: card.id }).then(onClose, (error: unknown) => toast.showError('Not reopened', toErrorPayload(error).message));
  };
  const names = new Map((users.data ?? []).map((u) => [u.id, `${u.first_name} ${u.last_name}`.trim()]));
  const custom = Object.entries(record.data?.custom_fields ?? {}).filter(([, value]) => value !== null && value !== '');
  const final = stage?.is_final ?? false;

  return (
    <Drawer
      title={card.title}
      subtitle={
        <span className="card-detail__subtitle">
          {stage ? <Badge tone={stage.outcome === 'won' ? 'green' : stage.outcome === 'lost' ? 'red' : 'blue'}>{stage.name}</Badge> : null}
          <span>{card.days_in_stage} days in this stage</span>
        </span>
      }
      actions={
        final ? (
          <Button icon={<RotateCcw size={14} />} onClick={reopen}>
            Reopen
          </Button>
        ) : null
      }
      onClose={onClose}
    >
      <div className="card-detail">
        <dl className="card-detail__facts">
          <dt>Value</dt>
          <dd>{card.value === null ? '—' : formatMoney(card.value)}</dd>
          <dt>Probability</dt>
          <dd>{card.probability === null ? '—' : `${card.probability}%`}</dd>
          <dt>Priority</dt>
          <dd className="card-detail__cap">{card.priority}</dd>
          <dt>Due</dt>
          <dd>{card.due_date ?? '—'}</dd>
          <dt>Contact</dt>
          <dd>{card.contact_id ? <a href={`#/contacts?open=${card.contact_id}`}>{card.contact_name}</a> : '—'}</dd>
          <dt>Company</dt>
          <dd>{card.company_id ? <a href={`#/companies?open=${card.company_id}`}>{card.company_name}</a> : '—'}</dd>
          <dt>Owner</dt>
          <dd>{card.owner_name ?? '—'}</dd>
          <dt>Assignees</dt>
          <dd>{card.assignees.length === 0 ? '—' : card.assignees.map((id) => names.get(id) ?? id).join(', ')}</dd>
          {card.lost_reason ? (
            <>
              <dt>Lost reason</dt>
              <dd>{card.lost_reason}</dd>
            </>
          ) : null}
          {custom.map(([key, value]) => (
            <div key={key} className="card-detail__custom">
              <dt>{key.replace(/_/g, ' ')}</dt>
              <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
            </div>
          ))}
        </dl>
        <div className="field">
          <label className="field__label" htmlFor="card-description">
            Description
          </label>
          <textarea
            id="card-description"
            className="input textarea"
            rows={5}
            value={description ?? ''}
            onChange={(event) => setDescription(event.target.value)}
            onBlur={saveDescription}
            placeholder="Notes about this card"
          />
        </div>
        <section aria-label="Journey through the stages">
          <h3 className="card-detail__heading">Journey</h3>
          {journey.data && journey.data.length > 0 ? (
            <ol className="card-journey">
              {journey.data.map((step, index) => (
                <li key={`${step.changed_at}-${index}`}>
                  <span className="card-journey__stage">{step.to_stage}</span>
                  <span className="card-journey__time">{duration(step.seconds)}</span>
                  <span className="card-journey__meta">
                    {step.from_stage ? `from ${step.from_stage}, ` : 'created, '}
                    {when(step.changed_at)}
                    {step.changed_by_name ? ` by ${step.changed_by_name}` : ''}
                  </span>
                </li>
              ))}
            </ol>
          ) : (
            <p className="card-detail__empty">No stage changes recorded yet.</p>
          )}
        </section>
      </div>
    </Drawer>
  );
};
