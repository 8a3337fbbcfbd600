import { useId, type ReactNode } from 'react';

export type DetailSectionProps = {
  title: string;
  /** A button or two at the right of the heading (Edit, Add). */
  action?: ReactNode;
  children: ReactNode;
};

/** One titled block of a detail panel. */
export const DetailSection = ({ title, action, children }: DetailSectionProps) => {
  const headingId = useId();
  return (
    <section className="detail-section" aria-labelledby={headingId}>
      <header className="detail-section__header">
        <h3 id={headingId} className="detail-section__title">
          {title}
        </h3>
        {action ? <div className="detail-section__action">{action}</div> : null}
      </header>
      {children}
    </section>
  );
};
