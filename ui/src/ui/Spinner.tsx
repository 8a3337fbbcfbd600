export type SpinnerProps = {
  label?: string;
};

export const Spinner = ({ label = 'Loading…' }: SpinnerProps) => (
  <span className="spinner" role="status">
    <span className="spinner__circle" aria-hidden="true" />
    <span className="visually-hidden">{label}</span>
  </span>
);
