// What the PDF steps found, filled in as PDFs are copied, kept, restored or printed:
// the count, where they came from, and the layout audit's warnings per letter.
import type { Diagnostic } from "../../model/diagnostics.ts";
import type { PdfCache } from "../../pdf/cache.ts";
import type { BuildContext } from "../context.ts";
import type { BuildPlan } from "./plan.ts";

export interface PdfOutcome {
  /** PDFs in the new site so far (kept, copied, restored, printed). */
  count: number;
  stats: { printed: number; fromCache: number; retried: number };
  /** The layout audit's warnings per letter (pdf/audit.ts): always the same for the same PDF. */
  layout: Map<string, Diagnostic[]>;
  /** The PDF cache, once opened (pdfs.ts). */
  cache?: PdfCache | undefined;
  /** One more PDF is in place: counted and reported as progress. */
  done(): void;
}

export function pdfOutcome(context: BuildContext, plan: BuildPlan, total: number): PdfOutcome {
  const outcome: PdfOutcome = {
    // Kept letters came with their PDFs.
    count: plan.withPdf.filter(plan.kept).length,
    stats: { printed: 0, fromCache: 0, retried: 0 },
    // Kept letters keep their warnings.
    layout: new Map(Object.entries(plan.reuse?.layout ?? {}).filter(([inputPath]) => plan.reuse?.keep.has(inputPath))),
    done() {
      outcome.count++;
      context.progress({ phase: "pdf", done: outcome.count, total });
    },
  };
  return outcome;
}
