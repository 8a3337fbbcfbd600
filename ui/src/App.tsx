import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Navigate, Outlet, RouterProvider, createHashRouter, useLocation, useMatches, useNavigate } from 'react-router';

import type { Backend } from './backend/backend';
import { toErrorPayload } from './backend/backend';
import { BackendProvider, useBackend } from './backend/BackendContext';
import type { Organization } from './bindings';
import './moduleList';
import { CommandPalette } from './modules/app-shell/components/CommandPalette';
import { LoadingScreen } from './modules/app-shell/components/LoadingScreen';
import { Sidebar } from './modules/app-shell/components/Sidebar';
import { StartupError } from './modules/app-shell/components/StartupError';
import { useCommandPaletteShortcut } from './modules/app-shell/hooks/useCommandPaletteShortcut';
import { useWorkspace } from './modules/app-shell/hooks/useWorkspace';
import { PROFILE_KEY } from './modules/object-record/hooks/useProfile';
import { SchemaProvider } from './modules/object-record/states/SchemaContext';
import { entryPath, registeredModules, sharedService, sidebarEntries } from './modules/object-record/states/registry';
import { visibleEntries } from './modules/app-shell/utils/visibleEntries';
import { buildRoutes, type RouteHandle } from './routes';
import { ToastProvider, useToast } from './ui/Toasts';

/** The sidebar, the page of the route, and the dialogs over them. */
const Workspace = () => {
  const backend = useBackend();
  const queryClient = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const location = useLocation();
  const handle = useMatches().at(-1)?.handle as RouteHandle | undefined;
  const { state, retry } = useWorkspace();
  // Which organisation this device syncs (the sync module keeps this query fresh): the
  // switcher says which others stay on this device.
  const sync = useQuery({ queryKey: ['sync_status'], queryFn: () => backend.invoke('sync_status', {}) });
  const [creatingOrganization, setCreatingOrganization] = useState(false);
  const [searching, setSearching] = useState(false);
  useCommandPaletteShortcut(() => setSearching((open) => !open));

  if (state.status === 'loading') return <LoadingScreen />;
  if (state.status === 'failed') return <StartupError error={state.error} onRetry={retry} />;

  const { profile, tables } = state;
  // A page the person's role does not show (a client sent to the contacts list): the first it does.
  const entries = visibleEntries(profile.role, (table) => tables.find((def) => def.name === table));
  if (handle?.entry && !entries.includes(handle.entry) && entries[0]) return <Navigate to={entryPath(entries[0])} replace />;
  // The shell owns the profile's organisations; the module that provides it makes a new one.
  const NewOrganization = sharedService('NewOrganizationDialog');

  // A record opened from the route belongs to the organisation it was opened in.
  const forgetOpenRecord = () => {
    if (new URLSearchParams(location.search).has('open')) navigate(location.pathname, { replace: true });
  };

  const handleSwitchOrganization = async (organization: Organization) => {
    try {
      const next = await backend.invoke('organization_switch', { organization: organization.id });
      forgetOpenRecord();
      queryClient.setQueryData(PROFILE_KEY, next);
    } catch (reason) {
      toast.showError(`Could not switch to ${organization.name}`, toErrorPayload(reason).message);
    }
  };

  // A workspace that lived on this device only is created on the server; its rows go up
  // with the next round.
  const handleStartSyncing = async (organization: Organization) => {
    try {
      const next = await backend.invoke('organization_upload', { organization: organization.id, slug: null });
      queryClient.setQueryData(['sync_status'], next);
      toast.showSuccess(`${organization.name} syncs now`);
    } catch (reason) {
      toast.showError(`Could not start syncing ${organization.name}`, toErrorPayload(reason).message);
    }
  };

  // Signing in to a server can make this profile another user in another organisation.
  const handleSyncConnection = () => {
    forgetOpenRecord();
    void queryClient.invalidateQueries();
  };

  // Rows from other devices landed: every list, count and panel on screen loads again.
  const handleRemoteRows = () => void queryClient.invalidateQueries();

  return (
    <SchemaProvider tables={tables}>
      <div className="app">
        <Sidebar
          user={profile.user}
          organizations={profile.organizations}
          activeOrganizationId={profile.active_organization_id}
          activeEntry={handle?.entry.id ?? ''}
          activeTool={handle?.tool?.id ?? null}
          organizationSync={
            sync.data?.connected
              ? {
                  syncedIds: sync.data.organizations.map((organization) => organization.id),
                  readOnlyIds: sync.data.ended.filter((ended) => ended.kept).map((ended) => ended.id),
                }
              : null
          }
          onSwitchOrganization={(organization) => void handleSwitchOrganization(organization)}
          onNewOrganization={() => setCreatingOrganization(true)}
          onStartSyncing={(organization) => void handleStartSyncing(organization)}
          onSearch={() => setSearching(true)}
          footerSlot={registeredModules().map(({ id, SidebarFooter }) =>
            SidebarFooter ? (
              <SidebarFooter key={id} onRemoteRows={handleRemoteRows} onConnectionChanged={handleSyncConnection} />
            ) : null,
          )}
        />
        <main className="main" key={profile.active_organization_id}>
          <Outlet />
        </main>
      </div>
      {creatingOrganization && NewOrganization ? <NewOrganization onClose={() => setCreatingOrganization(false)} /> : null}
      {searching ? <CommandPalette onClose={() => setSearching(false)} /> : null}
    </SchemaProvider>
  );
};

/** The app's routes on the URL's hash: the web view loads bundled files, so no server routes paths. */
const createRouter = () => createHashRouter([{ path: '/', element: <Workspace />, children: buildRoutes(sidebarEntries()) }]);

export type AppProps = {
  backend: Backend;
};

export const App = ({ backend }: AppProps) => {
  const [router] = useState(createRouter);
  return (
    <BackendProvider backend={backend}>
      <ToastProvider>
        <RouterProvider router={router} />
      </ToastProvider>
    </BackendProvider>
  );
};
