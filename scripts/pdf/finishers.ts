// The printer's PDF finishing workers: each printed PDF is read back for the layout
// audit (page-text.ts) and finalized (pdf-lib: metadata, artifacts, PDF/A) in a worker
// thread. Why: that is ~40 % of the main thread's work in a cold build (120 letters:
// ~50 ms a letter), and the main thread also runs Eleventy and talks to Chromium;
// in its own thread it runs beside them on the other core. pdf.js's global polyfills
// (pdfjs.ts) then stay in the worker too. Deterministic: the same bytes come out
// whichever thread finishes a PDF.
import os from "node:os";
import { Worker } from "node:worker_threads";
import { pdfFinishWorkerUrl } from "../util/bundle.ts";
import type { LayoutFault } from "./layout-faults.ts";
import type { PdfMeta } from "./metadata.ts";
import { siteLinkRewriter } from "./site-links.ts";

export type FinishRequest =
  | { id: number; kind: "finalize"; pdf: Uint8Array; meta: PdfMeta; siteUrl: string | undefined }
  | { id: number; kind: "finish"; pdf: Uint8Array; meta: PdfMeta; siteUrl: string | undefined };
export interface FinishReply {
  id: number;
  /** CPU seconds the worker's thread has used so far (undefined off Linux). */
  cpu?: number;
  faults?: LayoutFault[];
  pdf?: Uint8Array;
  error?: string;
}

interface Pending {
  resolve: (reply: FinishReply) => void;
  reject: (error: Error) => void;
}
interface Slot {
  worker: Worker;
  /** Resolves when the worker has loaded its libraries, or has failed. */
  started: Promise<void>;
  pending: Map<number, Pending>;
  /** CPU seconds of its thread, as last reported. */
  cpu: number;
}

/** Half the cores: the other half print (Chromium) and drive the build (main thread). */
export const DEFAULT_PDF_FINISHERS = Math.max(1, Math.floor(os.availableParallelism() / 2));

export class PdfFinishers {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  /** CPU seconds of workers that have ended. */
  private endedCpu = 0;
  /** A worker could not start (e.g. no TypeScript loader): this thread finishes PDFs. */
  private inThread = false;

  /**
   * @param size Workers at most; 0 finishes every PDF in the calling thread.
   * @param workerUrl The worker's entry (tests give one that fails).
   */
  constructor(
    private readonly size: number = DEFAULT_PDF_FINISHERS,
    private readonly workerUrl: URL = pdfFinishWorkerUrl(),
  ) {
    this.inThread = size === 0;
  }

  /**
   * Starts the first worker now, so it loads pdf-lib and the audit's reader (~0.3 s) while Chromium
   * prints the first letter rather than after it: in a one-letter rebuild that wait
   * would be on the way to the PDF.
   */
  warm(): void {
    if (!this.inThread && this.slots.length === 0) this.start();
  }

  /**
   * Resolves once a worker has loaded pdf-lib and the audit's reader (or could not start: then this
   * thread finishes PDFs). The printer waits for it before a job's time limit starts:
   * loading them on a busy machine is no sign of a hung tab.
   */
  async ready(): Promise<void> {
    this.warm();
    await Promise.all(this.slots.map((s) => s.started));
  }

  /**
   * The layout faults of a freshly printed PDF, and when none of them asks for a page
   * break (breaks.ts), at once the PDF as archived (finalize): one read of the PDF
   * serves both, and most letters need no second print.
   */
  async finish(pdf: Uint8Array, meta: PdfMeta, siteUrl: string | undefined): Promise<{ faults: LayoutFault[]; finished?: Uint8Array }> {
    if (this.inThread) return (await import("./finish-job.ts")).finishPdf(pdf, meta, siteUrl);
    // A copy: without a finished PDF the caller still needs these bytes.
    const reply = await this.send((id) => ({ id, kind: "finish", pdf: pdf.slice(), meta, siteUrl }));
    return { faults: reply.faults ?? [], ...(reply.pdf ? { finished: reply.pdf } : {}) };
  }

  /** The PDF as archived: metadata, artifacts, links to the public site (metadata.ts). */
  async finalize(pdf: Uint8Array, meta: PdfMeta, siteUrl: string | undefined): Promise<Uint8Array> {
    if (this.inThread) return (await import("./metadata.ts")).finalizePdf(pdf, meta, { rewriteUri: siteLinkRewriter(siteUrl) });
    const reply = await this.send((id) => ({ id, kind: "finalize", pdf: owning(pdf), meta, siteUrl }));
    return reply.pdf!;
  }

  /** CPU seconds the workers' threads used: the PDF finishing's share of the cores. */
  cpuSeconds(): number {
    return this.slots.reduce((sum, s) => sum + s.cpu, this.endedCpu);
  }

  /** Stops the workers; PDFs still being finished fail. */
  async close(): Promise<void> {
    await Promise.all(
      this.slots.splice(0).map((slot) => {
        this.endedCpu += slot.cpu;
        return slot.worker.terminate();
      }),
    );
  }

  private send(request: (id: number) => FinishRequest): Promise<FinishReply> {
    const slot = this.slot();
    const id = this.nextId++;
    const message = request(id);
    return new Promise<FinishReply>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      // The printed bytes are not needed here any more: transferred, not copied.
      slot.worker.postMessage(message, [message.pdf.buffer as ArrayBuffer]);
    }).then((reply) => {
      if (reply.error !== undefined) throw new Error(reply.error);
      return reply;
    });
  }

  /** The least busy worker, starting one while there are fewer than allowed. */
  private slot(): Slot {
    const idle = this.slots.find((s) => s.pending.size === 0);
    if (idle) return idle;
    if (this.slots.length < this.size) return this.start();
    return this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
  }

  private start(): Slot {
    // A small heap: a letter's PDF needs a few MB; with V8's default limit a worker
    // collects late and its garbage adds to the build's peak memory. The bundled worker
    // starts in 48 MB; under tsx (tests) its TypeScript loader needs ~100 MB to start.
    const worker = new Worker(this.workerUrl, { resourceLimits: { maxOldGenerationSizeMb: 128 } });
    // unref(): an idle worker must not keep the process alive; close() ends it anyway.
    worker.unref();
    let ready = false;
    let started: () => void = () => {};
    const slot: Slot = { worker, pending: new Map(), cpu: 0, started: new Promise<void>((resolve) => (started = resolve)) };
    this.slots.push(slot);
    const fail = (error: Error) => {
      started();
      const i = this.slots.indexOf(slot);
      if (i >= 0) {
        this.slots.splice(i, 1);
        this.endedCpu += slot.cpu;
      }
      // A worker that never got ready will not start next time either: finish here from now on.
      if (!ready) this.inThread = true;
      for (const p of slot.pending.values()) p.reject(error);
      slot.pending.clear();
    };
    worker.on("message", (reply: FinishReply | { ready: true }) => {
      if ("ready" in reply) {
        ready = true;
        started();
        return;
      }
      if (reply.cpu !== undefined) slot.cpu = reply.cpu;
      const pending = slot.pending.get(reply.id);
      slot.pending.delete(reply.id);
      pending?.resolve(reply);
    });
    worker.on("error", (error) => fail(new Error(`de PDF-afwerker stopte onverwacht (${error.message})`, { cause: error })));
    worker.on("exit", () => fail(new Error("de PDF-afwerker stopte onverwacht")));
    return slot;
  }
}

/**
 * The bytes in an array that owns its whole buffer, so transferring that buffer moves
 * only these bytes: a Buffer may be a view into a pool shared with other Buffers.
 */
export function owning(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}
