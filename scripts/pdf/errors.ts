// Errors from the PDF pipeline. The message is Dutch because it is shown to the
// secretariat as-is; the technical cause is kept in `cause` for debugging.

export class PdfError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PdfError";
  }
}
