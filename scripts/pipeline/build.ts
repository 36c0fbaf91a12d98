// The build pipeline: data → figures → charts/tables → templates → HTML → PDF.
// Each step is a function in steps/, given the build's context (context.ts).
// Everything is written into a temporary folder beside the output and swapped in
// whole at the end, so a failed or interrupted build leaves the old _site/ as it was.
import { closeBuildContext, createBuildContext, type BuildContext, type BuildOptions } from "./context.ts";
import { checkOutput } from "./steps/check-output.ts";
import { fillChartPages } from "./steps/fill-charts.ts";
import { startRecord } from "./early-record.ts";
import { swapIn, type BuildResult } from "./steps/finish.ts";
import { takeOverKept } from "./steps/keep.ts";
import { writePages } from "./steps/pages.ts";
import { pdfOutcome } from "./steps/pdf-outcome.ts";
import { makePdfs } from "./steps/pdfs.ts";
import { keepOldAddresses } from "./steps/old-addresses.ts";
import { planBuild } from "./steps/plan.ts";
import { startPrinting } from "./steps/printing.ts";
import { readInput } from "./steps/read-input.ts";
import { indexSearch } from "./steps/search-index.ts";
import { collectGarbage, LARGE_SITE_LETTERS } from "../util/heap.ts";
import { DELAY_OPTIMIZATION_FROM, delayOptimization } from "../util/tiering.ts";

export type { BuildOptions, ProgressEvent } from "./context.ts";
export type { BuildResult } from "./steps/finish.ts";
export { BuildError } from "./errors.ts";

/**
 * Builds the site. With a context made beforehand (the CLI starts its chart worker and
 * Chromium early), that one; it is closed when the build ends, whatever the outcome.
 */
export async function build(options: BuildOptions, context: BuildContext = createBuildContext(options)): Promise<BuildResult> {
  let printing: ReturnType<typeof startPrinting>;
  let copying: Promise<void> | undefined;
  let search: Promise<void> | undefined;
  context.started = performance.now();
  try {
    const project = readInput(context); // nothing written yet
    context.folder.create(); // removed again on failure, and on exit when a signal ends the build
    const plan = planBuild(context, project);
    // A long build: V8 optimizes only what runs hot for longer (util/tiering.ts).
    if (plan.rendered.length >= DELAY_OPTIMIZATION_FROM) delayOptimization();
    const pdfs = pdfOutcome(context, plan, project.letters.length);
    printing = startPrinting(context, project, plan, pdfs);
    try {
      copying = takeOverKept(context, project, plan, printing);
      await writePages(context, project, plan, copying);
      // An incremental build's folder is now as it will be, but for the places written
      // later: its record is made meanwhile, in a worker thread (early-record.ts).
      const record = plan.reuse ? startRecord(context.folder.tmp) : undefined;
      // What Eleventy rendered is garbage now; collected before Chromium's tabs grow (util/heap.ts).
      if (plan.rendered.length > LARGE_SITE_LETTERS) collectGarbage();
      const pages = fillChartPages(context, project, plan);
      search = indexSearch(context, project, plan, pages.all);
      const { audits } = await makePdfs(context, project, plan, pages, printing, pdfs);
      await pages.all;
      await search;
      await audits;
      keepOldAddresses(context, project, plan);
      checkOutput(context, project, plan, pdfs);
      return await swapIn(context, project, plan, pdfs, record);
    } catch (error) {
      // Finished already when printing failed; otherwise (Eleventy failed) its tabs close here.
      await printing?.finish().catch(() => {});
      await copying?.catch(() => {});
      // Pagefind writes into the folder: let it finish before the folder goes.
      await search?.catch(() => {});
      context.folder.discard();
      throw error;
    }
  } finally {
    // Ends the chart workers and a local Chromium (also one the caller started early);
    // from a remote one we only disconnect.
    await closeBuildContext(context);
  }
}
