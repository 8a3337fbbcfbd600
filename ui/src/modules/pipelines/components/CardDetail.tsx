import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Pencil, RotateCcw } from 'lucide-react';

import { useBackend } from '../../../backend/BackendContext';
import { toErrorPayload } from '../../../backend/backend';
import type { BoardCard, BoardStage, JsonValue, PipelineCard } from '../../../bindings';
import { RecordForm } from '../../object-record/components/RecordForm';
import { ViewerNotice } from '../../object-record/components/ViewerNotice';
import { useTableDef } from '../../object-record/states/SchemaContext';
import { Badge } from '../../../ui/Badge';
import { Button } from '../../../ui/Button';
import { Drawer } from '../../../ui/Drawer';
import { useToast } from '../../../ui/Toasts';
import { usePeople } from '../hooks/usePipelines';
import { formatMoney } from '../utils/board';
import { CardActivity } from './CardActivity';
import { CardAssignees } from './CardAssignees';
import { CardFields } from './CardFields';

export type CardDetailProps = {
  card: BoardCard;
  stage: BoardStage | undefined;
  /** A viewer: everything shown, nothing editable. */
  readOnly: boolean;
  onClose: () => void;
};

/** What Edit changes; the stage and place change on the board, the rest below. */
const EDITED: ReadonlyArray<string> = ['title', 'value', 'priority', 'due_date', 'probability', 'contact_id', 'company_id', 'owner_id', 'tags'];

/**
 * A card's detail: its facts (edited with the record form, through the same record path as
 * every writer), assignees and custom fields (edited in place), its description (saved
 * when the field is left; merged character by character with other devices' edits by
 * sync), its activity (the journey through the stages with the contact's notes, calls and
 * meetings), and Reopen for a won or lost card. A viewer reads it all.
 */
export const CardDetail = ({ card, stage, readOnly, onClose }: CardDetailProps) => {
  const backend = useBackend();
  const toast = useToast();
  const def = useTableDef('pipeline_cards');
  const record = useQuery({
    queryKey: ['records_get', 'pipeline_cards', card.id],
    queryFn: async () => (await backend.invoke('records_get', { table: 'pipeline_cards', id: card.id })) as PipelineCard,
  });
  const people = usePeople();
  const [editing, setEditing] = useState(false);
  const [description, setDescription] = useState<string | null>(null);
  useEffect(() => {
    if (record.data && description === null) setDescription(record.data.description ?? '');
  }, [record.data, description]);

  /** One write of the card; the core's refusal, or null. */
  const save = async (patch: Record<string, unknown>): Promise<string | null> => {
    try {
      await backend.invoke('records_update', { table: 'pipeline_cards', id: card.id, patch });
      return null;
    } catch (error) {
      return toErrorPayload(error).message;
    }
  };
  const saveDescription = () => {
    if (readOnly || description === null || description === (record.data?.description ?? '')) return;
    void save({ description }).then((refused) => refused && toast.showError('Description not saved', refused));
  };
  const saveAssignees = (assignees: string[]) => {
    void save({ assignees }).then((refused) => refused && toast.showError('Assignees not saved', refused));
  };
  const saveFields = (fields: Record<string, JsonValue>) => save({ custom_fields: fields });
  const reopen = () => {
    backend.invoke('pipeline_card_reopen', { cardId: card.id }).then(onClose, (error: unknown) => toast.showError('Not reopened', toErrorPayload(error).message));
  };
  const final = stage?.is_final ?? false;
  const assignees = record.data?.assignees ?? card.assignees;

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
        readOnly || editing ? null : (
          <>
            <Button icon={<Pencil size={14} />} onClick={() => setEditing(true)} disabled={!record.data || !def}>
              Edit
            </Button>
            {final ? (
              <Button icon={<RotateCcw size={14} />} onClick={reopen}>
                Reopen
              </Button>
            ) : null}
          </>
        )
      }
      onClose={onClose}
    >
      {editing && record.data && def ? (
        <RecordForm def={def} mode="edit" record={record.data} only={EDITED} onSaved={() => setEditing(false)} onCancel={() => setEditing(false)} />
      ) : (
        <div className="card-detail">
          {readOnly ? <ViewerNotice /> : null}
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
            {card.tags.length > 0 ? (
              <>
                <dt>Tags</dt>
                <dd className="chips">
                  {card.tags.map((tag) => (
                    <span key={tag} className="chip">
                      {tag}
                    </span>
                  ))}
                </dd>
              </>
            ) : null}
            {card.lost_reason ? (
              <>
                <dt>Lost reason</dt>
                <dd>{card.lost_reason}</dd>
              </>
            ) : null}
          </dl>
          <section className="card-detail__section" aria-label="Assignees">
            <h3 className="card-detail__heading">Assignees</h3>
            <CardAssignees assignees={assignees} users={people.data ?? []} readOnly={readOnly} onSave={saveAssignees} />
          </section>
          <CardFields values={record.data?.custom_fields ?? {}} readOnly={readOnly || !record.data} onSave={saveFields} />
          <div className="field">
            <label className="field__label" htmlFor="card-description">
              Description
            </label>
            <textarea
              id="card-description"
              className="input textarea"
              rows={5}
              value={description ?? ''}
              readOnly={readOnly}
              onChange={(event) => setDescription(event.target.value)}
              onBlur={saveDescription}
              placeholder={readOnly ? '' : 'Notes about this card'}
            />
          </div>
          <CardActivity card={card} />
        </div>
      )}
    </Drawer>
  );
};
