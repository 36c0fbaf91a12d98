// pdf.js for Node, loaded once per thread without slowing the rest of that thread.
// Its Node build ("legacy") bundles core-js, which on import replaces built-ins of the
// whole realm by JavaScript versions: Array.prototype.push, JSON.parse, JSON.stringify,
// Function.prototype.toString (pdfjs-dist 5.6). Everything else in the thread would then
// run on them: Puppeteer's CDP messages, Eleventy, pdf-lib. Measured on a cold build of
// 120 letters: ~1.5 s of the main thread in the polyfilled push and JSON alone.
// So every built-in the import *replaces* is put back; what it *adds* (Promise.withResolvers,
// Map.prototype.getOrInsert, Uint8Array.fromBase64, …) stays, pdf.js needs those.
// https://github.com/zloirock/core-js#usage (global polyfills replace non-conforming natives)

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");

// Module-level: the loaded library is the same for every caller in this thread.
let loaded: Promise<PdfJs> | undefined;

const BUILT_INS: object[] = [
  Array, Array.prototype, Object, Object.prototype, Function.prototype, JSON, Promise, Promise.prototype,
  Map.prototype, Set.prototype, WeakMap.prototype, String.prototype, Number, Math, Uint8Array, Uint8Array.prototype,
  Object.getPrototypeOf(Uint8Array.prototype) as object, ArrayBuffer.prototype, RegExp.prototype, Reflect, globalThis,
];

export function loadPdfJs(): Promise<PdfJs> {
  loaded ??= (async () => {
    const before = BUILT_INS.map((o) => new Map(Reflect.ownKeys(o).map((k) => [k, Object.getOwnPropertyDescriptor(o, k)!])));
    const lib = await import("pdfjs-dist/legacy/build/pdf.mjs");
    // Its worker code too (run in this thread as pdf.js's "fake worker"), loaded here
    // rather than by pdf.js on the first document, after the built-ins are restored.
    // pdf.js looks for it at globalThis.pdfjsWorker (pdf.mjs, PDFWorker#mainThreadWorkerMessageHandler).
    const worker = await import("pdfjs-dist/legacy/build/pdf.worker.mjs");
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = { WorkerMessageHandler: worker.WorkerMessageHandler };
    BUILT_INS.forEach((o, i) => {
      for (const [key, old] of before[i]!) {
        const now = Object.getOwnPropertyDescriptor(o, key);
        if (now && (now.value !== old.value || now.get !== old.get) && !Object.is(now.value, old.value) && old.configurable) {
          Object.defineProperty(o, key, old);
        }
      }
    });
    return lib;
  })();
  return loaded;
}
