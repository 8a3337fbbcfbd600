import type { CSSProperties } from 'react';

/** The colours the core gives tags it creates; the tag editor offers the same. */
export const TAG_PALETTE: ReadonlyArray<string> = [
  '#2563eb',
  '#16a34a',
  '#d97706',
  '#dc2626',
  '#7c3aed',
  '#0891b2',
  '#db2777',
  '#65a30d',
];

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

export const isHexColour = (value: string): boolean => HEX.test(value.trim());

const rgb = (hex: string): [number, number, number] | null => {
  const match = HEX.exec(hex.trim());
  if (!match) return null;
  let digits = match[1] ?? '';
  if (digits.length === 3) digits = digits.replace(/./g, (d) => d + d);
  return [0, 2, 4].map((at) => parseInt(digits.slice(at, at + 2), 16)) as [number, number, number];
};

/** A chip tinted with the tag's colour: soft background, stronger border, dark text. */
export const tagChipStyle = (colour: string | null | undefined): CSSProperties | undefined => {
  const channels = colour ? rgb(colour) : null;
  if (!channels) return undefined;
  const [r, g, b] = channels;
  const dark = channels.map((c) => Math.round(c * 0.55)) as [number, number, number];
  return {
    backgroundColor: `rgba(${r}, ${g}, ${b}, 0.12)`,
    borderColor: `rgba(${r}, ${g}, ${b}, 0.4)`,
    color: `rgb(${dark[0]}, ${dark[1]}, ${dark[2]})`,
  };
};
