// One printed PDF read once by pdf-lib for both finishing steps: the layout audit, and,
// when the audit asks for no page break (so the printer keeps this print), the
// archival version. Runs in a finishing worker (finish-worker.ts), or in the calling
// thread when there is none (finishers.ts).
import { auditPdf } from "./audit.ts";
import { breakTargets } from "./breaks.ts";
import type { LayoutFault } from "./layout-faults.ts";
import { loadPdf } from "./load-pdf.ts";
import { finalizeDocument, type PdfMeta } from "./metadata.ts";
import { siteLinkRewriter } from "./site-links.ts";

export async function finishPdf(pdf: Uint8Array, meta: PdfMeta, siteUrl: string | undefined): Promise<{ faults: LayoutFault[]; finished?: Uint8Array }> {
  let doc;
  try {
    doc = await loadPdf(pdf);
  } catch {
    // Unreadable: the audit says so (a fault), and nothing is finished.
    return { faults: await auditPdf(pdf) };
  }
  const faults = await auditPdf(pdf, doc);
  if (breakTargets(faults).length > 0) return { faults };
  return { faults, finished: await finalizeDocument(doc, meta, { rewriteUri: siteLinkRewriter(siteUrl) }) };
}
