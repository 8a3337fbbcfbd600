import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Copy, UserPlus, Users } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { Member } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { EmptyState } from '../../../ui/EmptyState';
import { Spinner } from '../../../ui/Spinner';
import { useToast } from '../../../ui/Toasts';
import { useProfile } from '../../object-record/hooks/useProfile';
import { sharedService } from '../../object-record/states/registry';
import { enumLabel, formatDate, formatTimestamp } from '../../object-record/utils/format';
import { assignableRoles, managesTeam } from '../utils/roles';
import { CopySetupDialog } from './CopySetupDialog';
import { InviteDialog } from './InviteDialog';

const membersKey = (org: string) => ['team_members', org] as const;
const invitationsKey = (org: string) => ['team_invitations', org] as const;

/**
 * The team of the active workspace on the server: its members (role changeable by owners
 * and admins, remove with confirmation), its pending invitations (revoke), "Invite
 * member", and "Copy setup from…" for a new workspace. Not signed in, it says so and
 * offers sign-in; anyone but an owner or admin reads it only.
 */
export const TeamScreen = () => {
  const backend = useBackend();
  const client = useQueryClient();
  const toast = useToast();
  const profile = useProfile().data;
  const sync = useQuery({ queryKey: ['sync_status'], queryFn: () => backend.invoke('sync_status', {}) });
  const org = profile?.organizations.find((o) => o.id === profile.active_organization_id) ?? null;
  const orgId = org?.id ?? '';
  const signedIn = sync.data?.connected ?? false;
  // Only a workspace this device syncs has a team on the server.
  const onServer = signedIn && !!orgId && (sync.data?.organizations ?? []).some((synced) => synced.id === orgId);
  const members = useQuery({
    queryKey: membersKey(orgId),
    queryFn: () => backend.invoke('team_members', { organizationId: orgId }),
    enabled: onServer,
  });
  const invitations = useQuery({
    queryKey: invitationsKey(orgId),
    queryFn: () => backend.invoke('team_invitations', { organizationId: orgId }),
    enabled: onServer,
  });
  const [inviting, setInviting] = useState(false);
  const [copying, setCopying] = useState(false);
  const [signingIn, setSigningIn] = useState(false);
  const [removing, setRemoving] = useState<Member | null>(null);
  const [busy, setBusy] = useState(false);
  const SignIn = sharedService('SignInDialog');

  if (!profile || !org || sync.isLoading) return <Spinner />;

  const me = members.data?.find((m) => m.id === profile.user.id);
  const myRole = me?.role ?? null;
  const manager = managesTeam(myRole);
  const others = profile.organizations.filter((o) => o.id !== org.id);
  const reload = () => {
    void client.invalidateQueries({ queryKey: membersKey(org.id) });
    void client.invalidateQueries({ queryKey: invitationsKey(org.id) });
  };

  const run = async (what: string, action: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await action();
      reload();
    } catch (reason) {
      toast.showError(what, toErrorPayload(reason).message);
    } finally {
      setBusy(false);
    }
  };

  const copySetup = others.length > 0 && (manager || !onServer) ? (
    <Button icon={<Copy size={14} aria-hidden="true" />} onClick={() => setCopying(true)}>
      Copy setup from…
    </Button>
  ) : null;

  const dialogs = (
    <>
      {copying ? <CopySetupDialog target={org} sources={others} onClose={() => setCopying(false)} /> : null}
      {signingIn && SignIn ? <SignIn onClose={() => setSigningIn(false)} /> : null}
    </>
  );

  if (!signedIn) {
    return (
      <div className="team-screen">
        <EmptyState
          icon={<Users size={28} />}
          title="Sign in to manage the team"
          description={`${org.name} is on this device only. Sign in to a sync server to invite people, change their roles and see pending invitations.`}
          action={
            <div className="team-screen__actions">
              {SignIn ? (
                <Button variant="primary" onClick={() => setSigningIn(true)}>
                  Sign in
                </Button>
              ) : null}
              {copySetup}
            </div>
          }
        />
        {dialogs}
      </div>
    );
  }

  if (!onServer) {
    return (
      <div className="team-screen">
        <EmptyState
          icon={<Users size={28} />}
          title="This workspace has no team yet"
          description={`${org.name} is on this device only: it is not synced, so nobody else has access. Its setup can come from another workspace.`}
          action={<div className="team-screen__actions">{copySetup}</div>}
        />
        {dialogs}
      </div>
    );
  }

  const loadError = members.error ?? invitations.error;
  const pending = invitations.data ?? [];
  return (
    <div className="team-screen">
      <div className="team-screen__head">
        <p className="team-screen__lead">
          People with access to <strong>{org.name}</strong>
          {myRole ? (
            <>
              {' '}
              · you are <strong>{enumLabel(myRole).toLowerCase()}</strong>
            </>
          ) : null}
        </p>
        <div className="team-screen__actions">
          {copySetup}
          {manager ? (
            <Button variant="primary" icon={<UserPlus size={14} aria-hidden="true" />} onClick={() => setInviting(true)}>
              Invite member
            </Button>
          ) : null}
        </div>
      </div>
      {!manager && members.data ? (
        <div className="viewer-notice" role="note">
          Only owners and admins change the team; you can see who has access.
        </div>
      ) : null}
      {loadError ? (
        <div className="form-error" role="alert">
          {toErrorPayload(loadError).message}
        </div>
      ) : null}

      <section className="team-section" aria-labelledby="team-members-title">
        <h2 id="team-members-title" className="team-section__title">
          Members {members.data ? <span className="team-section__count">{members.data.filter((m) => m.role !== 'invited').length}</span> : null}
        </h2>
        {members.isLoading ? <Spinner /> : null}
        {members.data ? (
          <table className="import-table team-table" aria-label="Members">
            <thead>
              <tr>
                <th>Name</th>
                <th>Email</th>
                <th className="team-table__role">Role</th>
                <th className="team-table__date">Joined</th>
                <th className="team-table__action" aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {members.data
                .filter((m) => m.role !== 'invited')
                .map((member) => {
                  const roles = manager && member.id !== profile.user.id ? assignableRoles(myRole, member.role) : [];
                  return (
                    <tr key={member.id} data-member={member.email}>
                      <td>
                        {member.name}
                        {member.id === profile.user.id ? <span className="team-table__you"> (you)</span> : null}
                      </td>
                      <td>{member.email}</td>
                      <td className="team-table__role">
                        {roles.length > 0 ? (
                          <select
                            className="input input--compact"
                            aria-label={`Role of ${member.email}`}
                            value={member.role}
                            disabled={busy}
                            onChange={(event) =>
                              void run(`Could not change ${member.email}'s role`, () =>
                                backend.invoke('team_set_role', { organizationId: org.id, accountId: member.id, role: event.target.value }),
                              )
                            }
                          >
                            {roles.map((role) => (
                              <option key={role} value={role}>
                                {enumLabel(role)}
                              </option>
                            ))}
                          </select>
                        ) : (
                          enumLabel(member.role)
                        )}
                      </td>
                      <td className="team-table__date">{member.joined_at ? formatDate(member.joined_at.slice(0, 10)) : '—'}</td>
                      <td className="team-table__action">
                        {roles.length > 0 ? (
                          <Button variant="danger" disabled={busy} aria-label={`Remove ${member.email}`} onClick={() => setRemoving(member)}>
                            Remove
                          </Button>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
            </tbody>
          </table>
        ) : null}
      </section>

      <section className="team-section" aria-labelledby="team-invitations-title">
        <h2 id="team-invitations-title" className="team-section__title">
          Pending invitations <span className="team-section__count">{pending.length}</span>
        </h2>
        {invitations.data && pending.length === 0 ? <p className="team-section__empty">No invitations waiting.</p> : null}
        {pending.length > 0 ? (
          <table className="import-table team-table" aria-label="Pending invitations">
            <thead>
              <tr>
                <th>Email</th>
                <th className="team-table__role">Role</th>
                <th>Invited by</th>
                <th className="team-table__date">Expires</th>
                <th className="team-table__action" aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {pending.map((invitation) => (
                <tr key={invitation.id} data-invitation={invitation.email}>
                  <td>{invitation.email}</td>
                  <td className="team-table__role">{enumLabel(invitation.role)}</td>
                  <td>{invitation.invited_by}</td>
                  <td className="team-table__date" title={formatTimestamp(invitation.expires_at)}>
                    {formatDate(invitation.expires_at.slice(0, 10))}
                  </td>
                  <td className="team-table__action">
                    {manager ? (
                      <Button
                        disabled={busy}
                        aria-label={`Revoke the invitation of ${invitation.email}`}
                        onClick={() =>
                          void run(`Could not revoke ${invitation.email}'s invitation`, () =>
                            backend.invoke('team_revoke', { organizationId: org.id, invitationId: invitation.id }),
                          )
                        }
                      >
                        Revoke
                      </Button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>

      {inviting ? (
        <InviteDialog organizationId={org.id} organizationName={org.name} onInvited={reload} onClose={() => setInviting(false)} />
      ) : null}
      {removing ? (
        <ConfirmDialog
          title={`Remove ${removing.name}?`}
          confirmLabel="Remove member"
          danger
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            await run(`Could not remove ${removing.email}`, () =>
              backend.invoke('team_remove', { organizationId: org.id, accountId: removing.id }),
            );
            setRemoving(null);
          }}
        >
          {removing.email} loses access to {org.name} at once: their devices stop syncing it. The rows they made stay.
        </ConfirmDialog>
      ) : null}
      {dialogs}
    </div>
  );
};
