import { useState } from 'react';
import { Check, ChevronsUpDown, Plus } from 'lucide-react';

import type { Organization } from '../../../bindings';
import { useEscape } from '../../../ui/useEscape';

export type OrganizationSwitcherProps = {
  organizations: ReadonlyArray<Organization>;
  activeId: string;
  onSwitch: (organization: Organization) => void;
  onNew: () => void;
};

const OrgAvatar = ({ name }: { name: string }) => (
  <span className="org-avatar" aria-hidden="true">
    {name.trim().charAt(0).toUpperCase() || '?'}
  </span>
);

/** The active organisation; opens a menu of the profile's organisations and "New organization…". */
export const OrganizationSwitcher = ({ organizations, activeId, onSwitch, onNew }: OrganizationSwitcherProps) => {
  const [open, setOpen] = useState(false);
  const active = organizations.find((organization) => organization.id === activeId);
  useEscape(() => setOpen(false), open);

  const handleSelect = (organization: Organization) => {
    setOpen(false);
    if (organization.id !== activeId) onSwitch(organization);
  };

  const handleNew = () => {
    setOpen(false);
    onNew();
  };

  return (
    <div className="org-switcher">
      <button
        type="button"
        className="org-switcher__button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={`Organization: ${active?.name ?? 'none'}`}
        onClick={() => setOpen((value) => !value)}
      >
        <OrgAvatar name={active?.name ?? '?'} />
        <span className="org-switcher__name">{active?.name ?? 'No organization'}</span>
        <ChevronsUpDown size={14} className="muted" />
      </button>
      {open ? (
        <>
          <div className="menu-backdrop" onMouseDown={() => setOpen(false)} />
          <div className="menu" role="menu" aria-label="Organizations">
            <div className="menu__label">Organizations</div>
            {organizations.map((organization) => {
              const checked = organization.id === activeId;
              return (
                <button
                  key={organization.id}
                  type="button"
                  role="menuitemradio"
                  aria-checked={checked}
                  className="menu__item"
                  onClick={() => handleSelect(organization)}
                >
                  <OrgAvatar name={organization.name} />
                  <span className="menu__text">{organization.name}</span>
                  {checked ? <Check size={14} className="menu__check" /> : null}
                </button>
              );
            })}
            <div className="menu__separator" role="separator" />
            <button type="button" role="menuitem" className="menu__item" onClick={handleNew}>
              <Plus size={14} />
              <span className="menu__text">New organization…</span>
            </button>
          </div>
        </>
      ) : null}
    </div>
  );
};
