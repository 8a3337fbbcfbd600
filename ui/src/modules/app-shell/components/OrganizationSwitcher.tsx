import { Check, ChevronsUpDown, CloudUpload, HardDrive, Plus } from 'lucide-react';
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';

import type { Organization } from '../../../bindings';

/** What the device knows of each organisation's sync, when it is signed in. */
export type OrganizationSync = {
  /** The organisations this device syncs. */
  syncedIds: ReadonlyArray<string>;
  /** Organisations whose membership ended: their copy stays here, read-only. */
  readOnlyIds: ReadonlyArray<string>;
};

export type OrganizationSwitcherProps = {
  organizations: ReadonlyArray<Organization>;
  activeId: string;
  /** Signed in: which organisations sync (the others stay on this device); null when not. */
  sync?: OrganizationSync | null;
  onSwitch: (organization: Organization) => void;
  onNew: () => void;
  /** "Start syncing this workspace", for one that lives on this device only. */
  onStartSyncing?: (organization: Organization) => void;
};

type SyncState = 'syncs' | 'device-only' | 'read-only' | null;

const HINTS: Record<Exclude<SyncState, null>, string> = {
  syncs: 'Syncs',
  'device-only': 'This device only, not synced',
  'read-only': 'Read-only: membership ended',
};

const OrgAvatar = ({ name }: { name: string }) => (
  <span className="org-avatar" aria-hidden="true">
    {name.trim().charAt(0).toUpperCase() || '?'}
  </span>
);

/** Agencies and standalone workspaces, each followed by its client workspaces. */
const grouped = (organizations: ReadonlyArray<Organization>) => {
  const ids = new Set(organizations.map((organization) => organization.id));
  const top = organizations.filter((organization) => !organization.parent_id || !ids.has(organization.parent_id));
  return top.flatMap((parent) => [
    { organization: parent, nested: false },
    ...organizations
      .filter((child) => child.parent_id === parent.id && child.id !== parent.id)
      .map((child) => ({ organization: child, nested: true })),
  ]);
};

/**
 * The active organisation; opens a menu (Radix DropdownMenu: arrow keys, typeahead, Escape)
 * of the profile's organisations, client workspaces under their agency, each saying
 * whether it syncs, and "New organization…" (and "Start syncing this workspace" for one
 * that lives on this device only).
 */
export const OrganizationSwitcher = ({
  organizations,
  activeId,
  sync = null,
  onSwitch,
  onNew,
  onStartSyncing,
}: OrganizationSwitcherProps) => {
  const active = organizations.find((organization) => organization.id === activeId);
  const stateOf = (id: string): SyncState => {
    if (!sync) return null;
    if (sync.syncedIds.includes(id)) return 'syncs';
    return sync.readOnlyIds.includes(id) ? 'read-only' : 'device-only';
  };
  const activeState = active ? stateOf(active.id) : null;
  const activeLocal = activeState === 'device-only';

  const handleSelect = (id: string) => {
    const organization = organizations.find((candidate) => candidate.id === id);
    if (organization && organization.id !== activeId) onSwitch(organization);
  };

  return (
    <div className="org-switcher">
      <DropdownMenu.Root>
        <DropdownMenu.Trigger
          className="org-switcher__button"
          aria-label={`Organization: ${active?.name ?? 'none'}${activeLocal ? ' (on this device only, not synced)' : ''}`}
          title={activeLocal ? 'This workspace stays on this device: it is not synced' : undefined}
        >
          <OrgAvatar name={active?.name ?? '?'} />
          <span className="org-switcher__name">{active?.name ?? 'No organization'}</span>
          {activeLocal ? <HardDrive size={13} className="org-switcher__local" aria-hidden="true" /> : null}
          <ChevronsUpDown size={14} className="muted" />
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content className="menu menu--floating" aria-label="Organizations" align="start" sideOffset={4}>
            <DropdownMenu.Label className="menu__label">Organizations</DropdownMenu.Label>
            <DropdownMenu.RadioGroup value={activeId} onValueChange={handleSelect}>
              {grouped(organizations).map(({ organization, nested }) => {
                const state = stateOf(organization.id);
                return (
                  <DropdownMenu.RadioItem
                    key={organization.id}
                    value={organization.id}
                    className={`menu__item${nested ? ' menu__item--nested' : ''}`}
                  >
                    <OrgAvatar name={organization.name} />
                    <span className="menu__text menu__text--stacked">
                      <span>{organization.name}</span>
                      {state ? <small className={`menu__hint menu__hint--${state}`}>{HINTS[state]}</small> : null}
                    </span>
                    <DropdownMenu.ItemIndicator>
                      <Check size={14} className="menu__check" />
                    </DropdownMenu.ItemIndicator>
                  </DropdownMenu.RadioItem>
                );
              })}
            </DropdownMenu.RadioGroup>
            <DropdownMenu.Separator className="menu__separator" />
            {active && activeLocal && onStartSyncing ? (
              <DropdownMenu.Item className="menu__item" onSelect={() => onStartSyncing(active)}>
                <CloudUpload size={14} />
                <span className="menu__text">Start syncing this workspace</span>
              </DropdownMenu.Item>
            ) : null}
            <DropdownMenu.Item className="menu__item" onSelect={onNew}>
              <Plus size={14} />
              <span className="menu__text">New organization…</span>
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
    </div>
  );
};
