import { Check } from 'lucide-react';

export const IMPORT_STEPS = ['Choose a file', 'Map columns', 'Import'] as const;

export type ImportStepperProps = {
  /** The step in progress (0-based); `IMPORT_STEPS.length` once the import is done. */
  current: number;
};

/** The wizard's three steps, the finished ones ticked. */
export const ImportStepper = ({ current }: ImportStepperProps) => (
  <ol className="stepper" aria-label="Import steps">
    {IMPORT_STEPS.map((label, index) => {
      const state = index < current ? 'done' : index === current ? 'current' : 'todo';
      return (
        <li
          key={label}
          className={`stepper__step stepper__step--${state}`}
          aria-current={state === 'current' ? 'step' : undefined}
        >
          <span className="stepper__marker" aria-hidden="true">
            {state === 'done' ? <Check size={12} strokeWidth={3} /> : index + 1}
          </span>
          <span className="stepper__label">{label}</span>
        </li>
      );
    })}
  </ol>
);
