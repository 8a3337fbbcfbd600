import type { ReactNode } from 'react';
import { Search } from 'lucide-react';

import type { Organization, User } from '../../../bindings';
import { LogoMark } from '../../../ui/LogoMark';
import { paletteShortcutLabel } from '../utils/shortcut';
import { CRM_MODULES, routeHash, toolHash, type CrmModule, type ToolId } from '../utils/navigation';
import { OrganizationSwitcher } from './OrganizationSwitcher';

export type SidebarProps = {
  user: User;
  organizations: ReadonlyArray<Organization>;
  activeOrganizationId: string;
  activeModule: CrmModule;
  /** The module's tool shown instead of its tables, if any. */
  activeTool?: ToolId | null;
  onNavigate: (module: CrmModule, tool?: ToolId) => void;
  onSwitchOrganization: (organization: Organization) => void;
  onNewOrganization: () => void;
  /** Opens the command palette. */
  onSearch: () => void;
  /** Shown above the user at the foot (the sync status). */
  footerSlot?: ReactNode;
};

export const Sidebar = ({
  user,
  organizations,
  activeOrganizationId,
  activeModule,
  activeTool = null,
  onNavigate,
  onSwitchOrganization,
  onNewOrganization,
  onSearch,
  footerSlot,
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
          const current = module.id === activeModule.id;
          const active = current && !activeTool;
          return (
            <div key={module.id} className="nav-group">
              <a
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
              {/* The module's tools, under it while it is open. */}
              {current
                ? module.tools?.map((tool) => {
                    const ToolIcon = tool.icon;
                    const toolActive = tool.id === activeTool;
                    return (
                      <a
                        key={tool.id}
                        href={toolHash(module, tool.id)}
                        className={`nav-item nav-item--sub${toolActive ? ' nav-item--active' : ''}`}
                        aria-current={toolActive ? 'page' : undefined}
                        onClick={(event) => {
                          event.preventDefault();
                          onNavigate(module, tool.id);
                        }}
                      >
                        <ToolIcon size={14} aria-hidden="true" />
                        <span>{tool.label}</span>
                      </a>
                    );
                  })
                : null}
            </div>
          );
        })}
      </nav>
      {footerSlot}
      <div className="sidebar__footer" title={user.email}>
        <span className="avatar avatar--small" aria-hidden="true">
          {userName.charAt(0).toUpperCase()}
        </span>
        <span className="sidebar__user">{userName}</span>
      </div>
    </aside>
  );
};
