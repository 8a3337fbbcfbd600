import type { Form } from '../../../bindings';
import type { BadgeTone } from '../../../ui/Badge';
import { readSettings } from './definition';

/** Published (active and public), closed (past its close date), or a draft. */
export const formStatus = (form: Form, now: Date = new Date()): { key: 'published' | 'closed' | 'draft'; label: string; tone: BadgeTone } => {
  if (!(form.is_active && form.is_public)) return { key: 'draft', label: 'Draft', tone: 'gray' };
  const closes = readSettings(form.settings).closes_at;
  if (closes && Date.parse(closes) <= now.getTime()) return { key: 'closed', label: 'Closed', tone: 'amber' };
  return { key: 'published', label: 'Published', tone: 'green' };
};
