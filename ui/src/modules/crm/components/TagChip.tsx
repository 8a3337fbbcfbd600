import type { ReactNode } from 'react';

import { tagChipStyle } from '../../../ui/colours';

export type TagChipProps = {
  name: string;
  colour: string | null | undefined;
  /** A remove button, or another small control, after the name. */
  children?: ReactNode;
};

/** A tag's name in its colour. */
export const TagChip = ({ name, colour, children }: TagChipProps) => (
  <span className="tag-pill" style={tagChipStyle(colour)} data-tag={name}>
    <span className="tag-pill__dot" style={colour ? { backgroundColor: colour } : undefined} aria-hidden="true" />
    <span className="tag-pill__name">{name}</span>
    {children}
  </span>
);
