import {
  AlignLeft,
  Calendar,
  CircleDot,
  EyeOff,
  Hash,
  ListChecks,
  Mail,
  Paperclip,
  Phone,
  ShieldCheck,
  SquareCheck,
  Star,
  Type,
  type LucideIcon,
} from 'lucide-react';

import type { FieldType } from '../types';

/** Each field type's icon, in the palette and on the field cards. */
export const FIELD_ICONS: Record<FieldType, LucideIcon> = {
  text: Type,
  textarea: AlignLeft,
  email: Mail,
  phone: Phone,
  number: Hash,
  date: Calendar,
  select: CircleDot,
  multi_select: ListChecks,
  checkbox: SquareCheck,
  consent: ShieldCheck,
  hidden: EyeOff,
  rating: Star,
  file: Paperclip,
};

export type FieldIconProps = { type: FieldType; size?: number };

export const FieldIcon = ({ type, size = 15 }: FieldIconProps) => {
  const Icon = FIELD_ICONS[type];
  return <Icon size={size} aria-hidden="true" />;
};
