import { DatabaseZap } from 'lucide-react';

import type { ErrorPayload } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { LogoMark } from '../../../ui/LogoMark';

export type StartupErrorProps = {
  error: ErrorPayload;
  onRetry: () => void;
};

/** Shown instead of the app when the local database cannot be opened. */
export const StartupError = ({ error, onRetry }: StartupErrorProps) => (
  <main className="startup-error" role="alert">
    <div className="startup-error__card">
      <div className="startup-error__brand">
        <LogoMark size={28} />
        <span>AIO Agency CRM</span>
      </div>
      <div className="startup-error__icon" aria-hidden="true">
        <DatabaseZap size={22} />
      </div>
      <h1>Your data could not be opened</h1>
      <p>
        AIO Agency CRM keeps everything in a database file on this computer, and it could not open that file. This
        happens when the file was written by a newer version of the app, or when it is damaged. The file was left
        unchanged: update the app, or restore the file from a backup, then try again.
      </p>
      <pre className="startup-error__message">{error.message}</pre>
      <p className="muted">Error code: {error.code}</p>
      <Button variant="primary" onClick={onRetry}>
        Try again
      </Button>
    </div>
  </main>
);
