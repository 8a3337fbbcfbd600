import type { ReactNode } from 'react';
import { Copy, Trash2 } from 'lucide-react';

import { Button } from '../../../ui/Button';
import type { FormField } from '../types';
import { CONSENT_TARGETS, isChoice, typeName } from '../utils/definition';
import { ConditionEditor } from './ConditionEditor';
import { FieldIcon } from './fieldIcons';
import { MapToPicker } from './MapToPicker';
import { OptionsEditor } from './OptionsEditor';

export type FieldEditorProps = {
  field: FormField;
  /** The fields above it (for its condition) and all the others (for its mapping). */
  earlier: ReadonlyArray<FormField>;
  others: ReadonlyArray<FormField>;
  error?: string;
  /** `group` merges keystrokes into one undo step. */
  onChange: (patch: Partial<FormField>, group?: string) => void;
  onLabel: (label: string) => void;
  onRename: (id: string) => void;
  onDuplicate: () => void;
  onRemove: () => void;
};

type RowProps = { id: string; label: string; hint?: ReactNode; children: ReactNode };

const Row = ({ id, label, hint, children }: RowProps) => (
  <div className="field">
    <label className="field__label" htmlFor={id}>
      {label}
    </label>
    {children}
    {hint ? <p className="field__hint">{hint}</p> : null}
  </div>
);

const NO_PLACEHOLDER = new Set<FormField['type']>(['checkbox', 'consent', 'hidden', 'rating', 'multi_select', 'file', 'date']);
const NO_MAPPING = new Set<FormField['type']>(['consent', 'file']);

/** The kinds of file a file field may take (the server checks the bytes, not the name). */
const FILE_KINDS = ['pdf', 'png', 'jpeg', 'gif', 'webp', 'txt', 'csv', 'docx', 'xlsx'] as const;
const FILE_LIMITS = [1, 2, 5, 10, 25] as const;

