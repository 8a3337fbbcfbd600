import { Megaphone } from 'lucide-react';

import type { ModuleManifest } from '../object-record/types/manifest';

/** Email and SMS campaigns; no behaviour beyond the generic record screens yet. */
export const campaigns: ModuleManifest = {
  id: 'campaigns',
  sidebar: [{ id: 'campaigns', label: 'Campaigns', icon: Megaphone, tables: ['email_campaigns', 'sms_campaigns'] }],
};
