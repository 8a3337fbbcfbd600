import type { ReactNode } from 'react';

export type BadgeTone = 'gray' | 'blue' | 'green' | 'amber' | 'red' | 'purple' | 'teal' | 'pink';

export type BadgeProps = {
  tone?: BadgeTone;
  children: ReactNode;
};

export const Badge = ({ tone = 'gray', children }: BadgeProps) => (
  <span className={`badge badge--${tone}`}>{children}</span>
);
