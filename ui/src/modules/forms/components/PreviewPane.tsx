import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Monitor, Smartphone } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import { Spinner } from '../../../ui/Spinner';
import { useDebouncedValue } from '../../object-record/hooks/useDebouncedValue';
import { formPreview, isMissingCommand } from '../api';

export type PreviewPaneProps = {
  /** The form as it would be saved now (the stored row with the draft over it). */
  form: Record<string, unknown>;
};

type Device = 'desktop' | 'mobile';

/**
 * The public page exactly as the server renders it (`form_preview`), for the unsaved
 * draft, in a sandboxed frame where nothing can be submitted. A `srcdoc` document inherits
 * the app's CSP (its own scripts only): the page's script file, which shows and hides the
 * conditional fields, ships inside the app at the path the page names (vite.config.ts).
 */
export const PreviewPane = ({ form }: PreviewPaneProps) => {
  const backend = useBackend();
  const [device, setDevice] = useState<Device>('desktop');
  const settled = useDebouncedValue(form, 300);
  const preview = useQuery({
    queryKey: ['form_preview', settled],
    queryFn: () => formPreview(backend, settled),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const error = preview.error ? toErrorPayload(preview.error).message : null;

  return (
    <div className="preview-pane">
      <div className="preview-pane__toolbar">
        <div className="forms-seg" role="radiogroup" aria-label="Preview size">
          {(
            [
              ['desktop', 'Desktop', Monitor],
              ['mobile', 'Mobile', Smartphone],
            ] as const
          ).map(([value, label, Icon]) => (
            <button
              key={value}
              type="button"
              role="radio"
              aria-checked={device === value}
              className={`forms-seg__item${device === value ? ' is-selected' : ''}`}
              onClick={() => setDevice(value)}
            >
              <Icon size={14} aria-hidden="true" />
              {label}
            </button>
          ))}
        </div>
        <span className="muted preview-pane__note">Live: what visitors see, with your unsaved changes. Submitting is off here.</span>
      </div>
      <div className="preview-pane__stage">
        {error ? (
          <div className="preview-pane__notice" role="status">
            <h3>{isMissingCommand(error) ? 'The live preview needs a newer build of the app' : 'The preview could not be drawn'}</h3>
            <p className="muted">
              {isMissingCommand(error)
                ? 'The preview is the public page itself, rendered by the forms core (form_preview). This build does not have it yet: the builder and the settings work, and the page itself can be checked once the form is published.'
                : error}
            </p>
          </div>
        ) : preview.data === undefined ? (
          <Spinner />
        ) : (
          <iframe
            title="Form preview"
            className={`preview-pane__frame preview-pane__frame--${device}`}
            sandbox="allow-scripts"
            srcDoc={preview.data}
          />
        )}
      </div>
    </div>
  );
};
