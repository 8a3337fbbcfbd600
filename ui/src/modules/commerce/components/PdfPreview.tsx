import { useEffect, useRef, useState } from 'react';

import { toErrorPayload } from '../../../backend/backend';
import { Spinner } from '../../../ui/Spinner';
import { useInvoicePdf } from '../hooks/useCommerce';
import { renderPdfPages } from '../utils/pdfPages';

export type PdfPreviewProps = {
  id: string;
  /** Changes when the invoice does, so the PDF is rendered again. */
  version: string;
  title: string;
};

/**
 * The invoice's PDF as the core renders it (the same bytes as saved or mailed), its pages
 * drawn on canvases by pdf.js: the Linux web view (WebKitGTK) has no PDF viewer of its
 * own, and an `<iframe>` on the PDF stays blank there.
 */
export const PdfPreview = ({ id, version, title }: PdfPreviewProps) => {
  const pdf = useInvoicePdf(id, version);
  const pagesRef = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<{ bytes: Uint8Array; pages: number } | { bytes: Uint8Array; error: string } | null>(null);

  useEffect(() => {
    const bytes = pdf.data;
    const host = pagesRef.current;
    if (!bytes || !host) return undefined;
    const controller = new AbortController();
    renderPdfPages(bytes, host, host.clientWidth, controller.signal).then(
      (pages) => setState({ bytes, pages }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ bytes, error: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => controller.abort();
  }, [pdf.data]);

  const shown = state && state.bytes === pdf.data ? state : null;
  const error = pdf.error ? toErrorPayload(pdf.error).message : shown && 'error' in shown ? shown.error : null;
  return (
    <section className="commerce-pdf" aria-label="PDF preview">
      {error ? (
        <div className="form-error" role="alert">
          {error}
        </div>
      ) : null}
      {!shown && !error ? <Spinner /> : null}
      <div
        ref={pagesRef}
        className="commerce-pdf__pages"
        role="document"
        aria-label={title}
        data-testid="pdf-preview"
        data-pages={shown && 'pages' in shown ? shown.pages : undefined}
        aria-busy={!shown || undefined}
      />
    </section>
  );
};
