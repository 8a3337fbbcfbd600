import { Search } from 'lucide-react';

import type { Organization, User } from '../../../bindings';
import { LogoMark } from '../../../ui/LogoMark';
import { paletteShortcutLabel } from '../../command-palette/utils/shortcut';
import { CRM_MODULES, routeHash, type CrmModule } from '../utils/navigation';
import { OrganizationSwitcher } from './OrganizationSwitcher';

export type SidebarProps = {
  user: User;
  organizations: ReadonlyArray<Organization>;
  activeOrganizationId: string;
  activeModule: CrmModule;
  onNavigate: (module: CrmModule) => void;
  onSwitchOrganization: (organization: Organization) => void;
  onNewOrganization: () => void;
  /** Opens the command palette. */
  onSearch: () => void;
};

export const Sidebar = ({
  user,
  organizations,
  activeOrganizationId,
  activeModule,
  onNavigate,
  onSwitchOrganization,
  onNewOrganization,
  onSearch,
}: SidebarProps) => {
  const userName = [user.first_name, user.last_name].filter(Boolean).join(' ') || user.email;
  return (
    <aside className="sidebar">
      <div className="sidebar__brand">
        <LogoMark size={22} />
        <span className="sidebar__product">AIO Agency CRM</span>
      </div>
      <OrganizationSwitcher
        organizations={organizations}
        activeId={activeOrganizationId}
        onSwitch={onSwitchOrganization}
        onNew={onNewOrganization}
      />
      <button type="button" className="sidebar__search" aria-keyshortcuts="Control+K Meta+K" onClick={onSearch}>
        <Search size={14} aria-hidden="true" />
        <span className="sidebar__search-text">Search…</span>{' '}
        <kbd className="kbd">{paletteShortcutLabel()}</kbd>
      </button>
      <nav className="sidebar__nav" aria-label="Modules">
        {CRM_MODULES.map((module) => {
          const Icon = module.icon;
          const active = module.id === activeModule.id;
          return (
            <a
              key={module.id}
              href={routeHash(module)}
              className={`nav-item${active ? ' nav-item--active' : ''}`}
              aria-current={active ? 'page' : undefined}
              onClick={(event) => {
                event.preventDefault();
                onNavigate(module);
              }}
            >
              <Icon size={16} aria-hidden="true" />
              <span>{module.label}</span>
            </a>
          );
        })}
      </nav>
      <div className="sidebar__footer" title={user.email}>
        <span className="avatar avatar--small" aria-hidden="true">
          {userName.charAt(0).toUpperCase()}
        </span>
        <span className="sidebar__user">{userName}</span>
      </div>
    </aside>
  );
};
