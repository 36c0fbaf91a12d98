// Step 10: the new site replaces the old one whole; the build is remembered for the
// next (up-to-date.ts, incremental.ts) and its result reported.
import type { Project } from "../../model/load.ts";
import { Diagnostics, formatDiagnostics, type Diagnostic } from "../../model/diagnostics.ts";
import type { BuildContext } from "../context.ts";
import { completeRecord, writtenLater, type OutputRecord } from "../early-record.ts";
import { listingKey } from "../incremental.ts";
import { withTimeLimit } from "../time-limits.ts";
import { forgetBuild, recordBuild } from "../up-to-date.ts";
import type { PdfOutcome } from "./pdf-outcome.ts";
import type { BuildPlan } from "./plan.ts";

export interface BuildResult {
  project: Project;
  outDir: string;
  letters: number;
  pdfs: number;
  warnings: number;
  seconds: number;
  /** Seconds per step: data, charts, html (without charts), pdf, search. */
  timings: Record<string, number>;
  /** CPU seconds of worker pools (BuildContext.cpu). */
  cpu: Record<string, number>;
  /** PDFs printed by Chromium, copied from the cache, and attempts that had to be retried. */
  pdfStats: { printed: number; fromCache: number; retried: number };
  /** Charts rendered by Vega and read from the cache; median and total ms of a render where Vega ran. */
  chartStats: { rendered: number; fromDisk: number; medianMs: number; busyMs: number };
  /** Letters whose page and PDF were kept from the previous build (incremental.ts). */
  kept: number;
  /** Concept letters left out of the public site (site/concepts.ts). */
  leftOut: number;
  /** The input's warnings and the layout audit's (RB-OPMAAK-…, one per fault in a letter's PDF). */
  diagnostics: Diagnostics;
}

export async function swapIn(context: BuildContext, project: Project, plan: BuildPlan, outcome: PdfOutcome, early?: Promise<OutputRecord | undefined>): Promise<BuildResult> {
  const walked = await early;
  // The folder is about to change: whatever the last build remembered about it no longer holds.
  forgetBuild(context.root, context.out);
  const oldRemoved = withTimeLimit(context.limits, "bestanden", context.folder.swapIn());
  const outputs = walked ? completeRecord(walked, context.out, writtenLater(plan.rendered, project.letters)) : undefined;
  const diagnostics = withLayout(project.diagnostics, project.letters.flatMap((l) => outcome.layout.get(l.inputPath) ?? []));
  const warnings = diagnostics.warnings.length;
  if (plan.incremental) {
    recordBuild(context.root, {
      key: plan.incremental.key,
      shared: plan.incremental.shared,
      letterFiles: plan.incremental.letterFiles,
      listing: listingKey(project),
      outDir: context.out,
      letters: project.letters.length,
      pdfs: outcome.count,
      leftOut: project.leftOut.length,
      warnings,
      warningsText: warnings > 0 ? formatDiagnostics(diagnostics) : "",
      layout: Object.fromEntries(project.letters.map((l) => [l.inputPath, outcome.layout.get(l.inputPath) ?? []])),
    }, outputs);
  }
  await oldRemoved;
  context.folder.release();
  const charts = context.charts.stats();
  return {
    project,
    outDir: context.out,
    letters: project.letters.length,
    pdfs: outcome.count,
    warnings,
    seconds: (performance.now() - context.started) / 1000,
    timings: context.timings,
    cpu: context.cpu,
    pdfStats: outcome.stats,
    chartStats: { rendered: charts.rendered, fromDisk: charts.fromDisk, medianMs: charts.medianMs, busyMs: charts.busyMs },
    kept: plan.reuse?.keep.size ?? 0,
    leftOut: project.leftOut.length,
    diagnostics,
  };
}

/** The input's diagnostics with the layout audit's warnings added (the project's own stay as they are). */
function withLayout(input: Diagnostics, layout: readonly Diagnostic[]): Diagnostics {
  const all = new Diagnostics();
  for (const d of [...input.items, ...layout]) all.add(d);
  for (const [file, text] of input.sources) all.sources.set(file, text);
  return all;
}
