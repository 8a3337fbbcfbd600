import type { ReactNode } from 'react';

export type FormFieldProps = {
  /** The input's id; the label points at it. */
  id: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  className?: string;
  children: ReactNode;
};

/** A label, its input and the input's error or hint, as the app's other forms lay them out. */
export const FormField = ({ id, label, error, hint, className, children }: FormFieldProps) => (
  <div className={`field${error ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
    <label className="field__label" htmlFor={id}>
      {label}
    </label>
    {children}
    {error ? (
      <p className="field__hint field__hint--error">{error}</p>
    ) : hint ? (
      <p className="field__hint">{hint}</p>
    ) : null}
  </div>
);
