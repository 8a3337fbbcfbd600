import { toErrorPayload } from '../../../backend/backend';
import { Spinner } from '../../../ui/Spinner';
import { useInvoicePdf } from '../hooks/useCommerce';

export type PdfPreviewProps = {
  id: string;
  /** Changes when the invoice does, so the PDF is rendered again. */
  version: string;
  title: string;
};

/** The invoice's PDF as the core renders it (the same bytes as saved or mailed), in the web view's PDF viewer. */
export const PdfPreview = ({ id, version, title }: PdfPreviewProps) => {
  const pdf = useInvoicePdf(id, version);
  return (
    <section className="commerce-pdf" aria-label="PDF preview">
      {pdf.error ? (
        <div className="form-error" role="alert">
          {toErrorPayload(pdf.error).message}
        </div>
      ) : null}
      {pdf.data ? <iframe className="commerce-pdf__frame" title={title} src={pdf.data} data-testid="pdf-preview" /> : <Spinner />}
    </section>
  );
};
