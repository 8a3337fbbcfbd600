import { FileText } from 'lucide-react';

import type { ModuleManifest } from '../object-record/types/manifest';

/** Forms and their submissions; no behaviour beyond the generic record screens yet. */
export const forms: ModuleManifest = {
  id: 'forms',
  sidebar: [{ id: 'forms', label: 'Forms', icon: FileText, tables: ['forms', 'form_submissions'] }],
};
