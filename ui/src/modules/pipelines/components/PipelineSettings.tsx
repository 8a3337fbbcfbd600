import { useState } from 'react';
import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { SortableContext, arrayMove, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useQueryClient } from '@tanstack/react-query';
import { GripVertical, Plus, Trash2 } from 'lucide-react';

import { useBackend } from '../../../backend/BackendContext';
import { toErrorPayload } from '../../../backend/backend';
import type { Board, BoardStage } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { useToast } from '../../../ui/Toasts';
import { boardKey } from '../hooks/usePipelines';

export type PipelineSettingsProps = {
  board: Board;
  /** A viewer: the settings shown, every control disabled. */
  readOnly: boolean;
};

type Kind = 'open' | 'won' | 'lost';

const kindOf = (stage: BoardStage): Kind => (stage.is_final ? (stage.outcome === 'lost' ? 'lost' : 'won') : 'open');

/**
 * A pipeline's settings: its name; its stages in order (dragged, or moved with the
 * keyboard), each with its name, colour, probability, rot limit and whether it is open,
 * won or lost; a new stage; deleting a stage once its cards have somewhere to go.
 */
export const PipelineSettings = ({ board, readOnly }: PipelineSettingsProps) => {
  const backend = useBackend();
  const client = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState(board.name);
  const [deleting, setDeleting] = useState<BoardStage | null>(null);
  const sensors = useSensors(useSensor(PointerSensor), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const fail = (title: string) => (error: unknown) => toast.showError(title, toErrorPayload(error).message);

  const saveStage = (stage: BoardStage, patch: Record<string, unknown>) =>
    backend.invoke('records_update', { table: 'pipeline_stages', id: stage.id, patch }).catch(fail(`Stage “${stage.name}” not saved`));

  const handleDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const ids = board.stages.map((s) => s.id);
    const order = arrayMove(ids, ids.indexOf(String(active.id)), ids.indexOf(String(over.id)));
    client.setQueryData<Board>(boardKey(board.pipeline_id), { ...board, stages: order.map((id) => board.stages.find((s) => s.id === id) as BoardStage) });
    backend.invoke('pipeline_stages_reorder', { pipelineId: board.pipeline_id, stageIds: order }).catch(fail('Stage order not saved'));
  };

  const addStage = () => {
    const position = Math.max(-1, ...board.stages.map((s) => s.position)) + 1;
    backend
      .invoke('records_create', { table: 'pipeline_stages', data: { pipeline_id: board.pipeline_id, name: 'New stage', position, color: '#64748b', probability: 50 } })
      .catch(fail('Stage not added'));
  };

  return (
    <fieldset className="pipeline-settings" disabled={readOnly}>
      <div className="field">
        <label className="field__label" htmlFor="pipeline-name">
          Pipeline name
        </label>
        <input
          id="pipeline-name"
          className="input"
          value={name}
          onChange={(event) => setName(event.target.value)}
          onBlur={() => {
            if (name.trim() && name.trim() !== board.name) {
              backend.invoke('records_update', { table: 'pipelines', id: board.pipeline_id, patch: { name: name.trim() } }).catch(fail('Name not saved'));
            }
          }}
        />
      </div>
      <h3 className="pipeline-settings__heading">Stages</h3>
      {readOnly ? null : (
        <p className="pipeline-settings__hint">Drag a stage by its handle (or focus the handle and use the arrow keys) to change the order of the board's columns.</p>
      )}
      <div className="pipeline-stages" role="list" aria-label="Stages">
        <div className="pipeline-stages__head" aria-hidden="true">
          <span />
          <span>Name</span>
          <span>Colour</span>
          <span>Kind</span>
          <span>Probability %</span>
          <span>Rots after (days)</span>
          <span>Cards</span>
          <span />
        </div>
        <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={handleDragEnd}>
          <SortableContext items={board.stages.map((s) => s.id)} strategy={verticalListSortingStrategy}>
            {board.stages.map((stage) => (
              <StageRow
                key={`${stage.id}:${stage.name}:${stage.color}:${stage.probability}:${stage.rot_days}:${kindOf(stage)}`}
                stage={stage}
                readOnly={readOnly}
                onSave={saveStage}
                onDelete={() => setDeleting(stage)}
              />
            ))}
          </SortableContext>
        </DndContext>
      </div>
      {readOnly ? null : (
        <Button icon={<Plus size={14} />} onClick={addStage}>
          Add stage
        </Button>
      )}
      {deleting ? <DeleteStage board={board} stage={deleting} onClose={() => setDeleting(null)} /> : null}
    </fieldset>
  );
};

