import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import { Button } from '../../../ui/Button';
import { Dialog } from '../../../ui/Dialog';
import { UpdateDialog } from './UpdateDialog';

/**
 * The app's name and version, where this window keeps its database and logs, whether new
 * notifications show on the desktop, and a check for a newer version.
 */
export const AboutDialog = ({ onClose }: { onClose: () => void }) => {
  const backend = useBackend();
  const about = useQuery({ queryKey: ['app_about'], queryFn: () => backend.invoke('app_about', {}) });
  const check = useMutation({ mutationFn: () => backend.invoke('update_check', {}) });
  const queryClient = useQueryClient();
  const notices = useQuery({ queryKey: ['desktop_notifications'], queryFn: () => backend.invoke('desktop_notifications_get', {}) });
  const setNotices = useMutation({
    mutationFn: (on: boolean) => backend.invoke('desktop_notifications_set', { on }),
    onSuccess: (on) => queryClient.setQueryData(['desktop_notifications'], on),
  });
  const rows: ReadonlyArray<[string, string | undefined]> = [
    ['Version', about.data?.version],
    ['Database', about.data?.database],
    ['Data folder', about.data?.data_directory],
    ['Log folder', about.data?.log_directory],
  ];
  if (check.data) return <UpdateDialog offer={check.data} onClose={onClose} />;
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
      <label className="switch about__notices">
        <input
          type="checkbox"
          role="switch"
          className="switch__input"
          name="desktop_notifications"
          checked={notices.data === true}
          aria-checked={notices.data === true}
          disabled={!notices.isSuccess || setNotices.isPending}
          onChange={(event) => setNotices.mutate(event.target.checked)}
        />
        <span className="switch__track" aria-hidden="true" />
        <span className="switch__label">Show new notifications on the desktop while the app is in the background</span>
      </label>
      <div className="about__updates">
        <Button onClick={() => check.mutate()} disabled={check.isPending}>
          {check.isPending ? 'Checking for updates…' : 'Check for updates'}
        </Button>
        {check.isSuccess && check.data === null ? <p className="muted">This is the newest version.</p> : null}
      </div>
      {setNotices.isError ? (
        <div className="form-error" role="alert">
          {toErrorPayload(setNotices.error).message}
        </div>
      ) : null}
      {check.isError ? (
        <div className="form-error" role="alert">
          {toErrorPayload(check.error).message}
        </div>
      ) : null}
    </Dialog>
  );
};
