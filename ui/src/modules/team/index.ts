import { Settings, Users } from 'lucide-react';

import type { ModuleManifest, OptionSource } from '../object-record/types/manifest';
import { displayName, joinWords, text } from '../object-record/utils/displayName';
import { capitalize } from '../object-record/utils/labels';
import { NewOrganizationDialog } from './components/NewOrganizationDialog';
import { TeamScreen } from './components/TeamScreen';

type Row = Record<string, unknown>;

/** A user by first and last name, or by email when they have no name. */
const userName = (row: Row): string => joinWords(text(row.first_name), text(row.last_name)) || text(row.email);

/** The organisation's users are the people every owner column points at. */
const people: OptionSource = {
  table: 'users',
  query: () => ({ filters: [], sort: { field: 'first_name', desc: false } }),
  option: (row) => ({ value: String(row.id), label: displayName('users', row) }),
};

/**
 * Users, members and organisations; a new organisation is made through the profile; the
 * team screen manages the workspace's members on the server.
 */
export const team: ModuleManifest = {
  id: 'team',
  sidebar: [{ id: 'team', label: 'Team & settings', icon: Settings, tables: ['users', 'organization_members', 'organizations'] }],
  // The workspace's team on the server: members, roles, invitations.
  tools: [{ entry: 'team', id: 'members', label: 'Team', title: 'Team', icon: Users, Page: TeamScreen }],
  tables: {
    users: {
      labels: { tab: 'Users', one: 'user', many: 'users' },
      displayName: userName,
      nameFields: ['first_name', 'last_name'],
      nameSortField: 'last_name',
      person: true,
      listColumns: ['email', 'role', 'status', 'last_login_at', 'created_at'],
      // People are found by last name, or by email when the term looks like one.
      quickSearch: { field: (term) => (term.includes('@') ? 'email' : 'last_name'), placeholder: 'Search last name or email…' },
    },
    organization_members: {
      labels: { tab: 'Members', one: 'member', many: 'members' },
      displayName: (row) => joinWords(capitalize(text(row.role)), 'member'),
    },
    organizations: {
      CreateDialog: NewOrganizationDialog,
      labels: { tab: 'Organizations', one: 'organization', many: 'organizations' },
      listColumns: ['slug', 'industry', 'size', 'status', 'created_at'],
    },
  },
  provides: { people, NewOrganizationDialog },
};