type StageRowProps = {
  stage: BoardStage;
  readOnly: boolean;
  onSave: (stage: BoardStage, patch: Record<string, unknown>) => void;
  onDelete: () => void;
};

const number = (text: string): number | null => (text.trim() === '' ? null : Number(text));

const StageRow = ({ stage, readOnly, onSave, onDelete }: StageRowProps) => {
  const { setNodeRef, attributes, listeners, transform, transition } = useSortable({ id: stage.id, disabled: readOnly });
  const [name, setName] = useState(stage.name);
  const [probability, setProbability] = useState(stage.probability?.toString() ?? '');
  const [rot, setRot] = useState(stage.rot_days?.toString() ?? '');
  const kind = kindOf(stage);
  return (
    <div ref={setNodeRef} role="listitem" className="pipeline-stages__row" style={{ transform: CSS.Translate.toString(transform), transition }} aria-label={stage.name}>
      {readOnly ? (
        <span />
      ) : (
        <button type="button" className="pipeline-column__handle" aria-label={`Move stage ${stage.name}`} {...attributes} {...listeners}>
          <GripVertical size={14} />
        </button>
      )}
      <input className="input" value={name} aria-label="Stage name" onChange={(e) => setName(e.target.value)} onBlur={() => name.trim() && name !== stage.name && onSave(stage, { name: name.trim() })} />
      <input type="color" className="pipeline-stages__colour" value={stage.color ?? '#64748b'} aria-label={`Colour of ${stage.name}`} onChange={(e) => onSave(stage, { color: e.target.value })} />
      <select
        className="input"
        value={kind}
        aria-label={`Kind of ${stage.name}`}
        onChange={(e) => {
          const next = e.target.value as Kind;
          onSave(stage, next === 'open' ? { is_final: false, outcome: null } : { is_final: true, outcome: next, probability: next === 'won' ? 100 : 0 });
        }}
      >
        <option value="open">Open</option>
        <option value="won">Won (final)</option>
        <option value="lost">Lost (final)</option>
      </select>
      <input
        className="input"
        inputMode="numeric"
        value={probability}
        aria-label={`Probability of ${stage.name}`}
        onChange={(e) => setProbability(e.target.value)}
        onBlur={() => number(probability) !== stage.probability && onSave(stage, { probability: number(probability) })}
      />
      <input
        className="input"
        inputMode="numeric"
        value={rot}
        disabled={stage.is_final}
        aria-label={`Days before cards of ${stage.name} rot`}
        onChange={(e) => setRot(e.target.value)}
        onBlur={() => number(rot) !== stage.rot_days && onSave(stage, { rot_days: number(rot) })}
      />
      <span className="pipeline-stages__count">{stage.count}</span>
      {readOnly ? (
        <span />
      ) : (
        <button type="button" className="icon-button" aria-label={`Delete stage ${stage.name}`} onClick={onDelete}>
          <Trash2 size={14} />
        </button>
      )}
    </div>
  );
};

/** Deleting a stage: its cards first go to another stage, chosen here. */
const DeleteStage = ({ board, stage, onClose }: { board: Board; stage: BoardStage; onClose: () => void }) => {
  const backend = useBackend();
  const toast = useToast();
  const others = board.stages.filter((s) => s.id !== stage.id);
  const [target, setTarget] = useState(others[0]?.id ?? '');
  const lostTarget = others.find((s) => s.id === target)?.outcome === 'lost';
  return (
    <ConfirmDialog
      title={`Delete stage “${stage.name}”?`}
      confirmLabel={stage.count > 0 ? `Move ${stage.count} cards and delete` : 'Delete stage'}
      danger
      onClose={onClose}
      onConfirm={async () => {
        try {
          await backend.invoke('pipeline_stage_delete', { stageId: stage.id, moveTo: stage.count > 0 ? target : null });
          onClose();
        } catch (error) {
          toast.showError('Stage not deleted', toErrorPayload(error).message);
        }
      }}
    >
      {stage.count > 0 ? (
        <div className="field">
          <label className="field__label" htmlFor="move-cards-to">
            Its {stage.count} cards move to
          </label>
          <select id="move-cards-to" className="input" value={target} onChange={(e) => setTarget(e.target.value)}>
            {others.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
          {lostTarget ? <p className="field__hint">They are marked lost because the stage was deleted.</p> : null}
        </div>
      ) : (
        <p>The stage holds no cards.</p>
      )}
    </ConfirmDialog>
  );
};
