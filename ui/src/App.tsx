import { useState } from 'react';

import type { Backend } from './backend/backend';
import { toErrorPayload } from './backend/backend';
import { BackendProvider, useBackend } from './backend/BackendContext';
import type { Hit, Organization, Profile } from './bindings';
import { LoadingScreen } from './modules/app-shell/components/LoadingScreen';
import { NewOrganizationDialog } from './modules/app-shell/components/NewOrganizationDialog';
import { Sidebar } from './modules/app-shell/components/Sidebar';
import { StartupError } from './modules/app-shell/components/StartupError';
import { useHashRoute } from './modules/app-shell/hooks/useHashRoute';
import { useWorkspace } from './modules/app-shell/hooks/useWorkspace';
import { recordHome } from './modules/app-shell/utils/navigation';
import { CommandPalette } from './modules/app-shell/components/CommandPalette';
import { useCommandPaletteShortcut } from './modules/app-shell/hooks/useCommandPaletteShortcut';
import { SchemaProvider } from './modules/object-record/states/SchemaContext';
import { SyncChip } from './modules/sync/components/SyncChip';
import { DataVersionProvider } from './modules/sync/hooks/DataVersion';
import { TagsPage } from './modules/crm/components/TagsPage';
import { ModulePage } from './pages/ModulePage';
import { ToolPage } from './pages/ToolPage';
import { ToastProvider, useToast } from './ui/Toasts';

const Workspace = () => {
  const backend = useBackend();
  const toast = useToast();
  const { state, retry, setProfile } = useWorkspace();
  const { route, navigate } = useHashRoute();
  const [creatingOrganization, setCreatingOrganization] = useState(false);
  const [searching, setSearching] = useState(false);
  // Grows when other devices' changes land, so lists reload.
  const [dataVersion, setDataVersion] = useState(0);
  useCommandPaletteShortcut(() => setSearching((open) => !open));

  if (state.status === 'loading') return <LoadingScreen />;
  if (state.status === 'failed') return <StartupError error={state.error} onRetry={() => void retry()} />;

  const { profile, tables } = state;

  // A record opened from the route belongs to the organisation it was opened in.
  const forgetOpenRecord = () => {
    if (route.open) navigate(route.module, route.table, { replace: true });
  };

  const handleSwitchOrganization = async (organization: Organization) => {
    try {
      const next = await backend.invoke('organization_switch', { organization: organization.id });
      forgetOpenRecord();
      setProfile(next);
    } catch (reason) {
      toast.showError(`Could not switch to ${organization.name}`, toErrorPayload(reason).message);
    }
  };

  const handleOpenRecord = (hit: Hit) => {
    const home = recordHome(hit.kind);
    navigate(home.module, home.table, { open: hit.id });
  };

  // Signing in to a server can make this profile another user in another organisation.
  const handleSyncConnection = async () => {
    try {
      const next = await backend.invoke('profile_get', {});
      forgetOpenRecord();
      setProfile(next);
      setDataVersion((v) => v + 1);
    } catch (reason) {
      toast.showError('Could not reload the profile', toErrorPayload(reason).message);
    }
  };

  const handleOrganizationCreated = (next: Profile) => {
    forgetOpenRecord();
    setProfile(next);
    setCreatingOrganization(false);
    toast.showSuccess('Organization created');
  };

  return (
    <SchemaProvider tables={tables}>
      <div className="app">
        <Sidebar
          user={profile.user}
          organizations={profile.organizations}
          activeOrganizationId={profile.active_organization_id}
          activeModule={route.module}
          activeTool={route.tool}
          onNavigate={(module, tool) => navigate(module, undefined, { tool })}
          onSwitchOrganization={(organization) => void handleSwitchOrganization(organization)}
          onNewOrganization={() => setCreatingOrganization(true)}
          onSearch={() => setSearching(true)}
          footerSlot={
            <SyncChip
              onRemoteRows={() => setDataVersion((v) => v + 1)}
              onConnectionChanged={() => void handleSyncConnection()}
            />
          }
        />
        <DataVersionProvider version={dataVersion}>
        <main className="main">
          {route.tool ? (
            <ToolPage
              key={`${profile.active_organization_id}:${route.tool}`}
              module={route.module}
              tool={route.tool}
              onBack={() => navigate(route.module)}
            />
          ) : route.module.id === 'tags' ? (
            <TagsPage
              key={profile.active_organization_id}
              table={route.table}
              onTableChange={(table) => navigate(route.module, table)}
            />
          ) : (
            <ModulePage
              key={profile.active_organization_id}
              module={route.module}
              table={route.table}
              openId={route.open}
              onTableChange={(table) => navigate(route.module, table)}
              onOpenClosed={forgetOpenRecord}
              onOpenRecord={(id) => navigate(route.module, route.table, { open: id })}
              onNewOrganization={() => setCreatingOrganization(true)}
              onOpenTool={(tool) => navigate(route.module, undefined, { tool })}
            />
          )}
        </main>
        </DataVersionProvider>
      </div>
      {creatingOrganization ? (
        <NewOrganizationDialog onCreated={handleOrganizationCreated} onClose={() => setCreatingOrganization(false)} />
      ) : null}
      {searching ? (
        <CommandPalette
          onOpenRecord={handleOpenRecord}
          onNavigate={(module, tool) => navigate(module, undefined, { tool })}
          onClose={() => setSearching(false)}
        />
      ) : null}
    </SchemaProvider>
  );
};

export type AppProps = {
  backend: Backend;
};

export const App = ({ backend }: AppProps) => (
  <BackendProvider backend={backend}>
    <ToastProvider>
      <Workspace />
    </ToastProvider>
  </BackendProvider>
);
