/**
 * Draws every page of a PDF on canvases appended to `host`, scaled to
 * `width` CSS pixels and sharp on high-density screens; returns the page count. pdf.js is
 * loaded on first use, with its worker from the app's own files.
 */
export const renderPdfPages = async (bytes: Uint8Array, host: HTMLElement, width: number, signal: AbortSignal): Promise<number> => {
  const pdfjs = await import('pdfjs-dist');
  const worker = await import('pdfjs-dist/build/pdf.worker.min.mjs?url');
  pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
  // A copy: pdf.js hands its buffer to the worker, and the query cache keeps the original.
  const task = pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false });
  signal.addEventListener('abort', () => void task.destroy());
  const doc = await task.promise;
  const canvases: HTMLCanvasElement[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const base = page.getViewport({ scale: 1 });
    const scale = Math.max(0.5, (width - 2) / base.width);
    const ratio = window.devicePixelRatio || 1;
    const viewport = page.getViewport({ scale: scale * ratio });
    const canvas = document.createElement('canvas');
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
    canvas.style.height = `${Math.floor(viewport.height / ratio)}px`;
    canvas.setAttribute('aria-label', `Page ${n} of ${doc.numPages}`);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this window cannot draw the PDF (no canvas)');
    await page.render({ canvasContext: context, viewport }).promise;
    canvases.push(canvas);
  }
  if (signal.aborted) return doc.numPages;
  host.replaceChildren(...canvases);
  return doc.numPages;
};
