import { ScrollText } from 'lucide-react';

import type { ModuleManifest } from '../object-record/types/manifest';

/** Every change made in the organisation; read only. */
export const auditLog: ModuleManifest = {
  id: 'audit-log',
  sidebar: [{ id: 'audit-log', label: 'Audit log', icon: ScrollText, tables: ['audit_logs'] }],
  tables: { audit_logs: { emptyText: 'Every change made in this organization is recorded here.' } },
};
