import { useQuery } from '@tanstack/react-query';

import { useBackend } from '../../../backend/BackendContext';
import { Dialog } from '../../../ui/Dialog';

/** The app's name and version, and where this window keeps its database and logs. */
export const AboutDialog = ({ onClose }: { onClose: () => void }) => {
  const backend = useBackend();
  const about = useQuery({ queryKey: ['app_about'], queryFn: () => backend.invoke('app_about', {}) });
  const rows: ReadonlyArray<[string, string | undefined]> = [
    ['Version', about.data?.version],
    ['Database', about.data?.database],
    ['Data folder', about.data?.data_directory],
    ['Log folder', about.data?.log_directory],
  ];
  return (
    <Dialog title={about.data ? `About ${about.data.name}` : 'About'} onClose={onClose}>
      <p className="about__lead">A local-first CRM for agencies: your data lives on this computer and syncs with your team when you sign in.</p>
      <dl className="about__facts" aria-label="About this app">
        {rows.map(([label, value]) => (
          <div key={label} className="about__fact">
            <dt>{label}</dt>
            <dd className="mono">{value ?? '…'}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
};
