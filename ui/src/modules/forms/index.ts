import { FileText } from 'lucide-react';

import type { ModuleManifest } from '../object-record/types/manifest';
import { dayOf, joinWords } from '../object-record/utils/displayName';

/** Forms and their submissions; no behaviour beyond the generic record screens yet. */
export const forms: ModuleManifest = {
  id: 'forms',
  sidebar: [{ id: 'forms', label: 'Forms', icon: FileText, tables: ['forms', 'form_submissions'] }],
  tables: {
    forms: { labels: { tab: 'Forms', one: 'form', many: 'forms' } },
    form_submissions: {
      labels: { tab: 'Submissions', one: 'submission', many: 'submissions' },
      displayName: (row) => joinWords('Submission', dayOf(row.created_at)),
      nameLabel: 'Submission',
    },
  },
};
