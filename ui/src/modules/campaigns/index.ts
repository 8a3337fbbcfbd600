import { Megaphone } from 'lucide-react';

import type { ModuleManifest } from '../object-record/types/manifest';

/** Email and SMS campaigns; no behaviour beyond the generic record screens yet. */
export const campaigns: ModuleManifest = {
  id: 'campaigns',
  sidebar: [{ id: 'campaigns', label: 'Campaigns', icon: Megaphone, tables: ['email_campaigns', 'sms_campaigns'] }],
  tables: {
    email_campaigns: {
      labels: { tab: 'Email', one: 'email campaign', many: 'email campaigns' },
      listColumns: ['subject', 'status', 'scheduled_at', 'recipient_count', 'opened_count'],
    },
    sms_campaigns: {
      labels: { tab: 'SMS', one: 'SMS campaign', many: 'SMS campaigns' },
      listColumns: ['status', 'scheduled_at', 'recipient_count', 'delivered_count'],
    },
  },
};
