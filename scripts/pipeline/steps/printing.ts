// Step 3: the printer, started before Eleventy runs (a tab can warm up meanwhile).
// Each printed PDF goes into the PDF cache, and its layout audit into the outcome.
import { layoutDiagnostics } from "../../pdf/layout-faults.ts";
import { LARGE_SITE_LETTERS } from "../../util/heap.ts";
import type { Project } from "../../model/load.ts";
import type { BuildContext } from "../context.ts";
import type { PdfOutcome } from "./pdf-outcome.ts";
import type { BuildPlan } from "./plan.ts";
import { printQueue, type PrintQueue } from "./print-queue.ts";

export function startPrinting(context: BuildContext, project: Project, plan: BuildPlan, outcome: PdfOutcome): PrintQueue | undefined {
  if (plan.toPrint.length === 0) return undefined;
  // Start Chromium (~0.5 s) on the other core while Eleventy renders; unused if
  // every PDF comes from the cache. Failures surface when printing starts.
  context.chromium.get().catch(() => {});
  const letters = plan.toPrint.length;
  const printer = { chromium: context.chromium, siteDir: context.folder.tmp, siteUrl: project.site.url, timeoutMs: context.limits.ms.pdf, lettersPerTab: lettersPerTab(letters), spareTab: spareTab(letters) };
  return printQueue(printer, outcome.stats, context.onRetry, async (job, result) => {
    await outcome.cache?.store(job, result.files, result.faults);
    outcome.layout.set(job.name, layoutDiagnostics(result.faults, job.name));
    outcome.done();
  });
}

/**
 * Letters a tab prints before a fresh one takes over. A tab's renderer grows with every
 * letter written into it, and a fresh tab costs Chromium ~0.3–0.6 CPU-s. Up to 200
 * letters the printer's default (100) holds: at 120 letters a fresh tab every 25 cost
 * ~2,7 CPU-s and did not lower Chromium's peak. Beyond that, every 25 letters: 1,200
 * letters peaked at 387–534 MiB instead of 576–599 (README, Performance, Memory).
 */
function lettersPerTab(letters: number): number | undefined {
  return letters > LARGE_SITE_LETTERS ? 25 : undefined;
}

/**
 * A third tab on two cores (print.ts, defaultConcurrency) for up to 200 letters: tabs
 * are opened as jobs need them, so a one-letter rebuild still opens one. Beyond 200, one
 * per core: each tab is a renderer in memory, and 1,200 letters must fit in 1 GiB with
 * the build (README, Performance, Memory).
 */
function spareTab(letters: number): boolean {
  return letters <= LARGE_SITE_LETTERS;
}
