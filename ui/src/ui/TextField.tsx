import type { InputHTMLAttributes } from 'react';

export type TextFieldProps = InputHTMLAttributes<HTMLInputElement> & {
  id: string;
  label: string;
  /** Marks the label with a star (the form checks, not the browser). */
  mandatory?: boolean;
  /** The last error named this field. */
  invalid?: boolean;
  hint?: string;
};

/** A labelled text input of a dialog's form, marked when the last error named it. */
export const TextField = ({ id, label, mandatory = false, invalid = false, hint, className = 'input', ...input }: TextFieldProps) => (
  <div className={`field${invalid ? ' field--invalid' : ''}`}>
    <label htmlFor={id} className="field__label">
      {label}
      {mandatory ? (
        <>
          {' '}
          <span className="field__required" aria-hidden="true">
            *
          </span>
        </>
      ) : null}
    </label>
    <input id={id} className={className} aria-invalid={invalid || undefined} {...input} />
    {hint ? <p className="field__hint">{hint}</p> : null}
  </div>
);