/** The selected field's settings, in the builder's right-hand panel. */
export const FieldEditor = ({ field, earlier, others, error, onChange, onLabel, onRename, onDuplicate, onRemove }: FieldEditorProps) => {
  const key = (name: string) => `${field.id}:${name}`;
  const inputId = (name: string) => `field-${name}`;
  return (
    <aside className="field-editor" aria-label="Field settings">
      <header className="field-editor__header">
        <span className="field-editor__type">
          <FieldIcon type={field.type} />
          {typeName(field.type)}
        </span>
        <span className="field-editor__actions">
          <button type="button" className="icon-button" aria-label="Duplicate field" title="Duplicate" onClick={onDuplicate}>
            <Copy size={14} />
          </button>
          <button type="button" className="icon-button" aria-label="Remove field" title="Remove" onClick={onRemove}>
            <Trash2 size={14} />
          </button>
        </span>
      </header>
      {error ? (
        <div className="form-error field-editor__error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="field-editor__body">
        <Row id={inputId('label')} label={field.type === 'hidden' ? 'Name' : 'Question'}>
          <input id={inputId('label')} className="input" value={field.label} onChange={(event) => onLabel(event.target.value)} />
        </Row>
        {field.type !== 'hidden' ? (
          <Row id={inputId('help')} label="Help text">
            <input
              id={inputId('help')}
              className="input"
              placeholder="Shown under the question"
              value={field.help ?? ''}
              onChange={(event) => onChange({ help: event.target.value }, key('help'))}
            />
          </Row>
        ) : null}
        {!NO_PLACEHOLDER.has(field.type) ? (
          <Row id={inputId('placeholder')} label="Placeholder">
            <input
              id={inputId('placeholder')}
              className="input"
              value={field.placeholder ?? ''}
              onChange={(event) => onChange({ placeholder: event.target.value }, key('placeholder'))}
            />
          </Row>
        ) : null}
        {field.type !== 'hidden' ? (
          <label className="toggle-row">
            <input type="checkbox" className="checkbox" checked={field.required} onChange={(event) => onChange({ required: event.target.checked })} />
            <span>Required</span>
          </label>
        ) : null}
        {isChoice(field.type) ? (
          <div className="field">
            <span className="field__label">Options</span>
            <OptionsEditor options={field.options ?? []} onChange={(options) => onChange({ options }, key('options'))} />
          </div>
        ) : null}
        {field.type === 'rating' ? (
          <Row id={inputId('max')} label="Scale">
            <select id={inputId('max')} className="input" value={field.max ?? 5} onChange={(event) => onChange({ max: Number(event.target.value) })}>
              {[3, 4, 5, 7, 10].map((max) => (
                <option key={max} value={max}>
                  1 to {max}
                </option>
              ))}
            </select>
          </Row>
        ) : null}
        {field.type === 'file' ? (
          <>
            <Row id={inputId('max_mb')} label="Largest file">
              <select id={inputId('max_mb')} className="input" value={field.max_mb ?? 10} onChange={(event) => onChange({ max_mb: Number(event.target.value) })}>
                {FILE_LIMITS.map((mb) => (
                  <option key={mb} value={mb}>
                    {mb} MB
                  </option>
                ))}
              </select>
            </Row>
            <fieldset className="field">
              <legend className="field__label">Accepted files</legend>
              {FILE_KINDS.map((kind) => {
                const accepted = field.accept && field.accept.length > 0 ? field.accept : [...FILE_KINDS];
                const checked = accepted.includes(kind);
                return (
                  <label key={kind} className="toggle-row">
                    <input
                      type="checkbox"
                      className="checkbox"
                      checked={checked}
                      onChange={(event) => {
                        const next = event.target.checked ? [...accepted, kind] : accepted.filter((k) => k !== kind);
                        if (next.length > 0) onChange({ accept: FILE_KINDS.filter((k) => next.includes(k)) });
                      }}
                    />
                    <span>{kind.toUpperCase()}</span>
                  </label>
                );
              })}
            </fieldset>
          </>
        ) : null}
        {field.type === 'consent' ? (
          <Row id={inputId('consent')} label="Opts the contact in to" hint="Checked: the contact's opt-in is set; left empty, it is not changed.">
            <select
              id={inputId('consent')}
              className="input"
              value={field.consent_to ?? 'email'}
              onChange={(event) => onChange({ consent_to: event.target.value as FormField['consent_to'] })}
            >
              {CONSENT_TARGETS.map((target) => (
                <option key={target.value} value={target.value}>
                  {target.label}
                </option>
              ))}
            </select>
          </Row>
        ) : null}
        {!NO_MAPPING.has(field.type) ? (
          <Row id={inputId('map_to')} label="Save the answer to the contact's">
            <MapToPicker id={inputId('map_to')} field={field} others={others} onChange={(map_to) => onChange({ map_to })} />
          </Row>
        ) : null}
        <div className="field">
          <span className="field__label">Logic</span>
          <ConditionEditor condition={field.show_if} earlier={earlier} onChange={(show_if) => onChange({ show_if }, key('show_if'))} />
        </div>
        <Row
          id={inputId('id')}
          label="Field id"
          hint={
            field.type === 'hidden'
              ? `Filled from the page address: ?${field.id}=value`
              : 'The answer’s key in submissions and exports. Lowercase letters, digits, underscores.'
          }
        >
          <input id={inputId('id')} className="input mono" value={field.id} onChange={(event) => onRename(event.target.value)} />
        </Row>
      </div>
      <footer className="field-editor__footer">
        <Button variant="ghost" className="button--small" icon={<Copy size={13} />} onClick={onDuplicate}>
          Duplicate
        </Button>
        <Button variant="danger" className="button--small" icon={<Trash2 size={13} />} onClick={onRemove}>
          Remove field
        </Button>
      </footer>
    </aside>
  );
};
