// pdfjs-dist ships no declaration for its worker module; this is the part we use (pdf/pdfjs.ts).
declare module "pdfjs-dist/legacy/build/pdf.worker.mjs" {
  export const WorkerMessageHandler: unknown;
}
