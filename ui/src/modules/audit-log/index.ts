import { ScrollText } from 'lucide-react';

import type { ModuleManifest } from '../object-record/types/manifest';
import { joinWords, text } from '../object-record/utils/displayName';

/** Every change made in the organisation; read only. */
export const auditLog: ModuleManifest = {
  id: 'audit-log',
  sidebar: [{ id: 'audit-log', label: 'Audit log', icon: ScrollText, tables: ['audit_logs'] }],
  tables: {
    audit_logs: {
      emptyText: 'Every change made in this organization is recorded here.',
      labels: { tab: 'Audit log', one: 'audit entry', many: 'audit entries' },
      // "update contacts".
      displayName: (row) => joinWords(text(row.action), text(row.entity_type)),
      nameFields: ['action', 'entity_type'],
      nameLabel: 'Action',
      listColumns: ['entity_id', 'ip_address', 'created_at'],
    },
  },
};
