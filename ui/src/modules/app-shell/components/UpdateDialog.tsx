import { useMutation } from '@tanstack/react-query';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { UpdateOffer } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { Dialog } from '../../../ui/Dialog';
import { useUpdateProgress } from '../hooks/useUpdateProgress';

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

export type UpdateDialogProps = {
  offer: UpdateOffer;
  onClose: () => void;
};

/**
 * A newer version: what is new in it, and installing it. The download's progress is
 * polled; the app verifies the package's signature, installs it and restarts into it.
 * A refused package leaves the installed app as it was, and the dialog says why.
 */
export const UpdateDialog = ({ offer, onClose }: UpdateDialogProps) => {
  const backend = useBackend();
  const install = useMutation({ mutationFn: () => backend.invoke('update_install', {}) });
  const progress = useUpdateProgress(install.isPending);
  const total = progress?.total ?? 0;
  const downloaded = progress?.downloaded ?? 0;
  const percent = total > 0 ? Math.min(100, Math.round((downloaded / total) * 100)) : 0;
  const published = offer.date ? new Date(offer.date).toLocaleDateString() : null;
  const stage = progress?.installing
    ? 'Signature verified. Installing…'
    : total > 0
      ? `Downloading… ${megabytes(downloaded)} of ${megabytes(total)} · ${percent}%`
      : 'Downloading…';
  return (
    <Dialog title={`Update to version ${offer.version}`} onClose={onClose}>
      <div className="update">
        <p className="update__lead">
          Version <strong>{offer.version}</strong> is available; this is {offer.current_version}
          {published ? ` (published ${published})` : ''}.
        </p>
        <section aria-label="What is new">
          <h3 className="update__heading">What is new</h3>
          <p className="update__notes">{offer.notes?.trim() || 'The release has no notes.'}</p>
        </section>
        {install.isPending ? (
          <div className="update__running">
            <div
              className="progress"
              role="progressbar"
              aria-label="Update download"
              aria-valuemin={0}
              aria-valuemax={total || undefined}
              aria-valuenow={total > 0 ? downloaded : undefined}
            >
              <div
                className={`progress__bar${total === 0 || progress?.installing ? ' progress__bar--waiting' : ''}`}
                style={{ width: `${percent}%` }}
              />
            </div>
            <p className="update__stage" data-testid="update-stage">
              {stage}
            </p>
          </div>
        ) : null}
        {install.isSuccess ? (
          <p className="update__stage" data-testid="update-stage">
            Installed. Restarting into version {offer.version}…
          </p>
        ) : null}
        {install.isError ? (
          <div className="form-error" role="alert">
            {toErrorPayload(install.error).message}
          </div>
        ) : null}
        <div className="dialog-form__actions">
          <Button onClick={onClose} disabled={install.isPending || install.isSuccess}>
            {install.isError ? 'Keep this version' : 'Later'}
          </Button>
          {install.isError ? null : (
            <Button variant="primary" onClick={() => install.mutate()} disabled={install.isPending || install.isSuccess}>
              Install and restart
            </Button>
          )}
        </div>
      </div>
    </Dialog>
  );
};
