import { useState } from 'react';

import { toErrorPayload } from '../../../backend/backend';
import { Spinner } from '../../../ui/Spinner';
import { useInvoicePdf } from '../hooks/useCommerce';

export type PdfPreviewProps = {
  id: string;
  /** Changes when the invoice does, so the PDF is rendered again. */
  version: string;
  title: string;
};

/**
 * The invoice's PDF as the core renders it (the same bytes as saved or mailed), in the web
 * view's own PDF viewer from a blob URL (the app's CSP allows `frame-src blob:` for it).
 */
export const PdfPreview = ({ id, version, title }: PdfPreviewProps) => {
  const pdf = useInvoicePdf(id, version);
  // Which blob the frame finished loading: the test and assistive tech know it is shown.
  const [loaded, setLoaded] = useState<string | null>(null);
  return (
    <section className="commerce-pdf" aria-label="PDF preview">
      {pdf.error ? (
        <div className="form-error" role="alert">
          {toErrorPayload(pdf.error).message}
        </div>
      ) : null}
      {pdf.data ? <iframe
          className="commerce-pdf__frame"
          title={title}
          src={pdf.data}
          data-testid="pdf-preview"
          data-loaded={loaded === pdf.data || undefined}
          aria-busy={loaded !== pdf.data || undefined}
          onLoad={() => setLoaded(pdf.data ?? null)}
        /> : <Spinner />}
    </section>
  );
};
