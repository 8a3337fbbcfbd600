import { Bell } from 'lucide-react';

import type { ModuleManifest } from '../object-record/types/manifest';

/** Notifications; no behaviour beyond the generic record screens yet. */
export const notifications: ModuleManifest = {
  id: 'notifications',
  sidebar: [{ id: 'notifications', label: 'Notifications', icon: Bell, tables: ['notifications'] }],
  tables: {
    notifications: {
      labels: { tab: 'Notifications', one: 'notification', many: 'notifications' },
      listColumns: ['type', 'is_read', 'created_at'],
    },
  },
};
