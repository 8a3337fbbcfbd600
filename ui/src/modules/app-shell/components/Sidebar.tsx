import { useState, type ReactNode } from 'react';
import { Info, Search } from 'lucide-react';
import { Link } from 'react-router';

import type { Organization, User } from '../../../bindings';
import { LogoMark } from '../../../ui/LogoMark';
import { paletteShortcutLabel } from '../utils/shortcut';
import { entryPath, entryTools, toolPath } from '../../object-record/states/registry';
import { AboutDialog } from './AboutDialog';
import { OrganizationSwitcher, type OrganizationSync } from './OrganizationSwitcher';
import { useIsViewer } from '../../object-record/hooks/useCanEdit';
import { useProfile } from '../../object-record/hooks/useProfile';
import { visibleEntries } from '../utils/visibleEntries';
import { useSchema } from '../../object-record/states/SchemaContext';

export type SidebarProps = {
  user: User;
  organizations: ReadonlyArray<Organization>;
  activeOrganizationId: string;
  /** Signed in: which organisations sync (the others stay on the device); null when not. */
  organizationSync?: OrganizationSync | null;
  /** The sidebar entry shown. */
  activeEntry: string;
  /** The entry's tool shown instead of its tables, if any. */
  activeTool?: string | null;
  onSwitchOrganization: (organization: Organization) => void;
  onNewOrganization: () => void;
  /** "Start syncing this workspace". */
  onStartSyncing?: (organization: Organization) => void;
  /** Opens the command palette. */
  onSearch: () => void;
  /** Shown above the user at the foot (the sync status). */
  footerSlot?: ReactNode;
};

export const Sidebar = ({
  user,
  organizations,
  activeOrganizationId,
  organizationSync = null,
  activeEntry,
  activeTool = null,
  onSwitchOrganization,
  onNewOrganization,
  onStartSyncing,
  onSearch,
  footerSlot,
}: SidebarProps) => {
  const userName = [user.first_name, user.last_name].filter(Boolean).join(' ') || user.email;
  const viewer = useIsViewer();
  const role = useProfile().data?.role;
  const schema = useSchema();
  const entries = visibleEntries(role, (table) => schema.get(table));
  const [aboutOpen, setAboutOpen] = useState(false);
  return (
    <aside className="sidebar">
      <div className="sidebar__brand">
        <LogoMark size={22} />
        <span className="sidebar__product">AIO Agency CRM</span>
      </div>
      <OrganizationSwitcher
        organizations={organizations}
        activeId={activeOrganizationId}
        sync={organizationSync}
        onSwitch={onSwitchOrganization}
        onNew={onNewOrganization}
        onStartSyncing={onStartSyncing}
      />
      <button type="button" className="sidebar__search" aria-keyshortcuts="Control+K Meta+K" onClick={onSearch}>
        <Search size={14} aria-hidden="true" />
        <span className="sidebar__search-text">Search…</span>{' '}
        <kbd className="kbd">{paletteShortcutLabel()}</kbd>
      </button>
      <nav className="sidebar__nav" aria-label="Modules">
        {entries.map((entry) => {
          const Icon = entry.icon;
          const current = entry.id === activeEntry;
          const active = current && !activeTool;
          return (
            <div key={entry.id} className="nav-group">
              <Link
                to={entryPath(entry)}
                className={`nav-item${active ? ' nav-item--active' : ''}`}
                aria-current={active ? 'page' : undefined}
              >
                <Icon size={16} aria-hidden="true" />
                <span>{entry.label}</span>
              </Link>
              {/* The entry's tools, under it while it is open. */}
              {current
                ? entryTools(entry.id)
                    .filter((tool) => !(viewer && tool.writes))
                    .map((tool) => {
                    const ToolIcon = tool.icon;
                    const toolActive = tool.id === activeTool;
                    return (
                      <Link
                        key={tool.id}
                        to={toolPath(tool)}
                        className={`nav-item nav-item--sub${toolActive ? ' nav-item--active' : ''}`}
                        aria-current={toolActive ? 'page' : undefined}
                      >
                        <ToolIcon size={14} aria-hidden="true" />
                        <span>{tool.label}</span>
                      </Link>
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
        <button type="button" className="sidebar__about" aria-label="About AIO Agency CRM" title="About" onClick={() => setAboutOpen(true)}>
          <Info size={14} aria-hidden="true" />
        </button>
      </div>
      {aboutOpen ? <AboutDialog onClose={() => setAboutOpen(false)} /> : null}
    </aside>
  );
};
