import { useState } from 'react';

import type { Backend } from './backend/backend';
import { toErrorPayload } from './backend/backend';
import { BackendProvider, useBackend } from './backend/BackendContext';
import type { Organization, Profile } from './bindings';
import { LoadingScreen } from './modules/app-shell/components/LoadingScreen';
import { NewOrganizationDialog } from './modules/app-shell/components/NewOrganizationDialog';
import { Sidebar } from './modules/app-shell/components/Sidebar';
import { StartupError } from './modules/app-shell/components/StartupError';
import { useHashRoute } from './modules/app-shell/hooks/useHashRoute';
import { useWorkspace } from './modules/app-shell/hooks/useWorkspace';
import { SchemaProvider } from './modules/records/states/SchemaContext';
import { ModulePage } from './pages/ModulePage';
import { ToastProvider, useToast } from './ui/Toasts';

const Workspace = () => {
  const backend = useBackend();
  const toast = useToast();
  const { state, retry, setProfile } = useWorkspace();
  const { route, navigate } = useHashRoute();
  const [creatingOrganization, setCreatingOrganization] = useState(false);

  if (state.status === 'loading') return <LoadingScreen />;
  if (state.status === 'failed') return <StartupError error={state.error} onRetry={() => void retry()} />;

  const { profile, tables } = state;

  const handleSwitchOrganization = async (organization: Organization) => {
    try {
      setProfile(await backend.invoke('organization_switch', { organization: organization.id }));
    } catch (reason) {
      toast.showError(`Could not switch to ${organization.name}`, toErrorPayload(reason).message);
    }
  };

  const handleOrganizationCreated = (next: Profile) => {
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
          onNavigate={(module) => navigate(module)}
          onSwitchOrganization={(organization) => void handleSwitchOrganization(organization)}
          onNewOrganization={() => setCreatingOrganization(true)}
        />
        <main className="main">
          <ModulePage
            key={profile.active_organization_id}
            module={route.module}
            table={route.table}
            onTableChange={(table) => navigate(route.module, table)}
            onNewOrganization={() => setCreatingOrganization(true)}
          />
        </main>
      </div>
      {creatingOrganization ? (
        <NewOrganizationDialog onCreated={handleOrganizationCreated} onClose={() => setCreatingOrganization(false)} />
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
