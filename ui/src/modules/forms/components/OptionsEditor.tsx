import { useRef, type ClipboardEvent, type KeyboardEvent } from 'react';
import { ArrowDown, ArrowUp, Plus, X } from 'lucide-react';

import { Button } from '../../../ui/Button';

export type OptionsEditorProps = {
  options: ReadonlyArray<string>;
  onChange: (options: string[]) => void;
};

/**
 * The choices of a select field: edit, add (Enter adds one below), remove, reorder; pasting
 * several lines makes one option per line.
 */
export const OptionsEditor = ({ options, onChange }: OptionsEditorProps) => {
  const list = useRef<HTMLOListElement>(null);

  const focusOption = (index: number) =>
    requestAnimationFrame(() => list.current?.querySelectorAll<HTMLInputElement>('input')[index]?.focus());

  const insert = (index: number, values: string[]) => {
    const next = [...options];
    next.splice(index, 0, ...values);
    onChange(next);
    focusOption(index + values.length - 1);
  };

  const move = (index: number, by: number) => {
    const next = [...options];
    const [moved] = next.splice(index, 1);
    if (moved === undefined) return;
    next.splice(index + by, 0, moved);
    onChange(next);
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLInputElement>, index: number) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      insert(index + 1, ['']);
    } else if (event.key === 'Backspace' && options[index] === '' && options.length > 1) {
      event.preventDefault();
      onChange(options.filter((_, i) => i !== index));
      focusOption(Math.max(0, index - 1));
    }
  };

  const handlePaste = (event: ClipboardEvent<HTMLInputElement>, index: number) => {
    const lines = event.clipboardData
      .getData('text')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
    if (lines.length < 2) return;
    event.preventDefault();
    const next = [...options];
    next.splice(index, options[index] === '' ? 1 : 0, ...lines);
    onChange(next);
  };

  return (
    <div className="options-editor">
      <ol className="options-editor__list" ref={list}>
        {options.map((option, index) => (
          <li key={index} className="options-editor__row">
            <input
              className="input"
              aria-label={`Option ${index + 1}`}
              value={option}
              placeholder={`Option ${index + 1}`}
              onChange={(event) => onChange(options.map((value, i) => (i === index ? event.target.value : value)))}
              onKeyDown={(event) => handleKeyDown(event, index)}
              onPaste={(event) => handlePaste(event, index)}
            />
            <button type="button" className="icon-button" aria-label={`Move option ${index + 1} up`} disabled={index === 0} onClick={() => move(index, -1)}>
              <ArrowUp size={13} />
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={`Move option ${index + 1} down`}
              disabled={index === options.length - 1}
              onClick={() => move(index, 1)}
            >
              <ArrowDown size={13} />
            </button>
            <button type="button" className="icon-button" aria-label={`Remove option ${index + 1}`} onClick={() => onChange(options.filter((_, i) => i !== index))}>
              <X size={13} />
            </button>
          </li>
        ))}
      </ol>
      <Button variant="ghost" className="button--small" icon={<Plus size={13} />} onClick={() => insert(options.length, [`Option ${options.length + 1}`])}>
        Add option
      </Button>
    </div>
  );
};
