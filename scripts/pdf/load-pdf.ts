// How pdf-lib reads a printed PDF, the same for the layout audit (audit-read.ts) and the
// finishing step (metadata.ts), so that one read serves both (finish-worker.ts).
import { PDFDocument } from "pdf-lib";

/** The PDF as pdf-lib reads it for the audit and for finishing (metadata.ts) alike. */
export function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  // updateMetadata: false, or pdf-lib stamps its own producer and the clock.
  // parseSpeed Infinity: pdf-lib otherwise yields to the event loop (setTimeout) every
  // 50 objects, ~10 ms of waiting per letter for ~5 ms of work.
  return PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: Infinity, throwOnInvalidObject: false });
}
