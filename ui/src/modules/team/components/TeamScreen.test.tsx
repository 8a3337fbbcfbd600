// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { demoSeed, DEMO_USER } from '../../../backend/fake/demoSeed';
import { createFakeBackend } from '../../../backend/fake/fakeBackend';
import type { Member, PendingInvitation, SyncState } from '../../../bindings';
import { callsOf, renderWith } from '../../../test/fixtures';
import { TeamScreen } from './TeamScreen';

afterEach(cleanup);

const SEED = demoSeed(0);

const status = (connected: boolean, organization: string | null = SEED.activeOrganizationId): SyncState => ({
  connected,
  server: connected ? 'https://crm.example.com' : null,
  email: connected ? DEMO_USER.email : null,
  role: connected ? 'owner' : null,
  organizations: connected && organization ? [{ id: organization, name: 'Demo', role: 'owner' }] : [],
  ended: [],
  when_ended: 'keep_read_only',
  online: connected,
  pending_changes: 0,
  last_sync: null,
  last_error: null,
  remote_rows: 0,
  undone_unseen: 0,
});

/** A server's team kept in memory: the handlers change it as the real server would. */
const team = (myRole: string) => {
  const members: Member[] = [
    { id: DEMO_USER.id, email: DEMO_USER.email, name: 'Dana Demo', role: myRole, joined_at: '2026-11-01T09:00:00.000Z' },
    { id: '00000000-0000-4000-8000-0000000000b2', email: 'max@agency.test', name: 'Max Member', role: 'member', joined_at: '2026-11-20T09:00:00.000Z' },
  ];
  let invitations: PendingInvitation[] = [
    { id: '00000000-0000-4000-8000-0000000000c1', email: 'cleo@client.test', role: 'client', invited_by: 'Dana Demo', created_at: '2026-12-01T09:00:00.000Z', expires_at: '2026-12-08T09:00:00.000Z' },
  ];
  const handlers = {
    sync_status: () => status(true),
    team_members: () => members.map((m) => ({ ...m })),
    team_invitations: () => invitations.map((i) => ({ ...i })),
    team_invite: ({ email, role }: { email: string; role: string }) => {
      const id = `00000000-0000-4000-8000-0000000000c${invitations.length + 2}`;
      invitations = [{ id, email, role, invited_by: 'Dana Demo', created_at: '2026-12-07T09:00:00.000Z', expires_at: '2026-12-14T09:00:00.000Z' }, ...invitations];
      return { id, code: 'invite-code-0123456789abcdef', expires_at: '2026-12-14T09:00:00.000Z', account_id: '00000000-0000-4000-8000-0000000000d1' };
    },
    team_set_role: ({ accountId, role }: { accountId: string; role: string }) => {
      const member = members.find((m) => m.id === accountId);
      if (member) member.role = role;
      return members.map((m) => ({ ...m }));
    },
    team_remove: ({ accountId }: { accountId: string }) => {
      members.splice(members.findIndex((m) => m.id === accountId), 1);
      return null;
    },
    team_revoke: ({ invitationId }: { invitationId: string }) => {
      invitations = invitations.filter((i) => i.id !== invitationId);
      return null;
    },
  };
  return createFakeBackend({ ...demoSeed(0), handlers });
};

describe('TeamScreen', () => {
  it('lets an owner invite, change a role, revoke and remove, each through the server', async () => {
    const backend = team('owner');
    renderWith(backend, <TeamScreen />);

    const members = await screen.findByRole('table', { name: 'Members' });
    expect(within(members).getByText('max@agency.test')).toBeTruthy();
    expect(within(members).getByText(/\(you\)/)).toBeTruthy();
    const pending = screen.getByRole('table', { name: 'Pending invitations' });
    expect(within(pending).getByText('cleo@client.test')).toBeTruthy();
    expect(within(pending).getByText('Client')).toBeTruthy();

    // Invite: the dialog shows the code to pass on, and the invitation is pending.
    fireEvent.click(screen.getByRole('button', { name: /Invite member/ }));
    fireEvent.change(screen.getByLabelText(/Email/), { target: { value: 'rita@agency.test' } });
    fireEvent.change(screen.getByLabelText('Role'), { target: { value: 'viewer' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create invitation' }));
    expect(((await screen.findByLabelText('Invitation code')) as HTMLInputElement).value).toBe('invite-code-0123456789abcdef');
    expect(callsOf(backend, 'team_invite')[0]).toMatchObject({ email: 'rita@agency.test', role: 'viewer' });
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.getByText('rita@agency.test')).toBeTruthy());

    // A role from the select.
    fireEvent.change(screen.getByLabelText('Role of max@agency.test'), { target: { value: 'admin' } });
    await waitFor(() => expect((screen.getByLabelText('Role of max@agency.test') as HTMLSelectElement).value).toBe('admin'));
    expect(callsOf(backend, 'team_set_role')[0]).toMatchObject({ accountId: '00000000-0000-4000-8000-0000000000b2', role: 'admin' });
    // The owner's own role is not a select (the server keeps the last owner anyway).
    expect(screen.queryByLabelText(`Role of ${DEMO_USER.email}`)).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Revoke the invitation of cleo@client.test' }));
    await waitFor(() => expect(screen.queryByText('cleo@client.test')).toBeNull());

    fireEvent.click(screen.getByRole('button', { name: 'Remove max@agency.test' }));
    expect(screen.getByText(/loses access to Brightside Agency at once/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Remove member' }));
    await waitFor(() => expect(screen.queryByText('max@agency.test')).toBeNull());
    expect(callsOf(backend, 'team_remove')).toHaveLength(1);
  });

  it('shows a viewer the team without anything to change', async () => {
    renderWith(team('viewer'), <TeamScreen />);
    await screen.findByRole('table', { name: 'Members' });
    expect(screen.getByRole('note').textContent).toContain('Only owners and admins change the team');
    expect(screen.queryByRole('button', { name: /Invite member/ })).toBeNull();
    expect(screen.queryByLabelText('Role of max@agency.test')).toBeNull();
    expect(screen.queryByRole('button', { name: /Remove/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /Revoke/ })).toBeNull();
  });

  it('says so when this device is not signed in, and offers sign-in', async () => {
    const backend = createFakeBackend({ ...demoSeed(0), handlers: { sync_status: () => status(false) } });
    renderWith(backend, <TeamScreen />);
    expect(await screen.findByText('Sign in to manage the team')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByLabelText('Password')).toBeTruthy();
    expect(callsOf(backend, 'team_members')).toHaveLength(0);
  });
});

describe('TeamScreen, a workspace only on this device', () => {
  it('says it has no team and copies the setup of another workspace into it', async () => {
    const other = SEED.organizations.find((o) => o.id !== SEED.activeOrganizationId);
    const backend = createFakeBackend({
      ...demoSeed(0),
      handlers: {
        sync_status: () => status(true, other?.id ?? null),
        organization_snapshot: ({ from, to }) => ({ organization_id: to, batch_id: from, copied: [{ table: 'pipelines', rows: 2 }] }),
      },
    });
    renderWith(backend, <TeamScreen />);
    expect(await screen.findByText('This workspace has no team yet')).toBeTruthy();
    expect(callsOf(backend, 'team_members')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: /Copy setup from/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Copy setup' }));
    await waitFor(() => expect(callsOf(backend, 'organization_snapshot')).toEqual([{ from: other?.id, to: SEED.activeOrganizationId }]));
    expect(await screen.findByText('Setup copied: 2 pipelines')).toBeTruthy();
  });
});
