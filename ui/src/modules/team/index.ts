import { Settings } from 'lucide-react';

import type { ModuleManifest } from '../object-record/types/manifest';
import { NewOrganizationDialog } from './components/NewOrganizationDialog';

/** Users, members and organisations; a new organisation is made through the profile. */
export const team: ModuleManifest = {
  id: 'team',
  sidebar: [{ id: 'team', label: 'Team & settings', icon: Settings, tables: ['users', 'organization_members', 'organizations'] }],
  tables: { organizations: { CreateDialog: NewOrganizationDialog } },
};
