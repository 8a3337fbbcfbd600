import { Check, ChevronsUpDown, HardDrive, Plus } from 'lucide-react';
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';

import type { Organization } from '../../../bindings';

export type OrganizationSwitcherProps = {
  organizations: ReadonlyArray<Organization>;
  activeId: string;
  /** The organisation this device syncs, when signed in: the others stay on this device. */
  syncedId?: string | null;
  onSwitch: (organization: Organization) => void;
  onNew: () => void;
};

const OrgAvatar = ({ name }: { name: string }) => (
  <span className="org-avatar" aria-hidden="true">
    {name.trim().charAt(0).toUpperCase() || '?'}
  </span>
);

/**
 * The active organisation; opens a menu (Radix DropdownMenu: arrow keys, typeahead, Escape)
 * of the profile's organisations and "New organization…".
 */
export const OrganizationSwitcher = ({ organizations, activeId, syncedId = null, onSwitch, onNew }: OrganizationSwitcherProps) => {
  const active = organizations.find((organization) => organization.id === activeId);
  // Signed in, a device syncs one organisation; a workspace beside it is never sent.
  const deviceOnly = (id: string) => syncedId !== null && id !== syncedId;

  const handleSelect = (id: string) => {
    const organization = organizations.find((candidate) => candidate.id === id);
    if (organization && organization.id !== activeId) onSwitch(organization);
  };

  return (
    <div className="org-switcher">
      <DropdownMenu.Root>
        <DropdownMenu.Trigger
          className="org-switcher__button"
          aria-label={`Organization: ${active?.name ?? 'none'}${active && deviceOnly(active.id) ? ' (on this device only, not synced)' : ''}`}
          title={active && deviceOnly(active.id) ? 'This workspace stays on this device: it is not synced' : undefined}
        >
          <OrgAvatar name={active?.name ?? '?'} />
          <span className="org-switcher__name">{active?.name ?? 'No organization'}</span>
          {active && deviceOnly(active.id) ? <HardDrive size={13} className="org-switcher__local" aria-hidden="true" /> : null}
          <ChevronsUpDown size={14} className="muted" />
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content className="menu menu--floating" aria-label="Organizations" align="start" sideOffset={4}>
            <DropdownMenu.Label className="menu__label">Organizations</DropdownMenu.Label>
            <DropdownMenu.RadioGroup value={activeId} onValueChange={handleSelect}>
              {organizations.map((organization) => (
                <DropdownMenu.RadioItem key={organization.id} value={organization.id} className="menu__item">
                  <OrgAvatar name={organization.name} />
                  <span className="menu__text menu__text--stacked">
                    <span>{organization.name}</span>
                    {deviceOnly(organization.id) ? <small className="menu__hint">This device only</small> : null}
                  </span>
                  <DropdownMenu.ItemIndicator>
                    <Check size={14} className="menu__check" />
                  </DropdownMenu.ItemIndicator>
                </DropdownMenu.RadioItem>
              ))}
            </DropdownMenu.RadioGroup>
            <DropdownMenu.Separator className="menu__separator" />
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
