import { FileText } from 'lucide-react';

import type { ModuleManifest } from '../object-record/types/manifest';
import { dayOf, joinWords } from '../object-record/utils/displayName';
import { FormsScreen } from './components/FormsScreen';

/**
 * Forms: the list of forms, a builder (fields by drag and drop, conditions, mapping to
 * contact fields, settings, a live preview of the public page, publishing), and each
 * form's submissions (a table with a column per field, filters, the spam queue, CSV, a
 * chart of submissions and page views). `#/forms?form=<id>&tab=<tab>` opens one form.
 */
export const forms: ModuleManifest = {
  id: 'forms',
  sidebar: [{ id: 'forms', label: 'Forms', icon: FileText, tables: ['forms', 'form_submissions'], Screen: FormsScreen }],
  tables: {
    forms: { labels: { tab: 'Forms', one: 'form', many: 'forms' } },
    form_submissions: {
      labels: { tab: 'Submissions', one: 'submission', many: 'submissions' },
      displayName: (row) => joinWords('Submission', dayOf(row.created_at)),
      nameLabel: 'Submission',
    },
    form_views: {
      labels: { tab: 'Page views', one: 'day of page views', many: 'days of page views' },
      displayName: (row) => joinWords('Views', dayOf(row.day)),
    },
  },
};
