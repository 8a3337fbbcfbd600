/** The roles of a membership on the server, most powerful first. */
export const ROLES = ['owner', 'admin', 'member', 'viewer', 'client'] as const;
export type Role = (typeof ROLES)[number];

/** What each role may do, as the team screen and the invite dialog explain it. */
export const ROLE_HINTS: Record<Role, string> = {
  owner: 'Everything, including making owners',
  admin: 'Everything but owners: manages the team',
  member: 'Works with all of the data',
  viewer: 'Reads everything, changes nothing',
  client: "An agency's client: reads their bookings, invoices and forms",
};

/** Whether someone with `role` manages the team (invites, changes roles, removes). */
export const managesTeam = (role: string | null | undefined): boolean => role === 'owner' || role === 'admin';

/**
 * The roles `manager` may give: only an owner makes or unmakes owners (the server refuses
 * an admin the same). Someone else's owner role is left to owners.
 */
export const assignableRoles = (manager: string | null | undefined, current: string): ReadonlyArray<Role> => {
  if (manager === 'owner') return ROLES;
  if (manager === 'admin' && current !== 'owner') return ROLES.filter((role) => role !== 'owner');
  return [];
};

/** Roles an invitation can carry (owners are made from members, never invited). */
export const INVITABLE: ReadonlyArray<Role> = ['admin', 'member', 'viewer', 'client'];
