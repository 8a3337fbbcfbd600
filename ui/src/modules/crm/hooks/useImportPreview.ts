import { useEffect, useState } from 'react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { ErrorPayload, ImportOptions, ImportPreview } from '../../../bindings';
import { useDebouncedValue } from '../../object-record/hooks/useDebouncedValue';

/** Pause after a mapping change before the preview is asked for again. */
export const PREVIEW_DELAY_MS = 300;

type Answer = { options: ImportOptions; preview: ImportPreview | null; error: ErrorPayload | null };

export type ImportPreviewState = {
  /** The last preview received; kept while a newer one loads. */
  preview: ImportPreview | null;
  error: ErrorPayload | null;
  /** The preview shown is not yet the one for the current options. */
  loading: boolean;
};

/**
 * What importing with `options` would do, asked for once the options stop changing. The
 * options must keep their identity until they change (memoise them).
 */
export const useImportPreview = (importId: string, options: ImportOptions): ImportPreviewState => {
  const backend = useBackend();
  const settled = useDebouncedValue(options, PREVIEW_DELAY_MS);
  const [answer, setAnswer] = useState<Answer | null>(null);

  useEffect(() => {
    let cancelled = false;
    backend.invoke('import_preview', { importId, options: settled }).then(
      (preview) => {
        if (!cancelled) setAnswer({ options: settled, preview, error: null });
      },
      (reason: unknown) => {
        if (!cancelled) setAnswer({ options: settled, preview: null, error: toErrorPayload(reason) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [backend, importId, settled]);

  return {
    preview: answer?.preview ?? null,
    error: answer?.error ?? null,
    loading: answer === null || answer.options !== options,
  };
};
