// A worker thread of the PDF printer (finishers.ts): reads each printed PDF back for
// the layout audit (page-text.ts) and finalizes it (pdf-lib), while the main thread drives
// Eleventy and Chromium. Only bytes and plain data cross: the PDF goes in and out
// transferred, not copied.
import { parentPort } from "node:worker_threads";
import { warmAudit } from "./audit.ts";
import { finishPdf } from "./finish-job.ts";
import { finalizePdf } from "./metadata.ts";
import { siteLinkRewriter } from "./site-links.ts";
import { threadCpuSeconds } from "../util/cpu-time.ts";
import { owning, type FinishReply, type FinishRequest } from "./finishers.ts";

const port = parentPort!;

async function answer(request: FinishRequest): Promise<FinishReply> {
  try {
    if (request.kind === "finish") {
      const { faults, finished } = await finishPdf(request.pdf, request.meta, request.siteUrl);
      return { id: request.id, faults, ...(finished ? { pdf: owning(finished) } : {}) };
    }
    const pdf = await finalizePdf(request.pdf, request.meta, { rewriteUri: siteLinkRewriter(request.siteUrl) });
    return { id: request.id, pdf: owning(pdf) };
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
}

port.on("message", (request: FinishRequest) => {
  void answer(request).then((reply) => port.postMessage({ ...reply, cpu: threadCpuSeconds() }, reply.pdf ? [reply.pdf.buffer as ArrayBuffer] : []));
});
// pdf-lib and the audit's reader load while Chromium prints the first letter
// (a promise, not top-level await: the bundle is CommonJS, cli/bundle.mjs).
void warmAudit().then(() => port.postMessage({ ready: true }));
