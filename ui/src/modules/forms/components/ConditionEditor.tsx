import type { Condition, ConditionOp, FormField } from '../types';
import { CONDITION_OPS, isChoice, opNeedsValue } from '../utils/definition';

export type ConditionEditorProps = {
  /** The field's condition, if it has one. */
  condition: Condition | undefined;
  /** The fields above this one: the only ones a condition may use. */
  earlier: ReadonlyArray<FormField>;
  onChange: (condition: Condition | undefined) => void;
};

const numeric = (field: FormField | undefined) => field?.type === 'number' || field?.type === 'rating';

/** "Show this field only if <earlier field> <op> <value>". */
export const ConditionEditor = ({ condition, earlier, onChange }: ConditionEditorProps) => {
  const source = earlier.find((field) => field.id === condition?.field);
  const usable = earlier.filter((field) => field.type !== 'file');

  if (usable.length === 0) {
    return <p className="muted field__hint">Add a question above this one to show this field only for some answers.</p>;
  }

  const handleToggle = (on: boolean) => {
    const first = usable[usable.length - 1];
    onChange(on && first ? { field: first.id, op: isChoice(first.type) ? 'equals' : 'is_not_empty', value: first.options?.[0] } : undefined);
  };

  const handleValue = (raw: string) => {
    if (!condition) return;
    const value = numeric(source) && raw.trim() !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
    onChange({ ...condition, value });
  };

  const choices = source && isChoice(source.type) ? (source.options ?? []) : source?.type === 'checkbox' || source?.type === 'consent' ? ['true', 'false'] : null;

  return (
    <div className="condition-editor">
      <label className="toggle-row">
        <input type="checkbox" className="checkbox" checked={condition !== undefined} onChange={(event) => handleToggle(event.target.checked)} />
        <span>Show only when an earlier answer matches</span>
      </label>
      {condition ? (
        <div className="condition-editor__rule">
          <select
            className="input"
            aria-label="Condition field"
            value={source ? condition.field : ''}
            onChange={(event) => onChange({ ...condition, field: event.target.value })}
          >
            {source ? null : <option value="">Choose a field above…</option>}
            {usable.map((field) => (
              <option key={field.id} value={field.id}>
                {field.label || field.id}
              </option>
            ))}
          </select>
          <select
            className="input"
            aria-label="Condition operator"
            value={condition.op}
            onChange={(event) => {
              const op = event.target.value as ConditionOp;
              onChange(opNeedsValue(op) ? { ...condition, op } : { field: condition.field, op });
            }}
          >
            {CONDITION_OPS.filter((entry) => numeric(source) || (entry.op !== 'greater_than' && entry.op !== 'less_than')).map((entry) => (
              <option key={entry.op} value={entry.op}>
                {entry.label}
              </option>
            ))}
          </select>
          {opNeedsValue(condition.op) ? (
            choices ? (
              <select className="input" aria-label="Condition value" value={String(condition.value ?? '')} onChange={(event) => handleValue(event.target.value)}>
                <option value="">Choose…</option>
                {choices.map((choice) => (
                  <option key={choice} value={choice}>
                    {choice === 'true' ? 'checked' : choice === 'false' ? 'not checked' : choice}
                  </option>
                ))}
              </select>
            ) : (
              <input
                className="input"
                aria-label="Condition value"
                inputMode={numeric(source) ? 'decimal' : undefined}
                value={condition.value === undefined ? '' : String(condition.value)}
                onChange={(event) => handleValue(event.target.value)}
              />
            )
          ) : null}
          {!source ? <p className="field__hint field__hint--error">The field it used is no longer above this one.</p> : null}
        </div>
      ) : null}
    </div>
  );
};
